// Memory back-pressure (R 2.x): a limit on a compute profile's queued tasks. Past it, mirai()
// either holds the task here, unsent, until the queue has room (its Mirai returns at once), or
// throws; the queue never grows without bound.
import { ErrorValue, NNG } from './errors';
import { settle, type CancelTask, type Mirai } from './miraiObject';

/** What mirai() does past `maxQueued`: hold the task until there is room, or throw. */
export type OnFull = 'wait' | 'error';

interface Held {
  m: Mirai<unknown>;
  id: number;
  send: () => CancelTask;
  /** Once sent: how its profile stops it. */
  cancel: CancelTask | undefined;
}

/** Counts the profile's unsettled tasks: those beyond one per daemon online are queued. */
export class QueueGate {
  private outstanding = 0;
  /** Tasks held unsent, first in first out (a Set keeps insertion order and drops any one). */
  private readonly held = new Set<Held>();
  private closed = false;

  constructor(
    private readonly profile: string,
    readonly maxQueued: number,
    readonly onFull: OnFull,
    /** Daemons online now: each takes one task off the queue. */
    private readonly online: () => number,
  ) {}

  /** Tasks held here, unsent. */
  get size(): number {
    return this.held.size;
  }

  /** Sends now (`send`) if the queue has room and nothing is held before, else holds it
   * ('wait') or throws before anything is sent ('error'). Returns how to stop the task,
   * held or sent. */
  submit(m: Mirai<unknown>, id: number, send: () => CancelTask): CancelTask {
    if (this.held.size === 0 && this.hasRoom()) return this.release({ m, id, send, cancel: undefined });
    if (this.onFull === 'error') {
      throw new Error(`mirai: the queue of compute profile '${this.profile}' is full (maxQueued: ${this.maxQueued} tasks waiting for a daemon); nothing was sent: wait for some to resolve, or set onFull: 'wait'`);
    }
    const entry: Held = { m, id, send, cancel: undefined };
    this.held.add(entry);
    return (taskId) => (entry.cancel ? entry.cancel(taskId) : this.drop(entry));
  }

  /** Sends held tasks while the queue has room: call when a task settles or a daemon comes. */
  pump(): void {
    for (const entry of this.held) {
      if (this.closed || !this.hasRoom()) return;
      this.held.delete(entry);
      if (entry.m.unresolved) this.release(entry);
    }
  }

  /** The daemons were reset: held tasks resolve to ErrorValue 19, as sent ones do. */
  close(): void {
    this.closed = true;
    for (const entry of this.held) settle(entry.m, true, new ErrorValue(NNG.ECONNRESET));
    this.held.clear();
  }

  private hasRoom(): boolean {
    return this.outstanding - this.online() < this.maxQueued;
  }

  private release(entry: Held): CancelTask {
    this.outstanding++;
    entry.cancel = entry.send();
    void entry.m.settled().then(() => {
      this.outstanding--;
      this.pump();
    });
    return entry.cancel;
  }

  /** A held task stopped or timed out: it is never sent. */
  private drop(entry: Held): void {
    this.held.delete(entry);
  }
}
