// miraiMap(): one mirai per element of an array, record, Map or (async) iterable.
import { availableParallelism } from 'node:os';
import { Chunker } from './chunk';
import { daemons } from './daemons';
import { isErrorValue } from './errors';
import { GROUP, type MiraiGroup, type MiraiGroupOps } from './collect';
import { mirai } from './mirai';
import { inspect } from 'node:util';
import { Mirai, type MiraiFailure } from './miraiObject';
import { getProfile } from './profiles';
import { Progress } from './progress';
import { expectFunction, expectInteger, expectKnownKeys, expectNonEmptyString, expectObject, typeName } from './validate';

/** Options of {@link miraiMap}; `T` is the type of each result, as the callbacks receive it. */
export interface MiraiMapOptions<T = unknown> {
  /** Globals for every evaluation (as mirai's `data`). */
  data?: Record<string, unknown>;
  /** Constant extra arguments after the element: f(element, ...args). */
  args?: unknown[];
  /** The compute profile (default "default"). */
  compute?: string;
  /** Registered on each mirai: a fulfilment callback, or [onFulfilled, onRejected]. */
  promise?: ((value: T) => unknown) | [(value: T) => unknown, (reason: MiraiFailure) => unknown];
  /** For lazy sources (iterables): unresolved mirai at most at once; the source is read as
   * they settle (default 1000). */
  window?: number;
  /** Elements per task: one task evaluates f over each element of its chunk in turn, and
   * each element still settles (and fails) on its own. 'auto' sizes chunks from the element
   * count and the daemon count, or 1 for a profile set with a seed (see docs/worker-pools.md);
   * the default. */
  chunk?: number | 'auto';
}

/** Options of {@link MiraiMap.collect}. */
export interface CollectOptions {
  /** Show progress on stderr: a bar on a terminal, plain lines otherwise. */
  progress?: boolean;
  /** At the first failure by index (as R: element i's, once elements 0 … i-1 have succeeded),
   * stop every remaining mirai and throw that failure. */
  stop?: boolean;
}

/** One result of a {@link MiraiMap}, as its async iterator yields them in order of completion. */
export interface MapResult<T> {
  /** The element's position in the input (in reading order for records, Maps and iterables). */
  index: number;
  /** The record key or Map key; the index for arrays and iterables. */
  key: unknown;
  /** The result, or the failure it settled to. */
  value: T | MiraiFailure;
}

type Shape = 'array' | 'record' | 'map';

let warned = false;


/** What a map of `T` results collects to, in the shape of its input: the default for arrays and
 * iterables; {@link miraiMap} gives records and Maps their own. */
export type MapCollected<T> = (T | MiraiFailure)[];

/** A collected shape `C` with the failures taken out: what `collect({ stop: true })` resolves
 * to, since it throws the first failure instead of returning it. */
export type Succeeded<C> = C extends (infer V)[]
  ? Exclude<V, MiraiFailure>[]
  : C extends Map<infer K, infer V>
    ? Map<K, Exclude<V, MiraiFailure>>
    : { [K in keyof C]: Exclude<C[K], MiraiFailure> };

/**
 * Maps `f` over `x`, one mirai per element, making full use of the daemons' scheduling. Each
 * call is `f(element, ...options.args)`. Without daemons set on `options.compute`, it sets one
 * local daemon first (and warns once).
 *
 * An array, record or Map is read at once; an iterable or async iterable is read lazily,
 * keeping at most `options.window` mirai unresolved. With many elements, they go to the
 * daemons in chunks (`options.chunk`, 'auto' by default), each element still settling on its own.
 *
 * @param x - The elements: an array, a plain object (record), a Map, or an (async) iterable.
 * @param f - A self-contained function: its source is sent to the daemons.
 * @param options - Globals, extra arguments, compute profile, callbacks, window and chunk.
 * @returns A {@link MiraiMap} whose `collect()` keeps the input's shape: an array for arrays
 *   and iterables, a record with the same keys, or a Map with the same keys.
 * @throws TypeError if `x` is not one of the accepted kinds, `f` is not a function, or an
 *   option is unknown or of the wrong type; RangeError if `options.window` or `options.chunk`
 *   is below 1.
 * @example
 * ```ts
 * const mm = miraiMap([1, 2, 3], (x: number) => x * 2);
 * const doubled = await mm.collect(); // (number | MiraiFailure)[]
 * ```
 */
