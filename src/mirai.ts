// mirai(): send an evaluation to a daemon (or a fresh process) and get back a Mirai.
import { ErrorValue, isNngError, MiraiError, MiraiInterrupt, NNG } from './errors';
import { Kind, type ErrorInfo, type Task } from './protocol';
import { decode, encode, serializationSpec, type MessageParts } from './serial';
import { getProfile } from './profiles';
import { isNativeHandle, NngSocket } from './nng';
import { spawnDaemon } from './launchers';
import { localUrl } from './url';
import { readDaemonOptions } from './daemon';
import {
  expectDuration,
  expectKnownKeys,
  expectNonEmptyString,
  expectObject,
  expectSignal,
  typeName,
} from './validate';

/** What `m.data` holds while the mirai is unresolved. */
export const unresolvedValue: unique symbol = Symbol.for('mirai.unresolved') as never;
export type UnresolvedValue = typeof unresolvedValue;

/** What a mirai resolves to when it fails. */
export type MiraiFailure = ErrorValue | MiraiError | MiraiInterrupt;

const SETTLE = Symbol('settle');
const CANCEL = Symbol('cancel');

/** An evaluation in progress. Await it for the value (it rejects with the failure), or read
 * `data`: the value, the failure, or `unresolvedValue` while it runs. */
export class Mirai<T = unknown> implements PromiseLike<T> {
  /** The value, the error value it failed with, or `unresolvedValue`. */
  data: T | MiraiFailure | UnresolvedValue = unresolvedValue;
  // Made when first awaited: a million queued mirai that nobody awaits yet hold no promise.
  #done: Promise<void> | undefined;
  #finish: (() => void) | undefined;
  #failed = false;
  // How its profile stops task #id: one function a profile may share among all its mirai.
  #cancel: ((id: number) => void) | undefined;
  #id = 0;

  /** True until the value (or failure) arrives. */
  get unresolved(): boolean {
    return this.data === unresolvedValue;
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: MiraiFailure) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.settled()
      .then(() => (this.#failed ? Promise.reject(this.data) : (this.data as T)))
      .then(onFulfilled, onRejected);
  }

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
    this.#finish?.();
    this.#finish = undefined;
  }

  /** @internal */
  [CANCEL](cancel: (id: number) => void, id: number): void {
    this.#cancel = cancel;
    this.#id = id;
  }

