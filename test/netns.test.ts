// Hosts on one machine: the host here, daemons in network namespaces of their own, each with
// its own address, started only from the printed commands; every scheme with and without
// dispatcher; TLS with zero configuration, user certificates, an encrypted key, and the
// failures a daemon must explain (a wrong CA, a certificate naming an IP only in a SAN).
import { execFileSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, hostUrl, launchRemote, mirai, remoteConfig, status } from '../src/index';
import { rejection, withTimeout } from './helpers';
import { waitFor } from './helpers';
import { makeCa, type TestCa } from './infra/certs';
import { makeNamespace, pidsIn, removeNamespaces, type Namespace } from './infra/netns';
import { describeThreads } from './processes';
import { runShell, stopAll } from './infra/shell';

const test = suite('netns');
const printOnly = remoteConfig({ node: process.execPath });
let hosts: Namespace[];
let ca: TestCa;
let otherCa: TestCa;

test.before(() => {
  hosts = [makeNamespace(), makeNamespace()];
  ca = makeCa('mirai test CA');
  otherCa = makeCa('another CA');
});

test.after.each(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  await stopAll();
});

test.after(() => {
  removeNamespaces();
  ca?.remove();
  otherCa?.remove();
});

/** The host's address daemons dial (this namespace's end of the first pair). */
const hostAddress = () => hosts[0].hostAddress;

async function online(n: number): Promise<void> {
  await waitFor(async () => {
    const s = await status();
    return Array.isArray(s.daemons) ? s.daemons.every((d) => d.online > 0) : s.connections >= n;
  }, 45_000, `${n} daemons online (${JSON.stringify(await status())})`);
}

/** status() shows each daemon's address: one per namespace, each with the port of a connection
 * that namespace really holds to this host. */
async function connectedFrom(namespaces: Namespace[]): Promise<void> {
  const s = await status();
  const addresses = Array.isArray(s.daemons) ? s.daemons.map((d) => d.address) : s.addresses!;
  const parsed = addresses.map((a) => {
    const match = /^tcp:\/\/([\d.]+):(\d+)$/.exec(a ?? '');
    assert.ok(match, `${a} is tcp://address:port`);
    return match;
  });
  assert.equal(parsed.map(([, ip]) => ip).sort(), namespaces.map((ns) => ns.address).sort(), `addresses ${addresses}`);
  for (const [, ip, port] of parsed) {
    const ns = namespaces.find((n) => n.address === ip)!;
    const sockets = execFileSync('ip', ['netns', 'exec', ns.name, 'ss', '-Htn', 'state', 'established'], { timeout: 10_000 }).toString();
    assert.ok(sockets.includes(` ${ip}:${port} `), `namespace ${ns.name} holds a connection from ${ip}:${port}:\n${sockets}`);
  }
}

/** Starts each command in its own namespace; tasks then run in both namespaces; after
 * daemons(0) each command's daemon exits 0. */
async function runAcross(commands: string[]): Promise<void> {
  const runs = commands.map((command, i) => runShell(command, hosts[i].name));
  await online(commands.length).catch((error: Error) => {
    throw new Error(`${error.message}; the daemons said: ${runs.map((r) => r.output() || '(nothing)').join(' | ')}`);
  });
  await connectedFrom(hosts.slice(0, commands.length));
  // Tasks that last a while, so that a dispatcher, which gives a task to whichever daemon is
  // free, has both daemons busy at once.
  const slowPid = () => new Promise((resolve) => setTimeout(() => resolve(process.pid), 300));
  const pids = (await withTimeout(Promise.all(Array.from({ length: 6 }, () => Promise.resolve(mirai(slowPid)))), 20_000, 'tasks')) as number[];
  for (const [i, ns] of hosts.entries()) {
    const inside = pidsIn(ns.name);
    assert.ok(pids.some((pid) => inside.includes(pid)), `a task ran in namespace ${i + 1} (pids ${pids}; inside ${inside})`);
  }
  await withTimeout(daemons(0), 10_000, 'daemons(0)');
  const codes = await withTimeout(Promise.all(runs.map((r) => r.exited)), 10_000, 'daemons exit').catch((error: Error) => {
    throw new Error(`${error.message}: ${describeThreads(hosts.slice(0, commands.length).flatMap((ns) => pidsIn(ns.name)))}`);
  });
  assert.equal(codes, [0, 0], runs.map((r) => r.output()).join(' | '));
}

