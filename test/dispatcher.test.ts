// The dispatcher (daemons(n) by default): one connection from the host, a status row per URL,
// FIFO scheduling onto daemons that can start at once, retry after a daemon dies, ws paths, tcp
// port blocks, URL arrays and tokens, late daemons, a blocked host, cancellation, everywhere(),
// reset, and the dispatcher thread ending abruptly.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  collectMirai,
  daemons,
  ErrorValue,
  everywhere,
  launchLocal,
  localUrl,
  mirai,
  status,
  stopMirai,
  type DaemonStatus,
  type Mirai,
} from '../src/index';
import { NngSocket, openSocket } from '../src/nng';
import { prepareTask } from '../src/task';
import { getProfile } from '../src/profiles';
import { Kind } from '../src/protocol';
import { encode } from '../src/serial';
import { rejectsLike, waitFor, withTimeout } from './helpers';
import { allExit, killAll, killedHost, killStarted, rowsWhen, startsNothing, statusRows as rows } from './processes';
import { holdTask, TaskLine } from './taskLine';

const test = suite('dispatcher');
const PROFILES = ['default', 'rr'];
let line: TaskLine;
let scratch: string;
/** Every daemon pid a test saw, killed at the end should a test fail half-way. */
const seen = new Set<number>();

type Globals = Record<string, unknown>;

test.before(async () => {
  line = await TaskLine.open();
  scratch = mkdtempSync(join(tmpdir(), 'mirai-dispatcher-'));
});

test.after.each(async () => {
  for (const compute of PROFILES) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
  killStarted();
});

test.after(async () => {
  await line.close();
  killAll(seen);
  rmSync(scratch, { recursive: true, force: true });
});

// --- setting up and the status matrix --------------------------------------------------------

test('daemons(n) uses a dispatcher by default: one connection, one row per daemon URL', async () => {
  assert.is(await withTimeout(daemons(2), 30_000, 'daemons(2)'), 2);
  const s = await withTimeout(status(), 5000, 'status()');
  assert.is(s.connections, 1, 'the host has one connection: the dispatcher');
  const rows = s.daemons as DaemonStatus[];
  assert.ok(Array.isArray(rows), `status().daemons is the status matrix, got ${JSON.stringify(s.daemons)}`);
  assert.is(rows.length, 2);
  rows.forEach((row, k) => {
    assert.equal(Object.keys(row).sort(), ['address', 'assigned', 'complete', 'i', 'instance', 'online', 'url']);
    assert.equal({ ...row, url: '', address: '' }, { url: '', i: k + 1, online: 1, instance: 1, assigned: 0, complete: 0, address: '' });
    // A local daemon dials the row's own IPC address: ipc peers have no address of their own.
    assert.is(row.address, row.url);
  });
  const local = process.platform === 'linux' ? /^abstract:\/\/./ : /^ipc:\/\/./;
  for (const row of rows) assert.match(row.url, local, 'local daemons dial local IPC URLs');
  assert.is.not(rows[0].url, rows[1].url, 'one URL per daemon');
  await pidsOf(2);
});

test('FIFO: with one daemon, queued tasks run in the order they were sent', async () => {
  await withTimeout(daemons(1, { cleanup: 0 }), 30_000, 'daemons(1)');
  const first = mirai(holdTask, {}, { args: [line.path] });
  const held = await line.next();
  seen.add(held.pid);
  const tasks = Array.from({ length: 200 }, (_, k) =>
    mirai(
      (k: number) => {
        const g = globalThis as Globals;
        g.ran = ((g.ran as number | undefined) ?? 0) + 1;
        return [k, g.ran];
      },
      {},
      { args: [k] },
    ),
  );
  // The status request travels behind the tasks: they are queued at the dispatcher by now, and
  // none was passed on to the daemon, busy with the first.
  const [row] = await rows();
  assert.equal([row.assigned, row.complete], [1, 0], 'queued tasks wait at the dispatcher, not at a busy daemon');
  held.release();
  assert.is(await withTimeout(Promise.resolve(first), 5000, 'the first task'), 'released');
  const results = (await withTimeout(collectMirai(tasks), 20_000, 'the queued tasks')) as [number, number][];
  results.forEach((result, k) => assert.equal(result, [k, k + 1], `task ${k} ran as number ${k + 1}`));
});

