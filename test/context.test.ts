// Contexts: many independent requests on one req socket, served by a pool of rep contexts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native } from '../src/native';
import { openSocket, type NngContext, type NngSocket } from '../src/nng';
import { collectGarbage, expectNngError, handled, rejectsLike, throwsLike, uniqueUrl, withTimeout } from './helpers';
import { serve, withPair, withSockets } from './sockets';

/** An answer naming the rep context (`index`) that gave it: `<request>|<index>`. */
function signed(index: number): (request: Buffer) => string {
  return (request) => `${request.toString()}|${index}`;
}

test('1,000 concurrent requests on 1,000 req contexts, 32 rep contexts: every reply matches', async () => {
  const servers: Promise<number>[] = [];
  await withPair('tcp', async ({ req, rep }) => {
    for (let i = 0; i < 32; i++) servers.push(serve(rep.context(), signed(i)));
    const contexts = Array.from({ length: 1000 }, () => req.context());
    assert.is(new Set(contexts.map((c) => c.id)).size, 1000, 'distinct context ids');
    const replies = await withTimeout(
      Promise.all(contexts.map((ctx, i) => ctx.request(`request ${i} ${'x'.repeat(i % 97)}`).then(String))),
      30000,
      '1,000 requests',
    );
    const servedBy = new Array<number>(32).fill(0);
    replies.forEach((reply, i) => {
      const bar = reply.lastIndexOf('|');
      assert.is(reply.slice(0, bar), `request ${i} ${'x'.repeat(i % 97)}`, `reply ${i} answers request ${i}`);
      servedBy[Number(reply.slice(bar + 1))]++;
    });
    assert.is(servedBy.reduce((a, b) => a + b, 0), 1000);
    assert.ok(servedBy.filter((n) => n > 0).length > 1, `more than one rep context served: ${servedBy.join(',')}`);
    for (const ctx of contexts) ctx.close();
  });
  // Closing the rep socket ends every server loop with NngError 7.
  const counts = await withTimeout(Promise.all(servers), 5000, 'rep contexts end on close');
  assert.is(counts.reduce((a, b) => a + b, 0), 1000);
});

test('replies sent in reverse order still reach the context that asked', () =>
  withPair('inproc', async ({ req, rep }) => {
    const n = 8;
    const serverContexts = Array.from({ length: n }, () => rep.context());
    const clients = Array.from({ length: n }, () => req.context());
    const requests = clients.map((c, i) => handled(c.request(`q${i}`)));
    const received = await withTimeout(Promise.all(serverContexts.map((c) => c.recv())), 5000, 'server receives all');
    for (let i = n - 1; i >= 0; i--) await serverContexts[i].send(`answer to ${received[i].toString()}`);
    const answers = await withTimeout(Promise.all(requests), 5000, 'client gets all');
    answers.forEach((answer, i) => assert.is(answer.toString(), `answer to q${i}`));
  }));

test('a request times out when nobody answers (5); the timeout covers send and receive', () =>
  withPair('inproc', async ({ req }) => {
    const ctx = req.context();
    const started = Date.now();
    await expectNngError(ctx.request('hello?', { timeout: 100 }), 5, 'unanswered request');
    assert.ok(Date.now() - started >= 90, 'waited about the timeout');
    // With no peer at all the send itself cannot complete: the same timeout applies.
    const lonely = openSocket('req');
    try {
      const lonelyCtx = lonely.context();
      await expectNngError(lonelyCtx.request('anyone?', { timeout: 100 }), 5, 'request with no peer');
    } finally {
      lonely.close();
    }
  }));

test('a request\'s timeout covers its send and its receive together, not each in turn', async () => {
  // No peer for 300 ms, so the send waits; then one answers 500 ms after each request. Given
  // 600 ms in all, the request must time out: a fresh 600 ms for the receive (as before) let
  // the reply come at about 800 ms. A late peer only makes both ways time out.
  for (const which of ['socket', 'context'] as const) {
    const url = uniqueUrl('inproc');
    // Redials within 20 ms (NNG's default waits up to a second): the peer is found at once.
    const req = openSocket('req', { reconnectTimeMin: 10, reconnectTimeMax: 20 });
    const rep = openSocket('rep');
    try {
      req.dial(url);
      const request = which === 'socket' ? req.request('slow?', { timeout: 600 }) : req.context().request('slow?', { timeout: 600 });
      const outcome = handled(request.then(String, (error: { code?: number }) => `error ${error.code}`));
      await new Promise((resolve) => setTimeout(resolve, 300));
      rep.listen(url);
      const arrived = handled(rep.recv());
      // On a slow machine the send may time out first: then nothing arrives, and nothing to check.
      const first = await withTimeout(Promise.race([arrived, outcome.then(() => undefined)]), 5000, `${which}: the request arrives`);
      if (first) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await rep.send(first).catch(() => undefined);
      }
      assert.is(await withTimeout(outcome, 5000, `${which}: the request settles`), 'error 5', `${which}: timed out as a whole`);
    } finally {
      req.close();
      rep.close();
    }
  }
});

