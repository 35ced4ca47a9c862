// The Mirai: an evaluation in progress, settled once by whichever outcome comes first (its
// reply, a failure, a timeout or a stop), and stopped through the one route its profile gave it.
import { inspect, type InspectOptionsStylized } from 'node:util';
import { ErrorValue, MiraiError, MiraiInterrupt, NNG } from './errors';

/** What `m.data` holds while the mirai is unresolved. */
export const unresolvedValue: unique symbol = Symbol.for('mirai.unresolved') as never;
/** The type of {@link unresolvedValue}. */
export type UnresolvedValue = typeof unresolvedValue;

/** What a mirai resolves to when it fails. */
export type MiraiFailure = ErrorValue | MiraiError | MiraiInterrupt;

/** How a profile stops task `id`: one function a profile may share among all its mirai, so
 * that a million queued mirai hold no closure of their own. */
export type CancelTask = (id: number) => void;

/** What times a mirai (a profile's metrics, metrics.ts): told when the mirai was made
 * (performance.now()) once its reply comes. */
export interface Stopwatch {
  lap(startedAt: number, reply: Buffer): void;
}

const SETTLE = Symbol('settle');
const TRACK = Symbol('track');
const TIME = Symbol('time');
const LAP = Symbol('lap');

/**
 * An evaluation in progress, made by {@link mirai}. Await it for the value (it rejects with
 * the failure), or read `data`: the value, the failure, or `unresolvedValue` while it runs.
 *
 * @typeParam T - The value's type: the awaited return type of the evaluated function.
 * @example
 * ```ts
 * const m = mirai(() => process.pid);
 * await m.settled();
 * if (!isErrorValue(m.data)) console.log('ran in', m.data);
 * ```
 */
export class Mirai<T = unknown> implements PromiseLike<T> {
  /** The value, the error value it failed with, or `unresolvedValue`. */
  data: T | MiraiFailure | UnresolvedValue = unresolvedValue;
  // Made when first awaited: a million queued mirai that nobody awaits yet hold no promise.
  #done: Promise<void> | undefined;
  #finish: (() => void) | undefined;
  #failed = false;
  #cancel: CancelTask | undefined;
  #id = 0;
  #timer: NodeJS.Timeout | undefined;
  // Fields rather than a WeakMap keyed by the mirai: no entry to make, and none for the
  // garbage collector to trace as an ephemeron, per task.
  #stopwatch: Stopwatch | undefined;
  #startedAt = 0;

  /** True until the value (or failure) arrives. */
  get unresolved(): boolean {
    return this.data === unresolvedValue;
  }

  /** As for a Promise: fulfils with the value, rejects with the failure
   * ({@link MiraiError}, {@link ErrorValue} or {@link MiraiInterrupt}). */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: MiraiFailure) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.settled()
      .then(() => (this.#failed ? Promise.reject(this.data) : (this.data as T)))
      .then(onFulfilled, onRejected);
  }

  /** As for a Promise: `onRejected` receives the failure. */
  catch<R = never>(onRejected?: ((reason: MiraiFailure) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  /** Resolves when settled, whether it succeeded or failed; never rejects. */
  settled(): Promise<void> {
    if (this.#done === undefined) {
      this.#done = this.unresolved ? new Promise<void>((resolve) => (this.#finish = resolve)) : Promise.resolve();
    }
    return this.#done;
  }

  /** @internal First outcome wins. */
  [SETTLE](failed: boolean, value: T | MiraiFailure): void {
    if (!this.unresolved) return;
    this.data = value;
    this.#failed = failed;
    this.#cancel = undefined;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#finish?.();
    this.#finish = undefined;
  }

  /** @internal How to stop it, and when it times out (ms from now). */
  [TRACK](cancel: CancelTask, id: number, timeout: number | undefined): void {
    if (!this.unresolved) return;
    this.#cancel = cancel;
    this.#id = id;
    if (timeout !== undefined) this.#timer = setTimeout(() => this.#end(NNG.ETIMEDOUT), timeout);
  }

  /** @internal Timed from `at` by `stopwatch`, until its reply. */
  [TIME](stopwatch: Stopwatch, at: number): void {
    this.#stopwatch = stopwatch;
    this.#startedAt = at;
  }

  /** @internal Its reply has come: the stopwatch hears of it, once. */
  [LAP](reply: Buffer): void {
    const stopwatch = this.#stopwatch;
    if (stopwatch === undefined) return;
    this.#stopwatch = undefined;
    stopwatch.lap(this.#startedAt, reply);
  }

  /** @internal Resolves to ErrorValue 20 at once, and asks the daemon to abandon the task. */
  stop(): void {
    this.#end(NNG.ECANCELED);
  }

  /** The one way a mirai ends early, timed out or stopped: it settles to ErrorValue `code`,
   * and its profile stops the task wherever it is (queued, in flight, running). */
  #end(code: number): void {
    if (!this.unresolved) return;
    const cancel = this.#cancel;
    this[SETTLE](true, new ErrorValue(code));
    cancel?.(this.#id);
  }

  /** 'Mirai', for Object.prototype.toString. */
  get [Symbol.toStringTag](): string {
    return 'Mirai';
  }

  /** A summary for console.log: the state and the value, never the internals. */
  [inspect.custom](_depth: number, options: InspectOptionsStylized): string {
    if (this.unresolved) return `Mirai ${options.stylize('<unresolved>', 'special')}`;
    if (this.#failed) return `Mirai { error: ${describeFailure(this.data as MiraiFailure)} }`;
    const inner = { ...options, depth: options.depth === null || options.depth === undefined ? options.depth : options.depth - 1 };
    return `Mirai { value: ${inspect(this.data, inner)} }`;
  }
}

/** A failure in one line: its name, its message, and the code of an error value. */
export function describeFailure(failure: MiraiFailure): string {
  const code = failure instanceof ErrorValue ? ` [${failure.code}]` : '';
  return `${failure.name}${code}: ${failure.message}`;
}

/** True for a {@link Mirai}. */
export function isMirai(x: unknown): x is Mirai {
  return x instanceof Mirai;
}

/** Settles `m` (first outcome wins): for the profiles that deliver outcomes. */
export function settle(m: Mirai<unknown>, failed: boolean, value: unknown): void {
  m[SETTLE](failed, value);
}

/** Ties `m` to its task: `cancel(id)` stops it; past `timeout` ms it resolves to ErrorValue 5
 * (timed out) and is stopped the same way. */
export function track(m: Mirai<unknown>, cancel: CancelTask, id: number, timeout: number | undefined): void {
  m[TRACK](cancel, id, timeout);
}

/** Times `m` from `at` (performance.now()) with `stopwatch`, until {@link lapReply}. */
export function time(m: Mirai<unknown>, stopwatch: Stopwatch, at: number): void {
  m[TIME](stopwatch, at);
}

/** `m`'s reply has come: its stopwatch, if any, hears of it. */
export function lapReply(m: Mirai<unknown>, reply: Buffer): void {
  m[LAP](reply);
}
