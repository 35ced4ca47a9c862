// The native broker: a FIFO queue of tagged requests handed to free workers (req contexts),
// replies delivered to a listener or forwarded, failures reported; joined across threads.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native } from '../src/native';
import { joinBroker, openBroker, type Broker } from '../src/broker';
import { NngSocket, openSocket } from '../src/nng';
import { throwsLike, uniqueUrl, waitFor, withTimeout } from './helpers';
import { serve, withSockets } from './sockets';

/** Lets NNG's threads and the event loop run for a while, to show that nothing arrives. */
function settle(ms = 100): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Link {
  req: NngSocket;
  rep: NngSocket;
  url: string;
}

/** Worker `worker` of `broker` on its own req socket, with a rep socket (its peer) dialed in,
 * or only opened with `dial: false`. Resend is off, as the library runs it: a lost peer fails
 * the request instead of resending. */
function link(broker: Broker, worker: number, dial = true): Link {
  const url = uniqueUrl('inproc');
  const req = openSocket('req', { resendTime: 0 });
  const rep = openSocket('rep');
  req.listen(url);
  broker.attach(worker, req.native);
  if (dial) rep.dial(url, { block: true });
  return { req, rep, url };
}

/** Runs `body` on a new broker made with `keep`, its worker 1 linked to a peer (dialed in
 * unless `dial` is false); closes it all afterwards. */
async function withLinked<T>(body: (broker: Broker, link: Link) => Promise<T>, { keep = false, dial = true } = {}): Promise<T> {
  const broker = openBroker(keep);
  const linked = link(broker, 1, dial);
  try {
    return await body(broker, linked);
  } finally {
    closeAll(broker, linked.req, linked.rep);
  }
}

/** Replies `<request>@<name>` to each request on `rep`, noting what it saw, until it closes. */
function answer(rep: NngSocket, seen: string[], name = 'peer'): Promise<number> {
  return serve(rep, (request) => {
    seen.push(request.toString());
    return `${request.toString()}@${name}`;
  });
}

/** Every reply the broker delivers on this thread, as text. */
function replies(broker: Broker): string[] {
  const heard: string[] = [];
  broker.onReply((reply) => heard.push(reply.toString()));
  return heard;
}

function closeAll(...closeables: Array<{ close(): void }>): void {
  for (const c of closeables) c.close();
}

/** Runs `body` on a new broker with worker 1 served by a peer that answers everything; closes
 * it all afterwards, and waits for the peer to end. */
async function withServedWorker(body: (broker: Broker, seen: string[], heard: string[]) => Promise<void>): Promise<void> {
  const seen: string[] = [];
  let server: Promise<number> | undefined;
  await withLinked((broker, { rep }) => {
    server = answer(rep, seen);
    return body(broker, seen, replies(broker));
  });
  await withTimeout(server!, 5000, 'peer ends on close');
}

test('FIFO: 50 requests to one worker come back in push order; counts are [50, 50]', () =>
  withServedWorker(async (broker, seen, heard) => {
    // Queued before the worker may take any, so that all 50 wait in line.
    for (let tag = 1; tag <= 50; tag++) broker.push(`t${tag}`, tag);
    assert.is(broker.queued, 50);
    broker.resume(1);
    await waitFor(() => heard.length === 50, 5000, '50 replies');
    const expected = Array.from({ length: 50 }, (_, i) => `t${i + 1}`);
    assert.equal(seen, expected, 'the peer saw the requests in push order');
    assert.equal(heard, expected.map((t) => `${t}@peer`), 'replies in push order');
    assert.equal(broker.counts(1), [50, 50]);
    assert.is(broker.queued, 0);
  }));