export function miraiMap<K, E, R>(
  x: ReadonlyMap<K, E>,
  f: (element: E, ...args: never[]) => R,
  options?: MiraiMapOptions<Awaited<R>>,
): MiraiMap<Awaited<R>, Map<K, Awaited<R> | MiraiFailure>>;
export function miraiMap<E, R>(
  x: readonly E[] | Iterable<E> | AsyncIterable<E>,
  f: (element: E, ...args: never[]) => R,
  options?: MiraiMapOptions<Awaited<R>>,
): MiraiMap<Awaited<R>>;
export function miraiMap<X extends object, R>(
  x: X,
  f: (element: X[keyof X], ...args: never[]) => R,
  options?: MiraiMapOptions<Awaited<R>>,
): MiraiMap<Awaited<R>, { [K in Extract<keyof X, string>]: Awaited<R> | MiraiFailure }>;
export function miraiMap(x: unknown, f: (element: never, ...args: never[]) => unknown, options: MiraiMapOptions = {}): MiraiMap<unknown, unknown> {
  const source = readSource(x);
  expectFunction(f, 'f');
  const opts = expectObject(options, 'options') as MiraiMapOptions;
  expectKnownKeys(opts as Record<string, unknown>, ['data', 'args', 'compute', 'promise', 'window', 'chunk'], 'options');
  if (opts.data !== undefined) expectObject(opts.data, 'options.data');
  if (opts.args !== undefined && !Array.isArray(opts.args)) throw new TypeError(`options.args must be an array, got ${typeName(opts.args)}`);
  const compute = opts.compute === undefined ? 'default' : expectNonEmptyString(opts.compute, 'options.compute');
  const callbacks = readPromise(opts.promise);
  const window = opts.window === undefined ? 1000 : expectInteger(opts.window, 'options.window', 1);
  const chunk = readChunk(opts.chunk);
  return new MiraiMap<unknown, unknown>(source, f as never, { data: opts.data, args: opts.args ?? [], compute, callbacks, window, chunk });
}

interface ReadSource {
  shape: Shape;
  keys: unknown[] | undefined;
  values: Iterable<unknown> | AsyncIterable<unknown>;
  lazy: boolean;
}

function readSource(x: unknown): ReadSource {
  if (Array.isArray(x)) return { shape: 'array', keys: undefined, values: x, lazy: false };
  if (x instanceof Map) return { shape: 'map', keys: [...x.keys()], values: [...x.values()], lazy: false };
  if (typeof x === 'object' && x !== null) {
    if (Symbol.asyncIterator in x || Symbol.iterator in x) return { shape: 'array', keys: undefined, values: x as Iterable<unknown>, lazy: true };
    if (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null) {
      return { shape: 'record', keys: Object.keys(x), values: Object.values(x), lazy: false };
    }
  }
  if (typeof x === 'string') return { shape: 'array', keys: undefined, values: [...x], lazy: false };
  throw new TypeError(`x must be an array, a record, a Map or an (async) iterable, got ${typeName(x)}`);
}

function readPromise(value: unknown): [((v: unknown) => unknown) | undefined, ((r: MiraiFailure) => unknown) | undefined] {
  if (value === undefined) return [undefined, undefined];
  if (typeof value === 'function') return [value as (v: unknown) => unknown, undefined];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'function')) {
    return value as [(v: unknown) => unknown, (r: MiraiFailure) => unknown];
  }
  throw new TypeError(`options.promise must be a function or [onFulfilled, onRejected], got ${typeName(value)}`);
}

function readChunk(value: unknown): number | 'auto' {
  if (value === undefined) return 'auto';
  if (value === 'auto') return value;
  if (typeof value !== 'number') throw new TypeError(`options.chunk must be a positive integer or 'auto', got ${typeName(value)}`);
  return expectInteger(value, 'options.chunk', 1);
}

/** Chunks for 'auto': about CHUNKS_PER_DAEMON per daemon, so that uneven elements still
 * spread (the last chunks finish within 1/16 of the run of each other), and never more
 * elements than CHUNK_MAX in one. Maps of fewer than 32 elements per daemon are not chunked. */
const CHUNKS_PER_DAEMON = 16;
const CHUNK_MAX = 1000;

/** The chunk size for `count` elements (a lazy source: its window). The daemons are those this
 * host launched for the profile, or this machine's cores when they were launched elsewhere.
 * With a seed, 1: a chunk draws from one random stream, so chunks sized by the daemon count
 * would make results depend on it. */
function autoChunk(count: number, compute: string): number {
  const profile = getProfile(compute);
  if (profile?.seed !== undefined) return 1;
  const launched = profile?.processes.size ?? 0;
  const daemonCount = launched > 0 ? launched : availableParallelism();
  return Math.max(1, Math.min(CHUNK_MAX, Math.floor(count / (daemonCount * CHUNKS_PER_DAEMON))));
}

