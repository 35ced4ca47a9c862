// The daemon process and its options: autoexit, cleanup, output, maxtasks, idletime, walltime,
// timerstart; daemon() in this process; host exit.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemon, daemons, ErrorValue, everywhere, localUrl, mirai, status } from '../src/index';
import { openSocket } from '../src/nng';
import { Kind } from '../src/protocol';
import { decode, encode } from '../src/serial';
import { encodeTask, prepareTask } from '../src/task';
import { hugePagesAlways, rejectsLike, statFields, waitFor, withTimeout } from './helpers';
import { allExit, CLI, connections, exited, isAlive, killAll, killStarted, runNode, startCliDaemon } from './processes';
import { TaskLine } from './taskLine';

const PROFILES = ['cli', 'spare', 'c0', 'c1', 'c2', 'c4', 'c15', 'ctrue', 'max', 'idle', 'wall', 'timer', 'inproc', 'dialwait'];
const test = suite('daemon');
let line: TaskLine;
let scratch: string;
const seen = new Set<number>();

test.before(async () => {
  line = await TaskLine.open();
  scratch = mkdtempSync(join(tmpdir(), 'mirai-daemon-test-'));
});

test.after.each(async () => {
  for (const compute of PROFILES) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
});

test.after(async () => {
  await line.close();
  killStarted();
  killAll(seen);
  rmSync(scratch, { recursive: true, force: true });
});

/** Like holdTask, and once released writes `marker`: proof that the task ran to its end. */
const holdThenMark = async (path: string, marker: string): Promise<string> => {
  const socket = require('node:net').connect(path);
  socket.on('error', () => undefined);
  socket.write(String(process.pid));
  await new Promise((resolve) => socket.once('close', resolve));
  require('node:fs').writeFileSync(marker, 'finished');
  return 'finished';
};

function value<T>(m: PromiseLike<T>, label: string, ms = 5000): Promise<T> {
  return withTimeout(Promise.resolve(m), ms, label);
}

// --- autoexit ------------------------------------------------------------------------------

test('autoexit true: the daemon exits when the host goes, after the task in hand', async () => {
  const url = (await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'cli' }), 10_000, 'daemons url')) as string;
  const child = startCliDaemon(url);
  await connections(1, 'cli');
  const marker = join(scratch, 'autoexit-true');
  const m = mirai(holdThenMark, {}, { args: [line.path, marker], compute: 'cli' });
  const held = await line.next();
  assert.is(held.pid, child.pid);
  await withTimeout(daemons(0, { compute: 'cli' }), 10_000, 'daemons(0)');
  const dataAfterReset = m.data;
  assert.ok(isAlive(child.pid!), 'still busy with its task');
  held.release();
  const end = await exited(child, 5000, 'the daemon exits after its task');
  assert.is(end.code, 0, `exit code (stderr: ${end.stderr})`);
  assert.is(readFileSync(marker, 'utf8'), 'finished', 'the task in hand ran to its end');
  assert.instance(dataAfterReset, ErrorValue, 'the pending mirai resolved by the time daemons(0) resolved');
  assert.is((dataAfterReset as ErrorValue).code, 19);
});

