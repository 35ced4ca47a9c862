// Pipes: peers connecting and leaving, told to a JavaScript listener or a native Cv.
import { connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native, type PipeEvent, type TlsConfig } from '../src/native';
import { tlsConfig, type NngSocket } from '../src/nng';
import { expectNngError, handled, rejection, throwsLike, uniqueUrl, withTimeout } from './helpers';
import { connect, withSockets } from './sockets';

/** Records a socket's pipe events and lets a test wait for the next one of a kind. */
function watchPipes(socket: NngSocket) {
  const events: Array<[PipeEvent, number]> = [];
  const waiters: Array<{ event: PipeEvent; resolve: (pipe: number) => void }> = [];
  socket.onPipe((event, pipe) => {
    events.push([event, pipe]);
    const i = waiters.findIndex((w) => w.event === event);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(pipe);
  });
  const seen = new Map<PipeEvent, number>();
  return {
    events,
    /** The next `event` not yet consumed by an earlier call (bounded wait). */
    next(event: PipeEvent): Promise<number> {
      const already = events.filter(([e]) => e === event);
      const used = seen.get(event) ?? 0;
      seen.set(event, used + 1);
      if (already.length > used) return Promise.resolve(already[used][1]);
      return handled(withTimeout(new Promise<number>((resolve) => waiters.push({ event, resolve })), 5000, `pipe ${event} on ${socket.protocol}`));
    },
  };
}

// --- pipe events to JavaScript ----------------------------------------------------------------

for (const scheme of ['inproc', 'tcp'] as const) {
  test(`onPipe over ${scheme}: 'add' when a dialer connects, 'remove' with the same id when it closes`, () =>
    withSockets({ server: 'rep', client: 'req' }, async ({ server, client }) => {
      const pipes = watchPipes(server);
      connect(server, client, uniqueUrl(scheme));
      const added = await pipes.next('add');
      assert.type(added, 'number');
      assert.ok(Number.isInteger(added) && added > 0, `pipe id ${added}`);
      client.close();
      const removed = await pipes.next('remove');
      assert.is(removed, added);
      assert.equal(pipes.events, [['add', added], ['remove', added]]);
    }));
}

test('onPipe: each of several peers has its own pipe id, on both sides of the connection', () =>
  withSockets({ server: 'bus', c0: 'bus', c1: 'bus', c2: 'bus' }, async ({ server, c0, c1, c2 }) => {
    const url = uniqueUrl('inproc');
    const clients = [c0, c1, c2];
    const serverPipes = watchPipes(server);
    server.listen(url);
    const clientPipes = clients.map((c) => watchPipes(c));
    for (const c of clients) c.dial(url, { block: true });
    const serverIds = await Promise.all([serverPipes.next('add'), serverPipes.next('add'), serverPipes.next('add')]);
    assert.is(new Set(serverIds).size, 3, `distinct ids ${serverIds}`);
    const clientIds = await Promise.all(clientPipes.map((p) => p.next('add')));
    for (const id of clientIds) assert.ok(id > 0 && !serverIds.includes(id), 'the dialing side has its own pipe');
  }));

test('onPipe(null) stops the events', () =>
  withSockets({ server: 'rep', first: 'req', second: 'req' }, async ({ server, first, second }) => {
    const pipes = watchPipes(server);
    const url = connect(server, first, uniqueUrl('inproc'));
    await pipes.next('add');
    server.onPipe(null);
    // A Cv still hears the second peer, so the test knows when the event would have come.
    const cv = new native.Cv();
    server.notify(cv, { add: true, remove: false });
    second.dial(url, { block: true });
    assert.ok(await withTimeout(cv.waitAsync(5000), 6000, 'cv for second peer'), 'cv signalled');
    // A completion queued after the pipe event: once it arrives, the event would have too.
    await expectNngError(server.recv({ timeout: 1 }), 5, 'flush the hand-off');
    assert.is(pipes.events.length, 1, 'no JavaScript event after onPipe(null)');
  }));

test('onPipe and notify check their arguments', async () => {
  const socket = await withSockets({ socket: 'rep' }, ({ socket }) => {
    throwsLike(() => socket.onPipe('listener' as never), TypeError, /listener must be a function, got the string "listener"/);
    throwsLike(() => socket.native.onPipe(5 as never), TypeError, /listener must be a function or null/);
    throwsLike(() => socket.notify({} as never), TypeError, /cv must be a Cv or null/);
    return socket;
  });
  throwsLike(() => socket.onPipe(() => undefined), Error, /Object closed/);
});

