// info(), requireDaemons() and daemons() with no argument: R 2.x's counts of a compute
// profile's tasks, with and without dispatcher, against real daemons.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, info, launchLocal, mirai, requireDaemons } from '../src/index';
import { counts, rejectsLike, waitFor, withTimeout } from './helpers';
import { holdTask, TaskLine } from './taskLine';
import { killAll } from './processes';

const test = suite('info');
const seen = new Set<number>();

test.after.each(async () => {
  for (const compute of ['default', 'late']) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
});

test.after(() => killAll(seen));

const ZERO = { connections: 0, waiting: 0, assigned: 0, complete: 0, refused: 0 };

test('not set: daemons() is the status, info() all 0, requireDaemons() rejects with a hint', async () => {
  assert.equal(await daemons(), { connections: 0, daemons: 0 });
  assert.equal(counts(await info()), ZERO);
  assert.equal(counts(await info('never-set')), ZERO);
  await rejectsLike(() => requireDaemons(), Error, /no daemons are set for compute profile 'default': set them first, e\.g\. await daemons\(4\)/);
  await rejectsLike(() => requireDaemons('gpu'), Error, /'gpu'.*daemons\(4, \{ compute: "gpu" \}\)/);
});

test('arguments are checked, naming them', async () => {
  await rejectsLike(() => info(3 as never), TypeError, /^compute must be a string, got number 3$/);
  await rejectsLike(() => requireDaemons('' as never), TypeError, /^compute must be a non-empty string$/);
  await rejectsLike(() => daemons(undefined as never), TypeError, /^n must be a number \(or null\), got undefined/);
});

test('with dispatcher: waiting, assigned and complete follow the tasks; daemons() is the status', async () => {
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
  await requireDaemons();
  const status = await daemons();
  assert.is(status.connections, 1);
  assert.is((status.daemons as unknown[]).length, 2);
  const line = await TaskLine.open();
  try {
    const held = Array.from({ length: 5 }, () => mirai(holdTask, undefined, { args: [line.path] }));
    const running = [await line.next(), await line.next()];
    await waitFor(async () => (await info()).waiting === 3, 10_000, 'three tasks waiting');
    assert.equal(counts(await info()), { connections: 2, waiting: 3, assigned: 2, complete: 0, refused: 0 });
    for (const h of running) h.release();
    for (let i = 0; i < 3; i++) (await line.next()).release();
    await withTimeout(collectMirai(held), 15_000, 'the held tasks');
    assert.equal(counts(await info()), { connections: 2, waiting: 0, assigned: 5, complete: 5, refused: 0 });
  } finally {
    await line.close();
  }
});

test('without dispatcher: tasks wait while no daemon is connected, then are assigned and complete', async () => {
  await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false, compute: 'late' }), 10_000, 'daemons url');
  await requireDaemons('late');
  const tasks = [1, 2, 3].map((k) => mirai((x: number) => x * 2, undefined, { args: [k], compute: 'late' }));
  assert.equal(counts(await info('late')), { connections: 0, waiting: 3, assigned: 0, complete: 0, refused: 0 });
  for (const pid of launchLocal(1, {}, { compute: 'late' })) seen.add(pid);
  assert.equal(await withTimeout(collectMirai(tasks), 15_000, 'the tasks'), [2, 4, 6]);
  assert.equal(counts(await info('late')), { connections: 1, waiting: 0, assigned: 3, complete: 3, refused: 0 });
  assert.equal(counts(await info()), ZERO, 'another profile is not affected');
});

test('a failed evaluation is complete (its daemon replied); a stopped task is not', async () => {
  await withTimeout(daemons(1, { dispatcher: false }), 30_000, 'daemons(1)');
  const failed = mirai(() => {
    throw new Error('no');
  });
  await withTimeout(failed.settled(), 10_000, 'the failing task');
  const line = await TaskLine.open();
  try {
    const stopped = mirai(holdTask, undefined, { args: [line.path] });
    const held = await line.next();
    stopped.stop();
    held.release();
    const after = mirai(() => 1);
    assert.is(await withTimeout(Promise.resolve(after), 10_000, 'the task after'), 1);
    assert.equal(counts(await info()), { connections: 1, waiting: 0, assigned: 3, complete: 2, refused: 0 });
  } finally {
    await line.close();
  }
});

// --- metrics ---

test('metrics, not set: no task, every figure 0', async () => {
  const { metrics } = await info();
  assert.is(metrics.done, 0);
  assert.equal(metrics.runTime, { p50: 0, p90: 0, p99: 0, max: 0, count: 0 });
  assert.is(metrics.utilisation, 0);
  assert.equal(metrics.daemons, []);
});

for (const dispatcher of [false, true]) {
  test(`metrics (${dispatcher ? 'dispatcher' : 'direct'}): tasks done, run and wait times, utilisation, per profile and per daemon`, async () => {
    await withTimeout(daemons(2, { dispatcher }), 30_000, 'daemons(2)');
    const slow = [1, 2, 3, 4].map(() => mirai((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)), undefined, { args: [50] }));
    const quick = [1, 2].map(() => mirai(() => 1));
    await withTimeout(collectMirai([...slow, ...quick]), 15_000, 'the tasks');
    const failed = mirai(() => {
      throw new Error('no');
    });
    await withTimeout(failed.settled(), 10_000, 'the failing task');
    const { metrics } = await info();
    assert.is(metrics.done, 7, 'a failed evaluation is done too');
    assert.is(metrics.runTime.count, 7);
    assert.is(metrics.waitTime.count, 7);
    // Four of seven ran a 50 ms timer: the median is one of them.
    assert.ok(metrics.runTime.p50 >= 40, `run p50 ${metrics.runTime.p50}`);
    assert.ok(metrics.runTime.p99 >= metrics.runTime.p50 && metrics.runTime.max >= metrics.runTime.p99);
    assert.ok(metrics.waitTime.p50 >= 0);
    assert.ok(metrics.utilisation > 0 && metrics.utilisation <= 1, `utilisation ${metrics.utilisation}`);
    const rows = metrics.daemons;
    assert.ok(rows.length >= 1 && rows.length <= 2);
    assert.is(rows.reduce((n, d) => n + d.done, 0), 7, 'each daemon counts the tasks it ran');
    assert.is(rows.reduce((n, d) => n + d.runTime.count, 0), 7);
    for (const row of rows) {
      assert.ok(row.pid > 0);
      assert.ok(row.utilisation > 0 && row.utilisation <= 1, `daemon utilisation ${row.utilisation}`);
    }
  });
}

test('metrics: a task queued behind two others waits at least as long as they ran', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const tasks = [1, 2, 3].map(() => mirai((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)), undefined, { args: [50] }));
  await withTimeout(collectMirai(tasks), 15_000, 'the tasks');
  const { metrics } = await info();
  assert.is(metrics.done, 3);
  assert.ok(metrics.waitTime.max >= 2 * 45, `wait max ${metrics.waitTime.max}`);
});

test.run();
