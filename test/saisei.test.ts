// saisei(): regenerating a dispatcher URL. Without force only while no daemon is online there;
// with force the daemon is cut off, a task there resolves to ErrorValue 7, and the row's
// instance goes negative until a new daemon connects.
import * as assert from 'uvu/assert';
import { daemons, ErrorValue, launchLocal, localUrl, mirai, saisei, type Mirai } from '../src/index';
import { rejectsLike, withTimeout } from './helpers';
import { allExit, daemonPids, daemonSuite, isAlive, rowsWhen, statusRows } from './processes';
import { holdTask, TaskLine, type Held } from './taskLine';

const { test, seen } = daemonSuite('saisei', ['default', 'direct']);
const line = TaskLine.forSuite(test);

test('without force: null while a daemon is online there; nothing changes', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const [pid] = await pidsOf(1);
  const [before] = await statusRows();
  assert.is(await withTimeout(saisei(1), 5000, 'saisei(1)'), null);
  assert.equal(await statusRows(), [before], 'the same URL, instance and counts');
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'a task'), pid, 'the daemon is still served');
});

test('force: a new URL; the daemon there is cut off; instance negative until a new daemon connects', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const [pid] = await pidsOf(1);
  const [before] = await statusRows();
  const url = await withTimeout(saisei(1, { force: true }), 5000, 'saisei(1, force)');
  assert.type(url, 'string');
  assert.is.not(url, before.url, 'a new URL');
  assert.match(url!, process.platform === 'linux' ? /^abstract:\/\/./ : /^ipc:\/\/./);
  const [after] = await statusRows();
  assert.equal(after, { url: url!, i: 1, online: 0, instance: -1, assigned: before.assigned, complete: before.complete });
  await allExit([pid], 10_000, 'the daemon cut off by saisei');
  const [relaunched] = launchLocal(1);
  seen.add(relaunched);
  const [connected] = await rowsWhen((rs) => rs[0].online === 1, 'a daemon at the new URL');
  assert.equal([connected.url, connected.instance, connected.assigned, connected.complete], [url, 2, 0, 0]);
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'a task'), relaunched);
});

test('force while a task runs there: the task resolves to ErrorValue 7', async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
  const { m, held } = await holdOne();
  assert.type(await withTimeout(saisei(1, { force: true }), 5000, 'saisei(1, force)'), 'string');
  await withTimeout(m.settled(), 5000, 'the task cut off');
  assert.instance(m.data, ErrorValue);
  assert.is((m.data as ErrorValue).code, 7);
  assert.match((m.data as ErrorValue).message, /Object closed/);
  held.release();
});

test('retry: a task waiting for a new daemon at a URL resolves to ErrorValue 7 at saisei(force), and is not retried', async () => {
  await withTimeout(daemons(1, { retry: true }), 30_000, 'daemons(1, retry)');
  const { m, held } = await holdOne();
  process.kill(held.pid, 'SIGKILL');
  const [offline] = await rowsWhen((rs) => rs[0].online === 0, 'the killed daemon goes offline');
  assert.ok(offline.assigned > offline.complete, 'the task awaits a retry');
  assert.ok(m.unresolved);
  const url = await withTimeout(saisei(1, { force: true }), 5000, 'saisei(1, force)');
  assert.type(url, 'string');
  await withTimeout(m.settled(), 5000, 'the task waiting for a retry');
  assert.is((m.data as ErrorValue).code, 7);
  const [relaunched] = launchLocal(1);
  seen.add(relaunched);
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 15_000, 'a task at the new URL'), relaunched);
  const [row] = await statusRows();
  assert.equal([row.instance, row.assigned, row.complete], [2, 1, 1], 'the cancelled task was not sent to the new daemon');
});

