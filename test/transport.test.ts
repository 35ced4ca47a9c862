// Transports: a request and its reply over each one NNG is built with, and URLs refused early.
import { existsSync } from 'node:fs';
import * as net from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native } from '../src/native';
import { openSocket, type NngSocket } from '../src/nng';
import { parseUrl } from '../src/url';
import { handled, type TestScheme, throwsLike, uniqueUrl, withTimeout } from './helpers';
import { runNode, start, TSX, type Started } from './processes';
import { withPair, withSockets } from './sockets';

/** Checks one request and its reply over a new address of `scheme`; returns the URL bound. */
function roundTrip(scheme: TestScheme): Promise<string> {
  return withPair(scheme, async ({ req, rep, url }) => {
    const payload = `hello over ${url}`;
    const sent = handled(req.send(payload));
    const request = await withTimeout(rep.recv(), 5000, `rep recv over ${url}`);
    await sent;
    assert.is(request.toString(), payload);
    await withTimeout(rep.send(Buffer.concat([Buffer.from('re: '), request])), 5000, 'rep send');
    assert.is((await withTimeout(req.recv(), 5000, `req recv over ${url}`)).toString(), `re: ${payload}`);
    return url;
  });
}

function hasIpv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => i.family === 'IPv6' && i.address === '::1'));
}

// --- round trips --------------------------------------------------------------------------

const schemes: TestScheme[] = ['inproc', 'ipc', 'tcp', 'ws'];
if (process.platform === 'linux') schemes.push('abstract');
if (hasIpv6Loopback()) schemes.push('tcp6');

for (const scheme of schemes) {
  test(`req/rep round trip over ${scheme}`, async () => {
    const bound = await roundTrip(scheme);
    if (scheme === 'tcp' || scheme === 'tcp6' || scheme === 'ws') {
      const { port } = parseUrl(bound);
      assert.ok(port !== undefined && port > 0, `listener.url carries the bound port: ${bound}`);
    }
  });
}

test('tcp: listener.url replaces port 0 with the bound port; an explicit port is kept', () =>
  withSockets({ a: 'rep', b: 'rep' }, ({ a, b }) => {
    const first = a.listen('tcp://127.0.0.1:0');
    assert.match(first.url, /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);
    assert.is.not(first.url, 'tcp://127.0.0.1:0');
    first.close();
    // The port just freed is reusable at once and the URL is reported as given.
    const again = b.listen(first.url);
    assert.is(again.url, first.url);
  }));

test('ipc: the socket file exists while listening', () =>
  withSockets({ rep: 'rep' }, ({ rep }) => {
    const url = uniqueUrl('ipc');
    rep.listen(url);
    assert.ok(existsSync(url.slice('ipc://'.length)), 'ipc path created');
  }));

test('ws: two listeners share one port under different paths', () =>
  withSockets({ alpha: 'rep', beta: 'rep', toAlpha: 'req', toBeta: 'req' }, async ({ alpha, beta, toAlpha, toBeta }) => {
    const first = alpha.listen('ws://127.0.0.1:0/alpha');
    const { port } = parseUrl(first.url);
    assert.ok(port !== undefined && port > 0, `bound port in ${first.url}`);
    const second = beta.listen(`ws://127.0.0.1:${port}/beta`);
    assert.is(second.url, `ws://127.0.0.1:${port}/beta`);
    toAlpha.dial(first.url, { block: true });
    toBeta.dial(second.url, { block: true });

    const serve = async (socket: NngSocket, name: string) => {
      const request = await withTimeout(socket.recv(), 5000, `${name} recv`);
      await socket.send(`${name} got ${request.toString()}`);
    };
    const served = handled(Promise.all([serve(alpha, 'alpha'), serve(beta, 'beta')]));
    await toAlpha.send('a');
    await toBeta.send('b');
    assert.is((await withTimeout(toAlpha.recv(), 5000, 'reply from alpha')).toString(), 'alpha got a');
    assert.is((await withTimeout(toBeta.recv(), 5000, 'reply from beta')).toString(), 'beta got b');
    await served;
  }));

test('ws: dialing a path nobody serves is refused (6)', () =>
  withSockets({ rep: 'rep', req: 'req' }, ({ rep, req }) => {
    const listener = rep.listen(uniqueUrl('ws'));
    const wrong = `${listener.url}-elsewhere`;
    const error = throwsLike(() => req.dial(wrong, { block: true }), Error, /Connection refused/);
    assert.is((error as Error & { code: number }).code, 6);
  }));

test('tcp: a blocking dial to a closed port throws connection refused (6)', () =>
  withSockets({ probe: 'rep', req: 'req' }, ({ probe, req }) => {
    // Bind and release a port so that nothing listens on it.
    const listener = probe.listen('tcp://127.0.0.1:0');
    const url = listener.url;
    listener.close();
    const error = throwsLike(() => req.dial(url, { block: true }), Error, /Connection refused/);
    assert.is(error.name, 'NngError');
    assert.is((error as Error & { code: number }).code, 6);
  }));