test('context options are the context\'s own', () =>
  withSockets({ rep: ['rep', { recvTimeout: 5000 }] }, async ({ rep }) => {
    const ctx = rep.context();
    ctx.native.setOption('recv-timeout', 50);
    assert.is(ctx.native.getOption('recv-timeout'), 50);
    assert.is(rep.getOption('recvTimeout'), 5000);
    await expectNngError(ctx.recv(), 5, 'context recv uses its own timeout');
    throwsLike(() => ctx.native.setOption('recv-timeout', 'soon'), TypeError, /option 'recv-timeout' must be a number/);
    throwsLike(() => ctx.native.getOption('no-such'), TypeError, /unknown option 'no-such'/);
  }));

test('closing one context rejects its pending request (7) and leaves the others working', () =>
  withPair('inproc', async ({ req, rep }) => {
    const doomed = req.context();
    const kept = req.context();
    const pendingDoomed = handled(doomed.request('first'));
    const server = rep.context();
    const first = await withTimeout(server.recv(), 5000, 'server gets first');
    assert.is(first.toString(), 'first');
    doomed.close();
    await expectNngError(pendingDoomed, 7, 'request on closed context');
    assert.is(doomed.native.closed, true);
    doomed.close();
    throwsLike(() => doomed.native.request('again'), Error, /Object closed/);
    await server.send('late answer'); // goes nowhere: its context is gone
    const pendingKept = handled(kept.request('second'));
    assert.is((await withTimeout(server.recv(), 5000, 'server gets second')).toString(), 'second');
    await server.send('for kept');
    assert.is((await withTimeout(pendingKept, 5000, 'kept request')).toString(), 'for kept');
  }));

// `socket.context().request(...)` drops the context at once: the pending request must keep it
// open until it settles, or garbage collection closes it underneath the request.
test('a pending request keeps its context alive after JavaScript lets go of it', () =>
  withPair('inproc', async ({ req, rep }) => {
    const pending = handled(req.context().request('still there?', { timeout: 5000 }));
    await collectGarbage();
    const server = rep.context();
    assert.is((await withTimeout(server.recv(), 5000, 'server recv')).toString(), 'still there?');
    await server.send('yes');
    assert.is((await withTimeout(pending, 5000, 'request on a dropped context')).toString(), 'yes');
  }));

test('contexts need an open socket whose protocol has them', () => {
  const closed = openSocket('req');
  closed.close();
  const error = throwsLike(() => closed.context(), Error, /Object closed/);
  assert.is((error as Error & { code: number }).code, 7);
  throwsLike(() => new native.Context({} as never), TypeError, /socket must be a Socket/);
  return withSockets({ pair: 'pair0', raw: ['req', { raw: true }] }, ({ pair, raw }) => {
    const unsupported = throwsLike(() => pair.context(), Error, /Not supported/);
    assert.is((unsupported as Error & { code: number }).code, 9);
    throwsLike(() => raw.context(), Error, /Not supported/);
  });
});

test('socket.cancel() leaves context operations alone; context.cancel() ends them (20)', () =>
  withSockets({ rep: 'rep' }, async ({ rep }) => {
    const ctx = rep.context();
    const onContext = handled(ctx.recv({ timeout: 5000 }));
    const onSocket = handled(rep.recv({ timeout: 5000 }));
    rep.cancel();
    await expectNngError(onSocket, 20, 'socket recv cancelled');
    ctx.cancel();
    await expectNngError(onContext, 20, 'context recv cancelled by its context');
  }));

test('a context survives its socket object only until the socket closes (7)', async () => {
  const rep = openSocket('rep');
  const ctx = rep.context();
  const pending = handled(ctx.recv());
  rep.close();
  await expectNngError(pending, 7, 'context recv when socket closes');
  await expectNngError(Promise.resolve().then(() => ctx.recv()), 7, 'context recv after socket close');
  ctx.close();
});

