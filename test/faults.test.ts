// Faults with real processes and signals: a daemon killed or stopped mid-task, a task that
// exhausts its daemon's heap, the host killed, and a reset racing 10,000 submissions. Each
// mirai resolves (to a value or an error value); host and other daemons carry on.
import * as assert from 'uvu/assert';
import { ErrorValue, daemons, mirai, type Mirai } from '../src/index';
import { withTimeout } from './helpers';
import { allExit, daemonSuite, killedHost, killStarted } from './processes';
import { holdTask, TaskLine } from './taskLine';

const { test, seen } = daemonSuite('faults');
const line = TaskLine.forSuite(test);
// A host process a failed test left running.
test.after(() => killStarted());

const code = (m: Mirai<unknown>) => (m.data instanceof ErrorValue ? m.data.code : undefined);
const settled = (m: Mirai<unknown>, ms: number, label: string) => withTimeout(m.settled(), ms, label);
const pidOf = async () => (await withTimeout(Promise.resolve(mirai(() => process.pid)), 15_000, 'a task')) as number;

for (const dispatcher of [true, false]) {
  test(`dispatcher ${dispatcher}: a daemon SIGKILLed mid-task, retry off: ErrorValue 19; the other daemon runs the next task`, async () => {
    await withTimeout(daemons(2, { dispatcher }), 30_000, 'daemons(2)');
    const m = mirai(holdTask, {}, { args: [line.path] });
    const held = await line.next();
    seen.add(held.pid);
    process.kill(held.pid, 'SIGKILL');
    await settled(m, 10_000, 'the mirai of the killed daemon');
    assert.is(code(m), 19, `ErrorValue 19, got ${String(m.data)}`);
    const next = await pidOf();
    assert.is.not(next, held.pid);
  });
}

test('retry and respawn: a daemon SIGKILLed mid-task; the task runs again on its replacement and resolves once', async () => {
  await withTimeout(daemons(1, { retry: true, respawn: true }), 30_000, 'daemons(1)');
  const m = mirai(holdTask, {}, { args: [line.path, 'ran'] });
  const first = await line.next();
  seen.add(first.pid);
  process.kill(first.pid, 'SIGKILL');
  const second = await line.next(20_000, 'the task runs again on the replacement');
  seen.add(second.pid);
  assert.is.not(second.pid, first.pid);
  assert.ok(m.unresolved, 'not resolved while it runs again');
  second.release();
  await settled(m, 10_000, 'the retried mirai');
  assert.is(m.data, 'ran');
  // Ran twice, resolved once: no third run reports in.
  const third = await line.next(500, 'no third run').then(
    (held) => held.pid,
    () => undefined,
  );
  assert.is(third, undefined, 'no third run');
});

for (const dispatcher of [true, false]) {
  test(`dispatcher ${dispatcher}: a task timing out at a SIGSTOPped daemon: ErrorValue 5 on time; tasks run once it continues`, async () => {
    await withTimeout(daemons(1, { dispatcher }), 30_000, 'daemons(1)');
    const pid = await pidOf();
    seen.add(pid);
    process.kill(pid, 'SIGSTOP');
    const m = mirai(() => 'ran', {}, { timeout: 500 });
    try {
      await settled(m, 5000, 'the timeout at the stopped daemon');
      assert.is(code(m), 5, `ErrorValue 5, got ${String(m.data)}`);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    assert.is(await withTimeout(Promise.resolve(mirai((x: number) => x * 2, {}, { args: [21] })), 15_000, 'a later task'), 42);
  });
}

test('a task exhausting its daemon heap (maxOldSpaceSize): ErrorValue 19; the host and the other daemon carry on', async () => {
  await withTimeout(daemons(2, { maxOldSpaceSize: 32 }), 30_000, 'daemons(2)');
  const m = mirai(() => {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1e5).fill(Math.random()));
  });
  await settled(m, 30_000, 'the task that exhausts the heap');
  assert.is(code(m), 19, `ErrorValue 19, got ${String(m.data)}`);
  const pids = new Set(await Promise.all(Array.from({ length: 4 }, pidOf)));
  assert.is(pids.size, 1, 'the daemon left runs the tasks');
  assert.ok(process.memoryUsage().heapUsed < 512 * 2 ** 20, 'the host did not take the hoard');
});

test('the host SIGKILLed: every daemon it started (dispatcher and direct, respawning) leaves the process table', async () => {
  const pids = await killedHost('faults-host.ts', 4, seen);
  await allExit(pids, 10_000, 'daemons of a killed host');
});

for (const dispatcher of [true, false]) {
  test(`dispatcher ${dispatcher}: daemons(0) racing 10,000 submissions: every mirai resolves`, async () => {
    await withTimeout(daemons(2, { dispatcher }), 30_000, 'daemons(2)');
    const first = Array.from({ length: 5000 }, (_, i) => mirai((x: number) => x, {}, { args: [i] }));
    await settled(first[0], 15_000, 'the first task');
    const rest = Array.from({ length: 5000 }, (_, i) => mirai((x: number) => x, {}, { args: [5000 + i] }));
    const reset = daemons(0);
    const all = [...first, ...rest];
    await withTimeout(Promise.all(all.map((m) => m.settled())), 60_000, 'every mirai settles');
    await withTimeout(reset, 15_000, 'daemons(0)');
    let values = 0;
    all.forEach((m, i) => {
      if (m.data === i) values++;
      else assert.is(code(m), 19, `mirai ${i}: its value or ErrorValue 19, got ${String(m.data)}`);
    });
    assert.ok(values >= 1, 'the tasks before the reset ran');
  });
}

test.run();