test('with no daemon online, no force is needed: the new URL serves the next daemon', async () => {
  const first = localUrl();
  await withTimeout(daemons({ url: [first, localUrl()], dispatcher: true }), 10_000, 'daemons(url array)');
  const url = await withTimeout(saisei(1), 5000, 'saisei(1)');
  assert.type(url, 'string');
  assert.is.not(url, first);
  const [stale] = launchLocal(first);
  seen.add(stale);
  await allExit([stale], 15_000, 'a daemon dialling the old URL');
  const [pid] = launchLocal(1);
  seen.add(pid);
  await rowsWhen((rs) => rs[0].online === 1, 'a daemon at the new URL');
  assert.is((await statusRows())[0].url, url);
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'a task'), pid);
});

test('a tokened ws URL: the same port and path, a new token; the daemon with the old token is cut off', async () => {
  await withTimeout(daemons(2, { url: 'ws://127.0.0.1:0', token: true }), 10_000, 'daemons(2, ws, token)');
  const [before] = await statusRows();
  const [pid] = launchLocal(1);
  seen.add(pid);
  await rowsWhen((rs) => rs[0].online === 1, 'a daemon at URL 1');
  const url = await withTimeout(saisei(1, { force: true }), 5000, 'saisei(1, force)');
  const [, base, token] = /^(ws:\/\/127\.0\.0\.1:[1-9]\d*\/1)\/([0-9a-f]{24})$/.exec(before.url) ?? [];
  assert.ok(base, `URL 1 is tokened: ${before.url}`);
  assert.match(url!, new RegExp(`^${base.replace(/[./]/g, '\\$&')}/[0-9a-f]{24}$`), 'the same port and path');
  assert.is.not(url!.slice(-24), token, 'a new token');
  await allExit([pid], 10_000, 'the daemon at the old token');
  const [second] = await statusRows();
  assert.equal([second.url, second.online, second.instance], [url, 0, -1]);
  const [relaunched] = launchLocal(1);
  seen.add(relaunched);
  await rowsWhen((rs) => rs[0].online === 1 && rs[0].instance === 2, 'a daemon at the new token');
  assert.ok(isAlive(relaunched));
});

test('arguments are checked; messages say what is wrong', async () => {
  await rejectsLike(() => saisei(1), TypeError, /saisei: no daemons are set for compute profile 'default'/);
  await rejectsLike(() => saisei(0), RangeError, /i must be an integer from 1 to 1024, got 0/);
  await rejectsLike(() => saisei(1.5), RangeError, /i must be an integer from 1 to 1024, got 1\.5/);
  await rejectsLike(() => saisei('1' as never), TypeError, /i must be a number, got the string "1"/);
  await rejectsLike(() => saisei(1, { force: 'yes' as never }), TypeError, /options\.force must be a boolean, got the string "yes"/);
  await rejectsLike(() => saisei(1, { forse: true } as never), TypeError, /options has an unknown option 'forse': did you mean 'force'\?/);
  await rejectsLike(() => saisei(1, { compute: '' }), TypeError, /options\.compute must be a non-empty string/);
  await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'direct' }), 10_000, 'daemons without dispatcher');
  await rejectsLike(() => saisei(1, { compute: 'direct' }), TypeError, /saisei needs a dispatcher: these daemons were set with dispatcher: false/);
});

test('an index past the last URL gives null', async () => {
  await withTimeout(daemons({ url: [localUrl()], dispatcher: true }), 10_000, 'daemons(url array)');
  assert.is(await withTimeout(saisei(2, { force: true }), 5000, 'saisei(2)'), null);
});

// --- helpers ---------------------------------------------------------------------------------

function pidsOf(n: number): Promise<number[]> {
  return daemonPids(n, 'default', seen);
}

/** A task held running on a daemon (its pid noted for cleanup), and its Mirai. */
async function holdOne(): Promise<{ m: Mirai; held: Held }> {
  const m = mirai(holdTask, {}, { args: [line.path] });
  const held = await line.next();
  seen.add(held.pid);
  return { m, held };
}

test.run();