test('autoexit false: the daemon outlives its host, dials back in, and exits on daemons(null)', async () => {
  const url = (await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false, compute: 'cli' }), 10_000, 'daemons url')) as string;
  assert.match(url, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.not.match(url, /:0$/);
  const child = startCliDaemon(url, ['--autoexit', 'false']);
  try {
    await persistAndReturn(url, child);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

test('autoexit false: a daemon redialling at once is heard by each new host, 20 restarts in a row', async () => {
  const url = (await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false, compute: 'cli' }), 10_000, 'daemons url')) as string;
  const child = startCliDaemon(url, ['--autoexit', 'false']);
  try {
    await connections(1, 'cli');
    for (let round = 1; round <= 20; round++) {
      // The host listens again at once: the daemon's first redial races the new socket's set-up.
      await withTimeout(daemons(0, { compute: 'cli' }), 10_000, `daemons(0), round ${round}`);
      await withTimeout(daemons({ url, dispatcher: false, compute: 'cli' }), 10_000, `listen again, round ${round}`);
      await connections(1, 'cli', 5000);
      assert.is(await value(mirai(() => process.pid, {}, { compute: 'cli' }), `task, round ${round}`), child.pid);
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

async function persistAndReturn(url: string, child: ChildProcess & { out: { stdout: string; stderr: string } }): Promise<void> {
  await connections(1, 'cli');
  assert.is(await value(mirai(() => process.pid, {}, { compute: 'cli' }), 'pid'), child.pid);
  await withTimeout(daemons(0, { compute: 'cli' }), 10_000, 'daemons(0)');
  assert.ok(isAlive(child.pid!), 'alive after its host closed');
  await withTimeout(daemons({ url, dispatcher: false, compute: 'cli' }), 10_000, 'the same url again');
  await connections(1, 'cli');
  assert.is(await value(mirai(() => process.pid, {}, { compute: 'cli' }), 'pid again'), child.pid, 'the same daemon came back');
  await withTimeout(daemons(null, { compute: 'cli' }), 10_000, 'daemons(null)');
  const end = await exited(child, 5000, 'the persistent daemon exits on daemons(null)');
  assert.is(end.code, 0, `exit code (stderr: ${end.stderr})`);
}

test('autoexit with a signal name: the signal is raised when the host goes, interrupting the task', async () => {
  const url = (await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'cli' }), 10_000, 'daemons url')) as string;
  const child = startCliDaemon(url, ['--autoexit', 'SIGINT']);
  await connections(1, 'cli');
  const marker = join(scratch, 'autoexit-signal');
  mirai(holdThenMark, {}, { args: [line.path, marker], compute: 'cli' });
  const held = await line.next();
  await withTimeout(daemons(0, { compute: 'cli' }), 10_000, 'daemons(0)');
  const end = await exited(child, 5000, 'the daemon ends without finishing its task');
  assert.is(end.signal, 'SIGINT', `ended by SIGINT (code ${end.code}, stderr: ${end.stderr})`);
  held.release();
  assert.not.ok(existsSync(marker), 'the task was interrupted');
});

test('host exit: every daemon of a host that exits is gone within 2 s', async () => {
  const result = await runNode([join('test', 'fixtures', 'mirai-host.ts'), 'exit'], 30_000, 'host script');
  assert.is(result.code, 0, `host exit code (stderr: ${result.stderr})`);
  const pids = JSON.parse(result.stdout.trim().split('\n').pop()!) as number[];
  for (const pid of pids) seen.add(pid);
  assert.is(pids.length, 2);
  await allExit(pids, 2000, "the host's daemons");
});

// --- cleanup -------------------------------------------------------------------------------

/** One daemon per cleanup setting, started together. */
async function cleanupProfiles(settings: [string, number | boolean][]): Promise<void> {
  await withTimeout(
    Promise.all(settings.map(([compute, cleanup]) => daemons(1, { dispatcher: false, compute, cleanup }))),
    30_000,
    'daemons with cleanup settings',
  );
}

test('cleanup 1 removes the globals a task added and restores those data shadowed', async () => {
  await cleanupProfiles([['c1', 1], ['c0', 0]]);
  await withTimeout(everywhere('globalThis.base = "everywhere"', {}, { compute: 'c1' }), 10_000, 'everywhere on c1');
  const seen1 = await value(mirai((v: number) => {
    (globalThis as Record<string, unknown>).added = v;
    return (globalThis as Record<string, unknown>).base;
  }, { base: 'from data', extra: 1 }, { args: [1], compute: 'c1' }), 'c1 first');
  assert.is(seen1, 'from data', 'data shadows a global during the task');
  const after = await value(mirai('[typeof added, typeof extra, base]', {}, { compute: 'c1' }), 'c1 second');
  assert.equal(after, ['undefined', 'undefined', 'everywhere']);
  // What everywhere() adds between tasks stays; a global a task deletes is gone, and a later
  // task that sets it again has it removed like any other it added.
  await withTimeout(everywhere('globalThis.later = "everywhere"', {}, { compute: 'c1' }), 10_000, 'everywhere on c1');
  await value(mirai('delete globalThis.base; globalThis.added = 2', {}, { compute: 'c1' }), 'c1 delete');
  await value(mirai('globalThis.base = "task"', {}, { compute: 'c1' }), 'c1 set again');
  const last = await value(mirai('[typeof base, typeof added, later]', {}, { compute: 'c1' }), 'c1 last');
  assert.equal(last, ['undefined', 'undefined', 'everywhere']);
  // cleanup 0 keeps them.
  await value(mirai(() => {
    (globalThis as Record<string, unknown>).added = 1;
  }, { extra: 2 }, { compute: 'c0' }), 'c0 first');
  assert.equal(await value(mirai('[typeof added, typeof extra]', {}, { compute: 'c0' }), 'c0 second'), ['number', 'number']);
});