  /** @internal Resolves to ErrorValue 20 at once, and asks the daemon to abandon the task. */
  stop(): void {
    if (!this.unresolved) return;
    const cancel = this.#cancel;
    this[SETTLE](true, new ErrorValue(NNG.ECANCELED));
    cancel?.(this.#id);
  }

  get [Symbol.toStringTag](): string {
    return 'Mirai';
  }
}

export function isMirai(x: unknown): x is Mirai {
  return x instanceof Mirai;
}

// --- mirai() ---------------------------------------------------------------------------

export interface MiraiOptions<A extends unknown[] = unknown[]> {
  /** Function expressions: the arguments it is called with. Strings: an object of names
   * bound locally to the evaluation. */
  args?: A | Record<string, unknown>;
  /** ms; past it the mirai resolves to ErrorValue 5 (timed out). */
  timeout?: number;
  /** The compute profile (default "default"). */
  compute?: string;
  /** Aborting it stops the mirai (ErrorValue 20). */
  signal?: AbortSignal;
}

type Expr = ((...args: never[]) => unknown) | string;
type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/** Task ids, shared through globalThis like the profiles (profiles.ts): tasks of two copies of
 * this module that send to one profile must not share an id. */
const taskIds: { next: number } = ((globalThis as unknown as Record<symbol, { next: number }>)[Symbol.for('mirai.taskIds')] ??= { next: 1 });

/** Evaluates `expr` asynchronously in a daemon (or, with no daemons set, in a new process).
 * `data` entries become globals there; `options.args` the arguments. */
export function mirai<F extends Expr>(
  expr: F,
  data?: Record<string, unknown>,
  options?: MiraiOptions<F extends (...args: infer P) => unknown ? P : unknown[]>,
): Mirai<ResultOf<F>> {
  const { timeout, compute, signal, task } = prepareTask(expr, data, options);
  const parts = encodeTask(task);
  const m = new Mirai<ResultOf<F>>();
  const profile = getProfile(compute);
  const cancel = profile ? profile.submit(m, parts, task.id, timeout) : sendEphemeral(m, parts, timeout);
  m[CANCEL](cancel, task.id);
  if (signal) watchSignal(m, signal);
  return m;
}

/** Validates and assembles a task (shared with everywhere()); throws before anything is sent. */
export function prepareTask(
  expr: unknown,
  data: unknown,
  options: unknown,
  allowed: readonly string[] = ['args', 'timeout', 'compute', 'signal'],
): { task: Task; timeout: number | undefined; compute: string; signal: AbortSignal | undefined } {
  const opts = (options === undefined ? {} : expectObject(options, 'options')) as MiraiOptions;
  expectKnownKeys(opts as Record<string, unknown>, allowed, 'options');
  const fn = typeof expr === 'function';
  if (!fn && typeof expr !== 'string') {
    throw new TypeError(`expr must be a function or a string of code, got ${typeName(expr)}`);
  }
  const src = fn ? functionSource(expr as (...args: unknown[]) => unknown) : (expr as string);
  if (!fn && src.trim() === '') throw new TypeError('expr must not be an empty string');
  const globals = data === undefined || data === null ? null : expectObject(data, 'data');
  const { names, args } = readArgs(opts.args, fn);
  const timeout = opts.timeout === undefined ? undefined : positiveTimeout(opts.timeout);
  const compute = opts.compute === undefined ? 'default' : expectNonEmptyString(opts.compute, 'options.compute');
  const signal = opts.signal === undefined ? undefined : expectSignal(opts.signal, 'options.signal');
  rejectHandles(globals, 'data');
  rejectHandles(args, 'options.args', names);
  const task: Task = { id: taskIds.next++, src, fn, names, data: globals, args, serial: serializationSpec() };
  return { task, timeout, compute, signal };
}

/** Native handles would cross as empty objects: refused, by name, before anything is sent. */
function rejectHandles(values: Record<string, unknown> | unknown[] | null, what: string, names?: string[] | null): void {
  if (values === null) return;
  for (const [key, value] of Object.entries(values)) {
    if (!isNativeHandle(value)) continue;
    const path = Array.isArray(values) ? (names ? `${what}.${names[Number(key)]}` : `${what}[${key}]`) : `${what}.${key}`;
    throw new TypeError(`${path} cannot be serialised (a socket or other native handle cannot cross to another process); nothing was sent`);
  }
}

function functionSource(fn: (...args: unknown[]) => unknown): string {
  const src = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}$/.test(src)) {
    throw new TypeError(`expr is a built-in or bound function (${fn.name || 'anonymous'}): its source cannot be sent; wrap it, e.g. () => ${fn.name || 'fn'}(...)`);
  }
  return src;
}

function readArgs(args: unknown, fn: boolean): { names: string[] | null; args: unknown[] | null } {
  if (args === undefined) return { names: fn ? null : [], args: null };
  if (fn) {
    if (!Array.isArray(args)) throw new TypeError(`options.args must be an array of arguments for a function expr, got ${typeName(args)}`);
    return { names: null, args };
  }
  const record = expectObject(args, 'options.args');
  const names = Object.keys(record);
  for (const name of names) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new TypeError(`options.args has '${name}', which is not a valid identifier`);
  }
  return { names, args: names.map((n) => record[n]) };
}

function positiveTimeout(value: unknown): number {
  const ms = expectDuration(value, 'options.timeout');
  if (ms === 0) throw new RangeError('options.timeout must be a positive number of milliseconds, got 0');
  return ms;
}

