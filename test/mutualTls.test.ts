// Mutual TLS with zero configuration: the host's listeners admit only peers presenting the
// client certificate issued for this daemons() call. Rogue peers (raw sockets that trust the
// host's CA, with no certificate or another one; CLI daemons started without the credentials
// or with others) dial the host in both modes while its own daemons run its tasks.
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, launchLocal, launchRemote, mirai, nextGet, remoteConfig, status, type DaemonStatus } from '../src/index';
import { generateCertificate, openSocket, tlsConfig, type NngSocket, type TlsConfig } from '../src/nng';
import { controlUrl } from '../src/url';
import { rejection, throwsLike, waitFor, withTimeout } from './helpers';
import { CLI, killStarted, ROOT } from './processes';
import { runShell, stopAll } from './infra/shell';

const test = suite('mutualTls');
const printOnly = remoteConfig({ node: process.execPath });

test.after.each(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  await stopAll();
  killStarted();
});

interface Rogue {
  socket: NngSocket;
  tls: TlsConfig;
  /** Whether it ever received a message (a task). */
  heard(): boolean;
}

/** A peer that speaks as a daemon (rep), trusts the host's CA, and presents `identity` if any. */
function rogue(ca: string, identity?: { cert: string; key: string }): Rogue {
  const socket = openSocket('rep');
  let heard = false;
  socket.recv().then(
    () => (heard = true),
    () => undefined,
  );
  return { socket, tls: tlsConfig('client', { ca, serverName: '127.0.0.1', ...identity }), heard: () => heard };
}

/** The environment assignments of a printed command, rewritten: without the client
 * credentials, or with `other`'s. */
function withCredentials(command: string, other?: { cert: string; key: string }): string {
  const oneLine = (pem: string) => pem.trim().split('\n').join(' ');
  if (!other) return command.replace(/MIRAI_TLS_(CERT|KEY)='[^']*' /g, '');
  return command.replace(/MIRAI_TLS_CERT='[^']*'/, `MIRAI_TLS_CERT='${oneLine(other.cert)}'`).replace(/MIRAI_TLS_KEY='[^']*'/, `MIRAI_TLS_KEY='${oneLine(other.key)}'`);
}

async function rows(): Promise<DaemonStatus[]> {
  return (await withTimeout(status(), 5000, 'status()')).daemons as DaemonStatus[];
}

async function connections(): Promise<number> {
  return (await withTimeout(status(), 5000, 'status()')).connections;
}

