// Pipes: peers connecting and leaving, told to a JavaScript listener or a native Cv.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native, type PipeEvent } from '../src/native';
import { NngSocket, openSocket } from '../src/nng';
import { expectNngError, expectThrow, handled, uniqueUrl, withTimeout } from './helpers';

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
  test(`onPipe over ${scheme}: 'add' when a dialer connects, 'remove' with the same id when it closes`, async () => {
    const server = openSocket('rep');
    const client = openSocket('req');
    try {
      const pipes = watchPipes(server);
      const listener = server.listen(uniqueUrl(scheme));
      client.dial(listener.url, { block: true });
      const added = await pipes.next('add');
      assert.type(added, 'number');
      assert.ok(Number.isInteger(added) && added > 0, `pipe id ${added}`);
      client.close();
      const removed = await pipes.next('remove');
      assert.is(removed, added);
      assert.equal(pipes.events, [['add', added], ['remove', added]]);
    } finally {
      client.close();
      server.close();
    }
  });
}

test('onPipe: each of several peers has its own pipe id, on both sides of the connection', async () => {
  const url = uniqueUrl('inproc');
  const server = openSocket('bus');
  const clients = [openSocket('bus'), openSocket('bus'), openSocket('bus')];
  try {
    const serverPipes = watchPipes(server);
    server.listen(url);
    const clientPipes = clients.map((c) => watchPipes(c));
    for (const c of clients) c.dial(url, { block: true });
    const serverIds = await Promise.all([serverPipes.next('add'), serverPipes.next('add'), serverPipes.next('add')]);
    assert.is(new Set(serverIds).size, 3, `distinct ids ${serverIds}`);
    const clientIds = await Promise.all(clientPipes.map((p) => p.next('add')));
    for (const id of clientIds) assert.ok(id > 0 && !serverIds.includes(id), 'the dialing side has its own pipe');
  } finally {
    for (const c of clients) c.close();
    server.close();
  }
});

test('onPipe(null) stops the events', async () => {
  const url = uniqueUrl('inproc');
  const server = openSocket('rep');
  const first = openSocket('req');
  const second = openSocket('req');
  try {
    const pipes = watchPipes(server);
    server.listen(url);
    first.dial(url, { block: true });
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
  } finally {
    second.close();
    first.close();
    server.close();
  }
});

test('onPipe and notify check their arguments', () => {
  const socket = openSocket('rep');
  try {
    expectThrow(() => socket.onPipe('listener' as never), TypeError, /listener must be a function, got the string "listener"/);
    expectThrow(() => socket.native.onPipe(5 as never), TypeError, /listener must be a function or null/);
    expectThrow(() => socket.notify({} as never), TypeError, /cv must be a Cv or null/);
  } finally {
    socket.close();
  }
  expectThrow(() => socket.onPipe(() => undefined), Error, /Object closed/);
});

// --- pipe events to a Cv ------------------------------------------------------------------------

test('notify(cv) signals a native Cv on add and on remove', async () => {
  const url = uniqueUrl('inproc');
  const server = openSocket('rep');
  const client = openSocket('req');
  const cv = new native.Cv();
  try {
    server.notify(cv);
    server.listen(url);
    client.dial(url, { block: true });
    assert.is(await withTimeout(cv.waitAsync(5000), 6000, 'cv on add'), true);
    client.close();
    assert.is(await withTimeout(cv.waitAsync(5000), 6000, 'cv on remove'), true);
    assert.is(cv.value, 0, 'each wait took one signal');
  } finally {
    client.close();
    server.close();
  }
});

test('notify(cv) wakes a blocking wait with no help from the event loop', () => {
  const url = uniqueUrl('inproc');
  const server = openSocket('rep');
  const client = openSocket('req');
  const cv = new native.Cv();
  try {
    server.notify(cv, { add: true, remove: false });
    server.listen(url);
    client.dial(url); // in the background: the connection completes on NNG's threads
    assert.is(cv.wait(5000), true, 'signalled while this thread was blocked');
  } finally {
    client.close();
    server.close();
  }
});

test("notify(cv, { add: true, remove: false }) leaves the Cv alone when a peer leaves", async () => {
  const url = uniqueUrl('inproc');
  const server = openSocket('rep');
  const client = openSocket('req');
  const cv = new native.Cv();
  try {
    const pipes = watchPipes(server);
    server.notify(cv, { add: true, remove: false });
    server.listen(url);
    client.dial(url, { block: true });
    await pipes.next('add');
    assert.is(cv.value, 1, 'add signalled once');
    client.close();
    // The Cv is signalled before the JavaScript event is queued, in the same NNG callback.
    await pipes.next('remove');
    assert.is(cv.value, 1, 'remove did not signal');
    server.notify(null);
    cv.reset();
    const again = openSocket('req');
    try {
      again.dial(url, { block: true });
      await pipes.next('add');
      assert.is(cv.value, 0, 'notify(null) stopped the signals');
    } finally {
      again.close();
    }
  } finally {
    client.close();
    server.close();
  }
});

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
  expectThrow(() => cv.wait('soon' as never), TypeError, /timeout must be a number of milliseconds/);
  expectThrow(() => cv.wait(-3), RangeError, /timeout must be -2, -1 or between 0 and 2147483647 ms/);
  expectThrow(() => cv.waitAsync(Number.NaN), RangeError, /timeout must be -2, -1 or between 0 and 2147483647 ms/);
});

// --- closing pipes ------------------------------------------------------------------------------

test('closePipe disconnects one peer: both sides see it removed, the other peer stays', async () => {
  const url = uniqueUrl('inproc');
  const server = openSocket('bus');
  const leaving = openSocket('bus');
  const staying = openSocket('bus');
  try {
    const serverPipes = watchPipes(server);
    const leavingPipes = watchPipes(leaving);
    server.listen(url);
    leaving.dial(url, { block: true });
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
  } finally {
    staying.close();
    leaving.close();
    server.close();
  }
});

test('closePipe refuses unknown ids (12) and bad values', () => {
  const socket = openSocket('rep');
  try {
    const error = expectThrow(() => socket.closePipe(123456), Error, /Entry not found/);
    assert.is((error as Error & { code: number }).code, 12);
    expectThrow(() => socket.closePipe(0), RangeError, /pipe must be an integer from 1 to 4294967295, got 0/);
    expectThrow(() => socket.closePipe('1' as never), TypeError, /pipe must be a number, got the string "1"/);
    expectThrow(() => socket.native.closePipe(-1), RangeError, /pipe must be an integer from 0 to 2\^32-1/);
  } finally {
    socket.close();
  }
});

test('closing the socket drops its pipe events: no listener call after close', async () => {
  const url = uniqueUrl('inproc');
  const server = openSocket('rep');
  const client = openSocket('req');
  try {
    const pipes = watchPipes(server);
    const clientPipes = watchPipes(client);
    server.listen(url);
    client.dial(url, { block: true });
    const id = await pipes.next('add');
    await clientPipes.next('add');
    server.close();
    // The peer sees the connection go; any event the server queued while closing is dropped.
    await clientPipes.next('remove');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pipes.events, [['add', id]]);
  } finally {
    client.close();
    server.close();
  }
});

test.run();
