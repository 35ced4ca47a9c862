// everywhere(): runs on every connected daemon, and on daemons that connect later; what it
// sets up persists whatever the daemons' cleanup.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, everywhere, launchLocal, localUrl, mirai, MiraiError } from '../src/index';
import { rejectsLike, withTimeout } from './helpers';
import { connections, daemonPids, killAll } from './processes';

const test = suite('everywhere');
let scratch: string;
let pids: number[] = [];
const seen = new Set<number>();

type Globals = Record<string, unknown>;

test.before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'mirai-everywhere-'));
  await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  pids = await daemonPids(2);
  for (const pid of pids) seen.add(pid);
});

test.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  await withTimeout(daemons(0, { compute: 'late' }), 15_000, 'daemons(0) late');
  killAll(seen);
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs `expr` in many tasks at once, so that every daemon answers. */
async function fromAll<T>(expr: (...args: never[]) => T, compute = 'default', args: unknown[] = []): Promise<T[]> {
  const tasks = Array.from({ length: 8 }, () => mirai(expr, {}, { compute, args: args as never }));
  return (await withTimeout(collectMirai(tasks), 10_000, 'tasks on every daemon')) as T[];
}

test('reaches every daemon, and resolves once all have run it', async () => {
  const result = await withTimeout(
    everywhere(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      (globalThis as Globals).recordedPid = process.pid;
    }),
    10_000,
    'everywhere',
  );
  assert.is(result, undefined);
  const pairs = await fromAll(() => [process.pid, (globalThis as Globals).recordedPid]);
  for (const [pid, recorded] of pairs) assert.is(recorded, pid, 'each daemon ran it, before the next task');
  assert.equal([...new Set(pairs.map(([pid]) => pid))].sort(), pids);
});

test('its globals, data and loaded modules persist across the cleanup between tasks', async () => {
  const modulePath = join(scratch, 'counted.js');
  writeFileSync(modulePath, 'process.miraiEverywhereLoads = (process.miraiEverywhereLoads || 0) + 1;\nmodule.exports = process.miraiEverywhereLoads;\n');
  await withTimeout(
    everywhere((p: string) => {
      (globalThis as Globals).helper = require(p);
    }, { shared: { k: 1 } }, { args: [modulePath] }),
    10_000,
    'everywhere',
  );
  // Tasks in between add globals of their own, which cleanup removes.
  await fromAll(() => {
    (globalThis as Globals).transient = 1;
  });
  const seenAfter = await fromAll(() => [
    (globalThis as Globals).helper,
    (globalThis as Globals).shared,
    typeof (globalThis as Globals).transient,
  ]);
  for (const entry of seenAfter) assert.equal(entry, [1, { k: 1 }, 'undefined']);
  const loads = await fromAll((p: string) => require(p), 'default', [modulePath]);
  for (const n of loads) assert.is(n, 1, 'the module loaded by everywhere stays loaded');
});

test('a string expression with args; args stay local', async () => {
  await withTimeout(everywhere('globalThis.fromString = a * 2', {}, { args: { a: 21 } }), 10_000, 'everywhere string');
  for (const entry of await fromAll(() => [(globalThis as Globals).fromString, typeof (globalThis as Globals).a])) {
    assert.equal(entry, [42, 'undefined']);
  }
});

test('a failure on the daemons rejects with a MiraiError', async () => {
  const error = await rejectsLike(
    () => everywhere(() => {
      throw new TypeError('setup failed');
    }),
    MiraiError,
    /setup failed/,
    10_000,
  );
  assert.is(error.name, 'TypeError');
  // The daemons carry on.
  assert.equal(await fromAll(() => 'ok'), Array(8).fill('ok'));
});

test('a daemon that connects after everywhere() runs it before its first task', async () => {
  await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'late' }), 10_000, 'daemons url');
  for (const pid of launchLocal(1, {}, { compute: 'late' })) seen.add(pid);
  await connections(1, 'late');
  await withTimeout(everywhere(() => {
    (globalThis as Globals).lateSetup = `set on ${process.pid}`;
  }, {}, { compute: 'late' }), 10_000, 'everywhere late');
  for (const pid of launchLocal(1, {}, { compute: 'late' })) seen.add(pid);
  await connections(2, 'late');
  const pairs = await fromAll(() => [process.pid, (globalThis as Globals).lateSetup], 'late');
  const both = [...new Set(pairs.map(([pid]) => pid))];
  assert.is(both.length, 2, 'tasks reached both daemons');
  for (const [pid, setup] of pairs) assert.is(setup, `set on ${pid}`);
});

test('arguments are checked before anything is sent; the call rejects', async () => {
  await rejectsLike(() => everywhere(42 as never), TypeError, /expr must be a function, a string of code or \{ module, name \}, got number 42/);
  await rejectsLike(() => everywhere(''), TypeError, /expr must not be an empty string/);
  await rejectsLike(() => everywhere(() => 1, [] as never), TypeError, /data must be an object, got an array/);
  await rejectsLike(() => everywhere(() => 1, {}, { timeout: 5 } as never), TypeError, /options has an unknown option 'timeout'/);
  await rejectsLike(() => everywhere(() => 1, {}, { compte: 'x' } as never), TypeError, /unknown option 'compte': did you mean 'compute'\?/);
  await rejectsLike(() => everywhere(() => 1, { fn: () => 1 }), TypeError, /data\.fn cannot be serialised/);
});

test.run();
