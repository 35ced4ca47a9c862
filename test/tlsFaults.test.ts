// TLS handshakes that fail, against a host listening on tls+tcp, with and without dispatcher:
// a host certificate that expired, one from another CA, a self-signed one the daemon does not
// trust; raw clients that stop mid-ClientHello (and close, or stay silent) or send noise, on
// tls+tcp and wss; daemons presenting a client certificate a zero-configuration host did not
// issue; and a peer that never answers a daemon's handshake. Each refused daemon says why, both
// in this process (daemon()) and as the CLI from the printed command; the same listener then
// serves a good daemon a task.
import { randomBytes } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemon, daemons, launchRemote, mirai, nextGet, remoteConfig, type DaemonOptions } from '../src/index';
import { rejection, withTimeout } from './helpers';
import { makeCa, type TestCa } from './infra/certs';
import { CLI, ROOT } from './processes';
import { runShell, stopAll } from './infra/shell';

const test = suite('tlsFaults');
const printOnly = remoteConfig({ node: process.execPath });
const EXPIRED: [string, string] = ['20240101000000Z', '20240102000000Z'];
/** Refusal times (ms), by what was refused, for the report at the end. */
const times = new Map<string, number[]>();
let ca: TestCa;
let otherCa: TestCa;
/** A CA named for the host: its own certificate serves as a self-signed host certificate. */
let selfCa: TestCa;
const clients = new Set<Socket>();

test.before(() => {
  ca = makeCa('mirai test CA');
  otherCa = makeCa('another CA');
  selfCa = makeCa('127.0.0.1');
});

test.after.each(async () => {
  for (const client of clients) client.destroy();
  clients.clear();
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  await stopAll();
});

test.after(() => {
  for (const cas of [ca, otherCa, selfCa]) cas?.remove();
  for (const [what, ms] of times) console.log(`    ${what}: ${ms.map((t) => t.toFixed(0)).join(', ')} ms`);
});

function record(what: string, ms: number): void {
  times.set(what, [...(times.get(what) ?? []), ms]);
}

/** Sets daemons listening at `scheme` on loopback (`tls` a user certificate, else zero
 * configuration); resolves to the URL a daemon dials. */
async function host(dispatcher: boolean, tls?: string, scheme: 'tls+tcp' | 'wss' = 'tls+tcp'): Promise<string> {
  const url = scheme === 'wss' ? 'wss://127.0.0.1:0/m' : 'tls+tcp://127.0.0.1:0';
  await withTimeout(daemons(dispatcher ? 1 : 0, { url, dispatcher, tls }), 15_000, 'daemons');
  return (nextGet('urls') as string[])[0];
}

/** A daemon in this process dialling `url` with `options` is refused, saying `why`; and so is
 * the CLI daemon from the printed command given the same CA. */
async function refused(url: string, what: string, why: RegExp, options: DaemonOptions & { tls: string }): Promise<void> {
  const started = performance.now();
  const error = await withTimeout(rejection(daemon(url, options)), 20_000, `daemon() refused: ${what}`);
  record(`${what}, daemon() in process`, performance.now() - started);
  assert.match(error.message, why);
  const [command] = launchRemote(1, printOnly, options.identity ? { identity: options.identity } : {}, { tls: options.tls }) as string[];
  const spawned = performance.now();
  const run = runShell(command);
  assert.is(await withTimeout(run.exited, 30_000, `the CLI daemon exits: ${what}`), 1, run.output());
  record(`${what}, CLI daemon from start to exit`, performance.now() - spawned);
  assert.match(run.output(), why);
}

/** A good daemon in this process, trusting `trusted` (a CA file), connects to `url` and runs a
 * task. */
async function serves(url: string, trusted: string): Promise<void> {
  const running = daemon(url, { tls: trusted, maxtasks: 1 });
  assert.is(await withTimeout(Promise.resolve(mirai(() => 6 * 7)), 20_000, 'a task on a good daemon'), 42);
  await withTimeout(running, 10_000, 'the good daemon ends after its task');
}

for (const dispatcher of [true, false]) {
  const mode = dispatcher ? 'with dispatcher' : 'without dispatcher';

  test(`${mode}: a host certificate that expired: the daemon says so; the listener goes on handshaking`, async () => {
    const expired = ca.issue('127.0.0.1', { validity: EXPIRED });
    const url = await host(dispatcher, expired.bothFile);
    const why = /the host's certificate \(CN=127\.0\.0\.1\) expired on Jan {1,2}2 00:00:00 2024 GMT \(this machine's clock says .*\): give the host a new certificate/;
    await refused(url, 'expired host certificate', why, { tls: ca.caFile });
    // No daemon can accept this certificate: the listener is alive when the next is refused
    // alike.
    await refused(url, 'expired host certificate', why, { tls: ca.caFile });
  });

  test(`${mode}: a host certificate from another CA: the daemon says so; the listener serves a daemon with the right CA`, async () => {
    const url = await host(dispatcher, ca.issue('127.0.0.1').bothFile);
    await refused(url, 'wrong CA', /is not signed by the CA certificate this daemon was given \(CN=another CA\): give the daemon the host's CA/, { tls: otherCa.caFile });
    await serves(url, ca.caFile);
  });

  test(`${mode}: a self-signed host certificate the daemon does not trust: the daemon says so; the listener serves one that trusts it`, async () => {
    const url = await host(dispatcher, selfCa.own().bothFile);
    await refused(url, 'self-signed', /the host's certificate \(CN=127\.0\.0\.1\) is self-signed, and it is not the certificate this daemon was given to trust \(CN=mirai test CA\): give the daemon the host's certificate itself/, { tls: ca.caFile });
    await serves(url, selfCa.caFile);
  });

  for (const scheme of ['tls+tcp', 'wss'] as const) {
    test(`${mode}, ${scheme}: truncated ClientHellos (closed, or left silent), noise and silence: the listener serves a daemon while they hang`, () => truncated(dispatcher, scheme));
  }

  test(`${mode}, zero-configuration (mutual) TLS: a daemon presenting a foreign or expired client certificate is refused; the host serves its own`, async () => {
    const url = await host(dispatcher);
    const hostCa = nextGet('tls') as string;
    const foreign = otherCa.issue('mirai daemon');
    await refused(url, 'foreign client certificate', /requires a client certificate.*the one this daemon presented is not the one issued to it \(each daemons\(\) call issues new ones\): start the daemon/, {
      tls: hostCa,
      identity: [foreign.cert, foreign.key],
    });
    const expired = otherCa.issue('mirai daemon', { validity: EXPIRED });
    await refused(url, 'expired client certificate', /not the one issued to it \(each daemons\(\) call issues new ones\), and this daemon's certificate \(CN=mirai daemon\) expired on Jan {1,2}2 00:00:00 2024 GMT.*: use the one issued now/, {
      tls: hostCa,
      identity: [expired.cert, expired.key],
    });
    const good = runShell((launchRemote(1, printOnly) as string[])[0]);
    const value = await withTimeout(Promise.resolve(mirai(() => 6 * 7)), 30_000, 'a task').catch((error: Error) => `${error.message} (${good.output()})`);
    assert.is(value, 42);
  });
}

