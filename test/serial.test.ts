// Values on the wire: structured clone both ways (Maps, Sets, Dates, typed arrays, BigInt,
// Buffers, cycles, 200 MB), custom serialisers for a class, and what cannot be serialised.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, everywhere, mirai, serialization, type SerializationConfig } from '../src/index';
import { openSocket } from '../src/nng';
import { throwsLike, withTimeout } from './helpers';
import { daemonPids, killAll, startsNothing } from './processes';

type Globals = Record<string, unknown>;

const test = suite('values on the wire');
const seen = new Set<number>();

test.before(async () => {
  await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  for (const pid of await daemonPids(2)) seen.add(pid);
});

test.after(async () => {
  serialization(null);
  for (const compute of ['default', 'fresh']) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
  killAll(seen);
});

function echo<T>(value: T, label: string, ms = 10_000): Promise<T> {
  return withTimeout(Promise.resolve(mirai((v: unknown) => v, {}, { args: [value] })), ms, label) as Promise<T>;
}

test('Maps, Sets, Dates, RegExps, BigInt and special numbers cross both ways', async () => {
  const value = {
    map: new Map<unknown, unknown>([['a', 1], [2, { b: [3] }]]),
    set: new Set([1, 'two', 3n]),
    date: new Date('2024-02-29T12:34:56.789Z'),
    regexp: /mi+rai/gi,
    big: 2n ** 100n,
    numbers: [NaN, -0, Infinity, -Infinity, 0.1],
    nothing: [null, undefined],
    nested: { deep: { deeper: ['x'] } },
  };
  assert.equal(await echo(value, 'echo'), value);
  const made = await withTimeout(Promise.resolve(mirai(() => ({
    map: new Map([[1, new Set(['s'])]]),
    date: new Date(0),
    big: -(10n ** 30n),
  }))), 5000, 'made in the daemon');
  assert.instance(made.map, Map);
  assert.instance(made.map.get(1), Set);
  assert.instance(made.date, Date);
  assert.is(made.date.getTime(), 0);
  assert.is(made.big, -(10n ** 30n));
});

test('data arrives as the same kinds of value in the daemon', async () => {
  const kinds = await withTimeout(Promise.resolve(mirai(() => {
    const g = globalThis as Globals;
    return [
      g.m instanceof Map,
      g.s instanceof Set,
      g.d instanceof Date,
      g.f instanceof Float64Array,
      g.i instanceof BigInt64Array,
      Buffer.isBuffer(g.b),
      g.u instanceof Uint8Array && !Buffer.isBuffer(g.u),
      typeof g.n,
    ];
  }, {
    m: new Map(), s: new Set(), d: new Date(), f: new Float64Array(2), i: new BigInt64Array(2),
    b: Buffer.from('b'), u: new Uint8Array(2), n: 1n,
  })), 5000, 'kinds');
  assert.equal(kinds, [true, true, true, true, true, true, true, 'bigint']);
});

test('typed arrays, Buffers and DataViews keep their type, contents and length, small or large', async () => {
  for (const length of [3, 100_000]) {
    const f64 = Float64Array.from({ length }, (_, i) => i / 3);
    const i64 = BigInt64Array.from({ length }, (_, i) => BigInt(i) * -(2n ** 40n));
    const buf = Buffer.alloc(length * 2, 7);
    const u8 = Uint8Array.from({ length }, (_, i) => i % 256);
    const i16 = Int16Array.from({ length }, (_, i) => -i);
    const view = new DataView(new ArrayBuffer(16));
    view.setFloat64(8, Math.PI);
    const back = await echo({ f64, i64, buf, u8, i16, view }, `typed arrays of ${length}`);
    assert.instance(back.f64, Float64Array);
    assert.instance(back.i64, BigInt64Array);
    assert.ok(Buffer.isBuffer(back.buf), 'a Buffer stays a Buffer');
    assert.instance(back.u8, Uint8Array);
    assert.not.ok(Buffer.isBuffer(back.u8), 'a Uint8Array stays a Uint8Array');
    assert.instance(back.i16, Int16Array);
    assert.instance(back.view, DataView);
    assert.equal(back.f64, f64);
    assert.equal(back.i64, i64);
    assert.ok(back.buf.equals(buf));
    assert.equal(back.u8, u8);
    assert.equal(back.i16, i16);
    assert.is(back.view.getFloat64(8), Math.PI);
  }
});

