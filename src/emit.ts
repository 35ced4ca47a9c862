// emit(value) inside a task, the daemon's end of task events: each value is encoded as a task's
// result is, queued, and sent in batches by whichever path reaches the host (the control
// channel without dispatcher; else the long poll that a dispatcher, or the host of a one-task
// process, parks at the daemon on its task channel).
import type { NngContext } from './nng';
import { batch, Kind, type MessageParts, type Task } from './protocol';
import { processWide } from './processWide';
import { encode } from './serial';

/** Sends a batch of event messages; resolves once the far end has taken it. */
export type EventPath = (message: MessageParts) => Promise<void>;

/** Events per message: a task that emits in a tight loop still sends bounded messages. */
const BATCH_MAX = 1024;

/** Where the global emit() sends now; shared through globalThis, as the global itself is. */
const target = processWide<{ emit: ((value: unknown) => void) | undefined }>('mirai.emitTarget', () => ({ emit: undefined }));

/** Defines the global `emit(value)` that task code calls: not enumerable, so a cleanup of
 * globals leaves it, as it leaves `require`. Outside a task whose host listens it does nothing. */
export function installEmit(): void {
  if (Object.prototype.hasOwnProperty.call(globalThis, 'emit')) return;
  Object.defineProperty(globalThis, 'emit', {
    value: function emit(value: unknown): void {
      target.emit?.(value);
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/** Sends emit()'s values while `target` is set (a running task), else drops them. */
export function emitTo(send: ((value: unknown) => void) | undefined): void {
  target.emit = send;
}

/** The events of the running task, in order. Its reply waits for close(): the events and
 * their end have then been taken by the far end, ahead of the reply. */
export class EventOutbox {
  private readonly queue: MessageParts[] = [];
  private sending: Promise<void> | undefined;
  private task = 0;
  private emitted = false;
  private lost = false;
  private abortSend: (() => void) | undefined;

  constructor(private readonly path: () => EventPath | undefined) {}

  /** Task `task` starts: emit() sends, if its host listens and a path reaches it. */
  open(task: Task): void {
    this.task = task.id;
    this.emitted = false;
    this.lost = false;
    emitTo(task.events && this.path() ? (value) => this.push(value) : undefined);
  }

  /** The task has ended: emit() stops. Resolves, once its events and their end are taken,
   * with true if it emitted (its reply then says so). */
  async close(): Promise<boolean> {
    emitTo(undefined);
    if (!this.emitted) return false;
    this.enqueue(encode(Kind.EmitEnd, null, 'the end of events', this.task));
    await this.sending;
    return !this.lost;
  }

  /** The host left: nothing waits for it. */
  abort(): void {
    this.queue.length = 0;
    this.lost = true;
    this.abortSend?.();
  }

  /** A value that cannot be serialised throws in the task, naming emit's argument. */
  private push(value: unknown): void {
    const message = encode(Kind.Emit, value, 'emit(value)', this.task);
    this.emitted = true;
    this.enqueue(message);
  }

  private enqueue(message: MessageParts): void {
    this.queue.push(message);
    this.sending ??= this.drain();
  }

  private async drain(): Promise<void> {
    const path = this.path();
    while (this.queue.length > 0 && path && !this.lost) {
      const taken = this.queue.splice(0, BATCH_MAX);
      try {
        await new Promise<void>((resolve, reject) => {
          this.abortSend = () => reject(new Error('the host left'));
          path(batch(taken)).then(resolve, reject);
        });
      } catch {
        this.abort();
      }
    }
    this.abortSend = undefined;
    this.sending = undefined;
  }
}

/** Behind a dispatcher: the poll it keeps parked at this daemon, answered with events. The
 * dispatcher polls again only after passing an answer on, so the next poll is the receipt. */
export class ParkedPoll {
  private parked: NngContext | undefined;
  /** A peer has polled: it takes events this way (a peer that does not poll never will). */
  polled = false;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  /** `answered` is called once an answer has gone: the daemon makes sure the next poll is heard. */
  constructor(private readonly answered: () => void) {}

  park(ctx: NngContext): void {
    this.polled = true;
    this.parked?.close();
    this.parked = ctx;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  readonly send: EventPath = async (message) => {
    await this.next();
    const ctx = this.parked!;
    this.parked = undefined;
    try {
      await ctx.send(message);
    } finally {
      ctx.close();
    }
    this.answered();
    await this.next();
  };

  /** The dispatcher left: its poll is gone, and nothing waits for the next. */
  reset(): void {
    this.parked?.close();
    this.parked = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(new Error('the dispatcher left'));
  }

  private next(): Promise<void> {
    if (this.parked) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
}