test('cleanup 2 restores the module cache; without it a module stays loaded', async () => {
  await cleanupProfiles([['c2', 2], ['c1', 1]]);
  const modulePath = join(scratch, 'counted.js');
  writeFileSync(modulePath, 'process.miraiLoads = (process.miraiLoads || 0) + 1;\nmodule.exports = process.miraiLoads;\n');
  const load = (compute: string) => value(mirai((p: string) => require(p), {}, { args: [modulePath], compute }), `require on ${compute}`);
  assert.is(await load('c2'), 1);
  assert.is(await load('c2'), 2, 'loaded afresh after cleanup 2');
  assert.is(await load('c1'), 1);
  assert.is(await load('c1'), 1, 'still cached without bit 2');
});

test('cleanup 4 restores process.env and the working directory; without it they stay changed', async () => {
  await cleanupProfiles([['c4', 4], ['c1', 1]]);
  const change = (compute: string) =>
    value(mirai((dir: string) => {
      const before = process.cwd();
      process.env.MIRAI_TEST_SETTING = 'changed';
      process.chdir(dir);
      return before;
    }, {}, { args: [scratch], compute }), `change on ${compute}`);
  const read = (compute: string) => value(mirai(() => [process.env.MIRAI_TEST_SETTING ?? null, process.cwd()], {}, { compute }), `read on ${compute}`);
  const cwd4 = await change('c4');
  assert.equal(await read('c4'), [null, cwd4]);
  const cwd1 = await change('c1');
  assert.equal(await read('c1'), ['changed', scratch]);
  assert.is.not(cwd1, scratch);
});

test('cleanup true is 1 + 2 + 4', async () => {
  await cleanupProfiles([['ctrue', true]]);
  const modulePath = join(scratch, 'counted-true.js');
  writeFileSync(modulePath, 'process.miraiLoadsTrue = (process.miraiLoadsTrue || 0) + 1;\nmodule.exports = process.miraiLoadsTrue;\n');
  await value(mirai((p: string) => {
    (globalThis as Record<string, unknown>).added = 1;
    process.env.MIRAI_TEST_SETTING = 'changed';
    return require(p);
  }, {}, { args: [modulePath], compute: 'ctrue' }), 'first');
  const after = await value(mirai((p: string) => [typeof (globalThis as Record<string, unknown>).added, process.env.MIRAI_TEST_SETTING ?? null, require(p)], {}, { args: [modulePath], compute: 'ctrue' }), 'second');
  assert.equal(after, ['undefined', null, 2]);
});

test('cleanup 8 collects garbage after each task', async () => {
  await cleanupProfiles([['c15', 15]]);
  const run = (expr: () => unknown) => value(mirai(expr, {}, { compute: 'c15' }), 'c15 task');
  await run(() => {
    (process as unknown as Record<string, unknown>).miraiHeld = { payload: new Array(1000).fill(1) };
  });
  await run(() => {
    const p = process as unknown as Record<string, unknown>;
    p.miraiRef = new WeakRef(p.miraiHeld as object);
    delete p.miraiHeld;
  });
  await run(() => 1);
  await run(() => 1);
  const collected = await run(() => ((process as unknown as Record<string, WeakRef<object>>).miraiRef.deref() === undefined));
  assert.ok(collected, 'an object no longer referenced was collected between tasks');
});

// --- output --------------------------------------------------------------------------------

test("output: a task's stdout and stderr reach the host's only with output: true", async () => {
  const result = await runNode([join('test', 'fixtures', 'mirai-host.ts'), 'output'], 60_000, 'host script');
  assert.is(result.code, 0, `host exit code (stderr: ${result.stderr})`);
  assert.match(result.stdout, /host: done/);
  assert.match(result.stdout, /loud daemon: stdout/);
  assert.match(result.stderr, /loud daemon: stderr/);
  assert.not.match(result.stdout + result.stderr, /quiet daemon/);
});

