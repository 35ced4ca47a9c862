// Asynchronous operations: timeouts, cancellation, close, process exit, and zero-copy transfer.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isNngError } from '../src/errors';
import { openSocket } from '../src/nng';
import { expectNngError, handled, rejection, runFixture, uniqueUrl, withTimeout } from './helpers';

declare const gc: () => void;

async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Calls `fn`, turning a synchronous throw into a rejection, to read the error either way. */
function attempt<T>(fn: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// --- timeouts -------------------------------------------------------------------------------

test('a receive past its timeout rejects with NngError 5 "Timed out"', async () => {
  const socket = openSocket('pull');
  try {
    const started = Date.now();
    const error = await rejection(socket.recv({ timeout: 80 }), 5000, 'recv timeout');
    const elapsed = Date.now() - started;
    assert.is(error.name, 'NngError');
    assert.is(error.code, 5);
    assert.is(error.message, 'Timed out');
    assert.ok(isNngError(error), 'isNngError recognises it');
    assert.ok(elapsed >= 70 && elapsed < 3000, `rejected after ${elapsed} ms`);
  } finally {
    socket.close();
  }
});

test("without a timeout, the socket's recvTimeout and sendTimeout apply", async () => {
  const pull = openSocket('pull', { recvTimeout: 50 });
  const push = openSocket('push', { sendTimeout: 50 });
  try {
    await expectNngError(pull.recv(), 5, 'recv with socket default');
    await expectNngError(push.send('nobody listens'), 5, 'send with no peer');
    await expectNngError(push.send('nobody listens', { timeout: 30 }), 5, 'send with its own timeout');
  } finally {
    push.close();
    pull.close();
  }
});

test('timeouts and signals are checked', async () => {
  const socket = openSocket('pull');
  try {
    const cases: Array<[() => Promise<unknown>, new (...args: never[]) => Error, RegExp]> = [
      [() => socket.recv({ timeout: -1 }), RangeError, /^options\.timeout must be between 0 and 2147483647 ms, got -1$/],
      [() => socket.recv({ timeout: '10' as never }), TypeError, /^options\.timeout must be a number of milliseconds, got the string "10"$/],
      [() => socket.recv({ signal: 'stop' as never }), TypeError, /^options\.signal must be an AbortSignal, got the string "stop"$/],
      [() => socket.recv(5 as never), TypeError, /^options must be an object, got number 5$/],
      [() => socket.send('x', { pipe: 0 }), RangeError, /^options\.pipe must be an integer from 1 to 4294967295, got 0$/],
      [() => socket.native.recv('soon' as never), TypeError, /^timeout must be a number of milliseconds$/],
      [() => socket.native.recv(-3), RangeError, /^timeout must be -2, -1 or between 0 and 2147483647 ms$/],
      [() => socket.native.send(42 as never), TypeError, /^data must be a Buffer, TypedArray, ArrayBuffer, string or an array of them$/],
      [() => socket.native.send(['a', 5] as never), TypeError, /^data\[1\] must be a Buffer, TypedArray, ArrayBuffer or string$/],
      [() => socket.native.send('x', 0, false, 1.5), RangeError, /^pipe must be an integer from 0 to 2\^32-1$/],
    ];
    for (const [fn, type, message] of cases) {
      const error = await rejection(attempt(fn), 2000, String(message));
      assert.instance(error, type, `${message}: ${error.message}`);
      assert.match(error.message, message);
    }
  } finally {
    socket.close();
  }
});

test('operation options with an unknown key are refused, with a suggestion', async () => {
  const socket = openSocket('pull');
  try {
    const error = await rejection(attempt(() => socket.recv({ timeout: 50, timout: 10 } as never)), 2000, 'misspelled timeout');
    assert.instance(error, TypeError);
    assert.match(error.message, /options has an unknown option 'timout': did you mean 'timeout'\?/);
  } finally {
    socket.close();
  }
});

// House style: functions that return promises reject; they never throw.
test('NngSocket and NngContext operations reject rather than throw, for bad options and when closed', async () => {
  const socket = openSocket('rep');
  const ctx = socket.context();
  const outcomes: string[] = [];
  const check = (label: string, fn: () => Promise<unknown>) => {
    try {
      fn().catch(() => undefined);
      outcomes.push(`${label}: rejected`);
    } catch {
      outcomes.push(`${label}: threw`);
    }
  };
  check('recv with a bad timeout', () => socket.recv({ timeout: -5 }));
  check('send with bad data', () => socket.send(42 as never));
  check('context recv with a bad timeout', () => ctx.recv({ timeout: -5 }));
  socket.close();
  check('recv on a closed socket', () => socket.recv());
  check('send on a closed socket', () => socket.send('x'));
  check('request on a closed context', () => ctx.request('x'));
  assert.equal(outcomes.filter((o) => o.endsWith('threw')), []);
});

// --- cancellation -----------------------------------------------------------------------------

test('cancel() rejects pending receives and sends with NngError 20', async () => {
  const pull = openSocket('pull');
  const push = openSocket('push');
  try {
    const receives = [handled(pull.recv()), handled(pull.recv({ timeout: 60000 }))];
    const send = handled(push.send('stuck: no peer'));
    pull.cancel();
    push.cancel();
    for (const r of receives) await expectNngError(r, 20, 'cancelled recv');
    const error = await rejection(send, 5000, 'cancelled send');
    assert.is(error.code, 20);
    assert.is(error.message, 'Operation canceled');
    // The socket is still usable afterwards.
    await expectNngError(pull.recv({ timeout: 10 }), 5, 'recv after cancel');
  } finally {
    push.close();
    pull.close();
  }
});

test('context cancel() rejects a pending request with NngError 20', async () => {
  const url = uniqueUrl('inproc');
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    rep.listen(url);
    req.dial(url, { block: true });
    const ctx = req.context();
    const pending = handled(ctx.request('wait for me'));
    assert.is((await withTimeout(rep.recv(), 5000, 'request arrives')).toString(), 'wait for me');
    ctx.cancel(); // now in its receive phase
    await expectNngError(pending, 20, 'cancelled request');
  } finally {
    req.close();
    rep.close();
  }
});

