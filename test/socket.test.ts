// Sockets: every protocol opens, closes and talks; options read back; bad names and values refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native, type Protocol } from '../src/native';
import { NngSocket, openSocket } from '../src/nng';
import { expectNngError, expectThrow, handled, uniqueUrl, withTimeout } from './helpers';

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

test('socket ids are distinct', () => {
  const sockets = [openSocket('req'), openSocket('req'), openSocket('rep')];
  try {
    assert.is(new Set(sockets.map((s) => s.id)).size, 3);
  } finally {
    for (const s of sockets) s.close();
  }
});

test('an unknown protocol is a TypeError naming it, in the wrapper and in the addon', () => {
  expectThrow(() => openSocket('dealer' as Protocol), TypeError, /protocol must be one of req, rep, .*respondent, got the string "dealer"/);
  expectThrow(() => new native.Socket('dealer' as Protocol), TypeError, /unknown protocol 'dealer'/);
  expectThrow(() => new native.Socket(42 as unknown as Protocol), TypeError, /protocol must be a string/);
  expectThrow(() => openSocket('pair1poly', { raw: true }), TypeError, /protocol 'pair1poly' has no raw mode/);
});

test('a closed socket refuses options and endpoints with NngError 7', () => {
  const socket = openSocket('req');
  socket.close();
  const error = expectThrow(() => socket.native.getOption('recv-timeout'), Error, /Object closed/);
  assert.is(error.name, 'NngError');
  assert.is((error as Error & { code: number }).code, 7);
  const listenError = expectThrow(() => socket.listen(uniqueUrl('inproc')), Error, /Object closed/);
  assert.is((listenError as Error & { code: number }).code, 7);
});

// --- options ---------------------------------------------------------------------------

test('options given at open are applied; recvSizeMax defaults to 0 (no limit)', () => {
  const socket = openSocket('req', { recvTimeout: 1500, sendTimeout: 2500, resendTime: 0, socketName: 'alpha', recvBuffer: 16 });
  try {
    assert.is(socket.getOption('recvTimeout'), 1500);
    assert.is(socket.getOption('sendTimeout'), 2500);
    assert.is(socket.getOption('resendTime'), 0);
    assert.is(socket.getOption('socketName'), 'alpha');
    assert.is(socket.getOption('recvBuffer'), 16);
    assert.is(socket.getOption('recvSizeMax'), 0);
  } finally {
    socket.close();
  }
});

test('options set after open read back, including -1 for forever', () => {
  const socket = openSocket('surveyor');
  try {
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
  } finally {
    socket.close();
  }
});

test('ttlMax reads back on protocols that have it', () => {
  const socket = openSocket('req', { ttlMax: 4 });
  try {
    assert.is(socket.getOption('ttlMax'), 4);
  } finally {
    socket.close();
  }
});

test('unknown option names are refused with a suggestion when one is close', () => {
  expectThrow(() => openSocket('req', { recvTimout: 5 } as never), TypeError, /options has an unknown option 'recvTimout': did you mean 'recvTimeout'\?/);
  expectThrow(() => openSocket('req', { colour: 'red' } as never), TypeError, /^options has an unknown option 'colour'$/);
  const socket = openSocket('req');
  try {
    expectThrow(() => socket.setOption('nope' as never, 1 as never), TypeError, /unknown socket option 'nope'/);
    expectThrow(() => socket.getOption('nope' as never), TypeError, /unknown socket option 'nope'/);
    expectThrow(() => socket.native.setOption('nope', 1), TypeError, /unknown option 'nope'/);
    expectThrow(() => socket.native.getOption('nope'), TypeError, /unknown option 'nope'/);
  } finally {
    socket.close();
  }
});

