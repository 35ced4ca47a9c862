// mirai(): expressions, data, args, async results, clean scope, the Mirai object and its
// helpers; a fresh process per mirai with no daemons set; arguments checked before anything runs.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  callMirai,
  collectMirai,
  daemons,
  ErrorValue,
  isMirai,
  Mirai,
  mirai,
  MiraiError,
  stopMirai,
  unresolved,
  unresolvedValue,
} from '../src/index';
import { rejectsLike, throwsLike, withTimeout } from './helpers';
import { allExit, childPids, daemonPids, startsNothing, twoDaemonsAround } from './processes';
import { holdTask, TaskLine } from './taskLine';

// --- no daemons: a new process per mirai ------------------------------------------------------

const ephemeral = suite('mirai without daemons');
const line = TaskLine.forSuite(ephemeral);

ephemeral.before(async () => {
  await daemons(0);
});

ephemeral.after(async () => {
  await daemons(0);
});

ephemeral('each mirai runs in a new process, which exits after', async () => {
  const x = 40;
  const a = mirai(async (y: number) => [process.pid, x + y], { x }, { args: [2] });
  const b = mirai(() => process.pid);
  const c = mirai(() => {
    throw new RangeError('out of range');
  });
  const [first, second, failed] = await withTimeout(collectMirai([a, b, c]), 20_000, 'three ephemeral mirai');
  const [pidA, value] = first as [number, number];
  assert.is(value, 42, 'data and args reach the fresh process, and its async result is awaited');
  assert.type(second, 'number');
  assert.is.not(pidA, second, 'two mirai, two processes');
  assert.is.not(pidA, process.pid);
  assert.is.not(second, process.pid);
  assert.instance(failed, MiraiError);
  assert.is((failed as MiraiError).name, 'RangeError');
  await allExit([pidA, second as number], 5000, 'ephemeral processes exit after their task');
});

ephemeral('stopMirai ends the process running an ephemeral mirai', async () => {
  const m = mirai(holdTask, {}, { args: [line.path] });
  const held = await line.next();
  stopMirai(m);
  assert.instance(m.data, ErrorValue);
  assert.is((m.data as ErrorValue).code, 20);
  await allExit([held.pid], 5000, 'the stopped ephemeral process');
});

ephemeral('a timeout ends an ephemeral mirai with ErrorValue 5 and ends its process', async () => {
  const before = childPids();
  const m = mirai(holdTask, {}, { args: [line.path], timeout: 300 });
  const started = childPids().filter((pid) => !before.includes(pid));
  assert.is(started.length, 1, 'one process started for the mirai');
  await withTimeout(m.settled(), 10_000, 'timed-out ephemeral mirai');
  assert.instance(m.data, ErrorValue);
  assert.is((m.data as ErrorValue).code, 5);
  await allExit(started, 5000, 'the timed-out ephemeral process');
});

ephemeral.run();

// --- arguments ----------------------------------------------------------------------------

// No daemons: a mirai that got as far as sending would start a process.
const args = suite('mirai arguments');

args.before(async () => {
  await daemons(0);
});

args.after(async () => {
  await daemons(0);
});

args('expr must be a function or a non-empty string of code', startsNothing(() => {
  throwsLike(() => mirai(42 as never), TypeError, /expr must be a function, a string of code or \{ module, name \}, got number 42/);
  throwsLike(() => mirai(null as never), TypeError, /expr must be a function, a string of code or \{ module, name \}, got null/);
  throwsLike(() => mirai({} as never), TypeError, /^expr\.module must be a string, got undefined/);
  throwsLike(() => mirai(undefined as never), TypeError, /expr must be a function, a string of code or \{ module, name \}/);
  throwsLike(() => mirai(''), TypeError, /expr must not be an empty string/);
  throwsLike(() => mirai('  \n '), TypeError, /expr must not be an empty string/);
}));

args('a built-in or bound function is refused: its source cannot be sent', startsNothing(() => {
  throwsLike(() => mirai(Math.max), TypeError, /expr is a built-in or bound function \(max\)/);
  throwsLike(() => mirai(((a: number) => a).bind(null, 1)), TypeError, /expr is a built-in or bound function/);
}));