test('tcp: a background dial connects once the listener appears', () =>
  withSockets({ probe: 'rep', rep: ['rep', { reconnectTimeMin: 10 }], req: ['req', { reconnectTimeMin: 10, reconnectTimeMax: 20 }] }, async ({ probe, rep, req }) => {
    const reserved = probe.listen('tcp://127.0.0.1:0');
    const url = reserved.url;
    reserved.close();
    const connected = handled(withTimeout(
      new Promise<void>((resolve) => req.onPipe((event) => event === 'add' && resolve())),
      5000,
      'background dial connects',
    ));
    req.dial(url); // nobody listens yet: NNG keeps retrying
    rep.listen(url);
    await connected;
    await req.send('late');
    assert.is((await withTimeout(rep.recv(), 5000, 'rep recv')).toString(), 'late');
  }));

test('tcp: listening on a port in use fails with address in use (10)', () =>
  withSockets({ a: 'rep', b: 'rep' }, ({ a, b }) => {
    const listener = a.listen('tcp://127.0.0.1:0');
    const error = throwsLike(() => b.listen(listener.url), Error, /Address in use/);
    assert.is((error as Error & { code: number }).code, 10);
  }));

test('inproc: two listeners on one name are refused (10)', () =>
  withSockets({ a: 'rep', b: 'rep' }, ({ a, b }) => {
    const url = uniqueUrl('inproc');
    a.listen(url);
    const error = throwsLike(() => b.listen(url), Error, /Address in use/);
    assert.is((error as Error & { code: number }).code, 10);
  }));

test('a listener and a dialer close, and the dialer no longer connects', () =>
  withSockets({ rep: 'rep', req: 'req', dialAgain: 'req' }, ({ rep, req, dialAgain }) => {
    const url = uniqueUrl('inproc');
    const listener = rep.listen(url);
    const dialer = req.dial(url, { block: true });
    assert.ok(listener.id > 0 && dialer.id > 0);
    assert.is(dialer.url, url);
    assert.is(dialer.getOption('url'), url);
    assert.is(listener.getOption('url'), url);
    dialer.close();
    dialer.close();
    throwsLike(() => dialer.getOption('url'), Error, /Object closed/);
    listener.close();
    throwsLike(() => listener.start(), Error, /Object closed/);
    const error = throwsLike(() => dialAgain.dial(url, { block: true }), Error, /Connection refused/);
    assert.is((error as Error & { code: number }).code, 6);
  }));

test('endpoints created with start: false start later, after their options', () =>
  withSockets({ rep: 'rep', req: 'req' }, async ({ rep, req }) => {
    const url = uniqueUrl('tcp');
    const listener = new native.Listener(rep.native, url, { start: false });
    listener.setOption('recv-size-max', 2048);
    assert.is(listener.getOption('recv-size-max'), 2048);
    listener.start();
    const bound = listener.url;
    assert.is.not(bound, url);
    const dialer = new native.Dialer(req.native, bound, { start: false });
    dialer.setOption('reconnect-time-min', 25);
    assert.is(dialer.getOption('reconnect-time-min'), 25);
    dialer.start(true);
    await req.send('started');
    assert.is((await withTimeout(rep.recv(), 5000, 'rep recv')).toString(), 'started');
  }));

// --- URLs refused before any socket is touched -----------------------------------------------

