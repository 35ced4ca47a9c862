// info(), requireDaemons() and daemons() with no argument: R 2.x's counts of a compute
// profile's tasks, with and without dispatcher, against real daemons.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, info, launchLocal, mirai, requireDaemons } from '../src/index';
import { rejectsLike, waitFor, withTimeout } from './helpers';
import { holdTask, TaskLine } from './taskLine';
import { killAll } from './processes';

const test = suite('info');
const seen = new Set<number>();

test.after.each(async () => {
  for (const compute of ['default', 'late']) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
});

test.after(() => killAll(seen));

const ZERO = { connections: 0, waiting: 0, assigned: 0, complete: 0 };

test('not set: daemons() is the status, info() all 0, requireDaemons() rejects with a hint', async () => {
  assert.equal(await daemons(), { connections: 0, daemons: 0 });
  assert.equal(await info(), ZERO);
  assert.equal(await info('never-set'), ZERO);
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
    assert.equal(await info(), { connections: 2, waiting: 3, assigned: 2, complete: 0 });
    for (const h of running) h.release();
    for (let i = 0; i < 3; i++) (await line.next()).release();
    await withTimeout(collectMirai(held), 15_000, 'the held tasks');
    assert.equal(await info(), { connections: 2, waiting: 0, assigned: 5, complete: 5 });
  } finally {
    await line.close();
  }
});

test('without dispatcher: tasks wait while no daemon is connected, then are assigned and complete', async () => {
  await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false, compute: 'late' }), 10_000, 'daemons url');
  await requireDaemons('late');
  const tasks = [1, 2, 3].map((k) => mirai((x: number) => x * 2, undefined, { args: [k], compute: 'late' }));
  assert.equal(await info('late'), { connections: 0, waiting: 3, assigned: 0, complete: 0 });
  for (const pid of launchLocal(1, {}, { compute: 'late' })) seen.add(pid);
  assert.equal(await withTimeout(collectMirai(tasks), 15_000, 'the tasks'), [2, 4, 6]);
  assert.equal(await info('late'), { connections: 1, waiting: 0, assigned: 3, complete: 3 });
  assert.equal(await info(), ZERO, 'another profile is not affected');
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
    assert.equal(await info(), { connections: 1, waiting: 0, assigned: 3, complete: 2 });
  } finally {
    await line.close();
  }
});

test.run();