test('views into a larger buffer, at odd offsets, cross as just their bytes', async () => {
  const backing = Buffer.alloc(200_000);
  for (let i = 0; i < backing.length; i++) backing[i] = i % 251;
  const odd = backing.subarray(3, 100_003);
  const floats = new Float64Array(backing.buffer, backing.byteOffset + 8, 1000);
  const back = await echo({ odd, floats }, 'views');
  assert.is(back.odd.length, 100_000);
  assert.ok(back.odd.equals(odd));
  assert.instance(back.floats, Float64Array);
  assert.is(back.floats.length, 1000);
  assert.equal(back.floats, floats);
});

test('nested cycles and shared references survive', async () => {
  const a: Globals = { name: 'a' };
  const b: Globals = { name: 'b', a };
  a.b = b;
  a.self = a;
  const list: unknown[] = [a, b];
  list.push(list);
  const map = new Map<string, unknown>([['a', a]]);
  a.map = map;
  const back = (await echo({ list, map }, 'cycles')) as { list: unknown[]; map: Map<string, Globals> };
  const [a2, b2] = back.list as Globals[];
  assert.is(a2.self, a2);
  assert.is((a2.b as Globals).a, a2);
  assert.is(b2, a2.b);
  assert.is(back.list[2], back.list);
  assert.is(back.map.get('a'), a2);
  assert.is(a2.map, back.map);
  const made = await withTimeout(Promise.resolve(mirai(() => {
    const o: Globals = {};
    o.me = o;
    return o;
  })), 5000, 'a cycle made in the daemon');
  assert.is((made as Globals).me, made);
});

