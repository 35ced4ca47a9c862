// Errors: MiraiError, MiraiInterrupt and ErrorValue (5 timed out, 19 connection reset,
// 20 canceled), the guards, and how a failed mirai rejects and stores its failure.
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, mirai, status, stopMirai, unresolved } from '../src/index';
import { ErrorValue, isErrorValue, isMirai, isMiraiError, isMiraiInterrupt, MiraiError, MiraiInterrupt } from '../src/index';
import { rejectsLike, withTimeout } from './helpers';
import { allExit, connections, daemonPids, isAlive, killAll, twoDaemonsAround } from './processes';
import { holdTask, TaskLine } from './taskLine';

const test = suite('errors');
const line = TaskLine.forSuite(test);
twoDaemonsAround(test);

test.after(async () => {
  await withTimeout(daemons(0, { compute: 'kill' }), 15_000, 'daemons(0) kill');
  await withTimeout(daemons(0, { compute: 'one' }), 15_000, 'daemons(0) one');
});

// --- the classes -----------------------------------------------------------------------------

test('MiraiError: message, the original name, the daemon-side stack, own properties', async () => {
  const m = mirai(() => {
    const error = new TypeError('bad input') as TypeError & Record<string, unknown>;
    error.code = 'E_BAD';
    error.detail = { field: 'x', limits: [1, 2] };
    throw error;
  });
  const error = (await rejectsLike(() => Promise.resolve(m), MiraiError, /^bad input$/)) as MiraiError;
  assert.is(m.data, error, 'stored at data as well as thrown');
  assert.ok(error instanceof Error);
  assert.is(error.name, 'TypeError', 'the original name');
  assert.is(error.code, 'E_BAD');
  assert.equal(error.detail, { field: 'x', limits: [1, 2] });
  assert.type(error.stackTrace, 'string');
  assert.match(error.stackTrace, /^TypeError: bad input/);
  assert.match(error.stackTrace, /mirai-task|<anonymous>/, 'a frame of the evaluation in the daemon');
  assert.ok(isMiraiError(error));
  assert.ok(isErrorValue(error));
  assert.not.ok(isMiraiInterrupt(error));
});

test('MiraiError keeps the name of a custom error class and of a thrown non-Error', async () => {
  const custom = mirai(`
    class QuotaError extends Error {
      constructor(message) { super(message); this.name = 'QuotaError'; this.limit = 3; }
    }
    throw new QuotaError('over quota');
  `);
  const thrown = mirai(() => {
    throw 'a plain string';
  });
  const [first, second] = await withTimeout(collectMirai([custom, thrown]), 5000, 'two failures');
  assert.instance(first, MiraiError);
  assert.is((first as MiraiError).name, 'QuotaError');
  assert.is((first as MiraiError).message, 'over quota');
  assert.is((first as MiraiError).limit, 3);
  assert.instance(second, MiraiError);
  assert.match((second as MiraiError).message, /a plain string/);
});

test('a result that cannot be serialised comes back as a MiraiError saying so', async () => {
  const m = mirai('({ ok: 1, fn: () => 2 })');
  const error = await rejectsLike(() => Promise.resolve(m), MiraiError, /the result\.fn cannot be serialised/);
  assert.match(error.message, /fn/);
  // The daemon is unharmed.
  assert.is(await withTimeout(Promise.resolve(mirai(() => 'still here')), 5000, 'next task'), 'still here');
});

