// miraiMap(): one mirai per element of an array, record, Map or (async) iterable; results in
// the input's shape with failures in place, early stop, async iteration in completion order,
// promise callbacks, back-pressure on lazy sources, and the group functions.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  callMirai,
  collectMirai,
  daemons,
  ErrorValue,
  isMirai,
  isMiraiError,
  mirai,
  MiraiError,
  MiraiMap,
  miraiMap,
  status,
  stopMirai,
  unresolved,
  type CollectOptions,
  type DaemonStatus,
  type MapResult,
} from '../src/index';
import { rejectsLike, throwsLike, waitFor, withTimeout } from './helpers';
import { daemonPids, killAll, startsNothing } from './processes';

const test = suite('miraiMap');
/** Profiles some tests set for themselves, reset after each. */
const OWN = ['unset', 'unset-too', 'one', 'stop'];
let scratch: string;
const seen = new Set<number>();

test.before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'mirai-map-'));
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
  for (const pid of await daemonPids(2)) seen.add(pid);
});

test.after.each(async () => {
  for (const compute of OWN) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
});

test.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  killAll(seen);
  rmSync(scratch, { recursive: true, force: true });
});

function collect<T, C>(mm: MiraiMap<T, C>, options?: CollectOptions, ms = 10_000): Promise<unknown> {
  return withTimeout(mm.collect(options), ms, 'collect()');
}

// --- without daemons --------------------------------------------------------------------------

test('without daemons set: sets one local daemon, and warns once (MiraiWarning)', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    assert.equal(await status('unset'), { connections: 0, daemons: 0 });
    assert.equal(await collect(miraiMap([1, 2, 3], (x: number) => x + 1, { compute: 'unset' }), undefined, 30_000), [2, 3, 4]);
    const s = await status('unset');
    assert.is(s.connections, 1);
    assert.is((s.daemons as unknown[]).length, 1, 'one daemon, behind a dispatcher');
    assert.equal(await collect(miraiMap([5], (x: number) => x, { compute: 'unset-too' }), undefined, 30_000), [5]);
    await new Promise((resolve) => setImmediate(resolve)); // 'warning' is emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  assert.is(warnings.length, 1, `one warning for two maps, got ${warnings.map((w) => w.message).join(' | ')}`);
  assert.is(warnings[0].name, 'MiraiWarning');
  assert.match(warnings[0].message, /no daemons were set, so one local daemon was set with daemons\(1\)/);
});

// --- sources and shapes -----------------------------------------------------------------------

test('an array: results in input order', async () => {
  const mm = miraiMap([3, 1, 2], (x: number) => x * 10);
  assert.instance(mm, MiraiMap);
  assert.equal(await collect(mm), [30, 10, 20]);
});

test('args are constant extra arguments; data entries are globals', async () => {
  const mm = miraiMap([1, 2, 3], (x: number, a: number, b: string) => `${b}${x * a + (globalThis as unknown as Record<string, number>).offset}`, {
    args: [10, '#'],
    data: { offset: 100 },
  });
  assert.equal(await collect(mm), ['#110', '#120', '#130']);
});

test('a record: keys kept, in order', async () => {
  const result = await collect(miraiMap({ b: 2, a: 1, c: 3 }, (x: number) => x * x));
  assert.equal(result, { b: 4, a: 1, c: 9 });
  assert.equal(Object.keys(result as object), ['b', 'a', 'c']);
});

test('a Map: keys of any kind kept, in order', async () => {
  const key = { id: 1 };
  const result = (await collect(miraiMap(new Map<unknown, number>([[key, 1], ['two', 2], [3, 3]]), (x: number) => -x))) as Map<unknown, number>;
  assert.instance(result, Map);
  assert.equal([...result.keys()], [key, 'two', 3]);
  assert.is(result.get(key), -1, 'the very key object');
  assert.equal([...result.values()], [-1, -2, -3]);
});