/** One 1.5 s task, then ten short ones on 2 daemons: which daemon ran each, and whether it ran
 * after the long one ended (daemon clocks: one machine). */
async function longAndShort(dispatcher: boolean): Promise<{ longPid: number; shorts: { pid: number; afterLong: boolean }[] }> {
  const compute = dispatcher ? 'default' : 'rr';
  await withTimeout(daemons(2, { dispatcher, compute }), 30_000, `daemons(2, dispatcher ${dispatcher})`);
  const long = mirai(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return [process.pid, Date.now()];
    },
    {},
    { compute },
  );
  const shorts = Array.from({ length: 10 }, () => mirai(() => [process.pid, Date.now()], {}, { compute }));
  const [longPid, longEnd] = (await withTimeout(Promise.resolve(long), 10_000, 'the long task')) as number[];
  const ran = (await withTimeout(collectMirai(shorts), 10_000, 'the short tasks')) as number[][];
  for (const [pid] of [[longPid], ...ran]) seen.add(pid);
  return { longPid, shorts: ran.map(([pid, at]) => ({ pid, afterLong: at >= longEnd })) };
}

test('a long task on one daemon does not hold back short tasks the other daemon can take', async () => {
  const { longPid, shorts } = await longAndShort(true);
  for (const s of shorts) {
    assert.is.not(s.pid, longPid, 'every short task ran on the idle daemon');
    assert.not.ok(s.afterLong, 'every short task ran while the long one still ran');
  }
});

test('round robin (dispatcher: false) queues short tasks behind the long one: the difference', async () => {
  const { longPid, shorts } = await longAndShort(false);
  const behind = shorts.filter((s) => s.pid === longPid);
  assert.ok(behind.length > 0, 'round robin sent short tasks to the busy daemon');
  for (const s of behind) assert.ok(s.afterLong, 'a short task sent to the busy daemon waited for the long one');
});

test('status after 1,000 tasks: assigned and complete each sum to 1,000', async () => {
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
  const tasks = Array.from({ length: 1000 }, (_, k) => mirai((k: number) => k * 2, {}, { args: [k] }));
  const results = await withTimeout(collectMirai(tasks), 30_000, '1,000 tasks');
  assert.equal(results, Array.from({ length: 1000 }, (_, k) => k * 2));
  const after = await rows();
  const sum = (key: 'assigned' | 'complete') => after.reduce((n, row) => n + row[key], 0);
  assert.is(sum('assigned'), 1000);
  assert.is(sum('complete'), 1000);
  for (const row of after) {
    assert.is(row.assigned, row.complete, `row ${row.i}: every task assigned there completed`);
    assert.ok(row.assigned > 0, `row ${row.i}: both daemons took tasks`);
    assert.equal([row.online, row.instance], [1, 1]);
  }
});

test('at most one daemon per URL: a second daemon dialling an occupied URL is turned away', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const [pid] = await pidsOf(1);
  const [intruder] = launchLocal(1);
  seen.add(intruder);
  await allExit([intruder], 10_000, 'the second daemon at URL 1');
  const [row] = await rows();
  assert.equal([row.online, row.instance], [1, 1], 'the first daemon stays the only instance');
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'a task'), pid);
});

// --- daemons dying: retry false and true ---------------------------------------------------

test('kill -9 of a daemon mid-task, retry false (default): the mirai resolves to ErrorValue 19', async () => {
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
  const m = mirai(holdTask, {}, { args: [line.path] });
  const held = await line.next();
  seen.add(held.pid);
  process.kill(held.pid, 'SIGKILL');
  await withTimeout(m.settled(), 5000, 'the mirai of the killed daemon');
  assert.instance(m.data, ErrorValue);
  assert.is((m.data as ErrorValue).code, 19);
  assert.match((m.data as ErrorValue).message, /Connection reset/);
  // Told at once: by the time the 19 arrives, status() shows that daemon offline.
  const after = await rows();
  assert.equal(after.map((r) => r.online).sort(), [0, 1]);
  // The dispatcher adapts: the daemon left takes the work.
  const pids = await withTimeout(collectMirai(Array.from({ length: 6 }, () => mirai(() => process.pid))), 10_000, 'tasks after the kill');
  for (const pid of pids) assert.is.not(pid, held.pid);
});