// --- pipe events to a Cv ------------------------------------------------------------------------

test('notify(cv) signals a native Cv on add and on remove', () =>
  withSockets({ server: 'rep', client: 'req' }, async ({ server, client }) => {
    const cv = new native.Cv();
    server.notify(cv);
    connect(server, client, uniqueUrl('inproc'));
    assert.is(await withTimeout(cv.waitAsync(5000), 6000, 'cv on add'), true);
    client.close();
    assert.is(await withTimeout(cv.waitAsync(5000), 6000, 'cv on remove'), true);
    assert.is(cv.value, 0, 'each wait took one signal');
  }));

test('notify(cv) wakes a blocking wait with no help from the event loop', () =>
  withSockets({ server: 'rep', client: 'req' }, ({ server, client }) => {
    const url = uniqueUrl('inproc');
    const cv = new native.Cv();
    server.notify(cv, { add: true, remove: false });
    server.listen(url);
    client.dial(url); // in the background: the connection completes on NNG's threads
    assert.is(cv.wait(5000), true, 'signalled while this thread was blocked');
  }));

test("notify(cv, { add: true, remove: false }) leaves the Cv alone when a peer leaves", () =>
  withSockets({ server: 'rep', client: 'req', again: 'req' }, async ({ server, client, again }) => {
    const cv = new native.Cv();
    const pipes = watchPipes(server);
    server.notify(cv, { add: true, remove: false });
    const url = connect(server, client, uniqueUrl('inproc'));
    await pipes.next('add');
    assert.is(cv.value, 1, 'add signalled once');
    client.close();
    // The Cv is signalled before the JavaScript event is queued, in the same NNG callback.
    await pipes.next('remove');
    assert.is(cv.value, 1, 'remove did not signal');
    server.notify(null);
    cv.reset();
    again.dial(url, { block: true });
    await pipes.next('add');
    assert.is(cv.value, 0, 'notify(null) stopped the signals');
  }));

// --- Cv on its own --------------------------------------------------------------------------

test('Cv counts signals; each wait takes one; reset clears them', () => {
  const cv = new native.Cv();
  assert.is(cv.value, 0);
  cv.signal();
  cv.signal();
  cv.signal();
  assert.is(cv.value, 3);
  assert.is(cv.wait(0), true);
  assert.is(cv.value, 2);
  cv.reset();
  assert.is(cv.value, 0);
  assert.is(cv.wait(0), false);
});

test('Cv.wait(timeout) returns false after about the timeout', () => {
  const cv = new native.Cv();
  const started = process.hrtime.bigint();
  assert.is(cv.wait(60), false);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(elapsed >= 55 && elapsed < 2000, `waited ${elapsed.toFixed(1)} ms`);
});

test('Cv.waitAsync resolves true when signalled later, false on timeout, and keeps the thread free', async () => {
  const cv = new native.Cv();
  const waiting = cv.waitAsync(5000);
  let ticks = 0;
  await new Promise<void>((resolve) => setImmediate(() => {
    ticks++;
    resolve();
  }));
  assert.is(ticks, 1, 'the event loop ran while waiting');
  cv.signal();
  assert.is(await withTimeout(waiting, 6000, 'waitAsync signalled'), true);
  const started = Date.now();
  assert.is(await withTimeout(cv.waitAsync(50), 5000, 'waitAsync timeout'), false);
  assert.ok(Date.now() - started >= 45, 'waited about the timeout');
});

test('Cv timeouts are checked', () => {
  const cv = new native.Cv();
  throwsLike(() => cv.wait('soon' as never), TypeError, /timeout must be a number of milliseconds/);
  throwsLike(() => cv.wait(-3), RangeError, /timeout must be -2, -1 or between 0 and 2147483647 ms/);
  throwsLike(() => cv.waitAsync(Number.NaN), RangeError, /timeout must be -2, -1 or between 0 and 2147483647 ms/);
});

// --- remote addresses ------------------------------------------------------------------------------

/** A plain TCP connection that speaks SP's opening header as a req0 peer, so that NNG adds a
 * pipe for it: the test then knows the peer's own port, which NNG only reports. */