// --- limits ------------------------------------------------------------------------------

test('maxtasks: the daemon exits after n tasks', async () => {
  await withTimeout(daemons(1, { dispatcher: false, compute: 'max', maxtasks: 2 }), 30_000, 'daemons maxtasks');
  const pid = (await value(mirai(() => process.pid, {}, { compute: 'max' }), 'task 1')) as number;
  seen.add(pid);
  assert.is(await value(mirai(() => 'second', {}, { compute: 'max' }), 'task 2'), 'second');
  await allExit([pid], 5000, 'the daemon after 2 tasks');
  await connections(0, 'max', 5000);
});

test('idletime: the daemon exits once idle that long, not while a task runs', async () => {
  await withTimeout(daemons(1, { dispatcher: false, compute: 'idle', idletime: 1000 }), 30_000, 'daemons idletime');
  const long = await value(mirai(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return process.pid;
  }, {}, { compute: 'idle' }), 'a task longer than idletime');
  const pid = long as number;
  seen.add(pid);
  const idleFrom = Date.now();
  assert.ok(isAlive(pid));
  await allExit([pid], 5000, 'the idle daemon');
  assert.ok(Date.now() - idleFrom >= 800, `not before idletime (${Date.now() - idleFrom} ms)`);
});

test('walltime: the daemon exits once that much time has passed, after the task in hand', async () => {
  const launched = Date.now();
  await withTimeout(daemons(1, { dispatcher: false, compute: 'wall', walltime: 1000 }), 30_000, 'daemons walltime');
  const pid = (await value(mirai(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return process.pid;
  }, {}, { compute: 'wall' }), 'a task running past walltime')) as number;
  seen.add(pid);
  await allExit([pid], 5000, 'the daemon past walltime');
  assert.ok(Date.now() - launched >= 1000, 'not before walltime');
});

test('timerstart: the idle clock starts after that many tasks', async () => {
  await withTimeout(daemons(1, { dispatcher: false, compute: 'timer', idletime: 300, timerstart: 2 }), 30_000, 'daemons timerstart');
  const pid = (await value(mirai(() => process.pid, {}, { compute: 'timer' }), 'task 1')) as number;
  seen.add(pid);
  await new Promise((resolve) => setTimeout(resolve, 900)); // three idletimes after one task
  assert.ok(isAlive(pid), 'no idle exit before timerstart tasks');
  assert.is(await value(mirai(() => 2, {}, { compute: 'timer' }), 'task 2'), 2);
  await allExit([pid], 5000, 'the daemon idle after timerstart');
});

// --- large messages --------------------------------------------------------------------------

/** Minor page faults of process `pid` so far (field 10 of /proc/<pid>/stat). */
function minorFaultsOf(pid: number): number {
  return Number(statFields(`/proc/${pid}/stat`)[7]);
}

test('a stream of large tasks reuses the storage of the last ones: the daemon stops faulting in fresh pages', async () => {
  await daemons(1, { dispatcher: false, compute: 'spare' });
  const pid = await value(mirai(() => process.pid, {}, { compute: 'spare' }), 'pid');
  const echo = (x: Buffer) => x;
  const faults: number[] = [];
  for (let i = 1; i <= 8; i++) {
    // 40 MiB, a little apart in size and each of its own contents: stale bytes would show.
    const payload = Buffer.alloc(40 * 1024 * 1024 - i * 4099, i);
    const before = minorFaultsOf(pid);
    const echoed = await value(mirai(echo, {}, { args: [payload], compute: 'spare' }), `echo ${i}`, 30_000);
    faults.push(minorFaultsOf(pid) - before);
    assert.ok(Buffer.from(echoed as Uint8Array).equals(payload), `task ${i} came back byte-exact`);
  }
  const last = faults.slice(4).reduce((a, b) => a + b, 0) / 4;
  if (!hugePagesAlways()) assert.ok(last < faults[0] / 2, `page faults per task: ${faults.join(', ')}`);
});

// --- daemon() in this process -------------------------------------------------------------

// --- dialwait --------------------------------------------------------------------------------