export function encodeTask(task: Task): MessageParts {
  try {
    return encode(Kind.Task, task, 'task', task.id);
  } catch (error) {
    if (error instanceof TypeError) error.message = userPath(error.message, task);
    throw error;
  }
}

/** The path in the caller's terms: `data.x`, `options.args[0]`, or `options.args.name` for code. */
function userPath(message: string, task: Task): string {
  const named = /^task\.args\[(\d+)\]/.exec(message);
  if (named && task.names) return message.replace(named[0], `options.args.${task.names[Number(named[1])]}`);
  return message.replace(/^task\.data/, 'data').replace(/^task\.args/, 'options.args');
}

// --- delivery ----------------------------------------------------------------------------

/** With no daemons set: a new process runs this one task and exits. */
function sendEphemeral(m: Mirai<unknown>, parts: MessageParts, timeout: number | undefined): (id: number) => void {
  const url = localUrl();
  const socket = new NngSocket('req', { resendTime: 0 });
  socket.listen(url);
  const child = spawnDaemon(url, { ...readDaemonOptions({}, 'options'), maxtasks: 1, control: false });
  const finish = () => {
    socket.close();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  child.once('exit', (code, signal) => {
    m[SETTLE](true, new ErrorValue(NNG.ECONNRESET, `Connection reset (the process exited with ${signal ?? `code ${code}`} before replying)`));
    socket.close();
  });
  child.once('error', (error) => m[SETTLE](true, new ErrorValue(NNG.ECONNRESET, `Connection reset (${error.message})`)));
  socket
    .context()
    .request(parts, { timeout })
    .then(
      (reply) => settleFromReply(m, reply),
      (error: unknown) => m[SETTLE](true, failureFrom(error)),
    )
    .finally(finish);
  // The process is the task: stopping it stops the evaluation, started or not.
  return finish;
}

/** Settles `m` (first outcome wins): for the profiles that deliver results. */
export function settle(m: Mirai<unknown>, failed: boolean, value: unknown): void {
  m[SETTLE](failed, value);
}

/** Settles `m` from a daemon's reply. */
export function settleFromReply(m: Mirai<unknown>, reply: Buffer): void {
  let decoded;
  try {
    decoded = decode(reply);
  } catch (error) {
    m[SETTLE](true, new MiraiError(`the result could not be read: ${(error as Error).message}`, 'Error'));
    return;
  }
  if (decoded.kind === Kind.Value) m[SETTLE](false, decoded.value as never);
  else if (decoded.kind === Kind.Interrupt) m[SETTLE](true, new MiraiInterrupt());
  else if (decoded.kind === Kind.Abandoned) m[SETTLE](true, new ErrorValue(NNG.ECANCELED));
  else m[SETTLE](true, miraiErrorFrom(decoded.value as ErrorInfo));
}

export function miraiErrorFrom(info: ErrorInfo): MiraiError {
  return new MiraiError(info.message, info.name, info.stack, info.props ?? {});
}

/** An NNG failure as the ErrorValue a mirai resolves to: a socket closed by a reset reads
 * as connection reset (19), as in R. */
export function failureFrom(error: unknown): ErrorValue {
  if (isNngError(error)) return new ErrorValue(error.code === NNG.ECLOSED ? NNG.ECONNRESET : error.code);
  return new ErrorValue(NNG.ECONNRESET, `Connection reset (${error instanceof Error ? error.message : String(error)})`);
}

function watchSignal(m: Mirai<unknown>, signal: AbortSignal): void {
  if (signal.aborted) {
    m.stop();
    return;
  }
  const onAbort = () => m.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  void m.settled().then(() => signal.removeEventListener('abort', onAbort));
}

// --- waiting on many -----------------------------------------------------------------

/** What a group of mirai (a MiraiMap) offers to callMirai, collectMirai, unresolved and
 * stopMirai, under this key. */
export const GROUP = Symbol.for('mirai.group');

export interface MiraiGroupOps {
  /** Resolves once every mirai of the group exists and has settled. */
  settle(): Promise<void>;
  /** The values, error values included, in the shape of the group's input. */
  values(): unknown;
  unresolved(): boolean;
  stop(): void;
}

export interface MiraiGroup {
  readonly [GROUP]: MiraiGroupOps;
}

export type MiraiCollection = Mirai | readonly Mirai[] | Readonly<Record<string, Mirai>> | MiraiGroup;

function groupOf(x: unknown): MiraiGroupOps | undefined {
  return typeof x === 'object' && x !== null && GROUP in x ? (x as MiraiGroup)[GROUP] : undefined;
}

function miraiIn(x: unknown, what: string): Mirai[] {
  if (x instanceof Mirai) return [x];
  if (Array.isArray(x)) return x.map((m, i) => asMirai(m, `${what}[${i}]`));
  if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.entries(x).map(([k, m]) => asMirai(m, `${what}.${k}`));
  }
  throw new TypeError(`${what} must be a Mirai, an array or a record of Mirai, or a MiraiMap, got ${typeName(x)}`);
}

