// sshConfig(): daemons launched through a real OpenSSH server on another (namespaced) host,
// direct and through reverse tunnels; an unreachable host fails within the timeout.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, mirai, sshConfig, status } from '../src/index';
import { rejection, withTimeout } from './helpers';
import { waitFor } from './helpers';
import { makeNamespace, pidsIn, removeNamespaces, type Namespace } from './infra/netns';
import { startSshd, type Sshd } from './infra/sshd';

const test = suite('ssh');
let remote: Namespace;
let sshd: Sshd;

test.before(async () => {
  remote = makeNamespace();
  sshd = await startSshd(remote.address, 22, remote.name);
});

test.after.each(async () => {
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
});

test.after(async () => {
  await sshd?.stop();
  removeNamespaces();
});

/** Tasks run in processes of the remote namespace. */
async function tasksRunRemotely(n: number): Promise<void> {
  // Tasks that last a while, so that every daemon is busy at once (a dispatcher gives a task
  // to whichever daemon is free: instant tasks could all go to one).
  const slowPid = () => new Promise((resolve) => setTimeout(() => resolve(process.pid), 300));
  const pids = (await withTimeout(Promise.all(Array.from({ length: n * 3 }, () => Promise.resolve(mirai(slowPid)))), 20_000, 'tasks')) as number[];
  const inside = pidsIn(remote.name);
  for (const pid of pids) assert.ok(inside.includes(pid), `task ran in ${pid}, not in the remote namespace (${inside})`);
  assert.is(new Set(pids).size, n, 'every daemon took tasks');
}

/** After a reset, nothing but sshd itself runs in the remote namespace. */
async function onlySshdLeft(): Promise<void> {
  await waitFor(() => pidsIn(remote.name).length === 1, 10_000, `remote processes gone (left: ${pidsIn(remote.name)})`);
}

function config(extra: { tunnel?: boolean } = {}) {
  return sshConfig({ remotes: `ssh://root@${remote.address}:22`, options: sshd.clientOptions, node: process.execPath, timeout: 5, ...extra });
}

test('daemons dial back over the network: tasks run on the remote host; daemons(0) ends them', async () => {
  const url = `tcp://${remote.hostAddress}:0`;
  assert.is(await withTimeout(daemons(2, { url, remote: config() }), 40_000, 'daemons'), 2);
  await tasksRunRemotely(2);
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
  await onlySshdLeft();
});

test('without dispatcher, over TLS with zero configuration', async () => {
  const url = `tls+tcp://${remote.hostAddress}:0`;
  assert.is(await withTimeout(daemons(2, { url, dispatcher: false, remote: config() }), 40_000, 'daemons'), 2);
  assert.is((await status()).connections, 2);
  await tasksRunRemotely(2);
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
  await onlySshdLeft();
});

test('through reverse tunnels: daemons dial 127.0.0.1 on their side', async () => {
  assert.is(await withTimeout(daemons(2, { url: 'tcp://127.0.0.1:0', remote: config({ tunnel: true }) }), 40_000, 'daemons'), 2);
  await tasksRunRemotely(2);
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
  await onlySshdLeft();
});

test('an unreachable host fails within the timeout, saying why', async () => {
  const silent = makeNamespace();
  silent.dropAll();
  const remote = sshConfig({ remotes: `root@${silent.address}`, options: sshd.clientOptions, node: process.execPath, timeout: 2 });
  const started = Date.now();
  const error = await rejection(daemons(1, { url: `tcp://${silent.hostAddress}:0`, remote }), 20_000, 'daemons');
  const ms = Date.now() - started;
  assert.match(error.message, /daemon 1 of 1: ssh failed \(exit code 255\): .*(timed out|Connection timed out)/);
  assert.ok(ms < 12_000, `failed after ${ms} ms, with a 2 s timeout`);
  assert.is((await status()).connections, 0, 'the profile was closed');
  silent.remove();
});

test.run();