test('packed queue: 20,000 small requests (several 1 MiB blocks), large ones and part arrays keep FIFO order, byte for byte', () =>
  withServedWorker(async (broker, seen, heard) => {
    const expected: string[] = [];
    for (let tag = 1; tag <= 20_000; tag++) {
      // Every 1,000th request is larger than what the queue packs; some go as arrays of parts.
      const body = tag % 1000 === 0 ? `big${tag}:${'x'.repeat(5000)}` : `t${tag}:${'y'.repeat(200)}`;
      if (tag % 3 === 0) broker.push([Buffer.from(body.slice(0, 4)), body.slice(4)], tag);
      else broker.push(body, tag);
      expected.push(body);
    }
    // Every 7th is cancelled, in blocks not yet reached: tombstones the drain skips.
    let cancelled = 0;
    for (let tag = 7; tag <= 20_000; tag += 7) {
      assert.ok(broker.cancelQueued(tag), `cancel ${tag}`);
      cancelled++;
    }
    const kept = expected.filter((_, i) => (i + 1) % 7 !== 0);
    assert.is(broker.queued, 20_000 - cancelled);
    broker.resume(1);
    await waitFor(() => heard.length === kept.length, 60_000, `${kept.length} replies`);
    assert.ok(seen.length === kept.length && seen.every((body, i) => body === kept[i]), 'the peer saw every request intact, in push order');
    assert.is(broker.queued, 0);
    // The emptied queue takes requests again, from a reused block.
    broker.push('after', 20_001);
    await waitFor(() => heard.length === kept.length + 1, 5000, 'one more reply');
    assert.is(heard[heard.length - 1], 'after@peer');
  }));

/** The parts [`first`, `second`], where reading `second` pushes `request` (tagged `tag`) to
 * `broker` first. */
function partsPushing(broker: Broker, first: Buffer, second: string, request: string, tag: number): string[] {
  const parts: unknown[] = [first];
  Object.defineProperty(parts, 1, {
    enumerable: true,
    get: () => {
      broker.push(request, tag);
      return second;
    },
  });
  return parts as string[];
}

test('an array of parts whose getter pushes to the same broker: read once, before the queue is locked, packed or not', () =>
  withServedWorker(async (broker, seen, heard) => {
    broker.push(partsPushing(broker, Buffer.from('out'), 'er', 'inner', 1), 2);
    assert.is(broker.queued, 2);
    // Too large to pack, it goes as a message of its own, from the parts as first read.
    broker.push(partsPushing(broker, Buffer.alloc(5000, 'z'), '!', 'inner2', 3), 4);
    assert.is(broker.queued, 4, 'the getter ran once');
    broker.resume(1);
    await waitFor(() => heard.length === 4, 5000, 'four replies');
    assert.equal(seen, ['inner', 'outer', 'inner2', `${'z'.repeat(5000)}!`]);
  }));

test('a request goes only to a free worker: a held request does not hold up the rest', async () => {
  const broker = openBroker(false);
  const a = link(broker, 1);
  const b = link(broker, 2);
  const seenB: string[] = [];
  const serverB = answer(b.rep, seenB, 'b');
  try {
    const heard = replies(broker);
    broker.resume(1);
    broker.resume(2);
    // Worker 1 (the lower id) takes t1 and its peer holds it; worker 2 takes every other.
    for (let tag = 1; tag <= 10; tag++) broker.push(`t${tag}`, tag);
    const held = await withTimeout(a.rep.recv(), 5000, 'peer a receives');
    assert.is(held.toString(), 't1');
    await waitFor(() => heard.length === 9, 5000, '9 replies from b');
    assert.equal(seenB, ['t2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10']);
    assert.equal(heard, seenB.map((t) => `${t}@b`));
    assert.is(broker.workerOf(1), 1);
    assert.equal(broker.counts(1), [1, 0]);
    assert.equal(broker.counts(2), [9, 9]);
    await withTimeout(a.rep.send('t1@a'), 5000, 'peer a releases');
    await waitFor(() => heard.length === 10, 5000, 'the held reply');
    assert.is(heard[9], 't1@a');
    assert.equal(broker.counts(1), [1, 1]);
    assert.is(broker.workerOf(1), null);
  } finally {
    closeAll(broker, a.req, a.rep, b.req, b.rep);
  }
  await withTimeout(serverB, 5000, 'peer b ends on close');
});

