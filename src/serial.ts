// Serialisation: values cross the wire with V8's structured clone, large binary data out of band
// (one copy in, none out), and custom serialisers for registered classes.
import * as v8 from 'node:v8';
import { expectBoolean, expectFunction, expectKnownKeys, expectObject } from './validate';
import { serializePlain } from './plainSerializer';

// --- message layout ----------------------------------------------------------------------
//   0  u8   kind                 8  u32  count of out-of-band parts
//   1  u8   flags (1: custom)   12  u32  tag (a task's id: routes replies without decoding)
//   4  u32  length of the V8 payload
//  16  f64  length of each out-of-band part, then the payload, then each part, all 8-aligned.

// Node's documented hooks for host objects, missing from @types/node.
declare module 'v8' {
  interface Serializer {
    _setTreatArrayBufferViewsAsHostObjects(flag: boolean): void;
    _writeHostObject(object: object): void;
  }
  interface Deserializer {
    _readHostObject(): unknown;
  }
}

const HEADER = 16;
const FLAG_CUSTOM = 1;
/** Views at least this large travel beside the V8 payload rather than inside it. */
export const OUT_OF_BAND_MIN = 64 * 1024;

const VIEW_TYPES = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView, Buffer,
] as const;
const BUFFER_TYPE = VIEW_TYPES.length - 1;
const DATAVIEW_TYPE = VIEW_TYPES.length - 2;

function viewType(view: ArrayBufferView): number {
  if (Buffer.isBuffer(view)) return BUFFER_TYPE;
  const index = VIEW_TYPES.findIndex((ctor) => view.constructor === ctor);
  if (index >= 0) return index;
  return VIEW_TYPES.findIndex((ctor) => view instanceof ctor);
}

class Writer extends v8.Serializer {
  readonly outOfBand: ArrayBufferView[] = [];

  constructor() {
    super();
    this._setTreatArrayBufferViewsAsHostObjects(true);
  }

  override _writeHostObject(view: ArrayBufferView): void {
    // Native objects (sockets, handles) reach here too: they cannot cross the wire.
    if (!ArrayBuffer.isView(view)) throw new TypeError(`#<${(view as object).constructor?.name ?? 'Object'}> could not be cloned`);
    this.writeUint32(viewType(view));
    if (view.byteLength >= OUT_OF_BAND_MIN) {
      this.writeUint32(1);
      this.writeUint32(this.outOfBand.length);
      this.outOfBand.push(view);
    } else {
      this.writeUint32(0);
      this.writeUint32(view.byteLength);
      this.writeRawBytes(view as NodeJS.TypedArray);
    }
  }
}

class Reader extends v8.Deserializer {
  constructor(payload: Buffer, private readonly outOfBand: Buffer[]) {
    super(payload);
  }

  override _readHostObject(): ArrayBufferView {
    const type = this.readUint32();
    const outOfBand = this.readUint32() === 1;
    const bytes = outOfBand ? this.outOfBand[this.readUint32()] : (this.readRawBytes(this.readUint32()) as Buffer);
    return viewOver(type, bytes);
  }
}