test('option values of the wrong kind are TypeErrors, out of range RangeErrors', () => {
  expectThrow(() => openSocket('req', { recvTimeout: '5' as never }), TypeError, /options\.recvTimeout must be a number of milliseconds, got the string "5"/);
  expectThrow(() => openSocket('req', { recvTimeout: -5 }), RangeError, /options\.recvTimeout must be between 0 and 2147483647 ms, got -5/);
  expectThrow(() => openSocket('req', { recvBuffer: 1.5 }), RangeError, /options\.recvBuffer must be an integer 0 or greater, got 1\.5/);
  expectThrow(() => openSocket('req', { tcpNodelay: 'yes' as never }), TypeError, /options\.tcpNodelay must be a boolean, got the string "yes"/);
  expectThrow(() => openSocket('req', { socketName: 7 as never }), TypeError, /options\.socketName must be a string, got number 7/);
  expectThrow(() => openSocket('req', { raw: 1 as never }), TypeError, /options\.raw must be a boolean, got number 1/);
  expectThrow(() => openSocket('req', null as never), TypeError, /options must be an object, got null/);
  const socket = openSocket('req');
  try {
    expectThrow(() => socket.setOption('sendTimeout', Infinity), RangeError, /options\.sendTimeout must be between 0 and 2147483647 ms, got Infinity/);
    expectThrow(() => socket.native.setOption('recv-timeout', 'x'), TypeError, /option 'recv-timeout' must be a number/);
    expectThrow(() => socket.native.setOption('recv-timeout', 1.5), RangeError, /option 'recv-timeout' must be an integer from -2 to 2147483647/);
    expectThrow(() => socket.native.setOption('tcp-nodelay', 1), TypeError, /option 'tcp-nodelay' must be a boolean/);
    expectThrow(() => socket.native.setOption('socket-name', 1), TypeError, /option 'socket-name' must be a string/);
    expectThrow(() => socket.native.getOption('sub:subscribe'), TypeError, /option 'sub:subscribe' is write-only/);
    expectThrow(() => socket.native.setOption('url', 'x'), TypeError, /option 'url' is read-only/);
    expectThrow(() => socket.native.setOption(5 as never, 1), TypeError, /name must be a string/);
  } finally {
    socket.close();
  }
});

test('an option the protocol lacks fails with NNG "not supported" (9)', () => {
  const socket = openSocket('pull');
  try {
    const error = expectThrow(() => socket.setOption('surveyTime', 100), Error, /Not supported/);
    assert.is((error as Error & { code: number }).code, 9);
  } finally {
    socket.close();
  }
});

// --- one round trip per protocol -----------------------------------------------------------

test('req/rep: a request and its reply', async () => {
  const url = uniqueUrl('inproc');
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    rep.listen(url);
    req.dial(url, { block: true });
    await req.send('ping');
    assert.is((await withTimeout(rep.recv(), 5000, 'rep recv')).toString(), 'ping');
    await rep.send('pong');
    assert.is((await withTimeout(req.recv(), 5000, 'req recv')).toString(), 'pong');
  } finally {
    req.close();
    rep.close();
  }
});

test('push/pull: messages arrive in order', async () => {
  const url = uniqueUrl('inproc');
  const pull = openSocket('pull');
  const push = openSocket('push');
  try {
    pull.listen(url);
    push.dial(url, { block: true });
    // NNG's pull takes one message at a time off each pipe: receive while sending.
    const receiving = handled((async () => {
      const got: string[] = [];
      for (let i = 0; i < 10; i++) got.push((await withTimeout(pull.recv(), 5000, 'pull recv')).toString());
      return got;
    })());
    for (let i = 0; i < 10; i++) await withTimeout(push.send(`m${i}`), 5000, 'push send');
    assert.equal(await receiving, Array.from({ length: 10 }, (_, i) => `m${i}`));
  } finally {
    push.close();
    pull.close();
  }
});

test('pair0: both directions', async () => {
  const url = uniqueUrl('inproc');
  const a = openSocket('pair0');
  const b = openSocket('pair0');
  try {
    a.listen(url);
    b.dial(url, { block: true });
    await withTimeout(b.send('to a'), 5000, 'b send');
    assert.is((await withTimeout(a.recv(), 5000, 'a recv')).toString(), 'to a');
    await withTimeout(a.send('to b'), 5000, 'a send');
    assert.is((await withTimeout(b.recv(), 5000, 'b recv')).toString(), 'to b');
  } finally {
    b.close();
    a.close();
  }
});

test('pair1 (monogamous): both directions, recvFrom names the pipe', async () => {
  const url = uniqueUrl('inproc');
  const a = openSocket('pair1');
  const b = openSocket('pair1');
  try {
    const added = nextPipe(a);
    a.listen(url);
    b.dial(url, { block: true });
    const pipe = await added;
    await withTimeout(b.send('hello'), 5000, 'b send');
    const [body, from] = await withTimeout(a.recvFrom(), 5000, 'a recvFrom');
    assert.is(body.toString(), 'hello');
    assert.is(from, pipe);
    await withTimeout(a.send('back'), 5000, 'a send');
    assert.is((await withTimeout(b.recv(), 5000, 'b recv')).toString(), 'back');
  } finally {
    b.close();
    a.close();
  }
});

test('pair1poly: recvFrom tells peers apart and send({ pipe }) answers one of them', async () => {
  const url = uniqueUrl('inproc');
  const hub = openSocket('pair1poly');
  const left = openSocket('pair1');
  const right = openSocket('pair1');
  try {
    assert.is(hub.native.getOption('pair1:polyamorous'), true);
    expectThrow(() => hub.native.setOption('pair1:polyamorous', false), TypeError, /option 'pair1:polyamorous' is read-only/);
    hub.listen(url);
    left.dial(url, { block: true });
    right.dial(url, { block: true });
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
  } finally {
    right.close();
    left.close();
    hub.close();
  }
});