test('a 200 MB Buffer makes the round trip intact', async () => {
  const big = Buffer.allocUnsafe(200 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
  const hash = createHash('sha256').update(big).digest('hex');
  const [daemonHash, back] = (await withTimeout(
    Promise.resolve(mirai((b: Buffer) => [require('node:crypto').createHash('sha256').update(b).digest('hex'), b], {}, { args: [big] })),
    60_000,
    '200 MB round trip',
  )) as [string, Buffer];
  assert.is(daemonHash, hash, 'the daemon received it intact');
  assert.ok(Buffer.isBuffer(back));
  assert.is(back.length, big.length);
  assert.is(createHash('sha256').update(back).digest('hex'), hash, 'and it came back intact');
});

test('a large typed array arrives as a view of the received message, not a copy', async () => {
  const data = new Float64Array(1 << 20).fill(1.5);
  const back = (await echo(data, 'a large Float64Array')) as Float64Array;
  assert.equal(back.length, data.length);
  assert.is(back[12345], 1.5);
  assert.ok(back.buffer.byteLength > back.byteLength, 'the array shares the buffer of the whole message');
});

test('a refused mirai sends nothing: the daemons answer the next one normally', async () => {
  throwsLike(() => mirai(() => 1, { fn: () => 2 }), TypeError, /data\.fn cannot be serialised/);
  assert.equal(await withTimeout(collectMirai([mirai(() => 'next'), mirai(() => 'and next')]), 5000, 'next'), ['next', 'and next']);
});

test.run();

// --- what cannot be serialised -------------------------------------------------------------

const refuse = suite('unserialisable values');
// No daemons for this profile: a mirai that got as far as sending would start a process.
const options = { compute: 'nowhere' };

refuse.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

refuse('a function or a Symbol in data or args is a TypeError naming the key; nothing is sent', startsNothing(() => {
  throwsLike(() => mirai(() => 1, { fn: () => 2 }, options), TypeError, /^data\.fn cannot be serialised.*nothing was sent/);
  throwsLike(() => mirai(() => 1, { sym: Symbol('s') }, options), TypeError, /^data\.sym cannot be serialised/);
  throwsLike(() => mirai(() => 1, { ok: 1, a: { b: [1, { fn: () => 2 }] } }, options), TypeError, /^data\.a\.b\[1\]\.fn cannot be serialised/);
  throwsLike(() => mirai(() => 1, { m: new Map([['k', () => 1]]) }, options), TypeError, /^data\.m\.get\(k\) cannot be serialised/);
  throwsLike(() => mirai((a: unknown, b: unknown) => [a, b], {}, { ...options, args: [1, Symbol('s')] }), TypeError, /^options\.args\[1\] cannot be serialised/);
}));

refuse('for a string expr, the name in options.args that cannot be serialised is named', startsNothing(() => {
  throwsLike(() => mirai('x + y', {}, { ...options, args: { x: 1, y: () => 1 } }), TypeError, /^options\.args\.y cannot be serialised/);
}));

refuse('a socket in data is a TypeError naming the key; nothing is sent', startsNothing(() => {
  const socket = openSocket('req');
  try {
    throwsLike(() => mirai(() => 1, { socket }, options), TypeError, /^data\.socket\b.*cannot be serialised/);
  } finally {
    socket.close();
  }
}));

refuse.run();

// --- custom serialisers ------------------------------------------------------------------

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

/** The class the daemons get (by everywhere): same name, same shape. */
const DAEMON_POINT = `globalThis.Point = class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  norm() { return Math.hypot(this.x, this.y); }
}`;

const pointConfig: SerializationConfig<Point> = {
  class: Point,
  serialize: (p: Point) => Buffer.from(`${p.x},${p.y}`),
  deserialize: (bytes: Uint8Array) => {
    const [x, y] = Buffer.from(bytes).toString().split(',').map(Number);
    // The host and daemons each find their own Point; a daemon without one gets the fields.
    const C = (globalThis as Record<string, unknown>).Point as (new (x: number, y: number) => Point) | undefined;
    return C ? new C(x, y) : ({ x, y } as Point);
  },
};

const custom = suite('custom serialisers');

custom.before(async () => {
  (globalThis as Globals).Point = Point;
  await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  for (const pid of await daemonPids(2)) seen.add(pid);
});

custom.after.each(() => {
  serialization(null);
});

custom.after(async () => {
  delete (globalThis as Globals).Point;
  for (const compute of ['default', 'fresh']) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
  killAll(seen);
});

custom('an instance of a registered class crosses both ways as an instance', async () => {
  assert.is(serialization(pointConfig as SerializationConfig), pointConfig);
  await withTimeout(everywhere(DAEMON_POINT), 10_000, 'everywhere Point');
  const m = mirai((p: Point, more: { list: Point[]; map: Map<string, Point> }) => {
    const P = (globalThis as Record<string, unknown>).Point as new (x: number, y: number) => Point;
    return {
      arrived: [p instanceof P, p.norm(), more.list.every((q) => q instanceof P), more.map.get('k') instanceof P],
      fromData: (globalThis as Record<string, unknown>).origin instanceof P,
      made: [new P(p.y, p.x), new Map([['m', new P(1, 1)]])],
    };
  }, { origin: new Point(0, 0) }, { args: [new Point(3, 4), { list: [new Point(1, 2)], map: new Map([['k', new Point(5, 6)]]) }] });
  const result = (await withTimeout(Promise.resolve(m), 5000, 'points')) as { arrived: unknown[]; fromData: boolean; made: [Point, Map<string, Point>] };
  assert.equal(result.arrived, [true, 5, true, true], 'instances in the daemon (args, nested, in a Map)');
  assert.ok(result.fromData, 'an instance in data');
  const [made, inMap] = result.made;
  assert.instance(made, Point, 'an instance made in the daemon arrives as one');
  assert.equal([made.x, made.y], [4, 3]);
  assert.instance(inMap.get('m'), Point);
});

custom('serialization() reads the registration; serialization(null) resets it', async () => {
  assert.is(serialization(), null, 'nothing registered');
  serialization(pointConfig as SerializationConfig);
  assert.is(serialization(), pointConfig as SerializationConfig);
  assert.is(serialization(null), null);
  assert.is(serialization(), null);
  await withTimeout(everywhere(DAEMON_POINT), 10_000, 'everywhere Point');
  const [arrivedPlain, made] = (await withTimeout(Promise.resolve(mirai((p: Point) => {
    const P = (globalThis as Record<string, unknown>).Point as new (x: number, y: number) => Point;
    return [Object.getPrototypeOf(p) === Object.prototype, new P(1, 1)];
  }, {}, { args: [new Point(1, 2)] })), 5000, 'after reset')) as [boolean, Point];
  assert.ok(arrivedPlain, 'without serialisers an instance crosses as a plain object');
  assert.not.instance(made, Point);
  assert.equal({ ...made }, { x: 1, y: 1 });
});

custom('vec: true gives every instance of a message to one call', async () => {
  const calls: number[] = [];
  (globalThis as Globals).miraiVecCalls = calls;
  try {
    serialization({
      class: Point,
      vec: true,
      serialize: (points: Point[]) => {
        ((globalThis as Record<string, unknown>).miraiVecCalls as number[] | undefined)?.push(points.length);
        return Buffer.from(JSON.stringify(points.map((p) => [p.x, p.y])));
      },
      deserialize: (bytes: Uint8Array) => {
        const C = (globalThis as Record<string, unknown>).Point as new (x: number, y: number) => Point;
        return (JSON.parse(Buffer.from(bytes).toString()) as [number, number][]).map(([x, y]) => new C(x, y));
      },
    } as unknown as SerializationConfig);
    await withTimeout(everywhere(DAEMON_POINT), 10_000, 'everywhere Point');
    calls.length = 0;
    const back = (await withTimeout(Promise.resolve(mirai((ps: Point[]) => {
      const P = (globalThis as Record<string, unknown>).Point as new (x: number, y: number) => Point;
      return ps.every((p) => p instanceof P) ? [...ps].reverse() : 'not points';
    }, {}, { args: [[new Point(1, 2), new Point(3, 4), new Point(5, 6)]] })), 5000, 'vec')) as Point[];
    assert.equal(calls, [3], 'one call for the three instances sent');
    assert.is(back.length, 3);
    for (const p of back) assert.instance(p, Point);
    assert.equal(back.map((p) => p.x), [5, 3, 1]);
  } finally {
    delete (globalThis as Globals).miraiVecCalls;
  }
});

custom('a module a daemon\'s serialiser loads stays loaded from task to task under the default cleanup', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirai-serial-'));
  const modulePath = join(dir, 'encode-point.js');
  writeFileSync(modulePath, 'process.miraiSerialLoads = (process.miraiSerialLoads || 0) + 1;\nmodule.exports = (p) => Buffer.from(`${p.x},${p.y}`);\n');
  try {
    // Sent as source: the path is written into it. Cleanup 2 (modules) is on by default.
    const serialize = new Function('p', `return require(${JSON.stringify(modulePath)})(p);`);
    serialization({ ...pointConfig, serialize } as unknown as SerializationConfig);
    await withTimeout(daemons(1, { dispatcher: false, compute: 'loads' }), 30_000, 'daemons loads');
    await withTimeout(everywhere(DAEMON_POINT, {}, { compute: 'loads' }), 10_000, 'everywhere Point');
    for (let k = 0; k < 3; k++) {
      const made = mirai((x: number) => new ((globalThis as Record<string, unknown>).Point as new (x: number, y: number) => Point)(x, x), {}, { args: [k], compute: 'loads' });
      const point = await withTimeout(Promise.resolve(made), 10_000, `point ${k}`);
      assert.instance(point, Point);
      assert.equal([point.x, point.y], [k, k]);
    }
    const loads = mirai(() => (process as unknown as Record<string, unknown>).miraiSerialLoads, {}, { compute: 'loads' });
    assert.is(await withTimeout(Promise.resolve(loads), 10_000, 'load count'), 1, 'the module was loaded once, for the first result');
  } finally {
    await withTimeout(daemons(0, { compute: 'loads' }), 15_000, 'daemons(0) loads');
    rmSync(dir, { recursive: true, force: true });
  }
});