test('a peer that accepts the connection and never answers the handshake: the daemon gives up after 10 s, saying what to check', async () => {
  const server = createServer((socket) => {
    clients.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const started = performance.now();
  const run = runShell(`cd ${ROOT} && exec ${process.execPath} --import tsx ${CLI} daemon tls+tcp://127.0.0.1:${port} --tls ${ca.caFile}`);
  try {
    assert.is(await withTimeout(run.exited, 40_000, 'the daemon gives up'), 1, run.output());
  } finally {
    server.close();
  }
  record('CLI daemon dialling a silent peer, from start to exit', performance.now() - started);
  assert.ok(clients.size > 0, 'it connected');
  assert.match(run.output(), /\(Timed out\): no answer in time .*check that the address is a mirai host listening on tls\+tcp/);
});

/** Raw clients that stop mid-ClientHello (some closing, some left silent), send noise, or send
 * nothing, at a listener on `scheme`: a good daemon is served while they hang, the host drops
 * them all (the silent ones at the 10 s handshake timeout), and serves again. */
async function truncated(dispatcher: boolean, scheme: 'tls+tcp' | 'wss'): Promise<void> {
  const url = await host(dispatcher, ca.issue('127.0.0.1').bothFile, scheme);
  const port = Number(new URL(url.replace(scheme, 'http')).port);
  const closing = Array.from({ length: 4 }, () => rawClient(port, partialClientHello()));
  const hanging = Array.from({ length: 4 }, () => rawClient(port, partialClientHello()));
  const noise = Array.from({ length: 20 }, () => rawClient(port, randomBytes(4096)));
  const silent = rawClient(port, Buffer.alloc(0));
  await withTimeout(Promise.all([...closing, ...hanging, ...noise, silent].map((c) => c.written)), 10_000, 'raw clients connected and wrote');
  for (const c of closing) c.socket.destroy();
  const started = performance.now();
  await serves(url, ca.caFile);
  record(`${scheme}: a good daemon served after 20 clients sent noise, while 5 hang mid-handshake`, performance.now() - started);
  assert.ok([...hanging, silent].every((c) => !c.closed()), 'the hanging clients were still connected while the daemon was served');
  // Noise ends in a failed handshake: the host drops it.
  await withTimeout(Promise.all(noise.map((c) => c.ended)), 10_000, 'the host drops the clients sending noise');
  // NNG gives up on a handshake (wss: on a request) after 10 s: the silent ones go too.
  const hangStart = performance.now();
  await withTimeout(Promise.all([...hanging, silent].map((c) => c.ended)), 30_000, 'the host drops the silent clients');
  record(`${scheme}: hanging clients dropped by the host, after the good daemon ran`, performance.now() - hangStart);
  await serves(url, ca.caFile);
}

interface RawClient {
  socket: Socket;
  /** Resolves once connected and `bytes` written. */
  written: Promise<void>;
  /** Resolves when the host closes the connection (or it fails). */
  ended: Promise<void>;
  closed(): boolean;
}

/** A plain TCP client of the TLS listener at `port` that writes `bytes` and then waits. */
function rawClient(port: number, bytes: Buffer): RawClient {
  const socket = connect({ host: '127.0.0.1', port });
  clients.add(socket);
  let closed = false;
  socket.on('data', () => undefined);
  const ended = new Promise<void>((resolve) => socket.once('close', () => {
    closed = true;
    resolve();
  }));
  socket.on('error', () => undefined);
  const written = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => (bytes.length === 0 ? resolve() : socket.write(bytes, (error) => (error ? reject(error) : resolve()))));
    socket.once('error', reject);
  });
  return { socket, written, ended, closed: () => closed };
}

/** The first 60 bytes of a TLS 1.2 ClientHello record that announces 512. */
function partialClientHello(): Buffer {
  const body = Buffer.concat([Buffer.from([0x03, 0x03]), randomBytes(32), Buffer.from([0x00, 0x00, 0x20])]);
  const handshake = Buffer.concat([Buffer.from([0x01, 0x00, 0x01, 0xfc]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]), handshake]).subarray(0, 60);
}

test.run();