test('ErrorValue: a code and NNG\'s message; the guards tell every kind apart', () => {
  const expected: [number, RegExp][] = [
    [5, /timed out/i],
    [7, /object closed/i],
    [19, /connection reset/i],
    [20, /operation canceled/i],
  ];
  for (const [code, text] of expected) {
    const value = new ErrorValue(code);
    assert.is(value.code, code);
    assert.match(value.message, text);
    assert.is(value.name, 'ErrorValue');
    assert.instance(value, Error);
    assert.ok(isErrorValue(value));
    assert.not.ok(isMiraiError(value));
    assert.not.ok(isMiraiInterrupt(value));
  }
  const interrupt = new MiraiInterrupt();
  assert.is(interrupt.name, 'MiraiInterrupt');
  assert.ok(isMiraiInterrupt(interrupt));
  assert.ok(isErrorValue(interrupt));
  assert.not.ok(isMiraiError(interrupt));
  for (const other of [new Error('plain'), 'error', 19, null, undefined, { code: 19 }]) {
    assert.not.ok(isErrorValue(other), `isErrorValue(${String(other)})`);
    assert.not.ok(isMiraiError(other));
    assert.not.ok(isMiraiInterrupt(other));
    assert.not.ok(isMirai(other));
  }
});

// --- interrupts, timeouts, cancellation -------------------------------------------------------

test('SIGINT to a daemon running an async task: MiraiInterrupt, and the daemon carries on', async () => {
  const m = mirai(holdTask, {}, { args: [line.path] });
  const held = await line.next();
  process.kill(held.pid, 'SIGINT');
  await withTimeout(m.settled(), 5000, 'interrupted mirai');
  assert.instance(m.data, MiraiInterrupt);
  assert.ok(isMiraiInterrupt(m.data));
  assert.ok(isErrorValue(m.data));
  await rejectsLike(() => Promise.resolve(m), MiraiInterrupt, /./);
  held.release();
  assert.ok(isAlive(held.pid), 'the interrupted daemon still runs');
  const pids = await daemonPids(2);
  assert.ok(pids.includes(held.pid), 'and still takes tasks');
});

test('options.timeout: ErrorValue 5 past it', async () => {
  const started = Date.now();
  const m = mirai(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return 'too late';
  }, {}, { timeout: 200 });
  const error = (await rejectsLike(() => Promise.resolve(m), ErrorValue, /timed out/i, 5000)) as ErrorValue;
  assert.is(error.code, 5);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 200 && elapsed < 1000, `past the timeout, not at the end of the task (${elapsed} ms)`);
  assert.is(m.data, error);
});

test('stopMirai: ErrorValue 20 at once, for a mirai, an array or a record', async () => {
  const one = mirai(holdTask, {}, { args: [line.path] });
  const held = await line.next();
  stopMirai(one);
  assert.instance(one.data, ErrorValue, 'resolved synchronously');
  assert.is((one.data as ErrorValue).code, 20);
  await rejectsLike(() => Promise.resolve(one), ErrorValue, /operation canceled/i);
  held.release();
  const brief = () => mirai(async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return 'late';
  });
  const list = [brief(), brief()];
  const record = { r: brief() };
  stopMirai(list);
  stopMirai(record);
  for (const m of [...list, record.r]) assert.is((m.data as ErrorValue).code, 20);
  // Whatever the daemons do with them, the stopped mirai keep ErrorValue 20.
  await withTimeout(collectMirai(Array.from({ length: 4 }, () => brief())), 5000, 'later tasks');
  for (const m of [...list, record.r]) assert.is((m.data as ErrorValue).code, 20);
  // A mirai already resolved keeps its value.
  const done = mirai(() => 'kept');
  assert.is(await withTimeout(Promise.resolve(done), 5000, 'done'), 'kept');
  stopMirai(done);
  assert.is(done.data, 'kept');
});

test('options.signal: aborting is stopMirai (ErrorValue 20), also when already aborted', async () => {
  const controller = new AbortController();
  const m = mirai(holdTask, {}, { args: [line.path], signal: controller.signal });
  const held = await line.next();
  controller.abort();
  assert.instance(m.data, ErrorValue);
  assert.is((m.data as ErrorValue).code, 20);
  held.release();
  const early = mirai(() => 1, {}, { signal: AbortSignal.abort() });
  assert.instance(early.data, ErrorValue, 'a signal aborted before the call stops the mirai at once');
  assert.is((early.data as ErrorValue).code, 20);
});

