// raceMirai(): the first of several mirai to settle, whatever their order, over real daemons.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, mirai, miraiMap, raceMirai, stopMirai, type Mirai } from '../src/index';
import { rejectsLike, withTimeout } from './helpers';
import { holdTask, TaskLine } from './taskLine';

const test = suite('raceMirai');

test.before(async () => {
  await withTimeout(daemons(3), 30_000, 'daemons(3)');
});

test.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

test('the first to settle wins, not the first in order', async () => {
  const line = await TaskLine.open();
  try {
    const x = [0, 1, 2].map((k) => mirai(holdTask, undefined, { args: [line.path, k] }));
    const held = [await line.next(), await line.next(), await line.next()];
    const race = raceMirai(x);
    // Released one by one until a task settles: whichever it was must be the winner.
    held[2].release();
    const winner = await withTimeout(race, 10_000, 'the race');
    assert.ok(!winner.mirai.unresolved);
    assert.is(x.filter((m) => !m.unresolved).length, 1, 'the others are still held');
    assert.is(winner.mirai, x[winner.index]);
    assert.is(winner.key, winner.index);
    assert.is(winner.mirai.data, winner.index);
    for (const h of held) h.release();
    await Promise.all(x.map((m) => m.settled()));
  } finally {
    await line.close();
  }
});

test('a record: the key of the winner; a failure wins like a value (no rejection)', async () => {
  const line = await TaskLine.open();
  try {
    const x: Record<string, Mirai<unknown>> = {
      slow: mirai(holdTask, undefined, { args: [line.path] }),
      bad: mirai(() => {
        throw new RangeError('first');
      }),
    };
    const winner = await withTimeout(raceMirai(x), 10_000, 'the race');
    assert.is(winner.key, 'bad');
    assert.is(winner.index, 1);
    assert.is((winner.mirai.data as Error).name, 'RangeError');
    stopMirai(x.slow);
  } finally {
    await line.close();
  }
});

test('already settled: the first settled in order, at once; a MiraiMap', async () => {
  const x = [mirai(() => 'a'), mirai(() => 'b')];
  await Promise.all(x.map((m) => m.settled()));
  assert.is((await raceMirai(x)).index, 0);
  const mm = miraiMap([5, 6], (k: number) => k + 1);
  const winner = await withTimeout(raceMirai(mm), 10_000, 'the map race');
  assert.is(winner.mirai.data, [6, 7][winner.index]);
});

test('arguments are checked, naming them', async () => {
  await rejectsLike(() => raceMirai([]), RangeError, /^x must hold at least one Mirai$/);
  await rejectsLike(() => raceMirai(42 as never), TypeError, /^x must be an array or a record of Mirai, or a MiraiMap, got number 42$/);
  await rejectsLike(() => raceMirai([mirai(() => 1), 'no'] as never), TypeError, /^x\[1\] must be a Mirai, got the string "no"$/);
});

test.run();