test('kill -9 mid-task, retry true: the mirai waits, and completes once a new daemon connects at that URL', async () => {
  await withTimeout(daemons(2, { retry: true }), 30_000, 'daemons(2, retry)');
  const m = mirai(holdTask, {}, { args: [line.path, 'retried'] });
  const first = await line.next();
  seen.add(first.pid);
  process.kill(first.pid, 'SIGKILL');
  const offline = await rowsWhen((rs) => rs.some((r) => r.online === 0), 'the killed daemon goes offline');
  const row = offline.find((r) => r.online === 0)!;
  assert.ok(row.assigned > row.complete, `status shows assigned (${row.assigned}) > complete (${row.complete})`);
  // The other daemon keeps working, and the task is not given to it.
  const other = await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'a task on the other daemon');
  assert.is.not(other, first.pid);
  assert.ok(m.unresolved, 'the task waits for a daemon at its URL');
  const [relaunched] = launchLocal(row.i);
  seen.add(relaunched);
  const second = await line.next(15_000, 'the task is retried on the new daemon');
  assert.is(second.pid, relaunched);
  second.release();
  assert.is(await withTimeout(Promise.resolve(m), 5000, 'the retried mirai'), 'retried');
  const again = (await rows()).find((r) => r.i === row.i)!;
  assert.equal({ ...again, url: '' }, { url: '', i: row.i, online: 1, instance: 2, assigned: 1, complete: 1, address: again.url }, 'a new instance, its counts reset');
});

test('maxtasks: a daemon at its limit takes no task it will not run; queued tasks wait for the next daemons', async () => {
  await withTimeout(daemons(2, { maxtasks: 1 }), 30_000, 'daemons(2, maxtasks 1)');
  const ms = Array.from({ length: 4 }, (_, k) => mirai(() => k + 1, { k }));
  await withTimeout(Promise.all([ms[0]!.settled(), ms[1]!.settled()]), 10_000, 'the first two tasks');
  await rowsWhen((rs) => rs.every((r) => r.online === 0), 'both daemons retire');
  assert.equal([ms[0]!.data, ms[1]!.data], [1, 2]);
  assert.ok(ms[2]!.unresolved && ms[3]!.unresolved, `tasks 3 and 4 wait (${String(ms[2]!.data)}, ${String(ms[3]!.data)})`);
  for (const pid of launchLocal([1, 2])) seen.add(pid);
  assert.equal(await withTimeout(collectMirai(ms), 15_000, 'tasks 3 and 4 on the next daemons'), [1, 2, 3, 4]);
});

// --- URLs --------------------------------------------------------------------------------

test('a ws URL with n: paths /1 … /n on the given port', async () => {
  const port = await freePort();
  assert.is(await withTimeout(daemons(3, { url: `ws://127.0.0.1:${port}` }), 10_000, 'daemons(3, ws)'), 3);
  const before = await rows();
  assert.equal(before.map((r) => r.url), [1, 2, 3].map((k) => `ws://127.0.0.1:${port}/${k}`));
  assert.equal(before.map((r) => r.online), [0, 0, 0], 'no daemon is launched for a URL');
  for (const pid of launchLocal([1, 2, 3])) seen.add(pid);
  await online(3);
  await pidsOf(3);
});

test('a ws URL with port 0: the real port in status(), one port for all n paths', async () => {
  await withTimeout(daemons(3, { url: 'ws://127.0.0.1:0/pool' }), 10_000, 'daemons(3, ws port 0)');
  const urls = (await rows()).map((r) => r.url);
  const parsed = urls.map((u) => /^ws:\/\/127\.0\.0\.1:(\d+)\/pool\/(\d+)$/.exec(u));
  parsed.forEach((match, k) => {
    assert.ok(match, `URL ${urls[k]} is ws://127.0.0.1:<port>/pool/${k + 1}`);
    assert.is.not(match![1], '0', 'port 0 is resolved to the port bound');
    assert.is(match![2], String(k + 1));
  });
  for (const pid of launchLocal([1, 2, 3])) seen.add(pid);
  await online(3);
  await pidsOf(3);
  // The point of ws with a dispatcher: one port serves every daemon (R's manual, daemons()).
  assert.equal(new Set(parsed.map((m) => m![1])).size, 1, `one port for every path, got ${urls.join(', ')}`);
});