test('cancelQueued drops a queued request, not one in flight; workerOf names the holder', () =>
  withLinked(async (broker, { rep }) => {
    const heard = replies(broker);
    broker.resume(1);
    broker.push('t1', 1);
    broker.push('t2', 2);
    broker.push('t3', 3);
    broker.push('t4', 4);
    const first = await withTimeout(rep.recv(), 5000, 'peer receives t1');
    assert.is(first.toString(), 't1');
    assert.is(broker.queued, 3);
    assert.is(broker.cancelQueued(2), true, 'queued t2 is dropped');
    assert.is(broker.queued, 2);
    assert.is(broker.cancelQueued(2), false, 'already dropped');
    assert.is(broker.cancelQueued(1), false, 't1 is in flight');
    assert.is(broker.workerOf(1), 1);
    assert.is(broker.workerOf(3), null, 'queued, not in flight');
    assert.is(broker.cancelQueued(99), false, 'unknown tag');
    assert.is(broker.workerOf(99), null);
    assert.is(broker.queued, 2);
    // The line goes on past the dropped request.
    const seen = ['t1'];
    await rep.send('t1@peer');
    const server = answer(rep, seen);
    await waitFor(() => heard.length === 3, 5000, '3 replies');
    assert.equal(seen, ['t1', 't3', 't4'], 't2 never reached the peer');
    assert.equal(heard, ['t1@peer', 't3@peer', 't4@peer']);
    assert.is(broker.queued, 0);
    assert.equal(broker.counts(1), [3, 3]);
    rep.close();
    await withTimeout(server, 5000, 'peer ends on close');
  }));

test('a paused worker takes nothing; resume sends the queue, or the given request first', () =>
  withServedWorker(async (broker, seen, heard) => {
    // Attached workers start paused. Push dispatches before it returns, so a request still
    // queued right after push was not taken.
    broker.push('t1', 1);
    broker.push('t2', 2);
    assert.is(broker.queued, 2);
    assert.equal(broker.counts(1), [0, 0]);
    broker.resume(1);
    assert.is(broker.queued, 1, 'resume takes the first request at once');
    await waitFor(() => heard.length === 2, 5000, 'the queue, after resume');
    // Paused while idle: again nothing is taken.
    broker.pause(1);
    broker.push('t3', 3);
    broker.push('t4', 4);
    assert.is(broker.queued, 2);
    assert.equal(broker.counts(1), [2, 2]);
    broker.resume(1, 'retry', 0);
    await waitFor(() => heard.length === 5, 5000, 'the given request, then the queue');
    assert.equal(seen, ['t1', 't2', 'retry', 't3', 't4']);
    assert.equal(heard, ['t1@peer', 't2@peer', 'retry@peer', 't3@peer', 't4@peer']);
    assert.equal(broker.counts(1), [5, 5]);
  }));

test('resume with a request, for a worker already taking requests: it goes in line by its tag, never dropped', () =>
  withServedWorker(async (broker, seen, heard) => {
    broker.resume(1);
    broker.resume(1, 'given', 9);
    await waitFor(() => heard.length === 1, 5000, 'the request given to resume');
    assert.equal(seen, ['given']);
    assert.equal(heard, ['given@peer']);
  }));

test('pause while a request waits for a connection puts it back in line, uncounted', () =>
  withLinked(async (broker, { rep, url }) => {
    const seen: string[] = [];
    const heard = replies(broker);
    broker.resume(1);
    // No peer yet: the request is taken, and waits in NNG for a pipe.
    broker.push('t1', 1);
    assert.is(broker.queued, 0);
    assert.is(broker.workerOf(1), 1);
    assert.equal(broker.counts(1), [1, 0]);
    broker.pause(1);
    await waitFor(() => broker.queued === 1, 5000, 'the request back in line');
    assert.is(broker.workerOf(1), null);
    assert.equal(broker.counts(1), [0, 0], 'a request taken back is not counted as assigned');
    rep.dial(url, { block: true });
    const server = answer(rep, seen);
    broker.resume(1);
    await waitFor(() => heard.length === 1, 5000, 'the reply');
    assert.equal(seen, ['t1']);
    assert.equal(broker.counts(1), [1, 1]);
    rep.close();
    await withTimeout(server, 5000, 'peer ends on close');
  }, { dial: false }));

test('pause while a request is in flight: after its reply the worker takes nothing new', () =>
  withLinked(async (broker, { rep }) => {
    const heard = replies(broker);
    broker.resume(1);
    broker.push('t1', 1);
    await withTimeout(rep.recv(), 5000, 'peer receives t1');
    broker.pause(1);
    broker.push('t2', 2);
    await rep.send('t1@peer');
    await waitFor(() => heard.length === 1, 5000, 'the reply to t1');
    assert.is(broker.queued, 1, 't2 waits for resume');
    assert.equal(broker.counts(1), [1, 1]);
    broker.resume(1);
    const next = await withTimeout(rep.recv(), 5000, 'peer receives t2 after resume');
    assert.is(next.toString(), 't2');
    await rep.send('t2@peer');
    await waitFor(() => heard.length === 2, 5000, 'the reply to t2');
  }));