// --- socket.request: requests on contexts the socket keeps ---------------------------------

/** `n` rep contexts, each holding the request it received (as text) until the test answers. */
async function holdRequests(rep: NngSocket, n: number): Promise<{ contexts: NngContext[]; seen: string[] }> {
  const contexts = Array.from({ length: n }, () => rep.context());
  const seen = (await withTimeout(Promise.all(contexts.map((ctx) => ctx.recv())), 5000, `${n} requests received`)).map(String);
  return { contexts, seen };
}

test('socket.request: 2,000 at once, twice (more than the socket keeps idle): every reply matches', async () => {
  const servers: Promise<number>[] = [];
  await withPair('ipc', async ({ req, rep }) => {
    for (let i = 0; i < 16; i++) servers.push(serve(rep.context(), signed(i)));
    for (const round of [1, 2]) {
      const replies = await withTimeout(
        Promise.all(Array.from({ length: 2000 }, (_, i) => req.request(`r${round} ${i}`).then(String))),
        30000,
        `round ${round}`,
      );
      replies.forEach((reply, i) => assert.is(reply.slice(0, reply.lastIndexOf('|')), `r${round} ${i}`, `round ${round}, reply ${i}`));
    }
  });
  const counts = await withTimeout(Promise.all(servers), 5000, 'rep contexts end on close');
  assert.is(counts.reduce((a, b) => a + b, 0), 4000);
});

test('socket.request: cancel(tag) ends that request alone (20); the others get their replies', () =>
  withPair('inproc', async ({ req, rep }) => {
    const requests = [1, 2, 3].map((tag) => handled(req.request(`t${tag}`, { tag })));
    const { contexts, seen } = await holdRequests(rep, 3);
    assert.equal([...seen].sort(), ['t1', 't2', 't3']);
    req.cancel(2);
    await expectNngError(requests[1], 20, 'request tagged 2');
    await Promise.all(contexts.map((ctx, i) => ctx.send(`re ${seen[i]}`).catch(() => undefined)));
    assert.is(String(await withTimeout(requests[0], 5000, 'request 1')), 're t1');
    assert.is(String(await withTimeout(requests[2], 5000, 'request 3')), 're t3');
  }));

test('socket.request: requests sharing a tag are cancelled together; one answered first is not', () =>
  withPair('inproc', async ({ req, rep }) => {
    const requests = ['a', 'b', 'c'].map((text) => handled(req.request(text, { tag: 5 })));
    const { contexts, seen } = await holdRequests(rep, 3);
    await contexts[seen.indexOf('a')].send('re a');
    assert.is(String(await withTimeout(requests[0], 5000, 'request a')), 're a');
    req.cancel(5);
    await expectNngError(requests[1], 20, 'request b');
    await expectNngError(requests[2], 20, 'request c');
  }));

test('socket.requestTagged: the reply comes back; cancel(tag) ends it alone (20); a tag out of range and a closed socket reject rather than throw', () =>
  withPair('inproc', async ({ req, rep }) => {
    const requests = [1, 2].map((tag) => handled(req.requestTagged(`t${tag}`, tag)));
    const { contexts, seen } = await holdRequests(rep, 2);
    req.cancel(2);
    await expectNngError(requests[1], 20, 'request tagged 2');
    await contexts[seen.indexOf('t1')].send('re t1');
    assert.is(String(await withTimeout(requests[0], 5000, 'request 1')), 're t1');
    await rejectsLike(() => req.requestTagged('x', 0), RangeError, /tag must be an integer from 1 to 2147483647, got 0/);
    await rejectsLike(() => req.requestTagged('x', 0x80000000), RangeError, /tag must be an integer from 1 to 2147483647/);
    req.close();
    await expectNngError(req.requestTagged('late', 3), 7, 'requestTagged after close');
  }));

test('socket.request: rejects 7 once the socket closes, pending or new; a bad tag is a RangeError', async () => {
  const req = openSocket('req');
  const pending = handled(req.request('nobody answers'));
  await rejectsLike(() => req.request('x', { tag: 0 }), RangeError, /options\.tag must be an integer from 1 to 2147483647, got 0/);
  req.close();
  await expectNngError(pending, 7, 'pending request on close');
  await expectNngError(req.request('late'), 7, 'request after close');
});

test.run();
