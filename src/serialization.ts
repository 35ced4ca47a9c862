// The public registry of custom serialisers (R's serialization()): which classes cross the wire
// through user functions, and the codec that swaps their instances for bytes and back.
import { expectBoolean, expectFunction, expectKnownKeys, expectObject } from './validate';

/** A custom serialiser for one class, as {@link serialization} registers it. */
export interface SerializationConfig<T = unknown> {
  /** The class whose instances use these functions (matched by instanceof, or by name in daemons). */
  class: abstract new (...args: never[]) => T;
  /** Instance (or, with `vec`, array of instances) → bytes. */
  serialize: (value: T) => Uint8Array;
  /** Bytes → instance (or, with `vec`, array of instances). */
  deserialize: (bytes: Uint8Array) => T;
  /** The functions take and return arrays of all instances in a message at once. */
  vec?: boolean;
}

/** What crosses to daemons: the functions as source, the class by name. */
export interface SerializationSpec {
  className: string;
  serialize: string;
  deserialize: string;
  vec: boolean;
}

/** Swaps registered instances in a value for bytes (wrap) and back (unwrap). */
export interface Codec {
  applies(value: unknown): boolean;
  wrap(value: unknown): unknown;
  unwrap(value: unknown): unknown;
}

const MARK = '\u0000mirai:custom';
const state = sharedState();

function sharedState(): { config: SerializationConfig | null; spec: SerializationSpec | null; codec: Codec | null } {
  const key = Symbol.for('mirai.serialization');
  const holder = globalThis as unknown as Record<symbol, ReturnType<typeof sharedState>>;
  holder[key] ??= { config: null, spec: null, codec: null };
  return holder[key];
}

export function activeCodec(): Codec | null {
  return state.codec;
}

export function requireCodec(): Codec {
  if (!state.codec) throw new Error('mirai: a message uses a custom serialiser, but none is registered here');
  return state.codec;
}

/**
 * Registers custom serialisers for a class (both directions, every compute profile);
 * `null` resets; no argument reads the current registration. The functions are sent to the
 * daemons as source, so they must be self-contained.
 *
 * @returns The registration now in force, or null.
 * @throws TypeError for an unknown key, a `class`, `serialize` or `deserialize` that is not a
 *   function, an anonymous class, or a `vec` that is not a boolean.
 * @example
 * ```ts
 * serialization({
 *   class: Point,
 *   serialize: (p: Point) => new Uint8Array(Float64Array.of(p.x, p.y).buffer),
 *   deserialize: (b: Uint8Array) => new Point(...new Float64Array(b.slice().buffer)),
 * });
 * ```
 */
export function serialization(config?: SerializationConfig | null): SerializationConfig | null {
  if (config === undefined) return state.config;
  if (config === null) {
    Object.assign(state, { config: null, spec: null, codec: null });
    return null;
  }
  expectObject(config, 'config');
  expectKnownKeys(config as unknown as Record<string, unknown>, ['class', 'serialize', 'deserialize', 'vec'], 'config');
  expectFunction(config.class, 'config.class');
  expectFunction(config.serialize, 'config.serialize');
  expectFunction(config.deserialize, 'config.deserialize');
  if (config.vec !== undefined) expectBoolean(config.vec, 'config.vec');
  if (!config.class.name) throw new TypeError('config.class must be a named class (daemons match instances by name)');
  const spec: SerializationSpec = {
    className: config.class.name,
    serialize: config.serialize.toString(),
    deserialize: config.deserialize.toString(),
    vec: config.vec ?? false,
  };
  const matches = (value: unknown) => value instanceof config.class;
  Object.assign(state, { config, spec, codec: makeCodec(matches, config.serialize as never, config.deserialize as never, spec.vec) });
  return config;
}

/** The registration as daemons receive it, or null. */
export function serializationSpec(): SerializationSpec | null {
  return state.spec;
}

/** Installs a registration received from the host (daemon side); functions are compiled once. */
export function installSerializationSpec(spec: SerializationSpec | null, compile: (source: string) => unknown): void {
  if (spec === null) {
    Object.assign(state, { config: null, spec: null, codec: null });
    return;
  }
  if (state.spec && sameSpec(state.spec, spec)) return;
  const serialize = compile(spec.serialize) as (v: unknown) => Uint8Array;
  const deserialize = compile(spec.deserialize) as (b: Uint8Array) => unknown;
  const matches = (value: unknown) =>
    typeof value === 'object' && value !== null && (value as object).constructor?.name === spec.className;
  Object.assign(state, { config: null, spec, codec: makeCodec(matches, serialize, deserialize, spec.vec) });
}

function sameSpec(a: SerializationSpec, b: SerializationSpec): boolean {
  return a.className === b.className && a.serialize === b.serialize && a.deserialize === b.deserialize && a.vec === b.vec;
}

function makeCodec(
  matches: (value: unknown) => boolean,
  serialize: (value: unknown) => Uint8Array,
  deserialize: (bytes: Uint8Array) => unknown,
  vec: boolean,
): Codec {
  return {
    applies: (value) => containsMatch(value, matches, new Set()),
    wrap(value) {
      const found: unknown[] = [];
      const replaced = replaceDeep(value, (v) => (matches(v) ? { [MARK]: found.push(v) - 1 } : undefined), new Map());
      const blobs = vec ? [serialize(found)] : found.map((v) => serialize(v));
      return { value: replaced, blobs };
    },
    unwrap(wrapped) {
      const { value, blobs } = wrapped as { value: unknown; blobs: Uint8Array[] };
      const objects = vec ? (deserialize(blobs[0]) as unknown[]) : blobs.map((b) => deserialize(b));
      return replaceDeep(value, (v) => (isMark(v) ? { value: objects[(v as Record<string, number>)[MARK]] } : undefined), new Map(), true);
    },
  };
}

function isMark(value: unknown): boolean {
  return typeof value === 'object' && value !== null && MARK in value;
}

function containsMatch(value: unknown, matches: (v: unknown) => boolean, seen: Set<unknown>): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  if (matches(value)) return true;
  seen.add(value);
  for (const child of children(value)) if (containsMatch(child, matches, seen)) return true;
  return false;
}

function children(value: object): unknown[] {
  if (value instanceof Map) return [...value.keys(), ...value.values()];
  if (value instanceof Set) return [...value];
  if (Array.isArray(value) || isPlainObject(value)) return Object.values(value);
  return [];
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Copies containers (arrays, plain objects, Maps, Sets) with `swap` applied to every node;
 * `swap` returns a replacement, or undefined to keep walking. Cycles are preserved. */
function replaceDeep(
  value: unknown,
  swap: (v: unknown) => unknown,
  copies: Map<unknown, unknown>,
  unwrapping = false,
): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const replacement = swap(value);
  if (replacement !== undefined) return unwrapping ? (replacement as { value: unknown }).value : replacement;
  if (copies.has(value)) return copies.get(value);
  const walk = (v: unknown) => replaceDeep(v, swap, copies, unwrapping);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const v of value) copy.push(walk(v));
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    copies.set(value, copy);
    for (const [k, v] of value) copy.set(walk(k), walk(v));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    copies.set(value, copy);
    for (const v of value) copy.add(walk(v));
    return copy;
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  copies.set(value, copy);
  for (const [k, v] of Object.entries(value)) copy[k] = walk(v);
  return copy;
}

