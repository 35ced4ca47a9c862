// Sockets: every protocol opens, closes and talks; options read back; bad names and values refused.
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native, type Protocol } from '../src/native';
import { openSocket, type NngSocket } from '../src/nng';
import { expectNngError, handled, statFields, throwsLike, uniqueUrl, withTimeout } from './helpers';
import { connect, withPair, withSockets } from './sockets';

const PROTOCOLS: Protocol[] = ['req', 'rep', 'pair0', 'pair1', 'pair1poly', 'bus', 'push', 'pull', 'pub', 'sub', 'surveyor', 'respondent'];

/** Resolves with the id of the next pipe added to `socket`. Call before dialing. */
function nextPipe(socket: NngSocket): Promise<number> {
  return handled(withTimeout(
    new Promise<number>((resolve) => {
      socket.onPipe((event, pipe) => {
        if (event === 'add') resolve(pipe);
      });
    }),
    5000,
    `pipe added to ${socket.protocol} socket`,
  ));
}

// --- open and close -------------------------------------------------------------------

test('every protocol opens, reports itself and closes twice safely', () => {
  for (const protocol of PROTOCOLS) {
    // NNG has no raw pair1 polyamorous socket.
    for (const raw of protocol === 'pair1poly' ? [false] : [false, true]) {
      const socket = openSocket(protocol, { raw });
      try {
        assert.is(socket.protocol, protocol);
        assert.ok(socket.id > 0, `${protocol} id`);
        assert.is(socket.closed, false);
        assert.is(socket.native.getOption('raw'), raw, `${protocol} raw`);
        const nngName = protocol === 'pair1poly' ? 'pair1' : protocol.replace(/0$/, '');
        assert.is(socket.native.getOption('protocol-name'), nngName, `${protocol} name`);
      } finally {
        socket.close();
      }
      assert.is(socket.closed, true);
      socket.close();
      assert.is(socket.closed, true);
    }
  }
});

/** This process's threads by name, each with its scheduling policy (field 41 of its stat:
 * 0 normal, 3 batch). */
function threadPolicies(): { tid: number; name: string; policy: number }[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
    return { tid: Number(tid), name, policy: Number(statFields(`/proc/self/task/${tid}/stat`)[38]) };
  });
}

test('on Linux, NNG\'s threads are batch threads (they preempt no running thread when woken); Node\'s keep their policy', () => {
  if (process.platform !== 'linux') return;
  const socket = openSocket('req');
  try {
    const threads = threadPolicies();
    const nng = threads.filter((t) => t.name.startsWith('nng:'));
    assert.ok(nng.some((t) => t.name === 'nng:task'), `NNG's task threads are running: ${threads.map((t) => t.name).join(', ')}`);
    assert.equal(nng.filter((t) => t.policy !== 3).map((t) => t.name), [], 'every NNG thread is SCHED_BATCH (3)');
    // Node's threads keep the policy this process runs under: its main thread's.
    const own = threads.find((t) => t.tid === process.pid)!.policy;
    assert.equal(threads.filter((t) => !t.name.startsWith('nng:') && t.policy !== own).map((t) => t.name), [], 'no other thread changed');
  } finally {
    socket.close();
  }
});

test('socket ids are distinct', () =>
  withSockets({ a: 'req', b: 'req', c: 'rep' }, (sockets) => {
    assert.is(new Set(Object.values(sockets).map((s) => s.id)).size, 3);
  }));

test('an unknown protocol is a TypeError naming it, in the wrapper and in the addon', () => {
  throwsLike(() => openSocket('dealer' as Protocol), TypeError, /protocol must be one of req, rep, .*respondent, got the string "dealer"/);
  throwsLike(() => new native.Socket('dealer' as Protocol), TypeError, /unknown protocol 'dealer'/);
  throwsLike(() => new native.Socket(42 as unknown as Protocol), TypeError, /protocol must be a string/);
  throwsLike(() => openSocket('pair1poly', { raw: true }), TypeError, /protocol 'pair1poly' has no raw mode/);
});