test('dialwait: a daemon started before its dispatcher dials until it listens, then runs tasks', async () => {
  const url = localUrl();
  const child = startCliDaemon(url, ['--control', 'false', '--dialwait', '20000']);
  seen.add(child.pid as number);
  // Long enough for the daemon to be up and refused a few times.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.ok(isAlive(child.pid as number), 'still waiting, not exited');
  await withTimeout(daemons({ url: [url], compute: 'dialwait' }), 10_000, 'dispatcher at the url');
  await waitFor(async () => ((await status('dialwait')).daemons as { online: number }[])[0].online === 1, 10_000, 'the daemon online');
  assert.is(await value(mirai(() => process.pid, {}, { compute: 'dialwait' }), 'task'), child.pid);
});

test('dialwait: a daemon that finds no dispatcher in that time exits with code 1, saying so', async () => {
  const url = localUrl();
  const end = await runNode([CLI, 'daemon', url, '--control', 'false', '--dialwait', '300'], 20_000, 'daemon without dispatcher');
  assert.is(end.code, 1, `exit code (stderr: ${end.stderr.trim()})`);
  assert.match(end.stderr, `no dispatcher listened at ${url} within dialwait (300 ms)`);
});

test('a rogue host: each malformed message is refused with an error reply, and the daemon still runs a real task', async () => {
  const url = localUrl();
  const host = openSocket('req', { resendTime: 0 });
  host.listen(url);
  const child = startCliDaemon(url, ['--control', 'false']);
  try {
    const header = Buffer.alloc(16);
    header.writeUInt8(Kind.Task, 0);
    header.writeUInt32LE(0xffffffff, 4);
    const garbage = [Buffer.from('xyz'), Buffer.alloc(40, 1), header, encode(Kind.Cancel, null, 'x', 1)];
    for (const message of garbage) {
      const reply = decode(await withTimeout(host.request(message), 10_000, 'a refusal'));
      assert.is(reply.kind, Kind.Error);
      assert.match((reply.value as { message: string }).message, /^mirai: a daemon refused a message that is not a task or an instruction \(.+\)$/);
    }
    const task = encodeTask(prepareTask(() => 6 * 7, {}, {}).task);
    const answer = decode(await withTimeout(host.request(task), 10_000, 'a real task'));
    assert.equal([answer.kind, answer.value], [Kind.Value, 42]);
    assert.is(child.exitCode, null, 'the daemon is still running');
  } finally {
    host.close();
    await exited(child, 10_000, 'the daemon exits once its host goes');
  }
});

test('daemon(url, options) runs a daemon in this process until its limits say so', async () => {
  const url = (await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'inproc' }), 10_000, 'daemons url')) as string;
  const running = daemon(url, { maxtasks: 1 });
  await connections(1, 'inproc');
  const result = await value(mirai((n: number) => [process.pid, n + 1], {}, { args: [1], compute: 'inproc' }), 'in-process task');
  assert.equal(result, [process.pid, 2], 'evaluated here');
  await withTimeout(running, 5000, 'daemon() resolves after maxtasks');
  await connections(0, 'inproc', 5000);
});

test.run();

// --- arguments ----------------------------------------------------------------------------

const args = suite('daemon arguments');

args.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

args('daemon(): a bad url or option rejects; nothing runs', async () => {
  await rejectsLike(() => daemon('nope'), TypeError, /url 'nope' is not a URL/);
  await rejectsLike(() => daemon(localUrl(), { bogus: 1 } as never), TypeError, /options has an unknown option 'bogus'/);
  await rejectsLike(() => daemon(localUrl(), { maxtask: 1 } as never), TypeError, /unknown option 'maxtask': did you mean 'maxtasks'\?/);
  await rejectsLike(() => daemon(localUrl(), { cleanup: 99 }), RangeError, /options\.cleanup must be an integer from 0 to 15, got 99/);
  await rejectsLike(() => daemon(localUrl(), { autoexit: 999 as never }), TypeError, /options\.autoexit must be true, false or a signal name or number/);
  await rejectsLike(() => daemon('tls+tcp://127.0.0.1:5555'), TypeError, /options\.tls is required/);
  await rejectsLike(() => daemon(localUrl(), { dialwait: 100 }), TypeError, /options\.dialwait is for a daemon behind a dispatcher: it needs options\.control = false/);
  await rejectsLike(() => daemon(localUrl(), { dialwait: -1, control: false }), RangeError, /options\.dialwait must be between 0 and 2147483647 ms, got -1/);
  assert.equal(await status(), { connections: 0, daemons: 0 });
});

args.run();