test('a tcp URL with n: the block of n ports from the one given', async () => {
  const base = await freePortBlock(3);
  assert.is(await withTimeout(daemons(3, { url: `tcp://127.0.0.1:${base}` }), 10_000, 'daemons(3, tcp)'), 3);
  assert.equal((await rows()).map((r) => r.url), [0, 1, 2].map((k) => `tcp://127.0.0.1:${base + k}`));
  for (const pid of launchLocal([1, 2, 3])) seen.add(pid);
  await online(3);
  await pidsOf(3);
});

test('an array of URLs: n is its length, port 0 resolved in status()', async () => {
  const ipc = localUrl();
  assert.is(await withTimeout(daemons({ url: [ipc, 'ws://127.0.0.1:0/a', 'tcp://127.0.0.1:0'], dispatcher: true }), 10_000, 'daemons(url array)'), 3);
  const urls = (await rows()).map((r) => r.url);
  assert.is(urls[0], ipc);
  assert.match(urls[1], /^ws:\/\/127\.0\.0\.1:[1-9]\d*\/a$/);
  assert.match(urls[2], /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);
  for (const pid of launchLocal([1, 2, 3])) seen.add(pid);
  await online(3);
  await pidsOf(3);
});

test('token: true appends a unique 24-character token to each ws path (not to tcp)', async () => {
  await withTimeout(daemons(2, { url: 'ws://127.0.0.1:0', token: true }), 10_000, 'daemons(2, ws, token)');
  const urls = (await rows()).map((r) => r.url);
  const tokens = urls.map((u, k) => {
    const match = /^ws:\/\/127\.0\.0\.1:[1-9]\d*\/(\d)\/([0-9a-f]{24})$/.exec(u);
    assert.ok(match, `URL ${u} is ws://127.0.0.1:<port>/${k + 1}/<24 hex characters>`);
    assert.is(match![1], String(k + 1));
    return match![2];
  });
  assert.is.not(tokens[0], tokens[1], 'each path has its own token');
  // Without the token, a daemon finds nobody listening.
  const [stray] = launchLocal(urls[0].slice(0, -25));
  seen.add(stray);
  await allExit([stray], 15_000, 'a daemon dialling the path without its token');
  for (const pid of launchLocal([1, 2])) seen.add(pid);
  await online(2);
  await pidsOf(2);
  await withTimeout(daemons(1, { url: 'tcp://127.0.0.1:0', token: true }), 10_000, 'daemons(1, tcp, token)');
  assert.match((await rows())[0].url, /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/, 'a tcp URL has no path to take a token');
});

// --- late daemons and a busy host ----------------------------------------------------------

test('tasks queued before any daemon connects are taken by the first to connect; more scale up', async () => {
  assert.is(await withTimeout(daemons({ url: [localUrl(), localUrl()], dispatcher: true }), 10_000, 'daemons(url array)'), 2);
  const early = Array.from({ length: 20 }, () => mirai(() => process.pid));
  const waiting = await rows();
  assert.equal(waiting.map((r) => [r.online, r.assigned]), [[0, 0], [0, 0]], 'queued at the dispatcher');
  assert.ok(early.every((m) => m.unresolved));
  const [late] = launchLocal(1);
  seen.add(late);
  const pids = await withTimeout(collectMirai(early), 15_000, 'the queued tasks');
  assert.equal(pids, Array(20).fill(late), 'the daemon that connected took every queued task');
  for (const pid of launchLocal(2)) seen.add(pid);
  await online(2);
  const both = await pidsOf(2);
  assert.ok(both.includes(late));
});

/** Tasks of 100 ms that return when they started. */
function timedTasks(count: number): Mirai<number>[] {
  return Array.from({ length: count }, () =>
    mirai(async () => {
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return started;
    }),
  );
}

/** Keeps this thread busy for `ms`; returns when it started and ended. */
function block(ms: number): [number, number] {
  const start = Date.now();
  while (Date.now() - start < ms);
  return [start, Date.now()];
}

