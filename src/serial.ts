// The codec: values cross the wire with V8's structured clone, large binary data out of band
// (one copy in, none out), registered classes through their custom serialisers.
import * as v8 from 'node:v8';
import { deserializePlain, NOT_PLAIN } from './plainDeserializer';
import { serializePlain } from './plainSerializer';
import { fillHeader, FLAG_CUSTOM, HEADER, pad8, padding, readHeader, writeHeader, type MessageParts } from './protocol';
import { activeCodec, requireCodec } from './serialization';

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

/** Serialises `value` as a message of `kind`, registered classes through `custom` (by
 * default the codec in force here). Throws a TypeError naming the part of `what` that cannot
 * be serialised; nothing is sent then. */
export function encode(kind: number, value: unknown, what = 'value', tag = 0, custom = activeCodec()): MessageParts {
  let flags = 0;
  if (custom && custom.applies(value)) {
    value = custom.wrap(value);
    flags |= FLAG_CUSTOM;
  }
  let written: { payload: Buffer; oob: ArrayBufferView[] } | Buffer;
  try {
    written = writePayload(value);
  } catch (error) {
    throw unserialisable(value, what, error);
  }
  if (Buffer.isBuffer(written)) {
    fillHeader(written, { kind, flags, payloadLength: written.length - HEADER, count: 0, tag });
    return [written];
  }
  const { payload, oob } = written;
  const header = writeHeader({ kind, flags, payloadLength: payload.length, count: oob.length, tag });
  const parts: MessageParts = [header, payload];
  if (oob.length === 0) return parts;
  oob.forEach((view, i) => header.writeDoubleLE(view.byteLength, HEADER + 8 * i));
  let at = header.length + payload.length;
  for (const view of oob) {
    const gap = pad8(at);
    if (gap) parts.push(padding(gap));
    parts.push(view);
    at += gap + view.byteLength;
  }
  return parts;
}

/** Plain values are written without a v8.Serializer (see plainSerializer.ts for why), after
 * room for the header: the whole message, in one Buffer. */
function writePayload(value: unknown): { payload: Buffer; oob: ArrayBufferView[] } | Buffer {
  const plain = serializePlain(value, HEADER);
  if (plain) return plain;
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

/** Reads a message made by `encode`. Large binary parts come back as views of `message`.
 * `prepare` sees the value before custom serialisers are undone (a task carries them). A
 * message whose lengths reach past its end is refused (throws) before anything is read. */
export function decode(message: Buffer, prepare?: (raw: unknown, custom: boolean) => void): Decoded {
  const { kind, flags, payloadLength, count, tag } = readHeader(message);
  let at = HEADER + 8 * count;
  within(message, at + payloadLength);
  const payload = message.subarray(at, at + payloadLength);
  at += payloadLength;
  const outOfBand: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    at += pad8(at);
    const length = message.readDoubleLE(HEADER + 8 * i);
    if (!Number.isSafeInteger(length) || length < 0) throw new Error(`mirai: malformed message: a part of ${length} bytes`);
    within(message, at + length);
    outOfBand.push(message.subarray(at, at + length));
    at += length;
  }
  let value = count === 0 ? deserializePlain(payload) : NOT_PLAIN;
  if (value === NOT_PLAIN) {
    const reader = new Reader(payload, outOfBand);
    reader.readHeader();
    value = reader.readValue();
  }
  const custom = (flags & FLAG_CUSTOM) !== 0;
  prepare?.(custom ? (value as { value: unknown }).value : value, custom);
  if (custom) value = requireCodec(value).unwrap(value);
  return { kind, tag, value };
}

/** Throws unless `message` has `end` bytes at least (a reply may end with a trailer). */
function within(message: Buffer, end: number): void {
  if (end > message.length) throw new Error(`mirai: malformed message: its lengths add up to ${end} bytes, it has ${message.length}`);
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

