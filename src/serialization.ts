// The public registry of custom serialisers (R's serialization()): which classes cross the wire
// through user functions, and the codec that swaps their instances for bytes and back.
import { expectBoolean, expectFunction, expectKnownKeys, expectNonEmptyString, expectObject } from './validate';
import { processWide } from './processWide';

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

/** Options of {@link serialization}. */
export interface SerializationOptions {
  /** The compute profile these serialisers are for; without, every profile that has none of
   * its own. */
  compute?: string;
}

/** One class as it crosses to daemons: the functions as source, the class by name. */
export interface SerializationSpec {
  className: string;
  serialize: string;
  deserialize: string;
  vec: boolean;
}

/** A registration as it crosses to daemons, in every task: its classes, and an id that the
 * daemon's replies carry back, so that the host reads them with the same registration. */
export interface SerializationSpecs {
  id: number;
  classes: SerializationSpec[];
}

/** Swaps registered instances in a value for bytes (wrap) and back (unwrap). */
export interface Codec {
  applies(value: unknown): boolean;
  wrap(value: unknown): unknown;
  unwrap(value: unknown): unknown;
}

type Given = SerializationConfig | SerializationConfig[];

interface Registration {
  given: Given | null;
  specs: SerializationSpecs;
  codec: Codec;
}

/** What a class's functions are, compiled or as given. */
interface ClassCodec {
  matches: (value: unknown) => boolean;
  serialize: (value: unknown) => Uint8Array;
  deserialize: (bytes: Uint8Array) => unknown;
  vec: boolean;
}

const MARK = '\u0000mirai:custom';
/** The key of the registration for every profile without one of its own. */
const ALL = '\u0000all';
const state = processWide<State>('mirai.serialization.v2', () => ({ byProfile: new Map(), installed: null, codecs: new Map(), nextId: 1 }));

interface State {
  /** Host: registrations by profile (ALL for every profile). */
  byProfile: Map<string, Registration>;
  /** Daemon: the registration its tasks carry. */
  installed: Registration | null;
  /** Every registration made or installed here, by id, to read replies to tasks sent under
   * one since replaced. */
  codecs: Map<number, Codec>;
  nextId: number;
}


/** The codec values are written with by default: a daemon's, or the host's for every profile. */
export function activeCodec(): Codec | null {
  return (state.installed ?? state.byProfile.get(ALL))?.codec ?? null;
}

/** The codec a custom message was written with, named by the id it carries. */
export function requireCodec(wrapped: unknown): Codec {
  const codec = state.codecs.get((wrapped as { reg?: number } | null)?.reg ?? -1);
  if (!codec) throw new Error('mirai: a message uses a custom serialiser, but none is registered here');
  return codec;
}

/**
 * Registers custom serialisers for one class, or several at once (both directions), for every
 * compute profile or, with `options.compute`, for that profile alone (R 2.x's `serial_config`);
 * a profile's own registration replaces the one for every profile there. `null` resets; no
 * `config` reads the current registration. The functions are sent to the daemons as source,
 * so they must be self-contained.
 *
 * @returns The registration now in force (as given: one config or the list), or null.
 * @throws TypeError for an unknown key, a `class`, `serialize` or `deserialize` that is not a
 *   function, an anonymous class, a class listed twice, an empty list, a `vec` that is not a
 *   boolean, or an `options.compute` that is not a non-empty string.
 * @example
 * ```ts
 * serialization({
 *   class: Point,
 *   serialize: (p: Point) => new Uint8Array(Float64Array.of(p.x, p.y).buffer),
 *   deserialize: (b: Uint8Array) => new Point(...new Float64Array(b.slice().buffer)),
 * });
 * serialization([pointConfig, moneyConfig], { compute: 'geo' });
 * ```
 */
export function serialization(
  config?: SerializationConfig | SerializationConfig[] | null,
  options: SerializationOptions = {},
): SerializationConfig | SerializationConfig[] | null {
  const opts = expectObject(options, 'options') as SerializationOptions;
  expectKnownKeys(opts as Record<string, unknown>, ['compute'], 'options');
  const key = opts.compute === undefined ? ALL : expectNonEmptyString(opts.compute, 'options.compute');
  if (config === undefined) return state.byProfile.get(key)?.given ?? null;
  if (config === null) {
    state.byProfile.delete(key);
    return null;
  }
  const list = Array.isArray(config) ? config : [config];
  const paths = Array.isArray(config) ? list.map((_, i) => `config[${i}]`) : ['config'];
  if (list.length === 0) throw new TypeError('config must list at least one { class, serialize, deserialize }, got an empty array');
  list.forEach((c, i) => checkConfig(c, paths[i]));
  const names = list.map((c) => c.class.name);
  const twice = names.findIndex((name, i) => names.indexOf(name) !== i);
  if (twice >= 0) throw new TypeError(`${paths[twice]}.class: a class named ${names[twice]} is listed twice (daemons match instances by name)`);
  const classes = list.map(
    (c): ClassCodec => ({ matches: (v) => v instanceof c.class, serialize: c.serialize as never, deserialize: c.deserialize as never, vec: c.vec ?? false }),
  );
  const specs: SerializationSpecs = {
    id: state.nextId++,
    classes: list.map((c) => ({ className: c.class.name, serialize: c.serialize.toString(), deserialize: c.deserialize.toString(), vec: c.vec ?? false })),
  };
  const codec = makeCodec(specs.id, classes);
  state.codecs.set(specs.id, codec);
  state.byProfile.set(key, { given: config, specs, codec });
  return config;
}

