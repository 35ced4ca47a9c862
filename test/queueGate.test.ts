// Memory back-pressure: daemons(n, { maxQueued, onFull }) bounds a profile's queued tasks; past
// it mirai() holds the task unsent ('wait') or throws ('error'). Real daemons, both modes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, ErrorValue, info, mirai, stopMirai, type Mirai } from '../src/index';
import { rejectsLike, throwsLike, withTimeout } from './helpers';
import { holdTask, TaskLine } from './taskLine';

for (const dispatcher of [false, true]) {
  const test = suite(`queue limit (${dispatcher ? 'dispatcher' : 'direct'})`);
  const line = TaskLine.forSuite(test);

  test.after.each(async () => {
    await withTimeout(daemons(0), 15_000, 'daemons(0)');
  });

  /** With 1 daemon and maxQueued 2: one task running (held), two queued. */
  async function fill(onFull: 'wait' | 'error'): Promise<{ running: Mirai<unknown>; queued: Mirai<unknown>[]; release: () => void }> {
    await withTimeout(daemons(1, { dispatcher, maxQueued: 2, onFull }), 30_000, 'daemons(1)');
    const running = mirai(holdTask, {}, { args: [line.path, 1] });
    const held = await line.next();
    const queued = [2, 3].map((n) => mirai((x: number) => x, {}, { args: [n] }));
    return { running, queued, release: () => held.release() };
  }

  test("'wait': the 4th mirai is held unsent; once room is made all complete, in order", async () => {
    const { running, queued, release } = await fill('wait');
    const fourth = mirai((x: number) => x, {}, { args: [4] });
    assert.ok(fourth.unresolved);
    // Held here, beside the two queued (at the dispatcher, or already at the daemon without one).
    assert.is((await info()).waiting, dispatcher ? 3 : 1);
    const order: number[] = [];
    const all = [running, ...queued, fourth].map((m) => Promise.resolve(m).then((v) => order.push(v as number)));
    release();
    await withTimeout(Promise.all(all), 15_000, 'all four');
    assert.equal(order, [1, 2, 3, 4]);
    const counts = await info();
    assert.is(counts.complete, 4);
    assert.is(counts.waiting, 0);
  });

  test("'error': the 4th mirai throws, sending nothing; the others complete, and then there is room", async () => {
    const { running, queued, release } = await fill('error');
    throwsLike(() => mirai(() => 4), Error, /^mirai: the queue of compute profile 'default' is full \(maxQueued: 2 tasks waiting for a daemon\); nothing was sent/);
    release();
    assert.equal(await withTimeout(Promise.all([running, ...queued]), 15_000, 'three'), [1, 2, 3]);
    assert.is(await withTimeout(Promise.resolve(mirai(() => 5)), 15_000, 'one more'), 5);
    assert.is((await info()).complete, 4);
  });

  test('a held mirai stopped is never sent; a reset resolves the held ones to ErrorValue 19', async () => {
    const { running, queued, release } = await fill('wait');
    const stopped = mirai(() => 'never');
    const reset = mirai(() => 'never either');
    stopMirai(stopped);
    assert.ok(stopped.data instanceof ErrorValue && stopped.data.code === 20);
    release();
    assert.equal(await withTimeout(Promise.all([running, ...queued, reset]), 15_000, 'the rest'), [1, 2, 3, 'never either']);
    assert.is((await info()).complete, 4, 'the stopped one never reached a daemon');
    const { release: release2 } = await fill('wait');
    const dropped = mirai(() => 'dropped');
    await withTimeout(daemons(0), 15_000, 'daemons(0)');
    release2();
    assert.ok(dropped.data instanceof ErrorValue && dropped.data.code === 19);
  });

  test.run();
}

const args = suite('queue limit arguments');

args('maxQueued and onFull are checked, naming them, before anything starts', async () => {
  await rejectsLike(() => daemons(1, { maxQueued: -1 }), RangeError, /^options\.maxQueued must be an integer 0 or greater, got -1$/);
  await rejectsLike(() => daemons(1, { maxQueued: 2, onFull: 'drop' as never }), TypeError, /^options\.onFull must be 'wait' or 'error', got the string "drop"$/);
  await rejectsLike(() => daemons(1, { onFull: 'error' }), TypeError, /^options\.onFull applies only with options\.maxQueued/);
});

args.run();