test('an AbortSignal rejects the operation with NngError 20; an aborted one rejects at once', async () => {
  const socket = openSocket('pull');
  try {
    const controller = new AbortController();
    const pending = handled(socket.recv({ signal: controller.signal }));
    controller.abort();
    const error = await rejection(pending, 5000, 'aborted recv');
    assert.is(error.name, 'NngError');
    assert.is(error.code, 20);
    const started = Date.now();
    await expectNngError(socket.recv({ signal: controller.signal, timeout: 10000 }), 20, 'already aborted');
    assert.ok(Date.now() - started < 1000, 'rejected without waiting');
    await expectNngError(socket.recv({ signal: AbortSignal.timeout(30) }), 20, 'AbortSignal.timeout');
  } finally {
    socket.close();
  }
});

test('an AbortSignal on a context request cancels that request only', async () => {
  const url = uniqueUrl('inproc');
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    rep.listen(url);
    req.dial(url, { block: true });
    const controller = new AbortController();
    const kept = req.context();
    const aborted = req.context();
    const pendingKept = handled(kept.request('kept'));
    const pendingAborted = handled(aborted.request('aborted', { signal: controller.signal }));
    controller.abort();
    await expectNngError(pendingAborted, 20, 'aborted request');
    const server = rep.context();
    let request = await withTimeout(server.recv(), 5000, 'server recv');
    // The aborted request may or may not have reached the server first.
    if (request.toString() === 'aborted') {
      await server.send('ignored');
      request = await withTimeout(server.recv(), 5000, 'server recv 2');
    }
    assert.is(request.toString(), 'kept');
    await server.send('answer');
    assert.is((await withTimeout(pendingKept, 5000, 'kept request')).toString(), 'answer');
  } finally {
    req.close();
    rep.close();
  }
});