test('bus: each peer hears the others', async () => {
  const url = uniqueUrl('inproc');
  const hub = openSocket('bus');
  const a = openSocket('bus');
  const b = openSocket('bus');
  try {
    let added = 0;
    const bothAdded = handled(withTimeout(
      new Promise<void>((resolve) => hub.onPipe((event) => event === 'add' && ++added === 2 && resolve())),
      5000,
      'two bus pipes',
    ));
    hub.listen(url);
    a.dial(url, { block: true });
    b.dial(url, { block: true });
    await bothAdded;
    await withTimeout(hub.send('all'), 5000, 'hub send');
    assert.is((await withTimeout(a.recv(), 5000, 'a recv')).toString(), 'all');
    assert.is((await withTimeout(b.recv(), 5000, 'b recv')).toString(), 'all');
    await withTimeout(a.send('from a'), 5000, 'a send');
    assert.is((await withTimeout(hub.recv(), 5000, 'hub recv')).toString(), 'from a');
  } finally {
    b.close();
    a.close();
    hub.close();
  }
});

test('pub/sub: a subscriber gets topics it subscribed to and not others', async () => {
  const url = uniqueUrl('inproc');
  const pub = openSocket('pub');
  const sub = openSocket('sub');
  try {
    sub.native.setOption('sub:subscribe', 'news.');
    sub.native.setOption('sub:subscribe', new Uint8Array([0x01, 0x02]));
    const added = nextPipe(pub);
    pub.listen(url);
    sub.dial(url, { block: true });
    await added;
    await pub.send('sport.goal');
    await pub.send('news.today');
    await pub.send(new Uint8Array([0x01, 0x02, 0x03]));
    assert.is((await withTimeout(sub.recv(), 5000, 'sub recv 1')).toString(), 'news.today');
    assert.equal([...(await withTimeout(sub.recv(), 5000, 'sub recv 2'))], [1, 2, 3]);
    await expectNngError(sub.recv({ timeout: 100 }), 5, 'no third message');
  } finally {
    sub.close();
    pub.close();
  }
});

test('pub/sub: subscribing to "" receives everything; unsubscribe stops it', async () => {
  const url = uniqueUrl('inproc');
  const pub = openSocket('pub');
  const sub = openSocket('sub');
  try {
    sub.native.setOption('sub:subscribe', '');
    const added = nextPipe(pub);
    pub.listen(url);
    sub.dial(url, { block: true });
    await added;
    await pub.send('anything');
    assert.is((await withTimeout(sub.recv(), 5000, 'sub recv')).toString(), 'anything');
    sub.native.setOption('sub:unsubscribe', '');
    await pub.send('dropped');
    await expectNngError(sub.recv({ timeout: 100 }), 5, 'nothing after unsubscribe');
  } finally {
    sub.close();
    pub.close();
  }
});

test('surveyor/respondent: a survey and its answers', async () => {
  const url = uniqueUrl('inproc');
  const surveyor = openSocket('surveyor', { surveyTime: 5000 });
  const respondents = [openSocket('respondent'), openSocket('respondent')];
  try {
    let added = 0;
    const bothAdded = handled(withTimeout(
      new Promise<void>((resolve) => surveyor.onPipe((event) => event === 'add' && ++added === 2 && resolve())),
      5000,
      'two respondents',
    ));
    surveyor.listen(url);
    for (const r of respondents) r.dial(url, { block: true });
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
  } finally {
    for (const r of respondents) r.close();
    surveyor.close();
  }
});

test('surveyor: past the survey time, receive fails with timed out (5)', async () => {
  const url = uniqueUrl('inproc');
  const surveyor = openSocket('surveyor', { surveyTime: 50 });
  const respondent = openSocket('respondent');
  try {
    surveyor.listen(url);
    respondent.dial(url, { block: true });
    await surveyor.send('anyone?');
    await expectNngError(surveyor.recv({ timeout: 2000 }), 5, 'survey expiry');
  } finally {
    respondent.close();
    surveyor.close();
  }
});

test('protocol state is enforced: rep cannot send first, req cannot receive first (11)', async () => {
  const rep = openSocket('rep');
  const req = openSocket('req');
  const pub = openSocket('pub');
  const pull = openSocket('pull');
  try {
    await expectNngError(rep.send('too early'), 11, 'rep send before recv');
    await expectNngError(req.recv({ timeout: 1000 }), 11, 'req recv before send');
    await expectNngError(pub.recv({ timeout: 1000 }), 9, 'pub cannot receive');
    await expectNngError(pull.send('x', { timeout: 1000 }), 9, 'pull cannot send');
  } finally {
    pull.close();
    pub.close();
    req.close();
    rep.close();
  }
});

test.run();