custom('a daemon that connects after the registration reads instances in its very first task', async () => {
  serialization(pointConfig as SerializationConfig);
  await withTimeout(daemons(1, { dispatcher: false, compute: 'fresh' }), 30_000, 'daemons fresh');
  const m = mirai((p: Point) => p.x + p.y, {}, { args: [new Point(1, 2)], compute: 'fresh' });
  assert.is(await withTimeout(Promise.resolve(m), 10_000, 'first task with an instance'), 3);
});

custom('custom serialisers apply in a fresh process (no daemons set)', async () => {
  serialization(pointConfig as SerializationConfig);
  const m = mirai((p: Point) => p.x * p.y, {}, { args: [new Point(3, 5)], compute: 'nowhere' });
  assert.is(await withTimeout(Promise.resolve(m), 20_000, 'ephemeral with an instance'), 15);
});

class Money {
  constructor(readonly cents: number) {}
}

const DAEMON_MONEY = 'globalThis.Money = class Money { constructor(cents) { this.cents = cents; } }';

const moneyConfig: SerializationConfig<Money> = {
  class: Money,
  serialize: (m: Money) => Buffer.from(String(m.cents)),
  deserialize: (bytes: Uint8Array) => {
    const C = (globalThis as Record<string, unknown>).Money as (new (cents: number) => Money) | undefined;
    const cents = Number(Buffer.from(bytes).toString());
    return C ? new C(cents) : ({ cents } as Money);
  },
};

interface Crossed {
  arrived: [boolean, boolean];
  made: [unknown, unknown];
}

/** A Point and a Money to a daemon of `compute` and back, each made anew there. */
function pointAndMoney(compute: string): Promise<Crossed> {
  const m = mirai((p: Point, money: Money) => {
    const g = globalThis as Record<string, unknown>;
    const P = g.Point as new (x: number, y: number) => Point;
    const M = g.Money as new (cents: number) => Money;
    return { arrived: [p instanceof P, money instanceof M], made: [new P(p.y, p.x), new M(money.cents * 2)] };
  }, {}, { args: [new Point(1, 2), new Money(150)], compute });
  return withTimeout(Promise.resolve(m), 10_000, `point and money on ${compute}`) as Promise<Crossed>;
}

