// raceMirai(): wait for the first of several mirai to settle (R 2.x's race_mirai).
import { GROUP } from './collect';
import { Mirai } from './miraiObject';
import { typeName } from './validate';

/** Which mirai settled first: its place in the input, and the mirai itself. */
export interface RaceWinner<T = unknown> {
  /** Position in the array (or in the record's or map's order). */
  index: number;
  /** The record key; the index for arrays and MiraiMaps. */
  key: string | number;
  /** The mirai that settled: its `data` holds the value or the failure. */
  mirai: Mirai<T>;
}

/**
 * Resolves once any mirai of `x` (an array, a record, or a MiraiMap) has settled, with the
 * first to settle (the first in order, if several already have). It never rejects for a
 * failed mirai: the winner's `mirai.data` holds the value or the error value. A Promise
 * cannot resolve to a Mirai itself (a Mirai is a thenable, so it would be unwrapped): the
 * winner comes in an object.
 *
 * @throws TypeError (as a rejection) if `x` is not an array, record or MiraiMap of mirai;
 *   RangeError if it holds none.
 * @example
 * ```ts
 * const { key, mirai: first } = await raceMirai({ fast: mirai(() => 1), slow: mirai(() => 2) });
 * ```
 */
export async function raceMirai<T>(x: readonly Mirai<T>[] | Readonly<Record<string, Mirai<T>>> | { readonly mirai: readonly Mirai<T>[] }): Promise<RaceWinner<T>> {
  const entries = entriesOf<T>(x);
  if (entries.length === 0) throw new RangeError('x must hold at least one Mirai');
  const settled = entries.findIndex(([, m]) => !m.unresolved);
  if (settled >= 0) return winner(entries, settled);
  const first = await Promise.race(entries.map(([, m], i) => m.settled().then(() => i)));
  return winner(entries, first);
}

function winner<T>(entries: [string | number, Mirai<T>][], index: number): RaceWinner<T> {
  const [key, mirai] = entries[index];
  return { index, key, mirai };
}

function entriesOf<T>(x: unknown): [string | number, Mirai<T>][] {
  let entries: [string | number, unknown][];
  if (Array.isArray(x)) entries = x.map((m, i) => [i, m]);
  else if (typeof x === 'object' && x !== null && GROUP in x) entries = (x as unknown as { mirai: Mirai[] }).mirai.map((m, i) => [i, m]);
  else if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype) entries = Object.entries(x);
  else throw new TypeError(`x must be an array or a record of Mirai, or a MiraiMap, got ${typeName(x)}`);
  for (const [key, m] of entries) {
    if (!(m instanceof Mirai)) throw new TypeError(`x[${JSON.stringify(key)}] must be a Mirai, got ${typeName(m)}`);
  }
  return entries as [string | number, Mirai<T>][];
}