test('a generator and an async generator: results as an array', async () => {
  function* numbers(): Generator<number> {
    for (let k = 1; k <= 4; k++) yield k;
  }
  async function* later(): AsyncGenerator<string> {
    for (const s of ['x', 'y', 'z']) {
      await Promise.resolve();
      yield s;
    }
  }
  assert.equal(await collect(miraiMap(numbers(), (x: number) => x * 2)), [2, 4, 6, 8]);
  assert.equal(await collect(miraiMap(later(), (s: string) => s.toUpperCase())), ['X', 'Y', 'Z']);
  assert.equal(await collect(miraiMap(new Set([7, 8]), (x: number) => x + 1)), [8, 9], 'any iterable');
});

test('failures stay in place, as error values, so only they can be re-run', async () => {
  const f = (x: unknown) => {
    if (typeof x !== 'number') throw new TypeError(`not a number: ${String(x)}`);
    return x * 2;
  };
  const array = (await collect(miraiMap([1, 'two', 3], f))) as unknown[];
  assert.equal([array[0], array[2]], [2, 6]);
  assert.ok(isMiraiError(array[1]));
  assert.is((array[1] as MiraiError).name, 'TypeError');
  assert.is((array[1] as MiraiError).message, 'not a number: two');
  const record = (await collect(miraiMap({ a: 1, b: 'bee' }, f))) as Record<string, unknown>;
  assert.is(record.a, 2);
  assert.instance(record.b, MiraiError);
  assert.is((record.b as MiraiError).message, 'not a number: bee');
  // Re-running only the failures, by key.
  const failed = Object.fromEntries(Object.entries(record).filter(([, v]) => isMiraiError(v)).map(([k]) => [k, 2]));
  assert.equal(await collect(miraiMap(failed, f)), { b: 4 });
});

test('collect({ stop: false }) and collect({}) wait for everything', async () => {
  const mm = miraiMap([1, 2], (x: number) => {
    if (x === 1) throw new Error('one');
    return x;
  });
  const result = (await collect(mm, { stop: false })) as unknown[];
  assert.instance(result[0], MiraiError);
  assert.is(result[1], 2);
  assert.equal(await collect(mm, {}), result, 'collecting again gives the same');
});

test('collect({ stop: true }) throws the first failure; the tasks still queued never run', async () => {
  await withTimeout(daemons(1, { compute: 'stop' }), 30_000, 'daemons(1) stop');
  const file = join(scratch, 'stop.txt');
  // One daemon: element 0 fails first while the rest queue at the dispatcher behind it. Each
  // later task records itself after a 200 ms loop, so at most the one the daemon may have
  // started before the cancellation arrived can run.
  const mm = miraiMap(
    Array.from({ length: 12 }, (_, k) => k),
    (k: number, path: string) => {
      if (k === 0) throw new RangeError('element 0 failed');
      const end = Date.now() + 200;
      while (Date.now() < end);
      require('node:fs').appendFileSync(path, `${k}\n`);
      return k;
    },
    { args: [file], compute: 'stop' },
  );
  const error = await rejectsLike(() => mm.collect({ stop: true }), MiraiError, /^element 0 failed$/);
  assert.is(error.name, 'RangeError');
  const rest = mm.mirai.slice(2);
  for (const m of rest) assert.is((m.data as ErrorValue).code, 20, 'every remaining mirai was stopped');
  // FIFO: once this runs, every task queued before it has either run or been dropped.
  assert.is(await withTimeout(Promise.resolve(mirai(() => 'after', {}, { compute: 'stop' })), 10_000, 'a task after the stop'), 'after');
  const ran = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
  assert.ok(ran.every((k) => k === 1), `only element 1 may have run, but ${ran.join(', ')} ran`);
});

