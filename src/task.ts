// A task: the user's expression, data and arguments checked and assembled, then encoded.
import { isModuleTask, moduleTaskSource, type ModuleTask } from './moduleTask';
import { native } from './native';
import { NngContext, NngSocket } from './nng';
import { Kind, type MessageParts, type Task } from './protocol';
import { encode } from './serial';
import { codecOf, serializationSpec } from './serialization';
import { processWide } from './processWide';
import {
  expectDuration,
  expectFunction,
  expectKnownKeys,
  expectNonEmptyString,
  expectObject,
  expectSignal,
  typeName,
} from './validate';

/** Options of {@link mirai}; `A` is the function's parameter list, which `args` must match. */
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
  /** Hears each value the task passes to `emit(value)`, in order, before the mirai resolves
   * (values are copies, serialised as results are). */
  onEvent?: (value: unknown) => void;
}

/** What mirai() evaluates: a function (its source is sent), a string of code, or an exported
 * function of a module file (`{ module, name }`). */
export type Expr = ((...args: never[]) => unknown) | string | ModuleTask;

/** The arguments `options.args` gives a function expression `F`; any array for the others. */
export type ArgsOf<F> = F extends (...args: infer P) => unknown ? P : unknown[];

/** Task ids, shared through globalThis like the profiles (profiles.ts): tasks of two copies of
 * this module that send to one profile must not share an id. */
const taskIds = processWide('mirai.taskIds', () => ({ next: 1 }));

/** Validates and assembles a task (shared with everywhere()); throws before anything is sent. */
export function prepareTask(
  expr: unknown,
  data: unknown,
  options: unknown,
  allowed: readonly string[] = ['args', 'timeout', 'compute', 'signal', 'onEvent'],
): { task: Task; timeout: number | undefined; compute: string; signal: AbortSignal | undefined; onEvent: ((value: unknown) => void) | undefined } {
  const opts = (options === undefined ? {} : expectObject(options, 'options')) as MiraiOptions;
  expectKnownKeys(opts as Record<string, unknown>, allowed, 'options');
  const byModule = isModuleTask(expr);
  const fn = typeof expr === 'function' || byModule;
  if (!fn && typeof expr !== 'string') {
    throw new TypeError(`expr must be a function, a string of code or { module, name }, got ${typeName(expr)}`);
  }
  const src = byModule ? moduleTaskSource(expr, 'expr') : fn ? functionSource(expr as (...args: unknown[]) => unknown) : (expr as string);
  if (!fn && src.trim() === '') throw new TypeError('expr must not be an empty string');
  const globals = data === undefined || data === null ? null : expectObject(data, 'data');
  const { names, args } = readArgs(opts.args, fn);
  const timeout = opts.timeout === undefined ? undefined : positiveTimeout(opts.timeout);
  const compute = opts.compute === undefined ? 'default' : expectNonEmptyString(opts.compute, 'options.compute');
  const signal = opts.signal === undefined ? undefined : expectSignal(opts.signal, 'options.signal');
  const onEvent = opts.onEvent === undefined ? undefined : expectFunction<(value: unknown) => void>(opts.onEvent, 'options.onEvent');
  rejectHandles(globals, 'data');
  rejectHandles(args, 'options.args', names);
  const task: Task = { id: taskIds.next++, src, fn, names, data: globals, args, serial: serializationSpec(compute) };
  if (onEvent) task.events = true;
  return { task, timeout, compute, signal, onEvent };
}

/** Native handles would cross as empty objects: refused, by name, before anything is sent. */
function rejectHandles(values: Record<string, unknown> | unknown[] | null, what: string, names?: string[] | null): void {
  if (values === null) return;
  if (Array.isArray(values)) {
    // Indexed, not through Object.entries: this runs for every task's arguments.
    for (let i = 0; i < values.length; i++) {
      if (isNativeHandle(values[i])) refuseHandle(names ? `${what}.${names[i]}` : `${what}[${i}]`);
    }
    return;
  }
  for (const key of Object.keys(values)) if (isNativeHandle(values[key])) refuseHandle(`${what}.${key}`);
}

function refuseHandle(path: string): never {
  throw new TypeError(`${path} cannot be serialised (a socket or other native handle cannot cross to another process); nothing was sent`);
}

export function functionSource(fn: (...args: unknown[]) => unknown): string {
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
    return encode(Kind.Task, task, 'task', task.id, codecOf(task.serial));
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

/** True for sockets, contexts, endpoints and other native handles: structured clone would
 * copy them as empty objects, but they cannot work in another process. */
function isNativeHandle(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return (
    value instanceof NngSocket ||
    value instanceof NngContext ||
    value instanceof native.Socket ||
    value instanceof native.Context ||
    value instanceof native.Broker ||
    value instanceof native.Listener ||
    value instanceof native.Dialer ||
    value instanceof native.TlsConfig ||
    value instanceof native.Cv
  );
}