test('aborting one receive leaves the socket\'s other pending receives alone', async () => {
  const url = uniqueUrl('inproc');
  const pull = openSocket('pull');
  const push = openSocket('push');
  try {
    pull.listen(url);
    push.dial(url, { block: true });
    const controller = new AbortController();
    const plain = handled(pull.recv({ timeout: 5000 }));
    const abortable = handled(pull.recv({ signal: controller.signal, timeout: 5000 }));
    controller.abort();
    await expectNngError(abortable, 20, 'aborted recv');
    await push.send('for the other receive');
    assert.is((await withTimeout(plain, 6000, 'the receive nobody aborted')).toString(), 'for the other receive');
  } finally {
    push.close();
    pull.close();
  }
});

// --- close ----------------------------------------------------------------------------------

test('closing a socket rejects every pending operation, on it and its contexts, with NngError 7', async () => {
  const url = uniqueUrl('inproc');
  const rep = openSocket('rep');
  const req = openSocket('req');
  const sink = openSocket('rep'); // takes requests in but never receives them
  const pull = openSocket('pull');
  const push = openSocket('push');
  try {
    sink.listen(url);
    req.dial(url, { block: true });
    const repContexts = Array.from({ length: 5 }, () => rep.context());
    const reqContexts = Array.from({ length: 5 }, () => req.context());
    const pending = [
      ...repContexts.map((c) => handled(c.recv())),
      handled(rep.recv()),
      ...reqContexts.map((c, i) => handled(c.request(`r${i}`))),
      ...Array.from({ length: 5 }, () => handled(pull.recv())),
      handled(push.send('no peer')),
    ];
    rep.close();
    req.close();
    pull.close();
    push.close();
    const codes = await withTimeout(
      Promise.all(pending.map((p) => p.then(() => 'resolved', (e: { code?: number }) => e.code))),
      5000,
      'every pending operation settles',
    );
    assert.equal(codes, new Array(pending.length).fill(7));
  } finally {
    push.close();
    pull.close();
    sink.close();
    req.close();
    rep.close();
  }
});

// --- garbage collection -------------------------------------------------------------------------

test('a pending receive keeps its socket alive after JavaScript lets go of it', async () => {
  const url = uniqueUrl('inproc');
  let weak: WeakRef<ReturnType<typeof openSocket>> | undefined;
  const push = openSocket('push');
  try {
    const pending = handled(
      (() => {
        const pull = openSocket('pull');
        weak = new WeakRef(pull);
        pull.listen(url);
        return pull.recv({ timeout: 5000 });
      })(),
    );
    await collectGarbage();
    push.dial(url);
    const sent = handled(push.send('still listening?', { timeout: 5000 }));
    assert.is((await withTimeout(pending, 6000, 'recv on a dropped socket')).toString(), 'still listening?');
    await sent;
  } finally {
    push.close();
    weak?.deref()?.close();
  }
});

// --- process exit ---------------------------------------------------------------------------------

test('a process exiting with sockets open and operations pending neither hangs nor crashes', async () => {
  // An ipc listener left open by an exiting process leaves its socket file behind.
  const ipcPath = join(tmpdir(), `mirai-exit-${process.pid}.ipc`);
  try {
    const result = await runFixture('exit', 'pending', 20000, ipcPath);
    assert.is(result.stdout.trim(), 'ready');
    assert.is(result.signal, null, `signal ${result.signal}; stderr: ${result.stderr}`);
    assert.is(result.code, 3, `exit code; stderr: ${result.stderr}`);
  } finally {
    rmSync(ipcPath, { force: true });
  }
});

test('a process exiting with a Cv.waitAsync pending does not hang', async () => {
  const result = await runFixture('exit', 'cv', 8000);
  assert.is(result.signal, null, `signal ${result.signal}; stderr: ${result.stderr}`);
  assert.is(result.code, 3, `exit code; stderr: ${result.stderr}`);
});

test('idle sockets and retrying dialers do not keep a process alive', async () => {
  const result = await runFixture('exit', 'idle', 20000);
  assert.is(result.stdout.trim(), 'ready');
  assert.is(result.code, 0, `exit code; stderr: ${result.stderr}`);
});