function checkConfig(config: unknown, what: string): asserts config is SerializationConfig {
  expectObject(config, what);
  const c = config as unknown as SerializationConfig;
  expectKnownKeys(config as Record<string, unknown>, ['class', 'serialize', 'deserialize', 'vec'], what);
  expectFunction(c.class, `${what}.class`);
  expectFunction(c.serialize, `${what}.serialize`);
  expectFunction(c.deserialize, `${what}.deserialize`);
  if (c.vec !== undefined) expectBoolean(c.vec, `${what}.vec`);
  if (!c.class.name) throw new TypeError(`${what}.class must be a named class (daemons match instances by name)`);
}

/** The registration daemons of `compute` receive, or null. */
export function serializationSpec(compute = 'default'): SerializationSpecs | null {
  return registrationFor(compute)?.specs ?? null;
}

/** The codec of a registration sent with a task, or null. */
export function codecOf(specs: SerializationSpecs | null): Codec | null {
  return specs === null ? null : (state.codecs.get(specs.id) ?? null);
}

function registrationFor(compute: string): Registration | null {
  return state.byProfile.get(compute) ?? state.byProfile.get(ALL) ?? null;
}

/** Installs a registration received from the host (daemon side); functions are compiled once. */
export function installSerializationSpec(specs: SerializationSpecs | null, compile: (source: string) => unknown): void {
  if (specs === null) {
    state.installed = null;
    return;
  }
  if (state.installed && sameSpecs(state.installed.specs, specs)) return;
  const classes = specs.classes.map(
    (spec): ClassCodec => ({
      matches: (value) => typeof value === 'object' && value !== null && (value as object).constructor?.name === spec.className,
      serialize: compile(spec.serialize) as (v: unknown) => Uint8Array,
      deserialize: compile(spec.deserialize) as (b: Uint8Array) => unknown,
      vec: spec.vec,
    }),
  );
  const codec = makeCodec(specs.id, classes);
  state.codecs.set(specs.id, codec);
  state.installed = { given: null, specs, codec };
}

function sameSpecs(a: SerializationSpecs, b: SerializationSpecs): boolean {
  return (
    a.id === b.id &&
    a.classes.length === b.classes.length &&
    a.classes.every((x, i) => {
      const y = b.classes[i];
      return x.className === y.className && x.serialize === y.serialize && x.deserialize === y.deserialize && x.vec === y.vec;
    })
  );
}

/** Instances are replaced by marks { MARK: class index, i: index among that class's }; the
 * bytes go per class, one blob per instance, or one for them all with `vec`. */
function makeCodec(id: number, classes: ClassCodec[]): Codec {
  const classOf = (value: unknown) => classes.findIndex((c) => c.matches(value));
  return {
    applies: (value) => containsMatch(value, (v) => classOf(v) >= 0, new Set()),
    wrap(value) {
      const found: unknown[][] = classes.map(() => []);
      const swap = (v: unknown) => {
        const c = classOf(v);
        return c < 0 ? undefined : { [MARK]: c, i: found[c].push(v) - 1 };
      };
      const replaced = replaceDeep(value, swap, new Map());
      const blobs = classes.map((c, k) => (found[k].length === 0 ? [] : c.vec ? [c.serialize(found[k])] : found[k].map((v) => c.serialize(v))));
      return { value: replaced, blobs, reg: id };
    },
    unwrap(wrapped) {
      const { value, blobs } = wrapped as { value: unknown; blobs: Uint8Array[][] };
      const objects = classes.map((c, k) => (blobs[k].length === 0 ? [] : c.vec ? (c.deserialize(blobs[k][0]) as unknown[]) : blobs[k].map((b) => c.deserialize(b))));
      const swap = (v: unknown) => {
        if (!isMark(v)) return undefined;
        const mark = v as { [MARK]: number; i: number };
        return { value: objects[mark[MARK]][mark.i] };
      };
      return replaceDeep(value, swap, new Map(), true);
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

