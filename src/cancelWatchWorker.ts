// Entry point of a daemon's cancellation watcher thread (see cancelWatch.ts): polls the host's
// control channel as a watcher, and raises SIGINT through the daemon's gate (signalGate.ts) when
// a cancellation names the task the daemon's thread is running.
import { constants } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { RING, WatchCell, type WatchData } from './cancelWatch';
import { isNngError, NNG } from './errors';
import { native } from './native';
import { NngSocket } from './nng';
import { Kind, type Control, type Poll } from './protocol';
import { decode, encode } from './serial';
import { tlsConfig } from './tls';

/** After a failed poll (its connection went), before the next. */
const RETRY_MS = 50;

const { url, tls, cells, gate } = workerData as WatchData;
const shared = new Uint32Array(cells);
const gateCells = new BigInt64Array(gate);
const socket = new NngSocket('req', { resendTime: 0, reconnectTimeMin: 100, reconnectTimeMax: 2000 });
const ctx = socket.context();
socket.onPipe((event) => {
  // A poll caught in a connection's teardown would wait for ever (no resends): asked again.
  if (event === 'remove') ctx.cancel();
  // Connected: the daemon may take tasks (its first poll is on its way).
  else parentPort?.postMessage('connected');
});
socket.dial(url, { tls: tls && tlsConfig('client', tls), block: false });

async function watch(): Promise<void> {
  const poll = encode(Kind.Poll, { watch: true } satisfies Poll);
  for (;;) {
    let control: Control;
    try {
      control = decode(await ctx.request(poll)).value as Control;
    } catch (error) {
      if (isNngError(error) && error.code === NNG.ECLOSED) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      continue;
    }
    // Noted before Running is read, as the daemon's thread sets Running before it reads the
    // ring: one of the two sees the other (a task cancelled as it starts is not missed).
    for (const id of control.cancel ?? []) Atomics.store(shared, WatchCell.Ring + (Atomics.add(shared, WatchCell.Cursor, 1) % RING), id);
    // The gate holds the running task's id: a task that has ended since is not interrupted.
    const running = Atomics.load(shared, WatchCell.Running);
    if (running !== 0 && control.cancel?.includes(running)) native.raiseThroughGate(gateCells, running, constants.signals.SIGINT);
  }
}

void watch();