test('the host blocked for 2 s: the dispatcher keeps feeding the daemons the tasks it holds', async () => {
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
  const tasks = timedTasks(60);
  await rows(); // answered behind the tasks: all are at the dispatcher
  const [from, to] = block(2000);
  const starts = (await withTimeout(collectMirai(tasks), 15_000, 'the tasks')) as number[];
  const during = starts.filter((t) => t >= from && t <= to).length;
  assert.ok(during >= 10, `${during} of 60 tasks started while the host was blocked`);
});

test('the host blocked for 2 s right after sending tasks: daemons keep receiving them', async () => {
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
  await pidsOf(2);
  const tasks = timedTasks(60);
  const [from, to] = block(2000);
  const starts = (await withTimeout(collectMirai(tasks), 15_000, 'the tasks')) as number[];
  const during = starts.filter((t) => t >= from && t <= to).length;
  assert.ok(during >= 10, `${during} of 60 tasks sent just before the block started during it (expected most: 2 daemons × 100 ms tasks)`);
});

// --- cancellation -----------------------------------------------------------------------------

const record = (path: string, tag: string): string => {
  require('node:fs').appendFileSync(path, `${tag}\n`);
  return tag;
};

function recorded(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

test('a queued task that times out or is stopped never runs', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const file = join(scratch, 'queued.txt');
  const busy = mirai(holdTask, {}, { args: [line.path] });
  const held = await line.next();
  seen.add(held.pid);
  const kept = mirai(record, {}, { args: [file, 'kept'] });
  const timed = mirai(record, {}, { args: [file, 'timed out'], timeout: 200 });
  const stopped = mirai(record, {}, { args: [file, 'stopped'] });
  await withTimeout(timed.settled(), 5000, 'the timeout');
  assert.is((timed.data as ErrorValue).code, 5);
  stopMirai(stopped);
  assert.is((stopped.data as ErrorValue).code, 20, 'stopMirai resolves at once to ErrorValue 20');
  held.release();
  const last = mirai(record, {}, { args: [file, 'last'] });
  await withTimeout(collectMirai([busy, kept, last]), 10_000, 'the tasks left');
  assert.equal(recorded(file), ['kept', 'last'], 'the cancelled tasks never ran');
  const [row] = await rows();
  assert.equal([row.assigned, row.complete], [3, 3], 'the cancelled tasks were never assigned');
});

/** Like holdTask, but ends only when its taskSignal aborts (the test never releases it). */
const heldUntilAbort = (path: string) =>
  new Promise((resolve) => {
    const socket = require('node:net').connect(path);
    socket.on('error', () => undefined);
    socket.write(String(process.pid));
    taskSignal.addEventListener('abort', () => {
      socket.destroy();
      resolve('aborted');
    });
  });

test('stopMirai on a running async task: its taskSignal aborts, and the daemon takes the next task', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const running = mirai(heldUntilAbort, {}, { args: [line.path] });
  const held = await line.next();
  seen.add(held.pid);
  stopMirai(running);
  assert.is((running.data as ErrorValue).code, 20);
  // The held task is never released: only its abort frees the daemon.
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'the next task'), held.pid);
  const [row] = await rows();
  assert.equal([row.assigned, row.complete], [2, 2]);
  held.release();
});

test('stopMirai on a running async task reaches its daemon past an everywhere() queued behind the task', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const running = mirai(heldUntilAbort, {}, { args: [line.path] });
  const held = await line.next();
  seen.add(held.pid);
  // Queued at the daemon behind the held task, which is never released: it can run only once
  // that task has seen its abort, so only if the cancellation overtook it.
  const after = everywhere(() => {
    (globalThis as Record<string, unknown>).afterAbandoned = true;
  });
  stopMirai(running);
  assert.is((running.data as ErrorValue).code, 20);
  await withTimeout(after, 5000, 'everywhere() after the abandoned task');
  assert.is(await withTimeout(Promise.resolve(mirai(() => (globalThis as Record<string, unknown>).afterAbandoned)), 5000, 'a task'), true);
  held.release();
});

test('timeout on a running async task: ErrorValue 5, and the daemon is free for the next task', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const running = mirai(heldUntilAbort, {}, { args: [line.path], timeout: 500 });
  const held = await line.next();
  seen.add(held.pid);
  await withTimeout(running.settled(), 5000, 'the timeout');
  assert.is((running.data as ErrorValue).code, 5);
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'the next task'), held.pid);
  held.release();
});