/** A view of the right type over `bytes`, without a copy when alignment allows. */
function viewOver(type: number, bytes: Buffer): ArrayBufferView {
  if (type === BUFFER_TYPE) return bytes;
  const ctor = VIEW_TYPES[type];
  if (type === DATAVIEW_TYPE) return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = (ctor as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  const TypedCtor = ctor as unknown as new (buffer: ArrayBufferLike, offset?: number, length?: number) => ArrayBufferView;
  if (bytes.byteOffset % size === 0) return new TypedCtor(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  return new TypedCtor(aligned.buffer, 0, bytes.byteLength / size);
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;
const ZEROS = Buffer.alloc(8);

/** The parts of one message (gathered into one NNG message by the native send). */
export type MessageParts = (Buffer | ArrayBufferView)[];

/** Serialises `value` as a message of `kind`. Throws a TypeError naming the part of `what`
 * that cannot be serialised; nothing is sent then. */
export function encode(kind: number, value: unknown, what = 'value', tag = 0): MessageParts {
  const custom = activeCodec();
  let flags = 0;
  if (custom && custom.applies(value)) {
    value = custom.wrap(value);
    flags |= FLAG_CUSTOM;
  }
  let written: { payload: Buffer; oob: ArrayBufferView[] };
  try {
    written = writePayload(value);
  } catch (error) {
    throw unserialisable(value, what, error);
  }
  const { payload, oob } = written;
  const header = Buffer.allocUnsafe(HEADER + 8 * oob.length);
  header.writeUInt8(kind, 0);
  header.writeUInt8(flags, 1);
  header.writeUInt16LE(0, 2);
  header.writeUInt32LE(payload.length, 4);
  header.writeUInt32LE(oob.length, 8);
  header.writeUInt32LE(tag >>> 0, 12);
  const parts: MessageParts = [header, payload];
  if (oob.length === 0) return parts;
  oob.forEach((view, i) => header.writeDoubleLE(view.byteLength, HEADER + 8 * i));
  let at = header.length + payload.length;
  for (const view of oob) {
    const gap = pad8(at);
    if (gap) parts.push(ZEROS.subarray(0, gap));
    parts.push(view);
    at += gap + view.byteLength;
  }
  return parts;
}

/** Plain values are written without a v8.Serializer (see plainSerializer.ts for why). */
function writePayload(value: unknown): { payload: Buffer; oob: ArrayBufferView[] } {
  const plain = serializePlain(value);
  if (plain) return { payload: plain, oob: [] };
  const writer = new Writer();
  writer.writeHeader();
  writer.writeValue(value);
  return { payload: writer.releaseBuffer(), oob: writer.outOfBand };
}

export interface Decoded {
  kind: number;
  tag: number;
  value: unknown;
}

/** The kind and tag of a message, read without decoding it; `offset` for one inside a batch. */
export function peek(message: Buffer, offset = 0): { kind: number; tag: number } {
  if (message.length < offset + HEADER) throw new Error(`mirai: malformed message of ${message.length - offset} bytes`);
  return { kind: message.readUInt8(offset), tag: message.readUInt32LE(offset + 12) };
}

/** Reads a message made by `encode`. Large binary parts come back as views of `message`.
 * `prepare` sees the value before custom serialisers are undone (a task carries them). */
export function decode(message: Buffer, prepare?: (raw: unknown, custom: boolean) => void): Decoded {
  if (message.length < HEADER) throw new Error(`mirai: malformed message of ${message.length} bytes`);
  const kind = message.readUInt8(0);
  const flags = message.readUInt8(1);
  const payloadLength = message.readUInt32LE(4);
  const count = message.readUInt32LE(8);
  let at = HEADER + 8 * count;
  const payload = message.subarray(at, at + payloadLength);
  at += payloadLength;
  const outOfBand: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    at += pad8(at);
    const length = message.readDoubleLE(HEADER + 8 * i);
    outOfBand.push(message.subarray(at, at + length));
    at += length;
  }
  const reader = new Reader(payload, outOfBand);
  reader.readHeader();
  let value = reader.readValue();
  const custom = (flags & FLAG_CUSTOM) !== 0;
  prepare?.(custom ? (value as { value: unknown }).value : value, custom);
  if (custom) value = requireCodec().unwrap(value);
  return { kind, tag: message.readUInt32LE(12), value };
}

// --- naming what cannot be serialised ------------------------------------------------

function unserialisable(value: unknown, what: string, error: unknown): TypeError {
  const found = findUnserialisable(value, what, new Set());
  const reason = error instanceof Error ? error.message : String(error);
  const where = found ?? what;
  return new TypeError(`${where} cannot be serialised (${reason.replace(/\.$/, '')}); nothing was sent`);
}

function cloneable(value: unknown): boolean {
  try {
    const writer = new Writer();
    writer.writeValue(value);
    return true;
  } catch {
    return false;
  }
}

/** The path of the first part of `value` that structured clone refuses. */
function findUnserialisable(value: unknown, path: string, seen: Set<unknown>): string | undefined {
  if (typeof value === 'function' || typeof value === 'symbol') return path;
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  const entries: [string, unknown][] =
    value instanceof Map
      ? [...value.entries()].map(([k, v]) => [`${path}.get(${String(k)})`, v])
      : value instanceof Set
        ? [...value].map((v, i) => [`${path}[set ${i}]`, v])
        : Object.keys(value).map((k) => [Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`, (value as never)[k]]);
  for (const [childPath, child] of entries) {
    if (cloneable(child)) continue;
    return findUnserialisable(child, childPath, seen) ?? childPath;
  }
  return cloneable(value) ? undefined : path;
}

// --- custom serialisers ------------------------------------------------------------------

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

interface Codec {
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

function activeCodec(): Codec | null {
  return state.codec;
}

function requireCodec(): Codec {
  if (!state.codec) throw new Error('mirai: a message uses a custom serialiser, but none is registered here');
  return state.codec;
}

/** Registers custom serialisers for a class (both directions, every compute profile);
 * `null` resets; no argument reads the current registration. */
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