test('markLast: a reply with the marked bit pauses its worker before anything else is sent to it', () =>
  withLinked(async (broker, { rep }) => {
    const heard = replies(broker);
    broker.markLast(1, 0x02);
    broker.resume(1);
    broker.push('t1', 1);
    broker.push('t2', 2);
    await withTimeout(rep.recv(), 5000, 'peer receives t1');
    await rep.send('x\x01 plain');
    assert.is((await withTimeout(rep.recv(), 5000, 'peer receives t2')).toString(), 't2');
    await rep.send('x\x03 last');
    await waitFor(() => heard.length === 2, 5000, 'both replies');
    broker.push('t3', 3);
    await settle();
    assert.is(broker.queued, 1, 't3 waits: the worker sent its last reply');
    broker.resume(1);
    assert.is((await withTimeout(rep.recv(), 5000, 'peer receives t3 after resume')).toString(), 't3');
    await rep.send('t3@peer');
    await waitFor(() => heard.length === 3, 5000, 'the reply to t3');
  }));

test('resume right after pause, before the taken-back request is back in line, still resumes', async () => {
  // The pause's cancellation lands on an NNG thread some time after pause returns; a resume
  // in between must win. Several rounds, as that moment varies.
  for (let round = 0; round < 10; round++) {
    await withLinked(async (broker, { rep, url }) => {
      broker.resume(1);
      broker.push('t1', 1);
      broker.pause(1);
      broker.resume(1);
      rep.dial(url, { block: true });
      const request = await withTimeout(rep.recv(), 5000, `round ${round}: peer receives t1`);
      assert.is(request.toString(), 't1');
      assert.is(broker.queued, 0);
    }, { dial: false });
  }
});

/** A request whose peer closes while holding it, on a broker made with `keep`; then the
 * same request sent again to a new peer with resume, as the dispatcher retries. Returns
 * what the failure listener heard. */
function failure(keep: boolean): Promise<{ worker: number; tag: number; code: number; request: Buffer | null }[]> {
  return withLinked(async (broker, { rep, url }) => withSockets({ again: 'rep' }, async ({ again }) => {
    const failures: { worker: number; tag: number; code: number; request: Buffer | null }[] = [];
    const heard = replies(broker);
    broker.onFailure((worker, tag, code, request) => failures.push({ worker, tag, code, request }));
    broker.resume(1);
    const request = Buffer.from([0, 1, 2, 255, 254, 0, 7]);
    broker.push(request, 7);
    const received = await withTimeout(rep.recv(), 5000, 'peer receives');
    assert.ok(received.equals(request));
    rep.close();
    await waitFor(() => failures.length === 1, 5000, 'the failure');
    // The worker is paused after a failure: what comes next waits for resume.
    broker.push('t8', 8);
    assert.is(broker.queued, 1);
    assert.equal(broker.counts(1), [1, 0]);
    // A new peer, and the failed request sent again first (as the dispatcher retries).
    again.dial(url, { block: true });
    const seen: string[] = [];
    const server = answer(again, seen, 'again');
    broker.resume(1, failures[0].request ?? request, 7);
    await waitFor(() => heard.length === 2, 5000, 'the retried request and the next');
    assert.equal(seen, [request.toString(), 't8']);
    again.close();
    await withTimeout(server, 5000, 'second peer ends on close');
    return failures;
  }), { keep });
}

test('keep=true: a peer lost while holding a request reports (worker, tag, 19, the request)', async () => {
  const failures = await failure(true);
  assert.is(failures.length, 1);
  const [{ worker, tag, code, request }] = failures;
  assert.is(worker, 1);
  assert.is(tag, 7);
  // NNG's req with resend off fails the pending receive with ECONNRESET when the pipe closes.
  assert.is(code, 19);
  assert.instance(request, Buffer);
  assert.equal([...(request as Buffer)], [0, 1, 2, 255, 254, 0, 7], 'the request byte for byte');
});