test('with interrupt: false, a stopped synchronous task runs on, and its daemon gets no new task until it is free', async () => {
  await withTimeout(daemons(2, { interrupt: false }), 30_000, 'daemons(2)');
  const file = join(scratch, 'sync.txt');
  const loop = mirai(
    (path: string) => {
      require('node:fs').writeFileSync(path, String(process.pid));
      const end = Date.now() + 2000;
      while (Date.now() < end);
      return 'finished';
    },
    {},
    { args: [file] },
  );
  await waitFor(() => existsSync(file), 10_000, 'the loop starts');
  const loopPid = Number(readFileSync(file, 'utf8'));
  seen.add(loopPid);
  stopMirai(loop);
  assert.is((loop.data as ErrorValue).code, 20);
  const pids = await withTimeout(collectMirai(Array.from({ length: 8 }, () => mirai(() => process.pid))), 5000, 'tasks during the loop');
  for (const pid of pids) assert.is.not(pid, loopPid, 'nothing is sent to the busy daemon');
  const busy = (await rows()).find((r) => r.assigned > r.complete);
  assert.ok(busy, 'status shows the looping daemon still busy');
  await rowsWhen((rs) => rs.every((r) => r.assigned === r.complete), 'the loop ends', 10_000);
  await pidsOf(2);
});

/** The id the next mirai() will take: ids are consecutive in this process, and a task
 * prepared (never sent) takes one. */
function nextTaskId(): number {
  return prepareTask(() => undefined, undefined, undefined).task.id + 1;
}

test('a task cancelled after it reached its daemon but before it started is still answered: the daemon takes the next task', async () => {
  // The dispatcher's own cancellation would race the release below; to cancel the task at a
  // known moment while it waits, this test plays a host's control channel too (the daemon's
  // control URL), and says "cancel" there while an everywhere() holds the daemon and the task
  // waits behind it.
  // One URL and no daemon launched: this test launches the daemon, with a control URL.
  await withTimeout(daemons({ url: [localUrl()], dispatcher: true }), 10_000, 'daemons(url array)');
  const controlUrl = localUrl();
  const control = openSocket('rep');
  try {
    control.listen(controlUrl);
    const [pid] = launchLocal(1, { control: controlUrl });
    seen.add(pid);
    await withTimeout(control.recv(), 10_000, 'the daemon says hello on the control channel');
    await control.send(encode(Kind.Control, {}));
    await withTimeout(control.recv(), 5000, 'the daemon polls for control');
    await online(1);
    const setUp = everywhere(holdTask, {}, { args: [line.path] });
    const held = await line.next();
    seen.add(held.pid);
    const id = nextTaskId();
    const waiting = mirai(() => 'ran');
    const [row] = await rows(); // answered behind the task: it has gone to the daemon
    assert.equal([row.assigned, row.complete], [1, 0], 'the task was sent to the daemon running everywhere()');
    stopMirai(waiting);
    assert.is((waiting.data as ErrorValue).code, 20);
    await control.send(encode(Kind.Control, { cancel: [id] }));
    // The next poll comes once the daemon has taken the cancellation in.
    await withTimeout(control.recv(), 5000, 'the daemon polls again after the cancellation');
    held.release();
    await withTimeout(setUp, 5000, 'everywhere()');
    assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'the next task'), pid, 'the daemon is free for the next task');
    const [after] = await rows();
    assert.equal([after.assigned, after.complete], [2, 2], 'the cancelled task was answered');
  } finally {
    control.close();
  }
});

// --- everywhere ------------------------------------------------------------------------------