test('a closed socket refuses options and endpoints with NngError 7', () => {
  const socket = openSocket('req');
  socket.close();
  const error = throwsLike(() => socket.native.getOption('recv-timeout'), Error, /Object closed/);
  assert.is(error.name, 'NngError');
  assert.is((error as Error & { code: number }).code, 7);
  const listenError = throwsLike(() => socket.listen(uniqueUrl('inproc')), Error, /Object closed/);
  assert.is((listenError as Error & { code: number }).code, 7);
});

// --- options ---------------------------------------------------------------------------

test('options given at open are applied; recvSizeMax defaults to 0 (no limit)', () =>
  withSockets({ socket: ['req', { recvTimeout: 1500, sendTimeout: 2500, resendTime: 0, socketName: 'alpha', recvBuffer: 16 }] }, ({ socket }) => {
    assert.is(socket.getOption('recvTimeout'), 1500);
    assert.is(socket.getOption('sendTimeout'), 2500);
    assert.is(socket.getOption('resendTime'), 0);
    assert.is(socket.getOption('socketName'), 'alpha');
    assert.is(socket.getOption('recvBuffer'), 16);
    assert.is(socket.getOption('recvSizeMax'), 0);
  }));

test('options set after open read back, including -1 for forever', () =>
  withSockets({ socket: 'surveyor' }, ({ socket }) => {
    socket.setOption('recvTimeout', -1);
    assert.is(socket.getOption('recvTimeout'), -1);
    socket.setOption('surveyTime', 250);
    assert.is(socket.getOption('surveyTime'), 250);
    socket.setOption('recvSizeMax', 4096);
    assert.is(socket.getOption('recvSizeMax'), 4096);
    socket.setOption('reconnectTimeMin', 10);
    socket.setOption('reconnectTimeMax', 200);
    assert.is(socket.getOption('reconnectTimeMin'), 10);
    assert.is(socket.getOption('reconnectTimeMax'), 200);
    socket.setOption('sendBuffer', 0);
    assert.is(socket.getOption('sendBuffer'), 0);
    socket.setOption('tcpNodelay', false);
    assert.is(socket.getOption('tcpNodelay'), false);
    socket.setOption('tcpKeepalive', true);
    assert.is(socket.getOption('tcpKeepalive'), true);
    socket.setOption('tcpKeepaliveIdle', 4000);
    socket.setOption('tcpKeepaliveInterval', 1500);
    socket.setOption('tcpKeepaliveCount', 3);
    socket.setOption('tcpUserTimeout', 9000);
    assert.equal(['tcpKeepaliveIdle', 'tcpKeepaliveInterval', 'tcpKeepaliveCount', 'tcpUserTimeout'].map((n) => socket.getOption(n as 'tcpKeepaliveIdle')), [4000, 1500, 3, 9000]);
  }));

test('ttlMax reads back on protocols that have it', () =>
  withSockets({ socket: ['req', { ttlMax: 4 }] }, ({ socket }) => {
    assert.is(socket.getOption('ttlMax'), 4);
  }));

test('unknown option names are refused with a suggestion when one is close', () => {
  throwsLike(() => openSocket('req', { recvTimout: 5 } as never), TypeError, /options has an unknown option 'recvTimout': did you mean 'recvTimeout'\?/);
  throwsLike(() => openSocket('req', { colour: 'red' } as never), TypeError, /^options has an unknown option 'colour'$/);
  return withSockets({ socket: 'req' }, ({ socket }) => {
    throwsLike(() => socket.setOption('nope' as never, 1 as never), TypeError, /unknown socket option 'nope'/);
    throwsLike(() => socket.getOption('nope' as never), TypeError, /unknown socket option 'nope'/);
    throwsLike(() => socket.native.setOption('nope', 1), TypeError, /unknown option 'nope'/);
    throwsLike(() => socket.native.getOption('nope'), TypeError, /unknown option 'nope'/);
  });
});