for (const scheme of ['tcp', 'ws', 'tls+tcp', 'wss']) {
  for (const dispatcher of [true, false]) {
    test(`${scheme}, ${dispatcher ? 'with' : 'without'} dispatcher: daemons in two other namespaces, from printed commands`, async () => {
      const url = `${scheme}://${hostAddress()}:0${scheme.startsWith('ws') ? '/m' : ''}`;
      await withTimeout(daemons(dispatcher ? 2 : 0, { url, dispatcher }), 15_000, 'daemons');
      await runAcross(launchRemote(dispatcher ? [1, 2] : [1, 1], printOnly) as string[]);
    });
  }
}

test('hostUrl({ all: true }) lists every interface address but loopback, and daemons dial in at it', async () => {
  const urls = hostUrl({ all: true, tls: true });
  assert.ok(urls.includes(`tls+tcp://${hostAddress()}:0`), `${urls} includes this namespace's end of the pair`);
  assert.not.ok(urls.some((u) => u.includes('127.0.0.1') || u.includes('[::1]')), 'no loopback');
  assert.equal(hostUrl({ all: true, ws: true, port: 5555 }).filter((u) => u.includes(hostAddress())), [`ws://${hostAddress()}:5555`]);
  await withTimeout(daemons(2, { url: `tls+tcp://${hostAddress()}:0` }), 15_000, 'daemons');
  await runAcross(launchRemote([1, 2], printOnly) as string[]);
});

test('user certificate files: a CA-signed certificate for the host address, the daemons given the CA', async () => {
  const { bothFile } = ca.issue(hostAddress());
  await withTimeout(daemons(2, { url: `tls+tcp://${hostAddress()}:0`, tls: bothFile }), 15_000, 'daemons');
  const commands = launchRemote([1, 2], printOnly, {}, { tls: ca.caFile }) as string[];
  assert.ok(commands.every((c) => c.includes('mirai test CA') === false && /MIRAI_TLS_CA=/.test(c)));
  await runAcross(commands);
});

test('an encrypted key, its password given by a function', async () => {
  const { cert, key } = ca.issue(hostAddress(), { pass: 'open sesame' });
  assert.match(key, /ENCRYPTED/);
  const url = `wss://${hostAddress()}:0/x`;
  const wrong = await rejection(daemons(0, { url, dispatcher: false, tls: [cert, key], pass: 'open barley' }));
  assert.match(wrong.message, /tls: the certificate and key cannot be loaded \(.*\): a wrong pass\?/);
  const missing = await rejection(daemons(1, { url, tls: [cert, key] }));
  assert.match(missing.message, /the key is encrypted: give its password as options.pass/);
  await withTimeout(daemons(0, { url: `wss://${hostAddress()}:0/x`, dispatcher: false, tls: [cert, key], pass: () => 'open sesame' }), 15_000, 'daemons');
  await runAcross(launchRemote([1, 1], printOnly, {}, { tls: ca.caFile }) as string[]);
});

test('a daemon given the wrong CA is refused, and says so', async () => {
  await withTimeout(daemons(1, { url: `tls+tcp://${hostAddress()}:0` }), 15_000, 'daemons');
  const [command] = launchRemote(1, printOnly, {}, { tls: otherCa.caFile }) as string[];
  const run = runShell(command, hosts[1].name);
  assert.is(await withTimeout(run.exited, 20_000, 'the daemon exits'), 1);
  assert.match(run.output(), /the host.s certificate \(CN=[^)]*\) is self-signed, and it is not the certificate this daemon was given to trust \(CN=another CA\)/);
  assert.is((await status()).daemons instanceof Array && ((await status()).daemons as { online: number }[])[0].online, 0);
});

test('a certificate naming the host address only in an IP SAN: the daemon says what to do', async () => {
  const { bothFile } = ca.issue('not-the-address', { ipSan: hostAddress() });
  await withTimeout(daemons(1, { url: `tls+tcp://${hostAddress()}:0`, tls: bothFile }), 15_000, 'daemons');
  const [command] = launchRemote(1, printOnly, {}, { tls: ca.caFile }) as string[];
  const run = runShell(command, hosts[1].name);
  assert.is(await withTimeout(run.exited, 20_000, 'the daemon exits'), 1);
  assert.match(run.output(), new RegExp(`names ${hostAddress().replace(/\./g, '\\.')} only as an IP subject-alternative name.*issue it with CN=`));
});

test.run();
