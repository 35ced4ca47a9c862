// Plain values read back without a v8.Deserializer: the subset plainSerializer.ts writes
// (primitives, plain objects and arrays), in V8's format. Why: a v8.Deserializer is a native
// object made and collected per message, which costs a small task's reply more than reading
// it. Anything else (another tag, another format version, back-references, more objects than
// plainSerializer writes, a malformed message) gives NOT_PLAIN, and the caller reads the
// payload with v8.Deserializer as before, which also reports any error.
import { MAX_ARRAY, MAX_BYTES, MAX_OBJECTS, PLAIN_BYTE_ORDER, Tag, VERSION_HEADER } from './plainFormat';

/** What {@link deserializePlain} gives for a payload it does not read. */
export const NOT_PLAIN: unique symbol = Symbol('not plain');

/** Thrown inside the reader when it stops; never escapes. */
const UNREADABLE = Symbol('unreadable');

class PlainReader {
  private at = 0;
  private objects = 0;

  constructor(private readonly payload: Buffer) {}

  read(): unknown {
    for (let i = 0; i < VERSION_HEADER.length; i++) if (this.payload[i] !== VERSION_HEADER[i]) throw UNREADABLE;
    this.at = VERSION_HEADER.length;
    return this.value(this.tag());
  }

  private value(tag: number): unknown {
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.True:
        return true;
      case Tag.False:
        return false;
      case Tag.Int32:
      case Tag.Double:
      case Tag.OneByteString:
      case Tag.TwoByteString:
        return this.primitive(tag);
      case Tag.BeginDenseArray:
        return this.array();
      case Tag.BeginObject:
        return this.object();
      default:
        throw UNREADABLE;
    }
  }

  private primitive(tag: number): number | string {
    if (tag === Tag.Int32) {
      const zigzag = this.varint();
      return (zigzag >>> 1) ^ -(zigzag & 1);
    }
    if (tag === Tag.Double) {
      this.need(8);
      const n = this.payload.readDoubleLE(this.at);
      this.at += 8;
      return n;
    }
    const length = this.varint();
    this.need(length);
    if (tag === Tag.TwoByteString && length % 2 !== 0) throw UNREADABLE;
    const text = this.payload.toString(tag === Tag.OneByteString ? 'latin1' : 'utf16le', this.at, this.at + length);
    this.at += length;
    return text;
  }

  private array(): unknown[] {
    this.counted();
    const length = this.varint();
    if (length > MAX_ARRAY) throw UNREADABLE;
    const array: unknown[] = [];
    for (let i = 0; i < length; i++) array.push(this.value(this.tag()));
    if (this.tag() !== Tag.EndDenseArray || this.varint() !== 0 || this.varint() !== length) throw UNREADABLE;
    return array;
  }

  private object(): Record<string, unknown> {
    this.counted();
    const object: Record<string, unknown> = {};
    let properties = 0;
    for (let tag = this.tag(); tag !== Tag.EndObject; tag = this.tag()) {
      const key = this.primitive(tag === Tag.Int32 || tag === Tag.OneByteString || tag === Tag.TwoByteString ? tag : this.unreadable());
      // V8 refuses a key twice, and defines each property where an assignment would reach an
      // inherited one (__proto__, a setter, a frozen Object.prototype): both are left to it.
      if (key in object) throw UNREADABLE;
      object[key] = this.value(this.tag());
      properties++;
    }
    if (this.varint() !== properties) throw UNREADABLE;
    return object;
  }

  private counted(): void {
    if (++this.objects > MAX_OBJECTS) throw UNREADABLE;
  }

  /** The next tag, past any padding. */
  private tag(): number {
    let tag: number;
    do {
      this.need(1);
      tag = this.payload[this.at++];
    } while (tag === Tag.Padding);
    return tag;
  }

  private varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const byte = this.payload[this.at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value > 0xffffffff ? this.unreadable() : value;
    }
    return this.unreadable();
  }

  private need(bytes: number): void {
    if (this.at + bytes > this.payload.length) throw UNREADABLE;
  }

  private unreadable(): never {
    throw UNREADABLE;
  }
}

/** The plain value `payload` (V8's format, header included) holds, or NOT_PLAIN. */
export function deserializePlain(payload: Buffer): unknown {
  // Beyond what the writer writes, V8's own cost is small beside the message's.
  if (payload.length > MAX_BYTES || !PLAIN_BYTE_ORDER) return NOT_PLAIN;
  try {
    return new PlainReader(payload).read();
  } catch (error) {
    if (error === UNREADABLE) return NOT_PLAIN;
    throw error;
  }
}