test('option values of the wrong kind are TypeErrors, out of range RangeErrors', () => {
  throwsLike(() => openSocket('req', { recvTimeout: '5' as never }), TypeError, /options\.recvTimeout must be a number of milliseconds, got the string "5"/);
  throwsLike(() => openSocket('req', { recvTimeout: -5 }), RangeError, /options\.recvTimeout must be between 0 and 2147483647 ms, got -5/);
  throwsLike(() => openSocket('req', { recvBuffer: 1.5 }), RangeError, /options\.recvBuffer must be an integer 0 or greater, got 1\.5/);
  throwsLike(() => openSocket('req', { tcpNodelay: 'yes' as never }), TypeError, /options\.tcpNodelay must be a boolean, got the string "yes"/);
  throwsLike(() => openSocket('req', { socketName: 7 as never }), TypeError, /options\.socketName must be a string, got number 7/);
  throwsLike(() => openSocket('req', { raw: 1 as never }), TypeError, /options\.raw must be a boolean, got number 1/);
  throwsLike(() => openSocket('req', null as never), TypeError, /options must be an object, got null/);
  return withSockets({ socket: 'req' }, ({ socket }) => {
    throwsLike(() => socket.setOption('sendTimeout', Infinity), RangeError, /options\.sendTimeout must be between 0 and 2147483647 ms, got Infinity/);
    throwsLike(() => socket.native.setOption('recv-timeout', 'x'), TypeError, /option 'recv-timeout' must be a number/);
    throwsLike(() => socket.native.setOption('recv-timeout', 1.5), RangeError, /option 'recv-timeout' must be an integer from -2 to 2147483647/);
    throwsLike(() => socket.native.setOption('tcp-nodelay', 1), TypeError, /option 'tcp-nodelay' must be a boolean/);
    throwsLike(() => socket.native.setOption('socket-name', 1), TypeError, /option 'socket-name' must be a string/);
    throwsLike(() => socket.native.getOption('sub:subscribe'), TypeError, /option 'sub:subscribe' is write-only/);
    throwsLike(() => socket.native.setOption('url', 'x'), TypeError, /option 'url' is read-only/);
    throwsLike(() => socket.native.setOption(5 as never, 1), TypeError, /name must be a string/);
  });
});

test('an option the protocol lacks fails with NNG "not supported" (9)', () =>
  withSockets({ socket: 'pull' }, ({ socket }) => {
    const error = throwsLike(() => socket.setOption('surveyTime', 100), Error, /Not supported/);
    assert.is((error as Error & { code: number }).code, 9);
  }));

// --- one round trip per protocol -----------------------------------------------------------

test('req/rep: a request and its reply', () =>
  withPair('inproc', async ({ req, rep }) => {
    await req.send('ping');
    assert.is((await withTimeout(rep.recv(), 5000, 'rep recv')).toString(), 'ping');
    await rep.send('pong');
    assert.is((await withTimeout(req.recv(), 5000, 'req recv')).toString(), 'pong');
  }));

test('push/pull: messages arrive in order', () =>
  withSockets({ pull: 'pull', push: 'push' }, async ({ pull, push }) => {
    connect(pull, push, uniqueUrl('inproc'));
    // NNG's pull takes one message at a time off each pipe: receive while sending.
    const receiving = handled((async () => {
      const got: string[] = [];
      for (let i = 0; i < 10; i++) got.push((await withTimeout(pull.recv(), 5000, 'pull recv')).toString());
      return got;
    })());
    for (let i = 0; i < 10; i++) await withTimeout(push.send(`m${i}`), 5000, 'push send');
    assert.equal(await receiving, Array.from({ length: 10 }, (_, i) => `m${i}`));
  }));