test('keep=false: the same failure carries no request', async () => {
  const failures = await failure(false);
  assert.is(failures.length, 1);
  assert.equal({ ...failures[0] }, { worker: 1, tag: 7, code: 19, request: null });
});

test('detach returns the tag in flight, or null; the detached request gets no reply', async () => {
  const broker = openBroker(false);
  const one = link(broker, 1);
  const two = link(broker, 2);
  let failures = 0;
  try {
    const heard = replies(broker);
    broker.onFailure(() => failures++);
    assert.is(broker.detach(2), null, 'paused, nothing in flight');
    assert.is(broker.detach(2), null, 'already detached');
    assert.is(broker.detach(9), null, 'never attached');
    broker.resume(1);
    broker.push('t1', 1);
    const held = await withTimeout(one.rep.recv(), 5000, 'peer receives t1');
    assert.is(held.toString(), 't1');
    assert.is(broker.detach(1), 1);
    assert.is(broker.workerOf(1), null);
    assert.equal(broker.counts(1), [0, 0], 'a detached worker has no counts');
    // The peer's answer reaches no context, and losing the peer is no failure.
    await one.rep.send('t1@late');
    one.rep.close();
    await settle();
    assert.equal(heard, []);
    assert.is(failures, 0);
    // The id can be attached again: a new worker, paused.
    broker.attach(1, two.req.native);
    broker.push('t2', 2);
    assert.is(broker.queued, 1);
    broker.resume(1);
    const next = await withTimeout(two.rep.recv(), 5000, 'the new worker sends t2');
    assert.is(next.toString(), 't2');
    await two.rep.send('t2@two');
    await waitFor(() => heard.length === 1, 5000, 'reply to t2');
    assert.equal(heard, ['t2@two']);
  } finally {
    closeAll(broker, one.req, one.rep, two.req, two.rep);
  }
});

test('detach racing a reply: the id, attached again, is a new paused worker', async () => {
  // A reply that lands while its worker is being detached must not mark that id free: the
  // next push would go to whatever is attached under it next (or to no worker at all).
  // Replies and detaches interleave differently each round.
  for (let round = 0; round < 300; round++) {
    const broker = openBroker(false);
    const links = [1, 2, 3, 4].map((worker) => link(broker, worker));
    const fresh = openSocket('req', { resendTime: 0 });
    try {
      for (let worker = 1; worker <= 4; worker++) broker.resume(worker);
      for (let tag = 1; tag <= 4; tag++) broker.push(`t${tag}`, tag);
      await withTimeout(Promise.all(links.map((l) => l.rep.recv())), 5000, `round ${round}: peers receive`);
      const sent = links.map((l) => l.rep.send('late'));
      for (let worker = 1; worker <= 4; worker++) broker.detach(worker);
      await withTimeout(Promise.all(sent), 5000, `round ${round}: peers reply`);
      for (let worker = 1; worker <= 4; worker++) broker.attach(worker, fresh.native);
      broker.push('t5', 5);
      assert.is(broker.queued, 1, `round ${round}: no worker was resumed, so t5 waits`);
    } finally {
      closeAll(broker, fresh, ...links.flatMap((l) => [l.req, l.rep]));
    }
  }
});

test('close: push throws NngError 7, and no listener runs afterwards', () =>
  withLinked(async (broker, { rep }) => {
    let calls = 0;
    broker.onReply(() => calls++);
    broker.onFailure(() => calls++);
    broker.resume(1);
    broker.push('t1', 1);
    broker.push('t2', 2);
    await withTimeout(rep.recv(), 5000, 'peer receives t1');
    const id = broker.id;
    broker.close();
    broker.close();
    const error = throwsLike(() => broker.push('t3', 3), Error, /^Object closed$/);
    assert.is(error.name, 'NngError');
    assert.is((error as Error & { code: number }).code, 7);
    throwsLike(() => broker.queued, Error, /^Object closed$/);
    throwsLike(() => broker.resume(1), Error, /^Object closed$/);
    assert.is(broker.id, id, 'the id outlives the broker');
    // A reply to t1, then the peer gone: neither reaches a listener.
    await rep.send('t1@late');
    rep.close();
    await settle();
    assert.is(calls, 0);
    // The last handle closed, the id is no longer joinable.
    const gone = throwsLike(() => joinBroker(id), Error, /^Entry not found$/);
    assert.is((gone as Error & { code: number }).code, 12);
  }, { keep: true }));

