// Plain values read without a v8.Deserializer: the same values V8's deserializer gives, from
// this library's writer and from V8's own serializer; anything else, or anything malformed, is
// left to V8 (NOT_PLAIN), never misread.
import * as v8 from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deserializePlain, NOT_PLAIN } from '../src/plainDeserializer';
import { serializePlain } from '../src/plainSerializer';
import { seededRandom } from './helpers';

const PLAIN: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['booleans', [true, false]],
  ['integers at the edges of int32', [0, 1, -1, 63, 64, -65, 2 ** 30, -(2 ** 31), 2 ** 31 - 1]],
  ['doubles', [0.5, 2 ** 31, -(2 ** 31) - 1, 1e308, Number.MIN_VALUE, NaN, Infinity, -Infinity]],
  ['one-byte strings', ['', 'a', 'é ß ÿ', 'x'.repeat(1000)]],
  ['two-byte strings at odd and even offsets', ['π', 'aπ', 'abπ', '日本語', 'emoji 😀', '\ud800 lone surrogate']],
  ['nested objects and arrays', { a: 1, b: [1, 'two', { three: [3] }], c: { d: { e: null } }, '': 'empty key' }],
  ['integer-like keys', { 0: 'zero', 1: 'one', x: 2, '-1': 'minus' }],
  ['a task as mirai sends it', { id: 7, src: '(a, b) => a + b', fn: true, names: null, data: null, args: [1, 2], serial: null }],
  ['an empty object and array', [{}, []]],
];

for (const [name, value] of PLAIN) {
  test(`plain: ${name}, from this library's writer and from V8's, reads as v8.deserialize reads it`, () => {
    for (const bytes of [serializePlain(value)!, v8.serialize(value)]) {
      const read = deserializePlain(bytes);
      assert.is.not(read, NOT_PLAIN, 'read without a v8.Deserializer');
      assert.equal(read, v8.deserialize(bytes));
    }
  });
}

test('-0 stays -0', () => {
  assert.ok(Object.is(deserializePlain(v8.serialize(-0)), -0));
});

/** Not plain: V8 reads these; the plain reader leaves them to it. */
const LEFT_TO_V8: [string, unknown][] = [
  ['a Map', new Map([[1, 2]])],
  ['a Date', new Date(0)],
  ['a BigInt', 10n],
  ['a shared reference', ((shared) => [shared, shared])({ s: 1 })],
  ['a sparse array', [1, , 3]],
  ['an array with a named property', Object.assign([1, 2], { extra: true })],
  ['an array over 1,024 elements', Array.from({ length: 1025 }, (_, i) => i)],
  ['objects nested past 64', JSON.parse(`${'{"a":'.repeat(70)}1${'}'.repeat(70)}`)],
  ['a key that would set the prototype', JSON.parse('{"__proto__": {"polluted": true}}')],
  ['a key an object inherits (assigned, it would reach Object.prototype)', { toString: 'mine', constructor: 1 }],
  ['a payload over 16 KB', 'x'.repeat(20_000)],
];

for (const [name, value] of LEFT_TO_V8) {
  test(`left to V8: ${name}`, () => {
    assert.is(deserializePlain(v8.serialize(value)), NOT_PLAIN);
  });
}

test('a key given twice, which V8 refuses, is left to V8', () => {
  const bytes = Buffer.from(v8.serialize({ a: 1, b: 2 }));
  bytes[bytes.indexOf(Buffer.from('"\u0001b')) + 2] = 0x61; // the key "b" becomes a second "a"
  assert.throws(() => v8.deserialize(bytes));
  assert.is(deserializePlain(bytes), NOT_PLAIN);
});

test('another format version is left to V8', () => {
  const bytes = Buffer.from(v8.serialize({ a: 1 }));
  bytes[1] = bytes[1] - 1;
  assert.is(deserializePlain(bytes), NOT_PLAIN);
});

test('every truncation and 20,000 seeded corruptions: the same value as V8 reads, or left to V8', () => {
  const random = seededRandom(0x706c61);
  const value = { id: 12, src: 'x => x + 1', names: ['a', 'β'], args: [1.5, -3, 'text', null, true, [{}]] };
  const whole = v8.serialize(value);
  const corrupted = Array.from({ length: whole.length }, (_, n) => whole.subarray(0, n));
  for (let i = 0; i < 20_000; i++) {
    const bytes = Buffer.from(whole);
    for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    corrupted.push(bytes);
  }
  for (const bytes of corrupted) {
    const read = deserializePlain(bytes);
    if (read === NOT_PLAIN) continue;
    let expected: unknown;
    try {
      expected = v8.deserialize(bytes);
    } catch {
      assert.unreachable(`read ${JSON.stringify(read)} from bytes V8 refuses: ${bytes.toString('hex')}`);
    }
    assert.equal(read, expected, bytes.toString('hex'));
  }
});

test.run();