function rawReqPeer(host: string, port: number): Promise<TcpSocket> {
  return withTimeout(
    new Promise<TcpSocket>((resolve, reject) => {
      const peer = tcpConnect({ host, port }, () => {
        peer.write(Buffer.from([0, 0x53, 0x50, 0, 0, 0x30, 0, 0]));
        resolve(peer);
      });
      peer.on('error', reject);
    }),
    5000,
    `tcp connection to ${host}:${port}`,
  );
}

for (const [scheme, host, shown] of [['tcp', '127.0.0.1', '127.0.0.1'], ['tcp6', '::1', '[::1]']] as const) {
  test(`remoteAddress over ${scheme}: the peer's own address and port, as tcp://${shown}:port`, () =>
    withSockets({ server: 'rep' }, async ({ server }) => {
      const pipes = watchPipes(server);
      const port = Number(/:(\d+)$/.exec(server.listen(uniqueUrl(scheme)).url)![1]);
      const peer = await rawReqPeer(host, port);
      try {
        const pipe = await pipes.next('add');
        assert.is(server.remoteAddress(pipe), `tcp://${shown}:${peer.localPort}`);
        peer.destroy();
        await pipes.next('remove');
        assert.is(server.remoteAddress(pipe), undefined, 'a pipe gone has no address');
      } finally {
        peer.destroy();
      }
    }));
}

/** A server certificate for 127.0.0.1 and a client that trusts it. */
async function testTlsPair(): Promise<{ server: TlsConfig; client: TlsConfig }> {
  const cert = await withTimeout(native.generateCertificate({ commonName: '127.0.0.1' }), 30_000, 'a certificate');
  return { server: tlsConfig('server', { cert: cert.cert, key: cert.key }), client: tlsConfig('client', { ca: cert.cert }) };
}

for (const scheme of ['ws', 'tls+tcp', 'ipc', 'abstract', 'inproc'] as const) {
  test(`remoteAddress over ${scheme}: the dialer sees where it dialled`, () =>
    withSockets({ server: 'rep', client: 'req' }, async ({ server, client }) => {
      const tls = scheme === 'tls+tcp';
      const serverPipes = watchPipes(server);
      const clientPipes = watchPipes(client);
      const pair = tls ? await testTlsPair() : undefined;
      const url = connect(server, client, uniqueUrl(scheme), pair && { listen: { tls: pair.server }, dial: { tls: pair.client } });
      const towardServer = client.remoteAddress(await clientPipes.next('add'));
      const towardClient = server.remoteAddress(await serverPipes.next('add'));
      if (scheme === 'ws' || tls) {
        const [, port] = /^[a-z+]+:\/\/127\.0\.0\.1:(\d+)/.exec(url)!;
        assert.is(towardServer, `tcp://127.0.0.1:${port}`, 'the TCP address beneath the scheme');
        assert.match(towardClient!, /^tcp:\/\/127\.0\.0\.1:\d+$/);
        assert.is.not(towardClient, towardServer, 'the dialer has a port of its own');
      } else {
        // ipc, abstract and inproc peers have no address of their own: both see the name dialled.
        assert.is(towardServer, url);
        assert.is(towardClient, url);
      }
    }));
}

test('remoteAddress: undefined for a pipe of another socket or none; bad ids refused', () =>
  withSockets({ server: 'rep', client: 'req', other: 'rep' }, async ({ server, client, other }) => {
    const pipes = watchPipes(server);
    connect(server, client, uniqueUrl('inproc'));
    const pipe = await pipes.next('add');
    assert.is(other.remoteAddress(pipe), undefined);
    assert.is(server.remoteAddress(123456), undefined);
    throwsLike(() => server.remoteAddress(0), RangeError, /pipe must be an integer from 1 to 4294967295, got 0/);
    throwsLike(() => server.remoteAddress('1' as never), TypeError, /pipe must be a number, got the string "1"/);
    other.close();
    throwsLike(() => other.remoteAddress(pipe), Error, /Object closed/);
  }));

// --- closing pipes ------------------------------------------------------------------------------

