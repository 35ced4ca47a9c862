// daemons({ sync: true }): tasks evaluated in this very process, one at a time, in order, with
// values crossing as copies (as from a daemon); no process is started.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, ErrorValue, everywhere, info, mirai, MiraiError, status } from '../src/index';
import { counts, rejectsLike, withTimeout } from './helpers';
import { startsNothing } from './processes';

const test = suite('sync');

test.after.each(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

test(
  'tasks run in this process, in order, one at a time; values are copies',
  startsNothing(async () => {
    assert.is(await daemons({ sync: true }), 0);
    const input = { list: [1, 2] };
    const log: string[] = [];
    (globalThis as Record<string, unknown>).syncLog = log;
    const tasks = [30, 0, 10].map((ms, k) =>
      mirai(
        async (wait: number, index: number, value: { list: number[] }) => {
          const shared = (globalThis as unknown as { syncLog: string[] }).syncLog;
          shared.push(`start ${index}`);
          await new Promise((resolve) => setTimeout(resolve, wait));
          shared.push(`end ${index}`);
          value.list.push(index);
          return { pid: process.pid, value };
        },
        undefined,
        { args: [ms, k, input] },
      ),
    );
    const results = (await withTimeout(collectMirai(tasks), 10_000, 'the tasks')) as { pid: number; value: { list: number[] } }[];
    delete (globalThis as Record<string, unknown>).syncLog;
    assert.equal(results.map((r) => r.pid), [process.pid, process.pid, process.pid]);
    assert.equal(log, ['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2'], 'one after another, in order');
    assert.equal(results.map((r) => r.value.list), [[1, 2, 0], [1, 2, 1], [1, 2, 2]], 'each task had its own copy');
    assert.equal(input.list, [1, 2], "the caller's value is untouched");
    assert.equal(counts(await info()), { connections: 0, waiting: 0, assigned: 3, complete: 3, refused: 0 });
    assert.equal(await status(), { connections: 0, daemons: 'sync' });
  }),
);

test('errors, timeouts, stops and everywhere() as with daemons', async () => {
  await daemons({ sync: true });
  const failed = await withTimeout(Promise.resolve(mirai(() => { throw new RangeError('in the host'); }).catch((e: unknown) => e)), 5000, 'failing');
  assert.instance(failed, MiraiError);
  assert.is((failed as MiraiError).name, 'RangeError');
  const first = mirai(() => new Promise((resolve) => setTimeout(() => resolve('first'), 100)));
  const stopped = mirai(() => 'never');
  stopped.stop();
  assert.is(await withTimeout(Promise.resolve(first), 5000, 'first'), 'first');
  assert.is((stopped.data as ErrorValue).code, 20);
  const slow = mirai(() => new Promise((resolve) => setTimeout(resolve, 2000)), undefined, { timeout: 50 });
  await withTimeout(slow.settled(), 5000, 'the timeout');
  assert.is((slow.data as ErrorValue).code, 5);
  await withTimeout(everywhere(() => ((globalThis as Record<string, unknown>).syncSetUp = 'yes')), 5000, 'everywhere');
  assert.is(await withTimeout(Promise.resolve(mirai(() => (globalThis as Record<string, unknown>).syncSetUp)), 5000, 'after everywhere'), 'yes');
  delete (globalThis as Record<string, unknown>).syncSetUp;
});

test('a reset settles the tasks still queued with ErrorValue 19', async () => {
  await daemons({ sync: true });
  const busy = mirai(() => new Promise((resolve) => setTimeout(resolve, 300)));
  const queued = mirai(() => 'queued');
  await daemons(0);
  assert.is((queued.data as ErrorValue).code, 19);
  await withTimeout(busy.settled(), 5000, 'the running one');
});

test(
  'arguments are checked, naming them',
  startsNothing(async () => {
    await rejectsLike(() => daemons({ sync: 1 } as never), TypeError, /^options\.sync must be a boolean, got number 1$/);
    await rejectsLike(() => daemons({ sync: true, dispatcher: false } as never), TypeError, /^options\.dispatcher does not apply with options\.sync: tasks run in this process$/);
    await rejectsLike(() => daemons(2, { sync: true } as never), TypeError, /^daemons\(\{ sync: true \}\) takes no n/);
  }),
);

test.run();
