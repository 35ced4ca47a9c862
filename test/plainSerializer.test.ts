// Plain values written without a v8.Serializer read back, through V8's own deserializer, as the
// same values V8's serializer would give; anything not plain is left to V8.
import * as v8 from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serializePlain } from '../src/plainSerializer';

const PLAIN: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['booleans', [true, false]],
  ['small and negative integers', [0, 1, -1, 63, 64, -65, 2 ** 30, -(2 ** 31), 2 ** 31 - 1]],
  ['doubles and the edges of int32', [0.5, -0.0, 2 ** 31, -(2 ** 31) - 1, 1e308, Number.MIN_VALUE, NaN, Infinity, -Infinity]],
  ['one-byte strings', ['', 'a', 'hello world', 'é ß ÿ', 'x'.repeat(1000)]],
  ['two-byte strings at odd and even offsets', ['π', 'aπ', 'abπ', '日本語', 'emoji 😀', '\ud800 lone surrogate']],
  ['nested objects and arrays', { a: 1, b: [1, 'two', { three: [3] }], c: { d: { e: null } }, '': 'empty key' }],
  ['integer-like keys', { 0: 'zero', 1: 'one', x: 2, '-1': 'minus' }],
  ['a task as mirai sends it', { id: 7, src: '(a, b) => a + b', fn: true, names: null, data: null, args: [1, 2], serial: null }],
  ['an empty object and array', [{}, []]],
];

/** Not plain, or too large: each must come back undefined, for v8.Serializer to write. */
const NOT_PLAIN: [string, unknown][] = [
  ['a Map', new Map([[1, 2]])],
  ['a Date', new Date(0)],
  ['a typed array', new Uint8Array(4)],
  ['a BigInt', 10n],
  ['a class instance', new (class Point { x = 1 })()],
  ['an object without a prototype', Object.create(null)],
  ['a shared reference', ((shared) => [shared, shared])({ s: 1 })],
  ['a cycle', (() => { const o: Record<string, unknown> = {}; o.self = o; return o; })()],
  ['a sparse array', [1, , 3]],
  ['an array with a named property', Object.assign([1, 2], { extra: true })],
  ['a value over 16 KB', 'x'.repeat(20_000)],
];

for (const [name, value] of PLAIN) {
  test(`plain: ${name} reads back as v8.serialize's bytes would`, () => {
    const written = serializePlain(value);
    assert.ok(written, 'written without a v8.Serializer');
    const expected = v8.deserialize(v8.serialize(value));
    assert.equal(v8.deserialize(written!), expected);
    if (typeof value === 'number' && Object.is(value, -0)) assert.ok(Object.is(v8.deserialize(written!), -0), '-0 kept');
  });
}

for (const [name, value] of NOT_PLAIN) {
  test(`not plain: ${name} is left to v8.Serializer`, () => {
    assert.is(serializePlain(value), undefined);
  });
}

test('a getter that throws: the error reaches the caller', () => {
  const value = { get boom() { throw new RangeError('from the getter'); } };
  assert.throws(() => serializePlain(value), /from the getter/);
});

test.run();