test('collect({ stop: true }) throws the first failure by index: earlier elements are waited for, not stopped', async () => {
  const f = async (k: number) => {
    if (k === 1) throw new RangeError('element 1 failed');
    await new Promise((resolve) => setTimeout(resolve, 800));
    if (k === 0) return 'zero';
    throw new RangeError(`element ${k} failed`);
  };
  // Element 1 fails first in time; element 0 still runs, and succeeds: element 1 is thrown.
  const mm = miraiMap([0, 1], f);
  await rejectsLike(() => mm.collect({ stop: true }), MiraiError, /^element 1 failed$/, 10_000);
  assert.is(mm.mirai[0].data, 'zero', 'element 0 ran to its end');
  // Element 1 fails first in time, element 0 later: element 0 is the first by index.
  const slow = miraiMap([2, 1], f);
  await rejectsLike(() => slow.collect({ stop: true }), MiraiError, /^element 2 failed$/, 10_000);
});

test('collect({ stop: true }) with no failure returns every result', async () => {
  assert.equal(await collect(miraiMap({ x: 1, y: 2 }, (v: number) => v + 1), { stop: true }), { x: 2, y: 3 });
});

// --- iteration and the underlying mirai -----------------------------------------------------------

/** What `for await` over `mm` yields, in order (bounded). */
async function iterated<T>(mm: AsyncIterable<MapResult<T>>): Promise<MapResult<T>[]> {
  const results: MapResult<T>[] = [];
  await withTimeout(
    (async () => {
      for await (const result of mm) results.push(result);
    })(),
    10_000,
    'for await',
  );
  return results;
}

test('for await yields { index, key, value } in completion order', async () => {
  // Two daemons: 'slow' takes one, 'fast' then 'mid' the other.
  const mm = miraiMap({ slow: 900, fast: 0, mid: 400 }, async (ms: number) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return ms;
  });
  assert.equal(await iterated(mm), [
    { index: 1, key: 'fast', value: 0 },
    { index: 2, key: 'mid', value: 400 },
    { index: 0, key: 'slow', value: 900 },
  ]);
});

test('for await over an array: keys are indices, failures are yielded as values', async () => {
  const mm = miraiMap([1, 0], (x: number) => {
    if (x === 0) throw new Error('zero');
    return x;
  });
  const results = await iterated(mm);
  results.sort((a, b) => a.index - b.index);
  assert.equal(results.map((r) => [r.index, r.key]), [[0, 0], [1, 1]]);
  assert.is(results[0].value, 1);
  assert.instance(results[1].value, MiraiError);
});

test('with daemons set, miraiMap() returns with one unresolved mirai per element already sent', async () => {
  const mm = miraiMap([1, 2, 3], async (x: number) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return x;
  });
  const length = mm.mirai.length;
  const pending = unresolved(mm);
  await collect(mm);
  assert.is(length, 3, 'mm.mirai holds the 3 mirai when miraiMap() returns');
  assert.ok(pending, 'unresolved(mm) is true while the tasks run');
});

test('mm.mirai is the underlying array of Mirai, in input order', async () => {
  const mm = miraiMap(['a', 'b', 'c'], (s: string) => s.repeat(2));
  await collect(mm);
  assert.ok(Array.isArray(mm.mirai));
  assert.is(mm.mirai.length, 3);
  for (const m of mm.mirai) assert.ok(isMirai(m));
  assert.is(await mm.mirai[1], 'bb');
  assert.equal(await collectMirai(mm.mirai), ['aa', 'bb', 'cc']);
});

