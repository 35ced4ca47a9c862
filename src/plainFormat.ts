// The part of V8's serialisation format that plain values use, shared by the writer
// (plainSerializer.ts) and the reader (plainDeserializer.ts): its tags, the version header this
// Node writes, and how much either handles before leaving a value to V8.
import { endianness } from 'node:os';
import { serialize } from 'node:v8';

/** V8's version header (0xFF, version), as this Node's serializer writes it. */
export const VERSION_HEADER = serialize(null).subarray(0, -1);

/** Each value's first byte. */
export const Tag = {
  Padding: 0x00,
  Undefined: 0x5f, // _
  Null: 0x30, // 0
  True: 0x54, // T
  False: 0x46, // F
  Int32: 0x49, // I
  Double: 0x4e, // N
  OneByteString: 0x22, // "
  TwoByteString: 0x63, // c
  BeginObject: 0x6f, // o
  EndObject: 0x7b, // {
  BeginDenseArray: 0x41, // A
  EndDenseArray: 0x24, // $
} as const;

/** Past these, V8's own cost is small beside the message's: it writes and reads the value. */
export const MAX_BYTES = 16 * 1024;
export const MAX_OBJECTS = 64;
export const MAX_ARRAY = 1024;

/** V8 writes doubles and two-byte strings in the machine's byte order; the plain writer and
 * reader use little-endian, so elsewhere every value is left to V8. */
export const PLAIN_BYTE_ORDER = endianness() === 'LE';
