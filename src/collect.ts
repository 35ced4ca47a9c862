// Waiting on many: callMirai, collectMirai, unresolved and stopMirai over a Mirai, an array or
// record of them, or a group (a MiraiMap).
import { Mirai, unresolvedValue, type MiraiFailure } from './miraiObject';
import { typeName } from './validate';

/** @internal What a group of mirai (a MiraiMap) offers to callMirai, collectMirai, unresolved
 * and stopMirai, under this key (`Symbol.for('mirai.group')`). */
export const GROUP = Symbol.for('mirai.group');

/** The operations a group of mirai offers under `Symbol.for('mirai.group')`; `V` is what
 * {@link collectMirai} resolves to for the group. */
export interface MiraiGroupOps<V = unknown> {
  /** Resolves once every mirai of the group exists and has settled. */
  settle(): Promise<void>;
  /** The values, error values included, in the shape of the group's input. */
  values(): V;
  /** True while any mirai of the group is unresolved (or still to be made). */
  unresolved(): boolean;
  /** Stops every mirai of the group still in progress. */
  stop(): void;
}

/** A group of mirai that the waiting functions accept as a whole, such as a
 * {@link MiraiMap}; `V` is what {@link collectMirai} resolves to for it. */
export interface MiraiGroup<V = unknown> {
  /** The group's operations, under `Symbol.for('mirai.group')`. */
  readonly [GROUP]: MiraiGroupOps<V>;
}

/** What {@link callMirai}, {@link collectMirai} and {@link stopMirai} accept: one mirai, an
 * array or record of them, or a group (a {@link MiraiMap}). */
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

/** What {@link callMirai} resolves to for `X`: `X` itself, or for one mirai its `data`. */
export type Called<X> = X extends Mirai<infer T> ? T | MiraiFailure : X;

/**
 * Waits for every mirai in `x` to settle, then returns `x` (an array, record or MiraiMap). A
 * Promise cannot resolve to a PromiseLike, so for a single Mirai it resolves to its `data`.
 * It never rejects for a failed mirai: failures are in each mirai's `data`.
 *
 * @throws TypeError (as a rejection) if `x` is not a mirai, an array or record of them, or a
 *   MiraiMap.
 */
export async function callMirai<X extends MiraiCollection>(x: X): Promise<Called<X>> {
  const group = groupOf(x);
  if (group) await group.settle();
  else await Promise.all(miraiIn(x, 'x').map((m) => m.settled()));
  return (x instanceof Mirai ? x.data : x) as Called<X>;
}

/** What {@link collectMirai} resolves to for `X`: a value or failure in place of each mirai,
 * in the shape of `X` (tuples keep their positions), or a group's collected values. */
export type Collected<X> = X extends Mirai<infer T>
  ? T | MiraiFailure
  : X extends MiraiGroup<infer V>
    ? V
    : { -readonly [K in keyof X]: X[K] extends Mirai<infer T> ? T | MiraiFailure : never };

/**
 * Waits and returns the value(s), error values included, in the shape of `x`: one value for
 * a mirai, an array (a tuple keeps its positions) or record of values, or what a MiraiMap's
 * `collect()` gives. It never rejects for a failed mirai: the failure takes its place.
 *
 * @throws TypeError (as a rejection) if `x` is not a mirai, an array or record of them, or a
 *   MiraiMap.
 * @example
 * ```ts
 * const [a, b] = await collectMirai([mirai(() => 1), mirai(() => 'two')] as const);
 * // a: number | MiraiFailure, b: string | MiraiFailure
 * ```
 */
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
 * and its daemon skips the task if it has not started it (or drops it, if async, while running).
 * @throws TypeError if `x` is not a mirai, an array or record of them, or a MiraiMap. */
export function stopMirai(x: MiraiCollection): void {
  const group = groupOf(x);
  if (group) group.stop();
  else for (const m of miraiIn(x, 'x')) m.stop();
}