args('data must be an object', startsNothing(() => {
  throwsLike(() => mirai(() => 1, [1, 2] as never), TypeError, /data must be an object, got an array/);
  throwsLike(() => mirai(() => 1, 5 as never), TypeError, /data must be an object, got number 5/);
  throwsLike(() => mirai(() => 1, 'x' as never), TypeError, /data must be an object, got the string "x"/);
}));

args('options must be an object of known options, with a suggestion for a misspelling', startsNothing(() => {
  throwsLike(() => mirai(() => 1, {}, 5 as never), TypeError, /options must be an object, got number 5/);
  throwsLike(() => mirai(() => 1, {}, { timout: 5 } as never), TypeError, /options has an unknown option 'timout': did you mean 'timeout'\?/);
  throwsLike(() => mirai(() => 1, {}, { Compute: 'a' } as never), TypeError, /unknown option 'Compute': did you mean 'compute'\?/);
  throwsLike(() => mirai(() => 1, {}, { retry: true } as never), TypeError, /options has an unknown option 'retry'/);
}));

args('options.timeout must be a positive number of milliseconds', startsNothing(() => {
  throwsLike(() => mirai(() => 1, {}, { timeout: 0 }), RangeError, /options\.timeout must be a positive number of milliseconds, got 0/);
  throwsLike(() => mirai(() => 1, {}, { timeout: -5 }), RangeError, /options\.timeout .*got -5/);
  throwsLike(() => mirai(() => 1, {}, { timeout: Infinity }), RangeError, /options\.timeout .*got Infinity/);
  throwsLike(() => mirai(() => 1, {}, { timeout: '100' as never }), TypeError, /options\.timeout must be a number of milliseconds, got the string "100"/);
  throwsLike(() => mirai(() => 1, {}, { timeout: NaN }), TypeError, /options\.timeout must be a number of milliseconds, got number NaN/);
}));

args('options.compute must be a non-empty string, options.signal an AbortSignal', startsNothing(() => {
  throwsLike(() => mirai(() => 1, {}, { compute: '' }), TypeError, /options\.compute must be a non-empty string/);
  throwsLike(() => mirai(() => 1, {}, { compute: 3 as never }), TypeError, /options\.compute must be a string, got number 3/);
  throwsLike(() => mirai(() => 1, {}, { signal: {} as never }), TypeError, /options\.signal must be an AbortSignal, got an object/);
}));

args('options.args: an array for a function, an object of identifiers for a string', startsNothing(() => {
  throwsLike(() => mirai((a: number) => a, {}, { args: { a: 1 } as never }), TypeError, /options\.args must be an array of arguments for a function expr, got an object/);
  throwsLike(() => mirai('a + 1', {}, { args: [1] }), TypeError, /options\.args must be an object, got an array/);
  throwsLike(() => mirai('a + 1', {}, { args: { 'a-b': 1 } }), TypeError, /options\.args has 'a-b', which is not a valid identifier/);
}));

args('callMirai, collectMirai, stopMirai and unresolved refuse what is not a mirai', startsNothing(async () => {
  await rejectsLike(() => callMirai(5 as never), TypeError, /x must be a Mirai, an array or a record of Mirai\b.*got number 5/);
  await rejectsLike(() => collectMirai('m' as never), TypeError, /x must be a Mirai, an array or a record of Mirai\b.*got the string "m"/);
  await rejectsLike(() => collectMirai([1] as never), TypeError, /x\[0\] must be a Mirai, got number 1/);
  await rejectsLike(() => callMirai({ a: 'no' } as never), TypeError, /x\.a must be a Mirai, got the string "no"/);
  throwsLike(() => stopMirai(null as never), TypeError, /x must be a Mirai, an array or a record of Mirai\b.*got null/);
}));

args.run();

// --- on daemons ---------------------------------------------------------------------------

const test = suite('mirai on daemons');
const daemonLine = TaskLine.forSuite(test);
twoDaemonsAround(test);

