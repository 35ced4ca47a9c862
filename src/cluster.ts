// makeCluster(): R's make_cluster in JavaScript shapes. Each node is one daemon with a compute
// profile of its own, so that a call can be sent to one node, or to each.
import { daemons, type DaemonsOptions } from './daemons';
import { mirai, type ResultOf } from './mirai';
import { remoteConfig, pickLaunch } from './remoteConfig';
import { status, type DaemonStatus, type Status } from './status';
import { dispatcherUrls } from './url';
import { expectFunction, expectInteger, expectObject, typeName } from './validate';

/** Options of {@link makeCluster}: those of {@link daemons} but `compute`, which the cluster
 * sets (one profile per node). */
export type ClusterOptions = Omit<DaemonsOptions, 'compute'>;

let clusters = 0;

/**
 * A cluster of `n` nodes: local daemons by default; with `url`, nodes listen at the URLs a
 * dispatcher would use for `n` daemons (ports url…url+n-1, ws paths /1…/n) and are launched
 * through `remote`, or, without it, their launch commands are printed. Node globals persist
 * between calls (cleanup false unless set), as R's cluster nodes keep theirs.
 *
 * @throws TypeError or RangeError (as a rejection) for a bad `n` (1 to 1024) or option, or
 *   `options.compute` (the cluster sets it); the error of a node that fails to start, once
 *   the others are stopped.
 */
export async function makeCluster(n: number, options: ClusterOptions = {}): Promise<MiraiCluster> {
  const count = expectInteger(n, 'n', 1, 1024);
  const o = expectObject(options, 'options') as ClusterOptions;
  if ('compute' in o) throw new TypeError('options.compute is set by makeCluster (one profile per node)');
  const id = ++clusters;
  const names = Array.from({ length: count }, (_, i) => `mirai-cluster-${id}-${i + 1}`);
  const base = { cleanup: false, ...o } as DaemonsOptions;
  const urls = typeof o.url === 'string' ? dispatcherUrls(o.url, count, false) : o.url;
  if (Array.isArray(urls) && urls.length !== count) throw new RangeError(`options.url has ${urls.length} URLs for ${count} nodes`);
  const remote = urls && (o.remote ?? remoteConfig());
  try {
    await Promise.all(
      names.map((compute, i) =>
        urls
          ? daemons(1, { ...base, url: urls[i], remote: pickLaunch(remote!, i), compute })
          : daemons(1, { ...base, dispatcher: false, compute }),
      ),
    );
  } catch (error) {
    await Promise.all(names.map((compute) => daemons(0, { compute })));
    throw error;
  }
  return new MiraiCluster(names);
}

/** Ends a cluster's daemons; later calls on it reject.
 * @throws TypeError (as a rejection) if `cl` is not a MiraiCluster. */
export async function stopCluster(cl: MiraiCluster): Promise<void> {
  if (!(cl instanceof MiraiCluster)) throw new TypeError(`cl must be a MiraiCluster, got ${typeName(cl)}`);
  await cl.stop();
}

type Fn = (...args: never[]) => unknown;
type Result<F extends Fn> = Awaited<ReturnType<F>>;

/**
 * A cluster of daemons in R's `parallel` shapes, made by {@link makeCluster}: each node is one
 * daemon, and calls reject with the first node's error ({@link MiraiError}, {@link ErrorValue}).
 * Functions are sent as source, so they must be self-contained.
 *
 * @example
 * ```ts
 * const cl = await makeCluster(2);
 * const squares = await cl.parLapply([1, 2, 3, 4], (x: number) => x * x); // number[]
 * await stopCluster(cl);
 * ```
 */
export class MiraiCluster {
  private stopped = false;

  constructor(
    /** One compute profile per node. */
    readonly nodes: readonly string[],
  ) {}

  /** The number of nodes. */
  get length(): number {
    return this.nodes.length;
  }