test('pair0: both directions', () =>
  withSockets({ a: 'pair0', b: 'pair0' }, async ({ a, b }) => {
    connect(a, b, uniqueUrl('inproc'));
    await withTimeout(b.send('to a'), 5000, 'b send');
    assert.is((await withTimeout(a.recv(), 5000, 'a recv')).toString(), 'to a');
    await withTimeout(a.send('to b'), 5000, 'a send');
    assert.is((await withTimeout(b.recv(), 5000, 'b recv')).toString(), 'to b');
  }));

test('pair1 (monogamous): both directions, recvFrom names the pipe', () =>
  withSockets({ a: 'pair1', b: 'pair1' }, async ({ a, b }) => {
    const added = nextPipe(a);
    connect(a, b, uniqueUrl('inproc'));
    const pipe = await added;
    await withTimeout(b.send('hello'), 5000, 'b send');
    const [body, from] = await withTimeout(a.recvFrom(), 5000, 'a recvFrom');
    assert.is(body.toString(), 'hello');
    assert.is(from, pipe);
    await withTimeout(a.send('back'), 5000, 'a send');
    assert.is((await withTimeout(b.recv(), 5000, 'b recv')).toString(), 'back');
  }));

test('pair1poly: recvFrom tells peers apart and send({ pipe }) answers one of them', () =>
  withSockets({ hub: 'pair1poly', left: 'pair1', right: 'pair1' }, async ({ hub, left, right }) => {
    assert.is(hub.native.getOption('pair1:polyamorous'), true);
    throwsLike(() => hub.native.setOption('pair1:polyamorous', false), TypeError, /option 'pair1:polyamorous' is read-only/);
    right.dial(connect(hub, left, uniqueUrl('inproc')), { block: true });
    await withTimeout(left.send('from left'), 5000, 'left send');
    await withTimeout(right.send('from right'), 5000, 'right send');
    const senders = new Map<string, number>();
    for (let i = 0; i < 2; i++) {
      const [body, pipe] = await withTimeout(hub.recvFrom(), 5000, 'hub recvFrom');
      senders.set(body.toString(), pipe);
    }
    const leftPipe = senders.get('from left');
    const rightPipe = senders.get('from right');
    assert.ok(leftPipe !== undefined && rightPipe !== undefined && leftPipe !== rightPipe, 'two distinct pipes');
    // Twice each, in an order that a round robin would get wrong.
    for (const [pipe, body] of [[rightPipe, 'right 1'], [rightPipe, 'right 2'], [leftPipe, 'left 1'], [leftPipe, 'left 2']] as const) {
      await withTimeout(hub.send(body, { pipe }), 5000, `hub send ${body}`);
    }
    assert.is((await withTimeout(right.recv(), 5000, 'right recv 1')).toString(), 'right 1');
    assert.is((await withTimeout(right.recv(), 5000, 'right recv 2')).toString(), 'right 2');
    assert.is((await withTimeout(left.recv(), 5000, 'left recv 1')).toString(), 'left 1');
    assert.is((await withTimeout(left.recv(), 5000, 'left recv 2')).toString(), 'left 2');
  }));

/** Resolves once `socket` has had two pipes added. Call before dialing. */
function twoPipes(socket: NngSocket, label: string): Promise<void> {
  let added = 0;
  return handled(withTimeout(new Promise<void>((resolve) => socket.onPipe((event) => event === 'add' && ++added === 2 && resolve())), 5000, label));
}

test('bus: each peer hears the others', () =>
  withSockets({ hub: 'bus', a: 'bus', b: 'bus' }, async ({ hub, a, b }) => {
    const bothAdded = twoPipes(hub, 'two bus pipes');
    b.dial(connect(hub, a, uniqueUrl('inproc')), { block: true });
    await bothAdded;
    await withTimeout(hub.send('all'), 5000, 'hub send');
    assert.is((await withTimeout(a.recv(), 5000, 'a recv')).toString(), 'all');
    assert.is((await withTimeout(b.recv(), 5000, 'b recv')).toString(), 'all');
    await withTimeout(a.send('from a'), 5000, 'a send');
    assert.is((await withTimeout(hub.recv(), 5000, 'hub recv')).toString(), 'from a');
  }));