test('a stopped task that the daemon has not started is abandoned (never runs)', async () => {
  await withTimeout(daemons(1, { dispatcher: false, compute: 'one' }), 30_000, 'daemons(1) one');
  const marker = join(tmpdir(), `mirai-abandoned-${process.pid}`);
  rmSync(marker, { force: true });
  try {
    // The only daemon is busy; the next task waits in its queue for a while, then is stopped.
    // (The waits are the scenario: a task queued for some time before it is stopped.)
    const busy = mirai(holdTask, {}, { args: [line.path, 'busy done'], compute: 'one' });
    const held = await line.next();
    const queued = mirai((path: string) => {
      require('node:fs').writeFileSync(path, 'ran');
      return 'ran';
    }, {}, { args: [marker], compute: 'one' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopMirai(queued);
    assert.is((queued.data as ErrorValue).code, 20);
    await new Promise((resolve) => setTimeout(resolve, 300));
    held.release();
    assert.is(await withTimeout(Promise.resolve(busy), 10_000, 'busy task'), 'busy done');
    // One more task on the same daemon: by the time it answers, the queued one was reached.
    assert.is(await withTimeout(Promise.resolve(mirai(() => 'after', {}, { compute: 'one' })), 5000, 'after'), 'after');
    assert.not.ok(existsSync(marker), `the stopped task ran: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`);
  } finally {
    rmSync(marker, { force: true });
    await withTimeout(daemons(0, { compute: 'one' }), 15_000, 'daemons(0) one');
  }
});

// --- daemons that die ---------------------------------------------------------------------

test('a daemon killed with SIGKILL mid-task: ErrorValue 19 for its mirai; the others complete', async () => {
  await withTimeout(daemons(2, { dispatcher: false, compute: 'kill' }), 30_000, 'daemons(2) kill');
  const pids = await daemonPids(2, 'kill');
  try {
    const a = mirai(holdTask, {}, { args: [line.path, 'a'], compute: 'kill' });
    const b = mirai(holdTask, {}, { args: [line.path, 'b'], compute: 'kill' });
    const first = await line.next();
    const second = await line.next();
    assert.is.not(first.pid, second.pid, 'one task on each daemon');
    const [killed, kept] = [first, second];
    process.kill(killed.pid, 'SIGKILL');
    // Which mirai ran where is NNG's choice; the one still held cannot settle, so the first
    // to settle is the killed daemon's.
    // (Wrapped: a promise resolved with a Mirai would adopt it, a thenable.)
    const { victim } = await withTimeout(Promise.race([a.settled().then(() => ({ victim: a })), b.settled().then(() => ({ victim: b }))]), 5000, 'the killed task settles');
    assert.instance(victim.data, ErrorValue);
    assert.is((victim.data as ErrorValue).code, 19);
    const other = victim === a ? b : a;
    assert.ok(unresolved(other), 'the task on the other daemon still runs');
    kept.release();
    const value = await withTimeout(Promise.resolve(other), 5000, 'the task on the surviving daemon');
    assert.is(value, other === a ? 'a' : 'b');
    await connections(1, 'kill', 5000);
    const after = await withTimeout(collectMirai(Array.from({ length: 10 }, (_, i) => mirai((k: number) => [process.pid, k], {}, { args: [i], compute: 'kill' }))), 10_000, 'tasks after the kill');
    assert.equal(after, Array.from({ length: 10 }, (_, i) => [kept.pid, i]), 'later tasks go to the surviving daemon');
    assert.is((await status('kill')).connections, 1);
  } finally {
    killAll(pids);
    await withTimeout(daemons(0, { compute: 'kill' }), 15_000, 'daemons(0) kill');
    await allExit(pids, 5000, 'daemons of the kill profile');
  }
});

test.run();