test('stopMirai(mm) stops every mirai, and their daemons are free again', async () => {
  await withTimeout(daemons(2, { compute: 'stop' }), 30_000, 'daemons(2) stop');
  // Each sleeps until its taskSignal aborts: a stopped task then ends at once.
  const mm = miraiMap(
    [1, 2, 3, 4],
    () =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, 60_000);
        taskSignal.addEventListener('abort', () => resolve(clearTimeout(timer)));
      }),
    { compute: 'stop' },
  );
  // Both daemons have started one: the async tasks can be abandoned.
  await waitFor(
    async () => ((await status('stop')).daemons as DaemonStatus[]).every((r) => r.assigned === 1),
    10_000,
    'both daemons start a task',
  );
  assert.ok(unresolved(mm));
  stopMirai(mm);
  const afterStop = unresolved(mm);
  for (const m of mm.mirai) assert.is((m.data as ErrorValue).code, 20, 'each mirai resolves at once to ErrorValue 20');
  const pids = await withTimeout(
    collectMirai([mirai(() => process.pid, {}, { compute: 'stop' }), mirai(() => process.pid, {}, { compute: 'stop' })]),
    5000,
    'tasks after the stop',
  );
  assert.is(pids.length, 2);
  assert.not.ok(afterStop, 'unresolved(mm) is false as soon as stopMirai(mm) returns');
});

test('promise: a callback runs on each fulfilled value', async () => {
  const values: unknown[] = [];
  let all!: () => void;
  const done = new Promise<void>((resolve) => (all = resolve));
  const mm = miraiMap([1, 2, 3], (x: number) => x * 2, {
    promise: (value) => {
      values.push(value);
      if (values.length === 3) all();
    },
  });
  await collect(mm);
  await withTimeout(done, 5000, 'the callbacks');
  assert.equal(values.sort(), [2, 4, 6]);
});

test('promise: [onFulfilled, onRejected] each run on their outcomes', async () => {
  const fulfilled: unknown[] = [];
  const rejected: unknown[] = [];
  let all!: () => void;
  const done = new Promise<void>((resolve) => (all = resolve));
  const check = () => fulfilled.length + rejected.length === 3 && all();
  const mm = miraiMap(
    [1, 'bad', 3],
    (x: unknown) => {
      if (typeof x !== 'number') throw new Error(`bad element ${String(x)}`);
      return x;
    },
    {
      promise: [
        (value) => {
          fulfilled.push(value);
          check();
        },
        (reason) => {
          rejected.push(reason);
          check();
        },
      ],
    },
  );
  await collect(mm);
  await withTimeout(done, 5000, 'the callbacks');
  assert.equal(fulfilled.sort(), [1, 3]);
  assert.is(rejected.length, 1);
  assert.instance(rejected[0], MiraiError);
  assert.is((rejected[0] as MiraiError).message, 'bad element bad');
});

test('back-pressure: a lazy source is read as mirai settle, never more than `window` unresolved', async () => {
  const window = 5;
  const total = 120;
  let mm!: MiraiMap<number>;
  const unresolvedAtPull: number[] = [];
  function* source(): Generator<number> {
    for (let k = 0; k < total; k++) {
      unresolvedAtPull.push(mm.mirai.filter((m) => m.unresolved).length);
      yield k;
    }
  }
  mm = miraiMap(
    source(),
    async (k: number) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return k;
    },
    { window },
  );
  assert.equal(await collect(mm, undefined, 30_000), Array.from({ length: total }, (_, k) => k));
  assert.is(unresolvedAtPull.length, total);
  const most = Math.max(...unresolvedAtPull);
  assert.ok(most <= window, `at most ${window} unresolved when an element was pulled, saw ${most}`);
  assert.is(most, window, 'the window is used in full');
});

test('back-pressure by default: a long lazy source has at most 1,000 mirai unresolved', async () => {
  const total = 3000;
  let mm!: MiraiMap<number>;
  let most = 0;
  function* source(): Generator<number> {
    for (let k = 0; k < total; k++) {
      most = Math.max(most, mm.mirai.filter((m) => m.unresolved).length);
      yield k;
    }
  }
  mm = miraiMap(source(), (k: number) => k);
  const result = (await collect(mm, undefined, 60_000)) as number[];
  assert.is(result.length, total);
  assert.is(result[total - 1], total - 1);
  assert.ok(most <= 1000, `at most 1,000 unresolved when an element was pulled, saw ${most}`);
});