test('closePipe disconnects one peer: both sides see it removed, the other peer stays', () =>
  withSockets({ server: 'bus', leaving: 'bus', staying: 'bus' }, async ({ server, leaving, staying }) => {
    const serverPipes = watchPipes(server);
    const leavingPipes = watchPipes(leaving);
    const url = connect(server, leaving, uniqueUrl('inproc'));
    const leavingId = await serverPipes.next('add');
    staying.dial(url, { block: true });
    const stayingId = await serverPipes.next('add');
    // reconnect slowly, so that the closed pipe is not replaced during the test
    leaving.setOption('reconnectTimeMin', 60000);
    leaving.setOption('reconnectTimeMax', 60000);
    server.closePipe(leavingId);
    assert.is(await serverPipes.next('remove'), leavingId);
    await leavingPipes.next('remove');
    await server.send('still here?');
    assert.is((await withTimeout(staying.recv(), 5000, 'staying recv')).toString(), 'still here?');
    assert.ok(!serverPipes.events.some(([e, id]) => e === 'remove' && id === stayingId));
  }));

test('requestTaggedFrom: a reply comes with its pipe, and a request reset by its peer\'s loss names that pipe (19)', () =>
  withSockets({ server: 'rep', client: ['req', { resendTime: 0 }] }, async ({ server, client }) => {
    const clientPipes = watchPipes(client);
    connect(server, client, uniqueUrl('tcp'));
    const pipe = await clientPipes.next('add');
    const first = client.requestTaggedFrom('ping', 1);
    await server.send(await withTimeout(server.recv(), 5000, 'the first request'));
    const [reply, from] = await withTimeout(first, 5000, 'the reply');
    assert.equal([reply.toString(), from], ['ping', pipe]);
    const second = client.requestTaggedFrom('unanswered', 2);
    await withTimeout(server.recv(), 5000, 'the second request, not answered');
    client.setOption('reconnectTimeMin', 60000);
    client.closePipe(pipe);
    const error = await rejection(second, 5000, 'the second request');
    assert.equal([error.code, (error as Error & { pipe?: number }).pipe], [19, pipe]);
  }));

test('closePipe refuses unknown ids (12) and bad values', () =>
  withSockets({ socket: 'rep' }, ({ socket }) => {
    const error = throwsLike(() => socket.closePipe(123456), Error, /Entry not found/);
    assert.is((error as Error & { code: number }).code, 12);
    throwsLike(() => socket.closePipe(0), RangeError, /pipe must be an integer from 1 to 4294967295, got 0/);
    throwsLike(() => socket.closePipe('1' as never), TypeError, /pipe must be a number, got the string "1"/);
    throwsLike(() => socket.native.closePipe(-1), RangeError, /pipe must be an integer from 0 to 2\^32-1/);
  }));

test('closing the socket drops its pipe events: no listener call after close', () =>
  withSockets({ server: 'rep', client: 'req' }, async ({ server, client }) => {
    const pipes = watchPipes(server);
    const clientPipes = watchPipes(client);
    connect(server, client, uniqueUrl('inproc'));
    const id = await pipes.next('add');
    await clientPipes.next('add');
    server.close();
    // The peer sees the connection go; any event the server queued while closing is dropped.
    await clientPipes.next('remove');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pipes.events, [['add', id]]);
  }));


// --- peers that leave at once ---------------------------------------------------------------------

test('a peer dropped as it connects is told as added, then removed: never left counted', () =>
  withSockets({ pull: ['pull', { recvSizeMax: 16 }], push: ['push', { reconnectTimeMin: 1, reconnectTimeMax: 2 }] }, async ({ pull, push }) => {
    // Each connection brings a message over the limit, so the pull side closes it as soon as it
    // starts reading: the removal races the announcement of the same pipe inside NNG.
    const pipes = watchPipes(pull);
    const listener = pull.listen(uniqueUrl('tcp'));
    push.dial(listener.url);
    const rounds = 2000;
    const oversized = Buffer.alloc(64, 1);
    for (let i = 0; i < rounds; i++) await withTimeout(push.send(oversized), 5000, `send ${i}`);
    push.close();
    const unbalanced = () => {
      const open = new Set<number>();
      for (const [event, id] of pipes.events) {
        if (event === 'add') open.add(id);
        else if (!open.delete(id)) return `pipe ${id} removed before it was added`;
      }
      return open.size ? `${open.size} pipes never removed` : '';
    };
    const deadline = Date.now() + 5000;
    while (unbalanced() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.is(unbalanced(), '', `${pipes.events.length} events`);
    assert.ok(pipes.events.length >= 2, 'at least one peer came and went');
  }));
test.run();