test('a function expression: its value, with the result type inferred', async () => {
  const m: Mirai<number> = mirai(() => 1 + 1);
  const value: number = await withTimeout(Promise.resolve(m), 5000, 'mirai(() => 1 + 1)');
  assert.is(value, 2);
  assert.is(m.data, 2);
  const s: Mirai<string> = mirai(async () => 'text');
  assert.is(await withTimeout(Promise.resolve(s), 5000, 'async string'), 'text');
  // @ts-expect-error args must match the function's parameters
  assert.ok(isMirai(mirai((a: number) => a, {}, { args: ['not a number'] })));
});

test('a string expression: an expression, or statements ending in return, with await allowed', async () => {
  const values = await withTimeout(
    collectMirai([
      mirai('x + y + 2', { x: 2, y: 3 }),
      mirai('const a = 2;\nconst b = a * 3;\nreturn b + 1;'),
      mirai('await Promise.resolve(5)'),
      mirai('const v = await Promise.resolve(20); return v + 1;'),
      mirai('[1, 2, 3].map((n) => n * 2)'),
    ]),
    5000,
    'string expressions',
  );
  assert.equal(values, [7, 7, 5, 21, [2, 4, 6]]);
});

test('data entries are globals of the daemon during the evaluation', async () => {
  const x = 41;
  const label = 'answer';
  const value = await withTimeout(Promise.resolve(mirai(() => `${label}: ${x + 1}`, { x, label })), 5000, 'data');
  assert.is(value, 'answer: 42');
  const seen = await withTimeout(Promise.resolve(mirai('typeof globalThis.z + ":" + z', { z: 1 })), 5000, 'data in a string');
  assert.is(seen, 'number:1');
});

test('options.args: the argument list of a function, local names for a string', async () => {
  const sum = mirai((a: number, b: number) => a + b, {}, { args: [1, 2] });
  const named = mirai('a * b', {}, { args: { a: 6, b: 7 } });
  const local = mirai('typeof globalThis.a + ":" + a', {}, { args: { a: 1 } });
  const both = mirai((a: number) => a + (globalThis as unknown as { k: number }).k, { k: 10 }, { args: [5] });
  assert.equal(await withTimeout(collectMirai([sum, named, local, both]), 5000, 'args'), [3, 42, 'undefined:1', 15]);
});

test('async functions are awaited in the daemon', async () => {
  const m = mirai(async (ms: number) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 'later';
  }, {}, { args: [20] });
  assert.is(await withTimeout(Promise.resolve(m), 5000, 'async'), 'later');
});

test('clean scope: a closure variable of the caller is a ReferenceError in the daemon', async () => {
  const secret = 41;
  const m = mirai(() => secret + 1);
  const error = await rejectsLike(() => Promise.resolve(m), MiraiError, /secret is not defined/);
  assert.is(error.name, 'ReferenceError');
  assert.is(m.data, error, 'the error is stored at data too');
});

test("Node's built-ins, require and import() are available to tasks", async () => {
  const values = await withTimeout(
    collectMirai([
      mirai(() => require('node:path').join('a', 'b')),
      mirai("(await import('node:path')).join('c', 'd')"),
      mirai(() => typeof Buffer + typeof setTimeout + typeof URL),
    ]),
    5000,
    'built-ins',
  );
  assert.equal(values, ['a/b', 'c/d', 'functionfunctionfunction']);
});

test('nested named functions and classes in a function expression (source compiled by tsx)', async () => {
  // esbuild (tsx) keeps function names by wrapping them in a __name() helper; the source sent
  // to the daemon must still run there.
  const m = mirai(() => {
    const double = (n: number) => n * 2;
    function triple(n: number) {
      return n * 3;
    }
    class Box {
      constructor(readonly v: number) {}
    }
    return double(1) + triple(1) + new Box(1).v;
  });
  assert.is(await withTimeout(Promise.resolve(m), 5000, 'nested functions'), 6);
});