for (const dispatcher of [true, false]) {
  test(`${dispatcher ? 'with' : 'without'} dispatcher: peers without the issued client certificate get no task and are not counted; the host's tasks complete on its daemons`, async () => {
    await withTimeout(daemons(dispatcher ? 2 : 0, { url: 'tls+tcp://127.0.0.1:0', dispatcher }), 15_000, 'daemons');
    const ca = nextGet('tls') as string;
    const urls = nextGet('urls') as string[];
    const other = await withTimeout(generateCertificate({ commonName: 'mirai daemon' }), 15_000, 'another certificate');
    const [printed] = launchRemote(1, printOnly) as string[];

    // Raw peers: a blocking dial is refused at the handshake; a background one keeps trying.
    const peers: Rogue[] = [];
    for (const url of urls) {
      for (const identity of [undefined, other]) {
        const peer = rogue(ca, identity);
        peers.push(peer);
        const refused = throwsLike(() => peer.socket.dial(url, { tls: peer.tls, block: true }), Error, /Connection shutdown|Cryptographic error/);
        assert.is(refused.name, 'NngError');
        peer.socket.dial(url, { tls: peer.tls, block: false });
      }
    }
    // Without dispatcher the control listener beside the task URL requires it too: a control
    // request from a peer without the certificate is never answered.
    const control = openSocket('req');
    if (!dispatcher) control.dial(controlUrl(urls[0]), { tls: tlsConfig('client', { ca, serverName: '127.0.0.1' }), block: false });
    // CLI daemons from the printed command without the credentials, or with another's: refused.
    const refusedRuns = [withCredentials(printed), withCredentials(printed, other)].map((command) => runShell(command));
    try {
      const codes = await withTimeout(Promise.all(refusedRuns.map((r) => r.exited)), 30_000, 'the daemons without the credentials exit');
      assert.equal(codes, [1, 1], refusedRuns.map((r) => r.output()).join(' | '));
      assert.match(refusedRuns[0].output(), /requires a client certificate \(mutual TLS.*and this daemon presented none/);
      assert.match(refusedRuns[1].output(), /requires a client certificate \(mutual TLS.*the one this daemon presented is not the one issued to it/);
      if (dispatcher) assert.equal((await rows()).map((r) => [r.online, r.instance]), [[0, 0], [0, 0]], 'no peer admitted');
      else assert.is(await connections(), 0, 'no peer admitted');

      // The host's own daemons, launched with the credentials, run its tasks.
      const pids = launchLocal(dispatcher ? [1, 2] : [1, 1]);
      const results = await withTimeout(Promise.all(Array.from({ length: 8 }, (_, k) => Promise.resolve(mirai((x: number) => [x, process.pid], {}, { args: [k] })))), 45_000, 'tasks');
      results.forEach((r, k) => {
        assert.ok(Array.isArray(r) && r[0] === k && pids.includes(r[1] as number), `task ${k} ran on the host's daemons: ${String(r)} (pids ${pids})`);
      });
      if (dispatcher) {
        await waitFor(async () => (await rows()).every((r) => r.online === 1), 30_000, 'both daemons online');
        assert.equal((await rows()).map((r) => [r.online, r.instance]), [[1, 1], [1, 1]], 'only the host daemons were ever admitted');
      } else {
        await waitFor(async () => (await connections()) === 2, 30_000, 'two connections');
        const answer = await rejection(control.request(Buffer.from('hello?'), { timeout: 500 }), 5000, 'the control request of a peer without the certificate');
        assert.is(answer.code, 5, `timed out, unanswered: ${answer.message}`);
      }
      assert.equal(peers.map((p) => p.heard()), peers.map(() => false), 'no raw peer received a task');
    } finally {
      control.close();
      for (const peer of peers) peer.socket.close();
    }
  });
}

for (const url of ['tls+tcp://127.0.0.1:0', 'wss://127.0.0.1:0/m']) {
  for (const dispatcher of [true, false]) {
    test(`${url}, ${dispatcher ? 'with' : 'without'} dispatcher: a daemon from the printed command presents the credentials, which never reach its arguments or its tasks' environment`, async () => {
      await withTimeout(daemons(1, { url, dispatcher }), 15_000, 'daemons');
      const [command] = launchRemote(1, printOnly) as string[];
      const argv = command.slice(command.indexOf(process.execPath));
      assert.match(command, /MIRAI_TLS_KEY='-----BEGIN EC PRIVATE KEY----- /, 'the key in the environment assignments');
      assert.not.match(argv, /PRIVATE KEY|MIRAI_TLS/, 'nothing of TLS in the arguments');
      const run = runShell(command);
      const seen = (await withTimeout(Promise.resolve(mirai(() => [process.pid, Object.keys(process.env).filter((k) => k.startsWith('MIRAI_TLS_'))])), 45_000, 'a task')) as [number, string[]];
      assert.ok(Array.isArray(seen), `the task ran: ${String(seen)} (${run.output()})`);
      const [pid, names] = seen;
      assert.not.ok(names.includes('MIRAI_TLS_KEY') || names.includes('MIRAI_TLS_CERT'), `the task does not see the client key: ${names}`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      assert.ok(cmdline.includes('daemon'), `the daemon's own command line: ${cmdline.slice(0, 200)}`);
      assert.not.match(cmdline, /BEGIN|PRIVATE KEY/, 'what ps shows holds no key');
      await withTimeout(daemons(0), 10_000, 'daemons(0)');
      assert.is(await withTimeout(run.exited, 10_000, 'the daemon exits'), 0, run.output());
    });
  }
}

test('the daemon CLI refuses PEM on --identity: ps would show it', async () => {
  const { cert, key } = await withTimeout(generateCertificate(), 15_000, 'a certificate');
  const run = runShell(`cd ${ROOT} && exec ${process.execPath} --import tsx ${CLI} daemon tls+tcp://127.0.0.1:1 --identity '${cert}${key}'`);
  assert.is(await withTimeout(run.exited, 20_000, 'the CLI exits'), 2, run.output());
  assert.match(run.output(), /--identity takes a file/);
});

test('a bad identity option is a TypeError naming it, before any process starts', async () => {
  await withTimeout(daemons(0, { url: 'tls+tcp://127.0.0.1:0', dispatcher: false }), 15_000, 'daemons');
  assert.throws(() => launchLocal(1, { identity: ['only a cert'] as unknown as [string, string] }), (e: Error) => e instanceof TypeError && /daemonOptions\.identity must be a file path or \[cert, key\] PEM strings/.test(e.message));
  assert.throws(() => launchRemote(1, printOnly, { identity: 7 as unknown as string }), (e: Error) => e instanceof TypeError && /daemonOptions\.identity/.test(e.message));
});

test.run();
