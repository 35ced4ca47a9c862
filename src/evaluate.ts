// Evaluation in a daemon: compiling tasks once per source, running them in a clean scope,
// and the cleanup between tasks (R's `cleanup` bitmask).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { Cleanup } from './daemonOptions';
import { installEmit } from './emit';
import type { ErrorInfo, Task } from './protocol';
import type { SignalGate } from './signalGate';
import { installTaskSignal, signalTo, type TaskAbort } from './taskSignal';

type Compiled = (...args: unknown[]) => unknown;

const CACHE_MAX = 1000;

/** Compiles sources as if at the top of a fresh script: no closure of the caller survives. */
export class Compiler {
  private readonly cache = new Map<string, Compiled>();

  compile(task: Pick<Task, 'src' | 'fn' | 'names'>): Compiled {
    const key = task.fn ? task.src : `${(task.names ?? []).join(',')}\u0000${task.src}`;
    let compiled = this.cache.get(key);
    if (compiled === undefined) {
      compiled = task.fn ? compileFunction(task.src) : compileCode(task.src, task.names ?? []);
      if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, compiled);
    }
    return compiled;
  }
}

const SCRIPT_OPTIONS = {
  filename: 'mirai-task.js',
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
} as const;

function compileFunction(src: string): Compiled {
  const value = vm.runInThisContext(`(${src}\n)`, SCRIPT_OPTIONS);
  if (typeof value !== 'function') throw new TypeError('the expression did not compile to a function');
  return value as Compiled;
}

/** A string is an expression, or statements ending in `return`; `await` makes it async. */
function compileCode(src: string, names: string[]): Compiled {
  const params = names.join(', ');
  const forms = [
    `(function (${params}) { return (\n${src}\n); })`,
    `(function (${params}) {\n${src}\n})`,
    `(async function (${params}) { return (\n${src}\n); })`,
    `(async function (${params}) {\n${src}\n})`,
  ];
  let firstError: unknown;
  for (const form of forms) {
    try {
      return vm.runInThisContext(form, SCRIPT_OPTIONS) as Compiled;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      firstError ??= error;
    }
  }
  throw firstError;
}

// --- cleanup -------------------------------------------------------------------------------
// Cleanup must be cheap: it runs after every task. Enumerating process.env costs ~30 µs and all
// global keys ~20 µs, so environment writes are journaled as they happen, only enumerable
// globals (what assignment creates) are compared, and the globals and modules a task may keep
// are a baseline held from task to task (as R's daemons reset to their state after start-up and
// everywhere()), enumerated again only when a task changed them.

interface Snapshot {
  shadowed?: Map<string, PropertyDescriptor | undefined>;
  cwd?: string;
  exitCode?: typeof process.exitCode;
}

/** Names a task may leave behind, and the names there are now; undefined until first needed. */
class Baseline {
  private names: Set<string> | undefined;

  constructor(private readonly current: () => string[]) {}

  /** Taken afresh before the next task (after everywhere(), which keeps what it adds). */
  forget(): void {
    this.names = undefined;
  }

  ensure(): void {
    this.names ??= new Set(this.current());
  }

  /** Removes (with `remove`) every name not in the baseline; one enumeration when nothing changed. */
  reset(remove: (name: string) => void): void {
    const names = this.names;
    if (names === undefined) return;
    const now = this.current();
    let changed = now.length !== names.size;
    for (const name of now) {
      if (names.has(name)) continue;
      remove(name);
      changed = true;
    }
    // Something was also deleted, or added and removed: the baseline is what is left.
    if (changed) this.names = new Set(this.current());
  }
}

const requireCache = (): Record<string, unknown> => (globalThis as { require?: NodeJS.Require }).require?.cache ?? {};

/** What a task finds as globals beyond Node's own: `require` resolving from the daemon's
 * working directory, and `__name`, which esbuild (tsx, bundlers with keepNames) writes into
 * function sources and defines at the top of each file, outside the function sent here. */