test('everywhere() reaches every connected daemon once; a daemon connecting later runs it before its first task', async () => {
  await withTimeout(daemons({ url: [localUrl(), localUrl(), localUrl()], dispatcher: true }), 10_000, 'daemons(url array)');
  const file = join(scratch, 'everywhere.txt');
  const early = launchLocal([1, 2]);
  for (const pid of early) seen.add(pid);
  await online(2);
  await withTimeout(
    everywhere(
      (path: string) => {
        require('node:fs').appendFileSync(path, `${process.pid}\n`);
        (globalThis as Globals).setUp = process.pid;
      },
      {},
      { args: [file] },
    ),
    10_000,
    'everywhere()',
  );
  assert.equal(recorded(file).map(Number).sort(), [...early].sort(), 'each connected daemon ran it exactly once');
  // Both daemons busy: the next task can only go to a daemon yet to connect.
  const holds = [mirai(holdTask, {}, { args: [line.path] }), mirai(holdTask, {}, { args: [line.path] })];
  const held = [await line.next(), await line.next()];
  const next = mirai(() => [process.pid, (globalThis as Globals).setUp]);
  const [late] = launchLocal(3);
  seen.add(late);
  assert.equal(await withTimeout(Promise.resolve(next), 15_000, 'the late daemon first task'), [late, late], 'set up before its first task');
  for (const h of held) h.release();
  await withTimeout(collectMirai(holds), 5000, 'the held tasks');
  assert.equal(recorded(file).map(Number).sort(), [...early, late].sort(), 'every daemon ran it exactly once');
});

// --- reset and host death ------------------------------------------------------------------

test('daemons(0): unresolved mirai resolve to ErrorValue 19, daemons exit, the URLs are released', async () => {
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
  const pids = await pidsOf(2);
  const urls = (await rows()).map((r) => r.url);
  const running = [mirai(holdTask, {}, { args: [line.path] }), mirai(holdTask, {}, { args: [line.path] })];
  const held = [await line.next(), await line.next()];
  const queued = Array.from({ length: 3 }, () => mirai(() => 'never'));
  const reset = daemons(0);
  await withTimeout(Promise.all([...running, ...queued].map((m) => m.settled())), 5000, 'pending mirai on reset');
  for (const m of [...running, ...queued]) assert.is((m.data as ErrorValue).code, 19);
  for (const h of held) h.release();
  assert.is(await withTimeout(reset, 15_000, 'daemons(0)'), 0);
  await allExit(pids, 5000, 'daemons after daemons(0)');
  assert.equal(await status(), { connections: 0, daemons: 0 });
  for (const url of urls) {
    const socket = openSocket('rep');
    try {
      socket.listen(url); // the dispatcher no longer holds it
    } finally {
      socket.close();
    }
  }
});

test('the host killed (SIGKILL): its daemons exit on their own, a busy one once its task ends', async () => {
  const pids = await killedHost('dispatcher-host.ts', 2, seen);
  // One daemon was 2 s into nothing when the host died; the other finishes its task first.
  await allExit(pids, 8000, 'daemons of a killed host');
});

test('the dispatcher thread ends abruptly: every pending mirai resolves to ErrorValue 19 within 2 s, saying why, as do status() and a warning; daemons(0) still resolves', async () => {
  await withTimeout(daemons(2), 30_000, 'daemons(2)');
  const warnings = listenForWarnings();
  const pids = await pidsOf(2);
  const running = [mirai(holdTask, {}, { args: [line.path] }), mirai(holdTask, {}, { args: [line.path] })];
  const held = [await line.next(), await line.next()];
  const queued = Array.from({ length: 3 }, () => mirai(() => 'never'));
  await rows(); // answered behind the queued tasks: they are at the dispatcher
  // No way to end the thread from outside (it is the host's own): through the profile's private
  // field, as a crash would end it.
  void (getProfile('default') as unknown as { worker: Worker }).worker.terminate();
  await withTimeout(Promise.all([...running, ...queued].map((m) => m.settled())), 2000, 'pending mirai after the dispatcher ended');
  for (const m of [...running, ...queued]) {
    assert.instance(m.data, ErrorValue);
    assert.is((m.data as ErrorValue).code, 19);
    assert.match((m.data as ErrorValue).message, /the dispatcher exited/);
  }
  await rejectsLike(() => status(), ErrorValue, /^Connection reset \(the dispatcher exited\)$/);
  assert.equal(warnings.stop(), ["mirai: profile 'default' lost its dispatcher (the dispatcher exited): its pending mirai resolve to ErrorValue 19"]);
  for (const h of held) h.release();
  assert.is(await withTimeout(daemons(0), 15_000, 'daemons(0) after the dispatcher ended'), 0);
  await allExit(pids, 5000, 'daemons after the dispatcher ended');
  assert.equal(await status(), { connections: 0, daemons: 0 });
});