test('forward: with no reply listener, replies go out on a pair1 socket, byte for byte', async () => {
  const broker = openBroker(false);
  const { req, rep } = link(broker, 1);
  const out = openSocket('pair1');
  const inbound = openSocket('pair1');
  try {
    const url = uniqueUrl('inproc');
    out.listen(url);
    inbound.dial(url, { block: true });
    broker.forward(out.native);
    broker.resume(1);
    const payload = (tag: number) => Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7 + tag) % 256));
    const peer = (async () => {
      for (let n = 0; n < 20; n++) {
        const request = await rep.recv();
        await rep.send(payload(request.readUInt32LE(0)));
      }
    })();
    for (let tag = 1; tag <= 20; tag++) {
      const request = Buffer.alloc(4);
      request.writeUInt32LE(tag);
      broker.push(request, tag);
    }
    for (let tag = 1; tag <= 20; tag++) {
      const got = await withTimeout(inbound.recv(), 5000, `forwarded reply ${tag}`);
      assert.ok(got.equals(payload(tag)), `reply ${tag} byte for byte`);
    }
    await withTimeout(peer, 5000, 'peer answered 20');
    // A reply listener takes precedence over forwarding.
    const heard = replies(broker);
    broker.push('t21', 21);
    const last = await withTimeout(rep.recv(), 5000, 'peer receives t21');
    await rep.send(last);
    await waitFor(() => heard.length === 1, 5000, 'reply to the listener');
    assert.equal(heard, ['t21']);
  } finally {
    closeAll(broker, req, rep, out, inbound);
  }
});

test('another thread joins by id, attaches and resumes a worker; this thread pushes and hears replies', async () => {
  const broker = openBroker(true);
  const url = uniqueUrl('inproc');
  const rep = openSocket('rep');
  const nng = join(__dirname, '..', 'src', 'nng.ts');
  const brokerModule = join(__dirname, '..', 'src', 'broker.ts');
  // The worker's own socket, listener and failure listener: the dispatcher's share of the work.
  const source = `
    require('tsx/cjs');
    const { parentPort, workerData } = require('node:worker_threads');
    const { openSocket } = require(${JSON.stringify(nng)});
    const { joinBroker } = require(${JSON.stringify(brokerModule)});
    const broker = joinBroker(workerData.id);
    const req = openSocket('req', { resendTime: 0 });
    req.listen(workerData.url);
    broker.onFailure((worker, tag, code, request) =>
      parentPort.postMessage({ failure: [worker, tag, code, request && request.toString()] }));
    broker.attach(1, req.native);
    broker.resume(1);
    parentPort.postMessage({ ready: broker.id });
    parentPort.once('message', () => {
      req.close();
      parentPort.close();
    });`;
  const worker = new Worker(source, { eval: true, workerData: { id: broker.id, url } });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const messages: Array<{ ready?: number; failure?: unknown[] }> = [];
  worker.on('message', (message) => messages.push(message));
  worker.on('error', (error) => messages.push({ failure: [String(error)] }));
  try {
    await waitFor(() => messages.length > 0, 10000, 'worker ready');
    assert.equal(messages[0], { ready: broker.id });
    rep.dial(url, { block: true });
    const seen: string[] = [];
    const heard = replies(broker);
    for (let tag = 1; tag <= 5; tag++) broker.push(`t${tag}`, tag);
    for (let n = 0; n < 5; n++) {
      const request = await withTimeout(rep.recv(), 5000, `peer receives ${n + 1}`);
      seen.push(request.toString());
      await rep.send(`${request.toString()}@peer`);
    }
    await waitFor(() => heard.length === 5, 5000, '5 replies on this thread');
    assert.equal(heard, ['t1@peer', 't2@peer', 't3@peer', 't4@peer', 't5@peer']);
    assert.equal(broker.counts(1), [5, 5], 'the worker attached there is counted here');
    // A failure goes to the listener set on the other thread.
    broker.push('t6', 6);
    await withTimeout(rep.recv(), 5000, 'peer receives t6');
    rep.close();
    await waitFor(() => messages.length === 2, 5000, 'failure heard on the worker thread');
    assert.equal(messages[1], { failure: [1, 6, 19, 't6'] });
    worker.postMessage('stop');
    assert.is(await withTimeout(exited, 10000, 'worker exits'), 0);
    // Its handle gone with it, this one still drives the broker.
    broker.push('t7', 7);
    assert.is(broker.queued, 1);
  } finally {
    closeAll(broker, rep);
    await worker.terminate();
  }
});