export function installRequire(): void {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.require !== 'function') g.require = createRequire(join(process.cwd(), '[mirai-daemon]'));
  if (!('__name' in g)) {
    Object.defineProperty(globalThis, '__name', {
      value: (target: object, value: string) => Object.defineProperty(target, 'name', { value, configurable: true }),
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
}

/** Records the first value of every environment variable a task sets or deletes. */
class EnvJournal {
  private readonly real = process.env;
  private readonly before = new Map<string, string | undefined>();
  private readonly proxy: NodeJS.ProcessEnv;

  constructor() {
    const remember = (key: string | symbol) => {
      if (typeof key === 'string' && !this.before.has(key)) this.before.set(key, this.real[key]);
    };
    this.proxy = new Proxy(this.real, {
      set: (target, key, value) => (remember(key), Reflect.set(target, key, value)),
      deleteProperty: (target, key) => (remember(key), Reflect.deleteProperty(target, key)),
      defineProperty: (target, key, descriptor) => (remember(key), Reflect.defineProperty(target, key, descriptor)),
    });
    process.env = this.proxy;
  }

  /** Keeps what was set so far (everywhere()): it is no longer undone. */
  commit(): void {
    this.before.clear();
  }

  restore(): void {
    if (process.env !== this.proxy) process.env = this.proxy;
    for (const [key, value] of this.before) {
      if (value === undefined) delete this.real[key];
      else this.real[key] = value;
    }
    this.before.clear();
  }
}

function takeSnapshot(flags: number, data: Record<string, unknown> | null): Snapshot {
  const snapshot: Snapshot = {};
  if (flags & Cleanup.Globals && data) {
    snapshot.shadowed = new Map();
    for (const key of Object.keys(data)) snapshot.shadowed.set(key, Object.getOwnPropertyDescriptor(globalThis, key));
  }
  if (flags & Cleanup.Settings) {
    snapshot.cwd = process.cwd();
    snapshot.exitCode = process.exitCode;
  }
  return snapshot;
}

function restore(flags: number, snapshot: Snapshot, env: EnvJournal | undefined): void {
  if (flags & Cleanup.Settings) {
    env?.restore();
    if (process.cwd() !== snapshot.cwd) process.chdir(snapshot.cwd!);
    process.exitCode = snapshot.exitCode;
  }
  if (flags & Cleanup.Gc) (globalThis as { gc?: () => void }).gc?.();
}

/** Globals the task shadowed with its `data` get their own values back. */
function unshadow(shadowed: Map<string, PropertyDescriptor | undefined> | undefined): void {
  for (const [key, descriptor] of shadowed ?? []) {
    if (descriptor) Object.defineProperty(globalThis, key, descriptor);
  }
}

// --- running -----------------------------------------------------------------------------

/** `interrupted`: SIGINT ended the synchronous part of the task (vm's breakOnSigint). */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: ErrorInfo; interrupted?: boolean };

/** The task's call, run as a script so that SIGINT can end it: V8 stops a script run with
 * breakOnSigint, where a plain call could not be stopped at all. Node starts and joins a
 * watchdog thread for each such run (measured 90-170 µs on a loaded 2-core machine, against
 * 1 µs for a plain call), hence only for the tasks the host marks (task.interrupt). */
const CALL = Symbol.for('mirai.call');
let callScript: vm.Script | undefined;

function callInterruptibly(fn: Compiled, args: unknown[], gate: SignalGate, key: number): unknown {
  const g = globalThis as unknown as Record<symbol, (() => unknown) | undefined>;
  // The gate opens and closes inside the script, where vm watches for SIGINT.
  g[CALL] = () => {
    if (!gate.enter(key)) throw new CancelledBeforeStart();
    try {
      return fn(...args);
    } finally {
      gate.leave(key);
    }
  };
  try {
    callScript ??= new vm.Script(`globalThis[Symbol.for('mirai.call')]()`, { filename: 'mirai-task.js' });
    // displayErrors: false, or Node would prefix a task's error's stack with its source line.
    return callScript.runInThisContext({ breakOnSigint: true, displayErrors: false });
  } finally {
    g[CALL] = undefined;
  }
}

/** A cancellation raised for the task before its watched code began. */
class CancelledBeforeStart extends Error {}

function isInterruption(error: unknown): boolean {
  return error instanceof CancelledBeforeStart || (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED';
}

/** Runs tasks one at a time with the daemon's cleanup setting; `persist` (everywhere) keeps
 * whatever the evaluation leaves behind. */
export class Evaluator {
  private readonly compiler = new Compiler();
  private readonly env: EnvJournal | undefined;
  private readonly globals = new Baseline(() => Object.keys(globalThis));
  private readonly modules = new Baseline(() => Object.keys(requireCache()));

  /** With a `gate`, SIGINT ends the synchronous code of a task its host marked (interrupt). */
  constructor(
    private readonly cleanup: number,
    private readonly gate?: SignalGate,
  ) {
    installRequire();
    installEmit();
    installTaskSignal();
    if (cleanup & Cleanup.Settings) this.env = new EnvJournal();
  }

  compile(task: Task): (...args: unknown[]) => unknown {
    return this.compiler.compile(task);
  }

  /** `abort` gives the task's `taskSignal` while it runs. */
  async run(task: Task, persist = false, abort?: TaskAbort): Promise<Outcome> {
    return this.start(task, persist, abort);
  }

  /** Runs the task; its outcome at once when the task returns anything but a thenable, so
   * that a synchronous task costs its caller no promise. */
  start(task: Task, persist = false, abort?: TaskAbort): Outcome | Promise<Outcome> {
    const flags = persist ? 0 : this.cleanup;
    // Custom serialisers ran outside the task (reading it, and writing the last result): what
    // they loaded or set is not the task's, so the baseline is taken afresh before the task.
    if (task.serial) this.forgetBaselines();
    if (flags & Cleanup.Globals) this.globals.ensure();
    if (flags & Cleanup.Modules) this.modules.ensure();
    const snapshot = takeSnapshot(flags, task.data);
    signalTo(abort);
    let outcome!: Outcome;
    let pending: PromiseLike<unknown> | undefined;
    try {
      try {
        if (task.data) Object.assign(globalThis, task.data);
        const fn = this.compile(task);
        const args = task.args ?? [];
        const value = this.gate && task.interrupt ? callInterruptibly(fn, args, this.gate, task.id) : fn(...args);
        // Inside the try: reading `then` runs the value's own code (a getter, a proxy's trap).
        if (isThenable(value)) pending = value;
        else outcome = { ok: true, value };
      } catch (error) {
        // Described before the cleanup, which may remove what the error's getters read.
        outcome = failure(error);
      }
    } finally {
      if (pending === undefined) this.end(flags, snapshot, persist);
    }
    return pending === undefined ? outcome : this.settle(pending, flags, snapshot, persist);
  }

  private async settle(value: PromiseLike<unknown>, flags: number, snapshot: Snapshot, persist: boolean): Promise<Outcome> {
    try {
      return { ok: true, value: await value };
    } catch (error) {
      return failure(error);
    } finally {
      this.end(flags, snapshot, persist);
    }
  }

  private end(flags: number, snapshot: Snapshot, persist: boolean): void {
    signalTo(undefined);
    this.cleanUp(flags, snapshot, persist);
  }

  private cleanUp(flags: number, snapshot: Snapshot, persist: boolean): void {
    if (flags & Cleanup.Globals) {
      const g = globalThis as Record<string, unknown>;
      this.globals.reset((name) => delete g[name]);
      unshadow(snapshot.shadowed);
    }
    if (flags & Cleanup.Modules) {
      const cache = requireCache();
      this.modules.reset((name) => delete cache[name]);
    }
    restore(flags, snapshot, this.env);
    if (persist) {
      this.env?.commit();
      this.forgetBaselines();
    }
  }

  private forgetBaselines(): void {
    this.globals.forget();
    this.modules.forget();
  }
}

function failure(error: unknown): Outcome {
  return { ok: false, error: describeError(error), interrupted: isInterruption(error) };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** The parts of a thrown value that cross the wire: name, message, stack, own properties. */
export function describeError(error: unknown): ErrorInfo {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: `a non-Error value was thrown: ${String(error)}`, stack: '', props: { thrown: error } };
  }
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    props[key] = (error as unknown as Record<string, unknown>)[key];
  }
  return { name: error.name, message: error.message, stack: error.stack ?? '', props };
}
