// Plain values (primitives, plain objects and arrays, no shared references) in V8's
// serialisation format, written here rather than by v8.Serializer; read back by any
// v8.Deserializer. Why: a v8.Serializer that writes an object allocates an 8 KB zone outside
// the JS heap, freed only when the garbage collector finalises the serializer. Small tasks
// make little JS garbage, so a million queued tasks could leave hundreds of thousands of
// those zones waiting for a collection: 1 GB more on Node 24, whose young generation is four
// times Node 22's. Anything else (Maps, Dates, typed arrays, class instances, cycles, large
// values) returns undefined, and the caller uses v8.Serializer as before.
import { types } from 'node:util';
import { MAX_ARRAY, MAX_BYTES, MAX_OBJECTS, PLAIN_BYTE_ORDER, Tag, VERSION_HEADER } from './plainFormat';

const ONE_BYTE = /^[\u0000-\u00ff]*$/;

/** Thrown inside the writer when the value is not plain; never escapes. */
const NOT_PLAIN = Symbol('not plain');

class PlainWriter {
  private buffer = Buffer.allocUnsafeSlow(1024);
  private at = 0;
  /** Where the payload starts (after the caller's room). */
  private start = 0;
  /** Every object written so far: a second sighting would need a back-reference. */
  private readonly objects: object[] = [];

  write(value: unknown, room: number): Buffer {
    this.at = room;
    this.start = room;
    this.objects.length = 0;
    this.bytes(VERSION_HEADER);
    this.value(value);
    // A copy out of Node's shared pool: no allocation of its own for a small message.
    const out = Buffer.allocUnsafe(this.at);
    this.buffer.copy(out, 0, 0, this.at);
    return out;
  }

  private value(value: unknown): void {
    switch (typeof value) {
      case 'undefined':
        return this.byte(Tag.Undefined);
      case 'boolean':
        return this.byte(value ? Tag.True : Tag.False);
      case 'number':
        return this.number(value);
      case 'string':
        return this.string(value);
      case 'object':
        if (value === null) return this.byte(Tag.Null);
        this.claim(value);
        if (Array.isArray(value)) return this.array(value);
        return this.object(value);
      default:
        throw NOT_PLAIN; // bigint, symbol, function
    }
  }

  private number(n: number): void {
    if ((n | 0) === n && !Object.is(n, -0)) {
      this.byte(Tag.Int32);
      this.varint(((n << 1) ^ (n >> 31)) >>> 0);
    } else {
      this.byte(Tag.Double);
      this.room(8);
      this.at = this.buffer.writeDoubleLE(n, this.at);
    }
  }

  private string(s: string): void {
    if (s.length > MAX_BYTES) throw NOT_PLAIN;
    if (ONE_BYTE.test(s)) {
      this.byte(Tag.OneByteString);
      this.varint(s.length);
      this.room(s.length);
      this.at += this.buffer.write(s, this.at, 'latin1');
      return;
    }
    const length = s.length * 2;
    // V8 keeps two-byte characters 2-aligned from the start of the payload.
    if ((this.at - this.start + 1 + varintSize(length)) & 1) this.byte(Tag.Padding);
    this.byte(Tag.TwoByteString);
    this.varint(length);
    this.room(length);
    this.at += this.buffer.write(s, this.at, 'utf16le');
  }

  /** Plain, not a proxy, not seen before (shared or cyclic), and not too many. */
  private claim(value: object): void {
    if (this.objects.length >= MAX_OBJECTS || types.isProxy(value) || this.objects.includes(value)) throw NOT_PLAIN;
    this.objects.push(value);
  }

  private array(array: unknown[]): void {
    const length = array.length;
    if (Object.getPrototypeOf(array) !== Array.prototype || length > MAX_ARRAY) throw NOT_PLAIN;
    // No holes and no named properties: a dense array, as V8 would write it.
    if (Object.keys(array).length !== length) throw NOT_PLAIN;
    for (let i = 0; i < length; i++) if (!(i in array)) throw NOT_PLAIN;
    this.byte(Tag.BeginDenseArray);
    this.varint(length);
    for (let i = 0; i < length; i++) this.value(array[i]);
    this.byte(Tag.EndDenseArray);
    this.varint(0);
    this.varint(length);
  }

  private object(object: object): void {
    if (Object.getPrototypeOf(object) !== Object.prototype) throw NOT_PLAIN;
    const keys = Object.keys(object);
    this.byte(Tag.BeginObject);
    for (const key of keys) {
      this.string(key);
      this.value((object as Record<string, unknown>)[key]);
    }
    this.byte(Tag.EndObject);
    this.varint(keys.length);
  }

  private byte(b: number): void {
    this.room(1);
    this.buffer[this.at++] = b;
  }

  private bytes(b: Buffer): void {
    this.room(b.length);
    this.at += b.copy(this.buffer, this.at);
  }

  private varint(n: number): void {
    this.room(5);
    while (n >= 0x80) {
      this.buffer[this.at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buffer[this.at++] = n;
  }

  private room(n: number): void {
    const need = this.at + n;
    if (need > MAX_BYTES) throw NOT_PLAIN;
    if (need <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.min(MAX_BYTES, Math.max(need, this.buffer.length * 2)));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n >>>= 7;
    size++;
  }
  return size;
}

const writer = new PlainWriter();
/** A getter run while writing could serialise too: the nested call goes to v8.Serializer. */
let busy = false;

/** `value` in V8's format (header included) if it is plain and small; otherwise undefined.
 * The first `room` bytes are left for the caller (a message header, in the same Buffer). */
export function serializePlain(value: unknown, room = 0): Buffer | undefined {
  if (busy || !PLAIN_BYTE_ORDER) return undefined;
  busy = true;
  try {
    return writer.write(value, room);
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  } finally {
    busy = false;
  }
}