test('bad URLs are TypeErrors that say what is wrong, thrown before the socket is used', () => {
  // A closed socket would answer NngError 7: a TypeError shows the URL was checked first.
  const socket = openSocket('req');
  socket.close();
  const cases: Array<[unknown, new (...args: never[]) => Error, RegExp]> = [
    [42, TypeError, /^url must be a string, got number$/],
    ['localhost:5555', TypeError, /url 'localhost:5555' is not a URL: expected scheme:\/\/address/],
    ['http://127.0.0.1:80', TypeError, /url 'http:\/\/127\.0\.0\.1:80' has an unsupported scheme 'http' \(expected one of inproc, ipc, .*tls\+tcp6\)/],
    ['zmq+tcp://127.0.0.1:5555', TypeError, /unsupported scheme 'zmq\+tcp'/],
    ['tcp://127.0.0.1', TypeError, /url 'tcp:\/\/127\.0\.0\.1' needs host:port \(use \[::1\]:port for IPv6, port 0 for any free port\)/],
    ['tcp://::1:5555', TypeError, /needs host:port \(use \[::1\]:port for IPv6/],
    ['ws://127.0.0.1:abc/path', TypeError, /needs host:port/],
    ['tcp://127.0.0.1:70000', RangeError, /url 'tcp:\/\/127\.0\.0\.1:70000' has port 70000, above 65535/],
    ['inproc://', TypeError, /url 'inproc:\/\/' needs a name or path after inproc:\/\//],
    ['ipc://', TypeError, /needs a name or path after ipc:\/\//],
  ];
  for (const [url, type, message] of cases) {
    throwsLike(() => socket.listen(url as string), type, message);
    throwsLike(() => socket.dial(url as string), type, message);
  }
});

test('endpoint options are checked by name and type', () =>
  withSockets({ socket: 'req' }, ({ socket }) => {
    throwsLike(() => socket.dial(uniqueUrl('inproc'), { blok: true } as never), TypeError, /options has an unknown option 'blok': did you mean 'block'\?/);
    throwsLike(() => socket.listen(uniqueUrl('inproc'), { block: true } as never), TypeError, /options has an unknown option 'block'/);
    throwsLike(() => socket.dial(uniqueUrl('inproc'), { block: 'yes' } as never), TypeError, /options\.block must be a boolean, got the string "yes"/);
    throwsLike(() => socket.dial(uniqueUrl('inproc'), { tls: {} } as never), TypeError, /options\.tls must be a TlsConfig \(see tlsConfig\(\)\), got an object \(Object\)/);
    throwsLike(() => socket.listen(uniqueUrl('inproc'), 'tls' as never), TypeError, /options must be an object, got the string "tls"/);
  }));

test('the addon itself refuses what NNG cannot parse, and non-sockets', () => {
  const socket = new native.Socket('req');
  try {
    const error = throwsLike(() => new native.Dialer(socket, 'nope://x'), Error, /.+/);
    assert.is(error.name, 'NngError');
    assert.ok(typeof (error as Error & { code: number }).code === 'number' && (error as Error & { code: number }).code > 0);
    throwsLike(() => new native.Listener({} as never, 'inproc://x'), TypeError, /socket must be a Socket/);
    throwsLike(() => new native.Dialer(socket, 5 as never), TypeError, /url must be a string/);
    throwsLike(() => new native.Dialer(socket, 'inproc://x', { tls: {} as never }), TypeError, /options\.tls must be a TlsConfig/);
  } finally {
    socket.close();
  }
});

test('a ws listener closes while upgrade requests arrive, round after round (no deadlock)', async () => {
  // In a child process: a deadlock would hang the thread that closes.
  const rounds = 200;
  const result = await runNode([join('test', 'fixtures', 'ws-close.ts'), String(rounds)], 30_000, 'the ws-close fixture');
  assert.is(result.stderr, '');
  assert.is(result.code, 0);
  assert.is(result.stdout.trim(), `closed ${rounds}`);
});

// Over wss, the fixture's final listener close also checks that closing a ws listener never
// waits, under the socket's lock, for the reaper (deps/README.md).
for (const [scheme, rounds] of [['ws', 400], ['wss', 150]] as const) {
  test(`${scheme} dialers close while their connections and upgrades complete, round after round (no hang, no abort)`, async () => {
    // In a child process: NNG aborts the process on a double finish, and a hang is a hang.
    const args = [join('test', 'fixtures', 'ws-dial-close.ts'), String(rounds), scheme];
    const result = await runNode(args, 90_000, 'the ws-dial-close fixture');
    assert.is(result.stderr, '');
    assert.is(result.code, 0);
    assert.is(result.stdout.trim(), `closed ${rounds}`);
  });
}

/** The rep-echo fixture listening on `url`, and the URL it reports (its port resolved). */
async function startEchoChild(url: string): Promise<{ child: Started; url: string }> {
  const child = start(process.execPath, [...TSX, join('test', 'fixtures', 'rep-echo.ts'), url], { stdin: 'pipe' });
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /^listening (\S+)$/m.exec(child.out.stdout);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`rep-echo exited (${code}) before listening: ${child.out.stderr}`)));
  });
  try {
    return { child, url: await withTimeout(listening, 10_000, 'rep-echo listening') };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/** Ends the rep-echo fixture as it asks (its stdin closes, so NNG removes its ipc file), or
 * kills it after 5 s. */
async function endEchoChild(child: Started): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT');
  child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Connects a plain socket to an ipc URL and hangs up as soon as it is connected. */
function hangUpOn(url: string): Promise<void> {
  const client = net.connect({ path: parseUrl(url).path });
  return withTimeout(
    new Promise<void>((resolve, reject) => {
      client.once('connect', () => (client.destroy(), resolve()));
      client.once('error', reject);
    }),
    5000,
    `plain connection to ${url}`,
  );
}

test('ipc: a listener keeps accepting after a peer hangs up before its handshake', async () => {
  // The listener's process is stopped while the peer connects and hangs up, so the handshake
  // NNG then starts is sure to find it gone: its first write fails with EPIPE. Unpatched NNG
  // 1.5.2 read that as "this listener was closed" and never accepted again (deps/patches).
  // (Over tcp the hang-up reads as a shutdown, which NNG always survived.)
  const { child, url } = await startEchoChild(uniqueUrl('ipc'));
  try {
    await withSockets({ req: 'req' }, async ({ req }) => {
      child.kill('SIGSTOP');
      await hangUpOn(url);
      child.kill('SIGCONT');
      req.dial(url);
      const reply = await withTimeout(req.request('still here?', { timeout: 5000 }), 6000, `echo over ${url}`);
      assert.is(reply.toString(), 'still here?');
    });
  } finally {
    await endEchoChild(child);
  }
});

test.run();