custom('several classes for one profile both cross both ways; another profile is unaffected', async () => {
  (globalThis as Globals).Money = Money;
  try {
    await withTimeout(daemons(1, { compute: 'pair' }), 30_000, 'daemons pair (dispatcher)');
    await withTimeout(daemons(1, { dispatcher: false, compute: 'other' }), 30_000, 'daemons other');
    for (const compute of ['pair', 'other']) {
      await withTimeout(everywhere(`${DAEMON_POINT};\n${DAEMON_MONEY}`, {}, { compute }), 10_000, `everywhere ${compute}`);
    }
    const list = [pointConfig, moneyConfig] as SerializationConfig[];
    assert.is(serialization(list, { compute: 'pair' }), list);
    assert.is(serialization(undefined, { compute: 'pair' }), list, 'read back for its profile');
    assert.is(serialization(), null, 'nothing registered for every profile');
    const pair = await pointAndMoney('pair');
    assert.equal(pair.arrived, [true, true], 'both arrive as instances');
    assert.instance(pair.made[0], Point);
    assert.equal([(pair.made[0] as Point).x, (pair.made[0] as Point).y], [2, 1]);
    assert.instance(pair.made[1], Money);
    assert.is((pair.made[1] as Money).cents, 300);
    const other = await pointAndMoney('other');
    assert.equal(other.arrived, [false, false], 'plain objects where nothing is registered');
    assert.not.instance(other.made[0], Point);
    assert.not.instance(other.made[1], Money);
    // A registration for every profile does not reach one that has its own.
    serialization([moneyConfig] as SerializationConfig[], { compute: 'pair' });
    serialization(pointConfig as SerializationConfig);
    assert.equal((await pointAndMoney('pair')).arrived, [false, true], "pair's own: Money only");
    assert.equal((await pointAndMoney('other')).arrived, [true, false], 'every profile: Point');
  } finally {
    delete (globalThis as Globals).Money;
    serialization(null, { compute: 'pair' });
    for (const compute of ['pair', 'other']) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
  }
});

custom('bad registrations are refused and leave the current one in place', () => {
  serialization(pointConfig as SerializationConfig);
  throwsLike(() => serialization(5 as never), TypeError, /config must be an object, got number 5/);
  throwsLike(() => serialization({ ...pointConfig, class: 5 } as never), TypeError, /config\.class must be a function, got number 5/);
  throwsLike(() => serialization({ class: Point, deserialize: pointConfig.deserialize } as never), TypeError, /config\.serialize must be a function, got undefined/);
  throwsLike(() => serialization({ class: Point, serialize: pointConfig.serialize } as never), TypeError, /config\.deserialize must be a function, got undefined/);
  throwsLike(() => serialization({ ...pointConfig, vex: true } as never), TypeError, /config has an unknown option 'vex': did you mean 'vec'\?/);
  throwsLike(() => serialization({ ...pointConfig, vec: 'yes' } as never), TypeError, /config\.vec must be a boolean, got the string "yes"/);
  const anonymous = (() => class {})();
  throwsLike(() => serialization({ ...pointConfig, class: anonymous } as never), TypeError, /config\.class must be a named class/);
  const point = pointConfig as SerializationConfig;
  throwsLike(() => serialization([]), TypeError, /config must list at least one \{ class, serialize, deserialize \}, got an empty array/);
  throwsLike(() => serialization([point, { ...moneyConfig, serialize: 1 }] as never), TypeError, /config\[1\]\.serialize must be a function, got number 1/);
  throwsLike(() => serialization([point, 'Money'] as never), TypeError, /config\[1\] must be an object, got the string "Money"/);
  throwsLike(() => serialization([point, point]), TypeError, /config\[1\]\.class: a class named Point is listed twice/);
  throwsLike(() => serialization([point], 'pair' as never), TypeError, /options must be an object, got the string "pair"/);
  throwsLike(() => serialization([point], { comptue: 'pair' } as never), TypeError, /options has an unknown option 'comptue': did you mean 'compute'\?/);
  throwsLike(() => serialization([point], { compute: '' }), TypeError, /options\.compute must be a non-empty string/);
  assert.is(serialization(undefined, { compute: 'pair' }), null, 'nothing was registered for the profile');
  assert.is(serialization(), pointConfig as SerializationConfig, 'the registration in place is kept');
});

custom.run();