test('data is unresolvedValue while pending; unresolved() follows it', async () => {
  const m = mirai(holdTask, {}, { args: [daemonLine.path, 'done'] });
  const held = await daemonLine.next();
  assert.is(m.data, unresolvedValue);
  assert.ok(unresolved(m));
  assert.ok(unresolved(m.data), 'unresolved() of the pending data');
  assert.ok(unresolved([mirai(() => 1), m]), 'an array with a pending mirai');
  assert.ok(unresolved({ a: m }), 'a record with a pending mirai');
  held.release();
  assert.is(await withTimeout(Promise.resolve(m), 5000, 'released'), 'done');
  assert.is(m.data, 'done');
  assert.not.ok(unresolved(m));
  assert.not.ok(unresolved([m]));
  assert.not.ok(unresolved(m.data), 'unresolved() of a resolved value is false');
});

test('a Mirai is PromiseLike; isMirai tells it apart', async () => {
  const m = mirai(() => 'v');
  assert.ok(isMirai(m));
  assert.instance(m, Mirai);
  assert.type(m.then, 'function');
  assert.not.ok(isMirai(Promise.resolve(1)));
  assert.not.ok(isMirai({ then() {} }));
  assert.not.ok(isMirai(null));
  const chained = await withTimeout(m.then((v) => `${v}!`), 5000, 'then');
  assert.is(chained, 'v!');
});

test('callMirai waits and returns what it was given (the value, for a single mirai)', async () => {
  const list = [mirai(() => 1), mirai(() => 2)];
  const returned = await withTimeout(callMirai(list), 5000, 'callMirai(array)');
  assert.is(returned, list, 'the same array');
  assert.equal(list.map((m) => m.data), [1, 2]);
  const record = { a: mirai(() => 'a'), b: mirai(() => 'b') };
  assert.is(await withTimeout(callMirai(record), 5000, 'callMirai(record)'), record, 'the same record');
  assert.is(record.b.data, 'b');
  const single = mirai(() => {
    throw new Error('kept');
  });
  const data = await withTimeout(callMirai(single), 5000, 'callMirai(mirai)');
  assert.not.ok(unresolved(single));
  assert.is(data, single.data, 'an error value is returned, not thrown');
  assert.instance(data, MiraiError);
});

test('collectMirai returns values, error values included, in the shape given (names kept)', async () => {
  assert.is(await withTimeout(collectMirai(mirai(() => 'one')), 5000, 'single'), 'one');
  const [ok, failed] = await withTimeout(
    collectMirai([mirai(() => 1), mirai(() => {
      throw new TypeError('no');
    })]),
    5000,
    'array',
  );
  assert.is(ok, 1);
  assert.instance(failed, MiraiError);
  const record = await withTimeout(collectMirai({ first: mirai(() => 1), second: mirai(() => 'two') }), 5000, 'record');
  assert.equal(record, { first: 1, second: 'two' });
  assert.equal(Object.keys(record), ['first', 'second']);
});

test('requests go round robin: the tasks of a batch reach both daemons', async () => {
  const pids = await daemonPids(2);
  assert.not.ok(pids.includes(process.pid));
});

test('a function compiled once is reused for the same source', async () => {
  const results: [number, number][] = [];
  for (let i = 0; i < 6; i++) {
    const m = mirai(function probe(): [number, number] {
      const self = probe as unknown as { runs?: number };
      self.runs = (self.runs ?? 0) + 1;
      return [process.pid, self.runs];
    });
    results.push((await withTimeout(Promise.resolve(m), 5000, 'probe')) as [number, number]);
  }
  const byPid = new Map<number, number[]>();
  for (const [pid, runs] of results) byPid.set(pid, [...(byPid.get(pid) ?? []), runs]);
  for (const [pid, runs] of byPid) {
    assert.equal(runs, runs.map((_, i) => i + 1), `daemon ${pid} ran one compiled function each time`);
  }
});

test('10,000 tasks on 2 daemons all return the right values', async () => {
  const n = 10_000;
  const tasks = Array.from({ length: n }, (_, i) => mirai((k: number) => k * 2 + 1, {}, { args: [i] }));
  const values = (await withTimeout(collectMirai(tasks), 60_000, '10,000 tasks')) as unknown[];
  assert.is(values.length, n);
  const wrong = values.findIndex((v, i) => v !== i * 2 + 1);
  assert.is(wrong, -1, `task ${wrong} returned ${String(values[wrong])}`);
});

test.run();