test('callMirai and collectMirai accept a MiraiMap', async () => {
  const mm = miraiMap({ p: 1, q: 2 }, async (x: number) => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return x * 3;
  });
  assert.is(await withTimeout(callMirai(mm), 10_000, 'callMirai'), mm, 'callMirai returns the map itself');
  assert.not.ok(unresolved(mm));
  assert.equal(await withTimeout(collectMirai(mm), 10_000, 'collectMirai'), { p: 3, q: 6 });
});

// --- chunks ----------------------------------------------------------------------------------

/** Counts the elements its task has evaluated so far: a daemon removes the global after each
 * task, so the count restarts at 1 with each chunk. */
const countInTask = () => {
  const g = globalThis as Record<string, unknown>;
  g.elementsInTask = ((g.elementsInTask as number | undefined) ?? 0) + 1;
  return g.elementsInTask;
};

test('chunk: one task per chunk, results in order, a failure kept to its element', async () => {
  assert.equal(await collect(miraiMap(Array.from({ length: 7 }, (_, k) => k), countInTask, { chunk: 3 })), [1, 2, 3, 1, 2, 3, 1]);
  const f = (x: number, by: number) => {
    if (x === 4) throw new RangeError('four');
    return x * by;
  };
  const mm = miraiMap([1, 2, 3, 4, 5, 6, 7], f, { chunk: 3, args: [10] });
  const values = (await collect(mm)) as unknown[];
  assert.equal([...values.slice(0, 3), ...values.slice(4)], [10, 20, 30, 50, 60, 70]);
  assert.instance(values[3], MiraiError);
  assert.is((values[3] as MiraiError).name, 'RangeError');
  assert.is((values[3] as MiraiError).message, 'four');
  assert.is(mm.mirai.length, 7, 'one Mirai per element');
  assert.equal(await collect(miraiMap({ a: 1, b: 2, c: 3 }, (v: number) => v + 1, { chunk: 2 })), { a: 2, b: 3, c: 4 }, 'a record');
  const lazy = function* () {
    for (let k = 0; k < 5; k++) yield k;
  };
  assert.equal(await collect(miraiMap(lazy(), countInTask, { chunk: 2, window: 4 })), [1, 2, 1, 2, 1], 'a lazy source');
  assert.equal(await collect(miraiMap(lazy(), countInTask, { chunk: 3, window: 1 })), [1, 1, 1, 1, 1], 'a window below a chunk sends partial chunks');
});

test("chunk: 'auto' (the default) sizes chunks from the elements and the daemons", async () => {
  // 2 daemons, 16 chunks each: 256 elements go 8 to a task; 31 go one to a task.
  const counts = (await collect(miraiMap(Array.from({ length: 256 }, (_, k) => k), countInTask))) as number[];
  assert.is(Math.max(...counts), 8);
  assert.equal(await collect(miraiMap(Array.from({ length: 31 }, (_, k) => k), countInTask)), Array(31).fill(1));
  assert.equal(await collect(miraiMap(Array.from({ length: 64 }, (_, k) => k), countInTask, { chunk: 1 })), Array(64).fill(1), 'chunk: 1');
});

test('chunk: collect({ stop: true }) throws the first failure by index, not the first in time', async () => {
  const f = async (k: number) => {
    if (k === 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      throw new RangeError('element 1 failed');
    }
    if (k === 4) throw new RangeError('element 4 failed');
    return k;
  };
  const mm = miraiMap([0, 1, 2, 3, 4, 5], f, { chunk: 2 });
  await rejectsLike(() => mm.collect({ stop: true }), MiraiError, /^element 1 failed$/, 10_000);
  assert.is(mm.mirai[0].data, 0);
});