function asMirai(m: unknown, what: string): Mirai {
  if (!(m instanceof Mirai)) throw new TypeError(`${what} must be a Mirai, got ${typeName(m)}`);
  return m;
}

type Called<X> = X extends Mirai<infer T> ? T | MiraiFailure : X;

/** Waits for every mirai in `x` to settle, then returns `x` (an array, record or MiraiMap). A
 * Promise cannot resolve to a PromiseLike, so for a single Mirai it resolves to its `data`. */
export async function callMirai<X extends MiraiCollection>(x: X): Promise<Called<X>> {
  const group = groupOf(x);
  if (group) await group.settle();
  else await Promise.all(miraiIn(x, 'x').map((m) => m.settled()));
  return (x instanceof Mirai ? x.data : x) as Called<X>;
}

type Collected<X> = X extends Mirai<infer T>
  ? T | MiraiFailure
  : X extends readonly Mirai<infer T>[]
    ? (T | MiraiFailure)[]
    : X extends MiraiGroup
      ? unknown
      : { [K in keyof X]: X[K] extends Mirai<infer T> ? T | MiraiFailure : never };

/** Waits and returns the value(s), error values included, in the shape of `x`. */
export async function collectMirai<X extends MiraiCollection>(x: X): Promise<Collected<X>> {
  const group = groupOf(x);
  if (group) {
    await group.settle();
    return group.values() as Collected<X>;
  }
  await Promise.all(miraiIn(x, 'x').map((m) => m.settled()));
  if (x instanceof Mirai) return x.data as Collected<X>;
  if (Array.isArray(x)) return x.map((m: Mirai) => m.data) as Collected<X>;
  return Object.fromEntries(Object.entries(x).map(([k, m]) => [k, (m as Mirai).data])) as Collected<X>;
}

/** True while a mirai (or any in an array, record or MiraiMap) is unresolved, or for
 * `unresolvedValue` (a `data` read too early); false for any other value. */
export function unresolved(x: unknown): boolean {
  if (x === unresolvedValue) return true;
  if (x instanceof Mirai) return x.unresolved;
  const group = groupOf(x);
  if (group) return group.unresolved();
  if (Array.isArray(x)) return x.some((v) => v === unresolvedValue || (v instanceof Mirai && v.unresolved));
  if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.values(x).some((v) => v === unresolvedValue || (v instanceof Mirai && v.unresolved));
  }
  return false;
}

/** Stops mirai still in progress: each resolves at once to ErrorValue 20 (operation canceled)
 * and its daemon skips the task if it has not started it (or drops it, if async, while running). */
export function stopMirai(x: MiraiCollection): void {
  const group = groupOf(x);
  if (group) group.stop();
  else for (const m of miraiIn(x, 'x')) m.stop();
}