interface MapSettings {
  data: Record<string, unknown> | undefined;
  args: unknown[];
  compute: string;
  callbacks: ReturnType<typeof readPromise>;
  window: number;
  chunk: number | 'auto';
}

/**
 * The mirai of a map, in input order, with ways to collect or iterate their results. Made by
 * {@link miraiMap}. `T` is the type of each result; `C` what {@link MiraiMap.collect} (and
 * {@link collectMirai}) resolves to: the input's shape with a result or failure in place of
 * each element.
 *
 * @example
 * ```ts
 * const mm = miraiMap({ a: 1, b: 2 }, (x: number) => x + 1);
 * for await (const { key, value } of mm) console.log(key, value);
 * ```
 */
export class MiraiMap<T, C = MapCollected<T>> implements AsyncIterable<MapResult<T>>, MiraiGroup<C> {
  /** The underlying mirai, in input order (growing while a lazy source is read). */
  readonly mirai: Mirai<T>[] = [];
  private readonly keys: unknown[] | undefined;
  private readonly shape: Shape;
  /** Known up front, except for lazy sources. */
  private readonly total: number | undefined;
  private readonly produced: Promise<void>;
  private stopped = false;
  private producing = true;
  private unresolvedCount = 0;
  private readonly onSettle = new Set<(index: number) => void>();
  private readonly onSpace = new Set<() => void>();
  private readonly completed: number[] = [];
  /** With chunks of more than one element: collects elements into tasks. */
  private chunker: Chunker | undefined;

  /** @internal Made by {@link miraiMap}, which validates its arguments. */
  constructor(
    source: ReadSource,
    private readonly f: (...args: unknown[]) => unknown,
    private readonly settings: MapSettings,
  ) {
    this.keys = source.keys;
    this.shape = source.shape;
    this.total = source.lazy ? undefined : (source.values as readonly unknown[]).length;
    this.produced = this.produce(source).finally(() => (this.producing = false));
    this.produced.catch(() => undefined);
  }

  /** @internal What callMirai, collectMirai, unresolved and stopMirai use. */
  readonly [GROUP]: MiraiGroupOps<C> = {
    settle: () => this.settleAll(),
    values: () => this.values(),
    unresolved: () => (this.producing && !this.stopped) || this.mirai.some((m) => m.unresolved),
    stop: () => this.stop(),
  };

  /**
   * Waits for every result and returns them in the input's shape (array, record or Map),
   * failures in place. With `stop`, throws the first failure by index after stopping the
   * rest, so what it returns holds no failure.
   *
   * @throws TypeError for an unknown option; with `stop`, the first failure.
   */
  collect(options: CollectOptions & { stop: true }): Promise<Succeeded<C>>;
  collect(options?: CollectOptions): Promise<C>;
  async collect(options: CollectOptions = {}): Promise<C | Succeeded<C>> {
    const opts = expectObject(options, 'options') as CollectOptions;
    expectKnownKeys(opts as Record<string, unknown>, ['progress', 'stop'], 'options');
    const progress = opts.progress ? new Progress(this.total) : undefined;
    const failure = await this.watch(progress, opts.stop === true);
    progress?.finish();
    if (failure) throw failure;
    return this.values();
  }