  /** `fn(x[i], ...args)` on node i modulo the cluster's size; results in the order of `x`.
   * @typeParam F - The function, whose awaited return type each result has.
   * @throws TypeError if `fn` is not a function. */
  clusterApply<T, F extends (x: T, ...rest: never[]) => unknown>(x: readonly T[], fn: F, ...args: unknown[]): Promise<Result<F>[]> {
    expectFunction(fn, 'fn');
    return this.run(() => Promise.all(x.map((item, i) => this.call(i % this.nodes.length, fn, [item, ...args])))) as Promise<Result<F>[]>;
  }

  /** `x` split into one contiguous chunk per node, `fn` applied to each element there;
   * results flattened in the order of `x`.
   * @typeParam F - The function, whose awaited return type each result has.
   * @throws TypeError if `fn` is not a function. */
  parLapply<T, F extends (x: T, ...rest: never[]) => unknown>(x: readonly T[], fn: F, ...args: unknown[]): Promise<Result<F>[]> {
    expectFunction(fn, 'fn');
    const size = Math.ceil(x.length / this.nodes.length);
    const chunks = this.nodes.map((_, i) => x.slice(i * size, (i + 1) * size)).filter((chunk) => chunk.length > 0);
    const apply = (chunk: T[], f: string, rest: unknown[]) => Promise.all(chunk.map((item) => (0, eval)(`(${f})`)(item, ...rest)));
    return this.run(async () => {
      const parts = await Promise.all(chunks.map((chunk, i) => this.call(i, apply, [chunk, fn.toString(), args])));
      return (parts as Result<F>[][]).flat();
    });
  }

  /** `expr` (a function, or code as a string) evaluated on every node; one result per node.
   * @typeParam F - The function, whose awaited return type each result has (unknown for code). */
  clusterEvalQ<F extends (...args: never[]) => unknown>(expr: F | string): Promise<ResultOf<F>[]> {
    return this.run(() => Promise.all(this.nodes.map((compute) => Promise.resolve(mirai(expr as Fn, {}, { compute }))))) as never;
  }

  /** Sets `vars` as globals on every node. */
  async clusterExport(vars: Record<string, unknown>): Promise<void> {
    expectObject(vars, 'vars');
    await this.run(() => Promise.all(this.nodes.map((_, i) => this.call(i, (v: Record<string, unknown>) => void Object.assign(globalThis, v), [vars]))));
  }

  /** `fn(...args)` on every node; one result per node.
   * @typeParam F - The function, whose awaited return type each result has.
   * @throws TypeError if `fn` is not a function. */
  clusterCall<F extends (...args: never[]) => unknown>(fn: F, ...args: unknown[]): Promise<ResultOf<F>[]> {
    expectFunction(fn, 'fn');
    return this.run(() => Promise.all(this.nodes.map((_, i) => this.call(i, fn, args)))) as Promise<ResultOf<F>[]>;
  }

  /** One row per node: its URL, and whether its daemon is online. */
  async status(): Promise<Status> {
    const rows = await Promise.all(this.nodes.map((compute) => status(compute)));
    const daemons: DaemonStatus[] = rows.map((s, i) => nodeRow(s, i + 1));
    return { connections: daemons.filter((d) => d.online > 0).length, daemons };
  }

  /** @internal (see stopCluster) */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.nodes.map((compute) => daemons(0, { compute })));
  }

  private call(node: number, fn: Fn, args: unknown[]): Promise<unknown> {
    return Promise.resolve(mirai(fn, {}, { args: args as never, compute: this.nodes[node] }));
  }

  private run<R>(work: () => Promise<R>): Promise<R> {
    if (this.stopped) return Promise.reject(new TypeError('this cluster was stopped (stopCluster)'));
    return work();
  }
}

function nodeRow(s: Status, i: number): DaemonStatus {
  if (Array.isArray(s.daemons)) return { ...s.daemons[0], i };
  const address = s.addresses?.[0];
  return {
    url: typeof s.daemons === 'string' ? s.daemons : '',
    i,
    online: s.connections,
    instance: s.connections,
    assigned: 0,
    complete: 0,
    ...(address !== undefined && { address }),
  };
}