test('chunk: progress counts elements', async () => {
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((text: string) => (written.push(text), true)) as typeof write;
  try {
    await collect(miraiMap(Array.from({ length: 12 }, (_, k) => k), (k: number) => k, { chunk: 5 }), { progress: true });
  } finally {
    process.stderr.write = write;
  }
  assert.match(written.join(''), /12\/12 100%/);
});

test('chunk: stopMirai(mm) stops every element, and the daemons are free again', async () => {
  const mm = miraiMap(Array.from({ length: 8 }, (_, k) => k), async (k: number) => {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 60_000);
      taskSignal.addEventListener('abort', () => resolve(clearTimeout(timer)));
    });
    return k;
  }, { chunk: 4 });
  stopMirai(mm);
  const values = (await collect(mm)) as ErrorValue[];
  for (const v of values) assert.is(v.code, 20);
  assert.equal(await collect(miraiMap([1, 2], (x: number) => x * 3)), [3, 6], 'the daemons take new tasks');
});

test('chunk: an element that cannot be serialised is named by its index in x', () => {
  throwsLike(() => miraiMap([1, 2, 3, Symbol('s')], (x: unknown) => x, { chunk: 2 }), TypeError, /^x\[3\] cannot be serialised/);
});

test("chunk: with a seeded profile, 'auto' is 1, so each element keeps its own random stream", async () => {
  await withTimeout(daemons(2, { seed: 5, compute: 'one' }), 30_000, 'daemons(2) seeded');
  const counts = await collect(miraiMap(Array.from({ length: 256 }, (_, k) => k), countInTask, { compute: 'one' }));
  assert.equal(counts, Array(256).fill(1));
});

// --- arguments -------------------------------------------------------------------------------

test(
  'arguments are checked before anything is sent: miraiMap throws, collect rejects',
  startsNothing(async () => {
    const f = (x: number) => x;
    throwsLike(() => miraiMap(5 as never, f), TypeError, /x must be an array, a record, a Map or an \(async\) iterable, got number 5/);
    throwsLike(() => miraiMap(null as never, f), TypeError, /x must be an array, a record, a Map or an \(async\) iterable, got null/);
    throwsLike(() => miraiMap([1], 'x => x' as never), TypeError, /f must be a function, got the string "x => x"/);
    throwsLike(() => miraiMap([1], f, { arg: [1] } as never), TypeError, /options has an unknown option 'arg': did you mean 'args'\?/);
    throwsLike(() => miraiMap([1], f, { args: 1 as never }), TypeError, /options\.args must be an array, got number 1/);
    throwsLike(() => miraiMap([1], f, { data: [1] as never }), TypeError, /options\.data must be an object, got an array/);
    throwsLike(() => miraiMap([1], f, { promise: 'then' as never }), TypeError, /options\.promise must be a function or \[onFulfilled, onRejected\], got the string "then"/);
    throwsLike(() => miraiMap([1], f, { window: 0 }), RangeError, /options\.window must be an integer 1 or greater, got 0/);
    throwsLike(() => miraiMap([1], f, { compute: '' }), TypeError, /options\.compute must be a non-empty string/);
    throwsLike(() => miraiMap([1], f, { chunk: 0 }), RangeError, /options\.chunk must be an integer 1 or greater, got 0/);
    throwsLike(() => miraiMap([1], f, { chunk: 2.5 }), RangeError, /options\.chunk must be an integer 1 or greater, got 2\.5/);
    throwsLike(() => miraiMap([1], f, { chunk: '4' as never }), TypeError, /options\.chunk must be a positive integer or 'auto', got the string "4"/);
    throwsLike(() => miraiMap([1], f, { chunk: 'Auto' as never }), TypeError, /options\.chunk must be a positive integer or 'auto', got the string "Auto"/);
    const mm = miraiMap([1], f);
    await rejectsLike(() => mm.collect({ progres: true } as never), TypeError, /options has an unknown option 'progres': did you mean 'progress'\?/);
    await collect(mm);
  }),
);

test.run();

declare const taskSignal: AbortSignal;