test('a pending receive keeps a process alive until it settles', async () => {
  const result = await runFixture('exit', 'hold', 20000);
  assert.is(result.code, 0, `exit code; stderr: ${result.stderr}`);
  const match = /settled with 5 after (\d+) ms/.exec(result.stdout);
  assert.ok(match, `stdout: ${result.stdout}`);
  assert.ok(Number(match[1]) >= 290, `held for ${match[1]} ms`);
});

test('a worker terminated with operations pending leaves the main thread working', async () => {
  const result = await runFixture('exit', 'worker', 20000);
  assert.is(result.signal, null, `signal; stderr: ${result.stderr}`);
  assert.is(result.code, 0, `exit code; stderr: ${result.stderr}`);
  assert.is(result.stdout.trim(), 'ready');
});

test('a pipe listener that throws reaches uncaughtException instead of crashing', async () => {
  const result = await runFixture('exit', 'throw', 20000);
  assert.is(result.signal, null, `signal; stderr: ${result.stderr}`);
  assert.match(result.stdout, /uncaught: listener failed/);
  assert.is(result.code, 4, `exit code; stderr: ${result.stderr}`);
});

// --- transfer ---------------------------------------------------------------------------------

test('send with transfer: true hands a received Buffer back without a copy and detaches it', async () => {
  const url = uniqueUrl('ipc');
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    rep.listen(url);
    req.dial(url, { block: true });
    const payload = Buffer.alloc(256 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + 7) & 0xff;
    const ctx = req.context();
    const reply = handled(ctx.request(payload));
    const received = await withTimeout(rep.recv(), 5000, 'rep recv');
    assert.is(received.length, payload.length);
    const digest = sha256(received);
    await rep.send(received, { transfer: true });
    assert.is(received.length, 0, 'detached after transfer');
    assert.is(received.buffer.byteLength, 0, 'its ArrayBuffer is detached');
    const echoed = await withTimeout(reply, 5000, 'reply');
    assert.is(echoed.length, payload.length);
    assert.is(sha256(echoed), digest);
    assert.is(sha256(echoed), sha256(payload));
  } finally {
    req.close();
    rep.close();
  }
});

test('transfer of part of a received Buffer copies exactly that part and detaches nothing', async () => {
  const url = uniqueUrl('inproc');
  const pull = openSocket('pull');
  const push = openSocket('push');
  const back = openSocket('pull');
  try {
    pull.listen(url);
    push.dial(url, { block: true });
    const backUrl = uniqueUrl('inproc');
    back.listen(backUrl);
    const forward = openSocket('push');
    try {
      forward.dial(backUrl, { block: true });
      const whole = Buffer.from(Array.from({ length: 10000 }, (_, i) => i % 251));
      await push.send(whole);
      const received = await withTimeout(pull.recv(), 5000, 'pull recv');
      const part = received.subarray(1000, 9000);
      await forward.send(part, { transfer: true });
      // Detaching a part would detach every other view of the message: a part is copied.
      assert.is(part.length, 8000, 'the part is still readable');
      assert.is(received.length, 10000, 'the whole is still readable');
      const got = await withTimeout(back.recv(), 5000, 'back recv');
      assert.ok(got.equals(whole.subarray(1000, 9000)), 'exactly the bytes of the part');
    } finally {
      forward.close();
    }
  } finally {
    back.close();
    push.close();
    pull.close();
  }
});

test('transfer of a Buffer the addon did not lend copies it and leaves it intact', async () => {
  const url = uniqueUrl('inproc');
  const pull = openSocket('pull');
  const push = openSocket('push');
  try {
    pull.listen(url);
    push.dial(url, { block: true });
    const own = Buffer.alloc(4096, 0x5a);
    await push.send(own, { transfer: true });
    assert.is(own.length, 4096);
    assert.ok((await withTimeout(pull.recv(), 5000, 'pull recv')).equals(own));
  } finally {
    push.close();
    pull.close();
  }
});

test.run();