test('joining an id with no broker throws NngError 12; joining on one thread shares the broker', () => {
  const error = throwsLike(() => new native.Broker(987654), Error, /^Entry not found$/);
  assert.is(error.name, 'NngError');
  assert.is((error as Error & { code: number }).code, 12);
  const broker = openBroker(false);
  const joined = joinBroker(broker.id);
  try {
    assert.is(joined.id, broker.id);
    joined.push('t1', 1);
    assert.is(broker.queued, 1, 'one queue behind both handles');
    // Closing any handle shuts the broker for all.
    joined.close();
    throwsLike(() => broker.push('t2', 2), Error, /^Object closed$/);
  } finally {
    closeAll(broker, joined);
  }
});

test('argument guards: tags, workers, sockets, listeners, keep and id', () => {
  const broker = openBroker(false);
  const socket = openSocket('req');
  try {
    throwsLike(() => broker.push('x', -1), RangeError, /^tag must be an integer from 0 to 2\^32-1$/);
    throwsLike(() => broker.push('x', 1.5), RangeError, /^tag must be an integer from 0 to 2\^32-1$/);
    throwsLike(() => broker.push('x', 2 ** 32), RangeError, /^tag must be an integer from 0 to 2\^32-1$/);
    throwsLike(() => broker.push('x', '1' as never), TypeError, /^tag must be a number$/);
    throwsLike(() => broker.push(42 as never, 1), TypeError, /^data must be a Buffer, TypedArray, ArrayBuffer, string or an array of them$/);
    throwsLike(() => broker.cancelQueued(-1), RangeError, /^tag must be an integer from 0 to 2\^32-1$/);
    throwsLike(() => broker.workerOf(0.5), RangeError, /^tag must be an integer from 0 to 2\^32-1$/);
    throwsLike(() => broker.resume(1, 'x', -2), RangeError, /^tag must be an integer from 0 to 2\^32-1$/);
    throwsLike(() => broker.attach(-1, socket.native), RangeError, /^worker must be an integer from 0 to 2\^32-1$/);
    throwsLike(() => broker.attach(1, {} as never), TypeError, /^socket must be a Socket$/);
    throwsLike(() => broker.attach(1, socket as never), TypeError, /^socket must be a Socket$/);
    throwsLike(() => broker.forward('out' as never), TypeError, /^socket must be a Socket$/);
    throwsLike(() => broker.onReply('f' as never), TypeError, /^listener must be a function$/);
    throwsLike(() => broker.onFailure(null as never), TypeError, /^listener must be a function$/);
    throwsLike(() => openBroker('yes' as never), TypeError, /^keep must be a boolean, got the string "yes"$/);
    throwsLike(() => joinBroker(0), RangeError, /^id must be an integer from 1 to 4294967295, got 0$/);
    throwsLike(() => joinBroker(1.5), RangeError, /^id must be an integer from 1 to 4294967295, got 1.5$/);
    throwsLike(() => broker.markLast(1, 0), RangeError, /^mask must be a bit mask of one byte \(1 to 255\)$/);
    throwsLike(() => broker.markLast(-1, 2), RangeError, /^offset must be an integer from 0 to 2\^32-1$/);
    // Refusals from the broker itself carry NNG's numbers.
    broker.attach(1, socket.native);
    const busy = throwsLike(() => broker.attach(1, socket.native), Error, /^Resource busy$/);
    assert.is((busy as Error & { code: number }).code, 4);
    const missing = throwsLike(() => broker.resume(2), Error, /^Entry not found$/);
    assert.is((missing as Error & { code: number }).code, 12);
    const closed = openSocket('req');
    closed.close();
    const shut = throwsLike(() => broker.attach(3, closed.native), Error, /^Object closed$/);
    assert.is((shut as Error & { code: number }).code, 7);
  } finally {
    closeAll(broker, socket);
  }
});

test.run();