/** Runs `body` with a sub socket subscribed to `topics`, connected to a pub socket. */
function withSubscriber(topics: Array<string | Uint8Array>, body: (pub: NngSocket, sub: NngSocket) => Promise<void>): Promise<void> {
  return withSockets({ pub: 'pub', sub: 'sub' }, async ({ pub, sub }) => {
    for (const topic of topics) sub.native.setOption('sub:subscribe', topic);
    const added = nextPipe(pub);
    connect(pub, sub, uniqueUrl('inproc'));
    await added;
    await body(pub, sub);
  });
}

test('pub/sub: a subscriber gets topics it subscribed to and not others', () =>
  withSubscriber(['news.', new Uint8Array([0x01, 0x02])], async (pub, sub) => {
    await pub.send('sport.goal');
    await pub.send('news.today');
    await pub.send(new Uint8Array([0x01, 0x02, 0x03]));
    assert.is((await withTimeout(sub.recv(), 5000, 'sub recv 1')).toString(), 'news.today');
    assert.equal([...(await withTimeout(sub.recv(), 5000, 'sub recv 2'))], [1, 2, 3]);
    await expectNngError(sub.recv({ timeout: 100 }), 5, 'no third message');
  }));

test('pub/sub: subscribing to "" receives everything; unsubscribe stops it', () =>
  withSubscriber([''], async (pub, sub) => {
    await pub.send('anything');
    assert.is((await withTimeout(sub.recv(), 5000, 'sub recv')).toString(), 'anything');
    sub.native.setOption('sub:unsubscribe', '');
    await pub.send('dropped');
    await expectNngError(sub.recv({ timeout: 100 }), 5, 'nothing after unsubscribe');
  }));

test('surveyor/respondent: a survey and its answers', () =>
  withSockets({ surveyor: ['surveyor', { surveyTime: 5000 }], r0: 'respondent', r1: 'respondent' }, async ({ surveyor, r0, r1 }) => {
    const respondents = [r0, r1];
    const bothAdded = twoPipes(surveyor, 'two respondents');
    r1.dial(connect(surveyor, r0, uniqueUrl('inproc')), { block: true });
    await bothAdded;
    await surveyor.send('how many?');
    await Promise.all(
      respondents.map(async (r, i) => {
        assert.is((await withTimeout(r.recv(), 5000, 'respondent recv')).toString(), 'how many?');
        await r.send(`answer ${i}`);
      }),
    );
    const answers = [];
    for (let i = 0; i < 2; i++) answers.push((await withTimeout(surveyor.recv(), 5000, 'surveyor recv')).toString());
    assert.equal(answers.sort(), ['answer 0', 'answer 1']);
  }));

test('surveyor: past the survey time, receive fails with timed out (5)', () =>
  withSockets({ surveyor: ['surveyor', { surveyTime: 50 }], respondent: 'respondent' }, async ({ surveyor, respondent }) => {
    connect(surveyor, respondent, uniqueUrl('inproc'));
    await surveyor.send('anyone?');
    await expectNngError(surveyor.recv({ timeout: 2000 }), 5, 'survey expiry');
  }));

test('protocol state is enforced: rep cannot send first, req cannot receive first (11)', () =>
  withSockets({ rep: 'rep', req: 'req', pub: 'pub', pull: 'pull' }, async ({ rep, req, pub, pull }) => {
    await expectNngError(rep.send('too early'), 11, 'rep send before recv');
    await expectNngError(req.recv({ timeout: 1000 }), 11, 'req recv before send');
    await expectNngError(pub.recv({ timeout: 1000 }), 9, 'pub cannot receive');
    await expectNngError(pull.send('x', { timeout: 1000 }), 9, 'pull cannot send');
  }));

test.run();