  /** Results as they complete: `{ index, key, value }`, failures included. */
  async *[Symbol.asyncIterator](): AsyncIterator<MapResult<T>> {
    let next = 0;
    const pending: number[] = [];
    let wake: (() => void) | undefined;
    const listener = (index: number) => {
      pending.push(index);
      wake?.();
    };
    this.onSettle.add(listener);
    try {
      pending.push(...this.completed);
      let producing = true;
      void this.produced.finally(() => {
        producing = false;
        wake?.();
      });
      while (producing || next < this.mirai.length) {
        if (pending.length === 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const index = pending.shift()!;
        next++;
        yield { index, key: this.keys ? this.keys[index] : index, value: this.mirai[index].data as T | MiraiFailure };
      }
    } finally {
      this.onSettle.delete(listener);
    }
  }

  /** Stops reading the source and every mirai still running (ErrorValue 20). */
  stop(): void {
    this.stopped = true;
    for (const m of this.mirai) m.stop();
    for (const wake of this.onSpace) wake();
  }

  // --- producing ---

  /** With daemons set, an array, record or Map is sent before miraiMap() returns. */
  private produce(source: ReadSource): Promise<void> {
    if (!source.lazy && getProfile(this.settings.compute)) {
      this.launchAll(source.values as Iterable<unknown>);
      return Promise.resolve();
    }
    return this.produceLater(source);
  }

  private launchAll(values: Iterable<unknown>): void {
    this.startChunks(this.total!);
    let index = 0;
    for (const element of values) this.launch(element, index++);
    this.chunker?.flush();
  }

  /** Sets up chunking once the daemons are set: 'auto' counts them. */
  private startChunks(count: number): void {
    const { chunk, compute } = this.settings;
    const size = chunk === 'auto' ? autoChunk(count, compute) : chunk;
    if (size > 1) this.chunker = new Chunker(this.f, size, this.settings);
  }

  private async produceLater(source: ReadSource): Promise<void> {
    await this.ensureDaemons();
    if (!source.lazy) {
      this.launchAll(source.values as Iterable<unknown>);
      return;
    }
    this.startChunks(this.settings.window);
    let index = 0;
    for await (const element of source.values as AsyncIterable<unknown>) {
      if (this.stopped) return;
      // A partial chunk is sent before waiting: its elements count against the window.
      if (this.unresolvedCount >= this.settings.window) this.chunker?.flush();
      while (this.unresolvedCount >= this.settings.window && !this.stopped) await this.space();
      if (this.stopped) return;
      this.launch(element, index++);
    }
    this.chunker?.flush();
  }

  private async ensureDaemons(): Promise<void> {
    if (getProfile(this.settings.compute)) return;
    if (!warned) {
      warned = true;
      process.emitWarning('miraiMap: no daemons were set, so one local daemon was set with daemons(1)', 'MiraiWarning');
    }
    await daemons(1, { compute: this.settings.compute });
  }

  private launch(element: unknown, index: number): void {
    const { data, args, compute, callbacks } = this.settings;
    const m = (this.chunker ? this.chunker.add(element) : mirai(this.f as (...a: never[]) => unknown, data, { args: [element, ...args] as never, compute })) as Mirai<T>;
    this.mirai.push(m);
    this.unresolvedCount++;
    void m.settled().then(() => this.settled(index));
    if (callbacks[0] || callbacks[1]) m.then(callbacks[0], callbacks[1] ?? (() => undefined)).catch(() => undefined);
  }

  private settled(index: number): void {
    this.unresolvedCount--;
    this.completed.push(index);
    for (const listener of this.onSettle) listener(index);
    for (const wake of this.onSpace) wake();
  }

  private space(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.onSpace.delete(wake);
        resolve();
      };
      this.onSpace.add(wake);
    });
  }

  // --- collecting ---

  private async settleAll(): Promise<void> {
    await this.produced;
    await Promise.all(this.mirai.map((m) => m.settled()));
  }

  /** Settles everything, ticking `progress`; with `stop`, returns early with the first failure
   * by index, found by walking the results in order as far as they have settled. */
  private async watch(progress: Progress | undefined, stop: boolean): Promise<MiraiFailure | undefined> {
    let failure: MiraiFailure | undefined;
    let inOrder = 0;
    let finishWaiting!: () => void;
    const finished = new Promise<void>((resolve) => (finishWaiting = resolve));
    const listener = () => {
      progress?.tick();
      if (!stop || failure !== undefined) return;
      for (; inOrder < this.mirai.length && !this.mirai[inOrder].unresolved; inOrder++) {
        const data = this.mirai[inOrder].data;
        if (!isErrorValue(data)) continue;
        failure = data;
        this.stop();
        finishWaiting();
        return;
      }
    };
    for (let i = 0; i < this.completed.length; i++) listener();
    this.onSettle.add(listener);
    try {
      await Promise.race([this.settleAll(), finished]);
    } finally {
      this.onSettle.delete(listener);
    }
    if (failure === undefined) progress?.setTotal(this.mirai.length);
    return failure;
  }

  /** A summary for console.log: how many have resolved and failed, not the internals. */
  [inspect.custom](): string {
    const resolved = this.mirai.filter((m) => !m.unresolved);
    const failed = resolved.filter((m) => isErrorValue(m.data)).length;
    const total = this.total ?? `${this.mirai.length}${this.producing ? '+' : ''}`;
    return `MiraiMap [${resolved.length}/${total} resolved${failed ? `, ${failed} failed` : ''}]`;
  }

  /** The shape `C` is the one miraiMap's overloads promise for the input it read. */
  private values(): C {
    const data = this.mirai.map((m) => m.data);
    if (this.shape === 'record') return Object.fromEntries(this.keys!.map((k, i) => [k, data[i]])) as C;
    if (this.shape === 'map') return new Map(this.keys!.map((k, i) => [k, data[i]])) as C;
    return data as C;
  }
}