test('a malformed message from the host: the dispatcher warns and goes on, tasks and status() as before', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const warnings = listenForWarnings();
  // Past the profile's checks, straight onto its link: as a fault of the host's own would.
  const link = (getProfile('default') as unknown as { link: NngSocket }).link;
  await link.send(Buffer.from([1, 2, 3]));
  await waitFor(() => warnings.seen.length > 0, 5000, 'the warning');
  assert.equal(warnings.stop(), ['mirai: the dispatcher recovered from an error on a message from the host: Error: mirai: malformed message of 3 bytes']);
  assert.equal((await rows()).map((r) => [r.online, r.instance]), [[1, 1]]);
  assert.is(await withTimeout(Promise.resolve(mirai(() => 'still here')), 5000, 'a task after the malformed message'), 'still here');
});

// --- arguments -------------------------------------------------------------------------------

test(
  'dispatcher options are checked before anything starts; messages say what is wrong',
  startsNothing(async () => {
    await rejectsLike(() => daemons(2, { dispatcher: false, retry: true }), TypeError, /options\.retry applies only with a dispatcher/);
    await rejectsLike(() => daemons(2, { dispatcher: false, token: true }), TypeError, /options\.token applies only with a dispatcher/);
    await rejectsLike(() => daemons(2, { retry: 'yes' as never }), TypeError, /options\.retry must be a boolean, got the string "yes"/);
    await rejectsLike(() => daemons(2, { token: 1 as never }), TypeError, /options\.token must be a boolean, got number 1/);
    await rejectsLike(() => daemons(3, { url: [localUrl(), localUrl()] }), RangeError, /n \(3\) must match the 2 URLs in options\.url/);
    await rejectsLike(() => daemons({ url: [], dispatcher: true }), RangeError, /options\.url must not be an empty array/);
    await rejectsLike(() => daemons({ url: [localUrl()], dispatcher: false }), TypeError, /options\.url may be an array only with a dispatcher/);
    await rejectsLike(() => daemons({ url: ['tcp://127.0.0.1'], dispatcher: true }), TypeError, /options\.url\[0\] 'tcp:\/\/127\.0\.0\.1' needs host:port/);
    await rejectsLike(() => daemons(2, { retyr: true } as never), TypeError, /options has an unknown option 'retyr': did you mean 'retry'\?/);
    assert.equal(await status(), { connections: 0, daemons: 0 });
  }),
);

// --- helpers ---------------------------------------------------------------------------------

/** Collects the warnings this process emits until stop(), which returns their messages. */
function listenForWarnings(): { seen: string[]; stop: () => string[] } {
  const seen: string[] = [];
  const listener = (warning: Error): void => void seen.push(warning.message);
  process.on('warning', listener);
  return {
    seen,
    stop: () => {
      process.off('warning', listener);
      return seen;
    },
  };
}

/** Waits until `n` daemons are online at the dispatcher. */
function online(n: number): Promise<DaemonStatus[]> {
  return rowsWhen((rs) => rs.filter((r) => r.online === 1).length === n, `${n} daemons online`);
}

/** The pids of the `n` daemons online: `n` held tasks can only run on `n` different daemons
 * (quick tasks may all go to the first URL, free again each time). */
async function pidsOf(n: number): Promise<number[]> {
  const holds = Array.from({ length: n }, () => mirai(holdTask, {}, { args: [line.path] }));
  const held = [];
  for (let k = 0; k < n; k++) held.push(await line.next());
  for (const h of held) {
    seen.add(h.pid);
    h.release();
  }
  await withTimeout(collectMirai(holds), 5000, 'the held tasks');
  const pids = [...new Set(held.map((h) => h.pid))].sort();
  assert.is(pids.length, n, `${n} daemons`);
  return pids;
}

function listenOn(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = (await listenOn(0))!;
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The first of `n` consecutive ports free on 127.0.0.1. */
async function freePortBlock(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const servers = await Promise.all(Array.from({ length: n }, (_, k) => listenOn(base + k)));
    await Promise.all(servers.map((s) => s && new Promise((resolve) => s.close(resolve))));
    if (servers.every(Boolean)) return base;
  }
  throw new Error(`no block of ${n} free ports found`);
}

test.run();

declare const taskSignal: AbortSignal;
