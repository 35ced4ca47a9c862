// Without a dispatcher, cancellations come on the control channel, broadcast to every daemon:
// a watcher thread keeps a poll of its own at the host, hears them while the daemon's thread
// is busy, and raises SIGINT when one names the task running (cancelWatchWorker.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancelInterrupt } from './cancelInterrupt';
import type { SignalGate } from './signalGate';

/** What the watcher thread is given: where the host's control channel is, and the cells the
 * two threads share (see WatchCell). */
export interface WatchData {
  url: string;
  /** The daemon's own TLS client settings (PEM), identity included if it has one. */
  tls: { ca: string; serverName: string; cert?: string; key?: string } | undefined;
  cells: SharedArrayBuffer;
  /** The gate's cell (signalGate.ts). */
  gate: SharedArrayBuffer;
}

/** Cells of the shared Uint32Array: the task running (0: none), and a ring of the last RING ids
 * cancelled (Cursor: where the next goes), for a task cancelled as it starts. */
export const WatchCell = { Running: 0, Cursor: 1, Ring: 2 } as const;
export const RING = 64;

/** How long a daemon waits, before it takes tasks, for its watcher to connect. */
const READY_WAIT_MS = 2000;

export class WatchCancelInterrupt extends CancelInterrupt {
  private readonly cells = new Uint32Array(new SharedArrayBuffer(4 * (WatchCell.Ring + RING)));
  private readonly worker: Worker;

  constructor(url: string, tls: WatchData['tls'], gate: SignalGate) {
    super(gate);
    const data: WatchData = { url, tls, cells: this.cells.buffer as SharedArrayBuffer, gate: this.gate.cells.buffer as SharedArrayBuffer };
    const compiled = join(__dirname, 'cancelWatchWorker.js');
    const file = existsSync(compiled) ? compiled : join(__dirname, 'cancelWatchWorker.ts');
    // From the TypeScript sources (the test suite) the worker registers tsx first.
    this.worker = file.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData: data })
      : new Worker(file, { workerData: data });
    // A watcher that cannot run, or is slow to, leaves the daemon as it was without one (the
    // host tells a late watcher the last cancellations).
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(resolve, READY_WAIT_MS);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.worker.once('message', done);
      this.worker.once('error', done);
      this.worker.once('exit', done);
    });
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  override heardOf(id: number): boolean {
    for (let i = 0; i < RING; i++) if (Atomics.load(this.cells, WatchCell.Ring + i) === id) return true;
    return false;
  }

  protected watch(id: number): void {
    Atomics.store(this.cells, WatchCell.Running, id);
  }

  close(): void {
    this.disarm();
    void this.worker.terminate();
  }
}
