// status(): { connections: 0, daemons: 0 } when not set; without dispatcher, the daemons
// connected, where they connected from, and the host URL, per compute profile.
import { execFileSync } from 'node:child_process';
import * as assert from 'uvu/assert';
import { daemons, launchLocal, mirai, status } from '../src/index';
import { rejectsLike, withTimeout } from './helpers';
import { allExit, connections, daemonPids, daemonSuite } from './processes';

const { test, seen } = daemonSuite('status', ['default', 'tcp']);

test('not set: { connections: 0, daemons: 0 }', async () => {
  assert.equal(await status(), { connections: 0, daemons: 0 });
  assert.equal(await status('default'), { connections: 0, daemons: 0 });
  assert.equal(await status('never-set'), { connections: 0, daemons: 0 });
});

test('daemons(n): the connections and the host URL, a local IPC address', async () => {
  await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  for (const pid of await daemonPids(2)) seen.add(pid);
  const s = await status();
  assert.equal(Object.keys(s).sort(), ['addresses', 'connections', 'daemons']);
  assert.is(s.connections, 2);
  assert.type(s.daemons, 'string');
  assert.equal(s.addresses, [s.daemons, s.daemons], 'local daemons dial the host URL: ipc peers have no address of their own');
  const expected = process.platform === 'linux' ? /^abstract:\/\/mirai-[0-9a-f]+$/ : process.platform === 'win32' ? /^ipc:\/\// : /^ipc:\/\/\//;
  assert.match(s.daemons as string, expected);
  assert.equal(await status('tcp'), { connections: 0, daemons: 0 }, 'another profile is not affected');
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  assert.equal(await status(), { connections: 0, daemons: 0 }, 'after a reset');
});

test('daemons({ url }): the URL actually bound, and connections as daemons come and go', async () => {
  const url = (await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false, compute: 'tcp' }), 10_000, 'daemons url')) as string;
  const before = await status('tcp');
  assert.is(before.connections, 0);
  assert.is(before.daemons, url);
  assert.match(url, /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);
  const [pid] = launchLocal(1, { maxtasks: 1 }, { compute: 'tcp' });
  seen.add(pid);
  await connections(1, 'tcp');
  const { addresses } = await status('tcp');
  assert.is(addresses!.length, 1);
  assert.match(addresses![0], /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/, 'where the daemon connected from');
  const port = addresses![0].split(':').pop();
  const owner = execFileSync('ss', ['-Htnp', 'state', 'established', `( sport = :${port} )`], { timeout: 10_000 }).toString();
  assert.match(owner, new RegExp(`pid=${pid},`), `the daemon holds port ${port}: ${owner}`);
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid, {}, { compute: 'tcp' })), 5000, 'the one task'), pid);
  await allExit([pid], 5000, 'the daemon after its one task');
  await connections(0, 'tcp', 5000);
  assert.is((await status('tcp')).daemons, url, 'the URL stays while the profile is set');
  assert.equal((await status('tcp')).addresses, [], 'no address once the daemon left');
});

test('a daemon that dies is counted out', async () => {
  await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  const pids = await daemonPids(2);
  for (const pid of pids) seen.add(pid);
  process.kill(pids[0], 'SIGKILL');
  await connections(1, 'default', 5000);
  assert.is((await status()).connections, 1);
});

test('compute must be a non-empty string; status rejects', async () => {
  await rejectsLike(() => status(5 as never), TypeError, /compute must be a string, got number 5/);
  await rejectsLike(() => status(''), TypeError, /compute must be a non-empty string/);
});

test.run();

