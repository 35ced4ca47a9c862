// util.inspect (console.log) of a Mirai and a MiraiMap: a one-line summary of their state,
// never their internals.
import { inspect } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, mirai, miraiMap } from '../src/index';
import { withTimeout } from './helpers';
import { holdTask, TaskLine } from './taskLine';

const test = suite('inspect');

test.before(async () => {
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
});

test.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

const plain = (x: unknown) => inspect(x, { colors: false });

test('a Mirai: unresolved, then its value (nested as inspect nests), or its failure in one line', async () => {
  const line = await TaskLine.open();
  try {
    const m = mirai(holdTask, undefined, { args: [line.path, { a: [1, 2], b: 'x' }] });
    const held = await line.next();
    assert.is(plain(m), 'Mirai <unresolved>');
    held.release();
    await withTimeout(m.settled(), 10_000, 'the task');
    assert.is(plain(m), "Mirai { value: { a: [ 1, 2 ], b: 'x' } }");
    assert.is(inspect({ m }, { depth: 0 }), '{ m: Mirai { value: [Object] } }', 'the depth applies to the value');
  } finally {
    await line.close();
  }
  const failed = mirai(() => {
    throw new TypeError('bad input');
  });
  await withTimeout(failed.settled(), 10_000, 'the failing task');
  assert.is(plain(failed), 'Mirai { error: TypeError: bad input }');
  const timedOut = mirai(() => new Promise((resolve) => setTimeout(resolve, 5000)), undefined, { timeout: 50 });
  await withTimeout(timedOut.settled(), 10_000, 'the timeout');
  assert.is(plain(timedOut), 'Mirai { error: ErrorValue [5]: Timed out }');
});

test('a MiraiMap: resolved out of the total, and failures', async () => {
  const line = await TaskLine.open();
  try {
    const mm = miraiMap([0, 1, 2], async (k: number, path: string) => {
      if (k === 1) throw new Error('one');
      if (k === 2) {
        const socket = require('node:net').connect(path);
        socket.write(String(process.pid));
        await new Promise((resolve) => socket.once('close', resolve));
      }
      return k;
    }, { args: [line.path] });
    const held = await line.next();
    await withTimeout(Promise.all([mm.mirai[0].settled(), mm.mirai[1].settled()]), 10_000, 'two of three');
    assert.is(plain(mm), 'MiraiMap [2/3 resolved, 1 failed]');
    held.release();
    await withTimeout(mm.collect(), 10_000, 'collect()');
    assert.is(plain(mm), 'MiraiMap [3/3 resolved, 1 failed]');
    assert.is(plain(miraiMap([], (k: number) => k)), 'MiraiMap [0/0 resolved]');
  } finally {
    await line.close();
  }
});

test.run();
