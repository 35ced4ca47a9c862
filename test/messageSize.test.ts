// maxMessageSize: a peer sending a message longer than the limit is disconnected (host,
// dispatcher and daemon), and real tasks around it complete.
import * as assert from 'uvu/assert';
import { daemons, isErrorValue, launchLocal, mirai, status } from '../src/index';
import { openSocket, type NngSocket } from '../src/nng';
import { controlUrl } from '../src/url';
import { rejectsLike, waitFor, withTimeout } from './helpers';
import { connections, daemonSuite } from './processes';

const { test } = daemonSuite('message size');
const LIMIT = 1 << 20;
const sockets: NngSocket[] = [];

test.after.each(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

/** A raw peer whose pipe count is watched: 'remove' is the connection dropped. */
function peer(protocol: 'req' | 'rep'): { socket: NngSocket; pipes: () => number; dropped: () => boolean } {
  const socket = openSocket(protocol);
  sockets.push(socket);
  let pipes = 0;
  let removed = 0;
  socket.onPipe((event) => {
    pipes += event === 'add' ? 1 : -1;
    if (event === 'remove') removed++;
  });
  // The dialer redials at once: a dropped connection may already be replaced.
  return { socket, pipes: () => pipes, dropped: () => removed > 0 };
}

const length = (data: Buffer) => data.length;
const run = async <T>(m: PromiseLike<T>, label: string) => withTimeout(Promise.resolve(m), 20_000, label);

test('host: a message over the limit to its control listener drops that peer; tasks go on', async () => {
  await withTimeout(daemons(1, { dispatcher: false, maxMessageSize: LIMIT }), 30_000, 'daemons(1)');
  const url = (await status()).daemons as string;
  const { socket: rogue, pipes, dropped } = peer('req');
  rogue.dial(controlUrl(url), { block: true });
  await waitFor(() => pipes() === 1, 5000, 'the rogue peer connected');
  const answer = rogue.request(Buffer.alloc(LIMIT + 1), { timeout: 20_000 });
  answer.catch(() => undefined);
  await waitFor(dropped, 10_000, 'the host dropping the rogue peer');
  assert.is(await run(mirai((data: Buffer) => data.length, {}, { args: [Buffer.alloc(LIMIT / 2)] }), 'a task under the limit'), LIMIT / 2);
  assert.is((await status()).connections, 1, 'the daemon stays connected');
});

test('dispatcher: a reply over the limit from a peer at a daemon URL drops it; the next daemon there runs tasks', async () => {
  await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', maxMessageSize: LIMIT }), 30_000, 'daemons({ url })');
  const rows = (await status()).daemons as { url: string }[];
  const { socket: rogue, pipes, dropped } = peer('rep');
  rogue.dial(rows[0].url, { block: true });
  await waitFor(() => pipes() === 1, 5000, 'the rogue peer connected');
  const lost = mirai(() => 'never run here');
  lost.settled().catch(() => undefined);
  // The dispatcher's first message to a daemon (its events poll) is answered over the limit.
  const first = await withTimeout(rogue.recv(), 10_000, 'the first message to the rogue peer');
  assert.ok(first.length > 0);
  await rogue.send(Buffer.alloc(LIMIT + 1));
  // A receive kept pending, so that the rogue side reads, and so hears, the connection end.
  rogue.recv().catch(() => undefined);
  await waitFor(dropped, 10_000, 'the dispatcher dropping the rogue peer');
  rogue.close();
  await run(lost.settled(), 'the task sent to the dropped peer');
  assert.ok(isErrorValue(lost.data), `its task resolves to an error value, got ${String(lost.data)}`);
  launchLocal(1, { maxMessageSize: LIMIT });
  await connections(1);
  assert.is(await run(mirai(length, {}, { args: [Buffer.alloc(LIMIT / 2)] }), 'a task under the limit on the real daemon'), LIMIT / 2);
});

test('daemon: a task over its limit drops the daemon (the task resolves to an error value); others run', async () => {
  await withTimeout(daemons(2, { maxMessageSize: LIMIT, respawn: true }), 30_000, 'daemons(2)');
  const big = mirai(length, {}, { args: [Buffer.alloc(LIMIT + 1)] });
  await run(big.settled(), 'the oversized task');
  assert.ok(isErrorValue(big.data), `an error value, got ${String(big.data)}`);
  assert.is(await run(mirai(length, {}, { args: [Buffer.alloc(LIMIT / 2)] }), 'a task under the limit'), LIMIT / 2);
});

test('maxMessageSize must be a non-negative integer', async () => {
  await rejectsLike(() => daemons(1, { maxMessageSize: -1 }), RangeError, /options\.maxMessageSize must be an integer 0 or greater/);
  await rejectsLike(() => daemons(1, { maxMessageSize: '1MB' as never }), TypeError, /options\.maxMessageSize must be a number/);
});

test.run();
