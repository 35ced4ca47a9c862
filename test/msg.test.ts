// Messages: what can be sent, byte-exact delivery from empty to 100 MB, and memory held steady.
import { randomFillSync } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reuseMessageStorage, type NngContext, type NngSocket } from '../src/nng';
import { collectGarbage, expectNngError, handled, hugePagesAlways, sha256, uniqueUrl, withTimeout } from './helpers';
import { connect, serve, withPair, withSockets } from './sockets';

declare const gc: () => void;

async function carry(push: NngSocket, pull: NngSocket, data: Parameters<NngSocket['send']>[0]): Promise<Buffer> {
  const received = handled(withTimeout(pull.recv(), 5000, 'pull recv'));
  await withTimeout(push.send(data), 5000, 'push send');
  return received;
}

// --- what can be sent ---------------------------------------------------------------------------

test('strings go as UTF-8; views send only their own bytes; every kind arrives as a Buffer', () =>
  withSockets({ pull: 'pull', push: 'push' }, async ({ pull, push }) => {
    connect(pull, push, uniqueUrl('inproc'));
    const text = 'héllo ✓ 世界';
    const asString = await carry(push, pull, text);
    assert.ok(Buffer.isBuffer(asString));
    assert.ok(asString.equals(Buffer.from(text, 'utf8')));

    const backing = new Uint8Array(Array.from({ length: 32 }, (_, i) => i));
    assert.equal([...(await carry(push, pull, backing.subarray(5, 12)))], [5, 6, 7, 8, 9, 10, 11]);
    assert.equal([...(await carry(push, pull, backing.buffer.slice(30)))], [30, 31]);
    const floats = new Float64Array([1.5, -2]);
    assert.ok((await carry(push, pull, floats)).equals(Buffer.from(floats.buffer)));
    const view = new DataView(backing.buffer, 2, 3);
    assert.equal([...(await carry(push, pull, view))], [2, 3, 4]);
  }));

test('an array of parts is gathered into one message', () =>
  withSockets({ pull: 'pull', push: 'push' }, async ({ pull, push }) => {
    connect(pull, push, uniqueUrl('inproc'));
    const big = Buffer.alloc(3000, 0x41);
    const got = await carry(push, pull, ['head:', Buffer.from([1, 2, 3]), new Uint8Array([4]).buffer, '', big, 'ü']);
    assert.ok(got.equals(Buffer.concat([Buffer.from('head:'), Buffer.from([1, 2, 3, 4]), big, Buffer.from('ü')])));
    assert.is((await carry(push, pull, [])).length, 0);
  }));

test('empty messages and sizes around the copy threshold arrive byte-exact', () =>
  withSockets({ pull: 'pull', push: 'push' }, async ({ pull, push }) => {
    connect(pull, push, uniqueUrl('ipc'));
    assert.is((await carry(push, pull, '')).length, 0);
    assert.is((await carry(push, pull, Buffer.alloc(0))).length, 0);
    for (const size of [1, 1023, 1024, 1025, 65536, 1 << 20]) {
      const data = randomFillSync(Buffer.alloc(size));
      const got = await carry(push, pull, data);
      assert.is(got.length, size);
      assert.ok(got.equals(data), `${size} bytes`);
    }
  }));

test('received Buffers stay valid after their socket closes and garbage is collected', async () => {
  let kept: Buffer[] = [];
  const expected: string[] = [];
  await withSockets({ pull: 'pull', push: 'push' }, async ({ pull, push }) => {
    connect(pull, push, uniqueUrl('inproc'));
    for (let i = 0; i < 20; i++) {
      const data = randomFillSync(Buffer.alloc(i % 2 ? 100 : 70000));
      expected.push(sha256(data));
      kept.push(await carry(push, pull, data));
    }
  });
  // Drop half, collect, and check the rest were not freed with them or with the socket.
  kept = kept.filter((_, i) => i % 4 < 2);
  const keptExpected = expected.filter((_, i) => i % 4 < 2);
  await collectGarbage();
  assert.equal(kept.map(sha256), keptExpected);
});

test('a message over recvSizeMax is dropped; smaller ones after it still arrive', () =>
  withSockets({ pull: ['pull', { recvSizeMax: 1024 }], push: ['push', { reconnectTimeMin: 10, reconnectTimeMax: 50 }] }, async ({ pull, push }) => {
    const removed = (socket: NngSocket) =>
      handled(withTimeout(
        new Promise<void>((resolve) => socket.onPipe((event) => event === 'remove' && resolve())),
        5000,
        `${socket.protocol} sees the connection that carried too much dropped`,
      ));
    const dropped = Promise.all([removed(pull), removed(push)]);
    const listener = pull.listen(uniqueUrl('tcp'));
    push.dial(listener.url, { block: true });
    const receiving = handled(pull.recv({ timeout: 5000 }));
    await push.send(Buffer.alloc(4096, 1));
    // NNG's tcp transport closes a pipe that brings an oversized message; once the sender
    // has seen it go, its next message waits for the reconnection.
    await dropped;
    await push.send('small');
    assert.is((await withTimeout(receiving, 6000, 'small message')).toString(), 'small');
    await expectNngError(pull.recv({ timeout: 50 }), 5, 'nothing else arrived');
  }));

// --- many and big (many first, so that the big one's memory does not blur the samples) ---------------------------------------------------------------------------------

test('1,000,000 small round trips hold memory steady', async () => {
  const total = 1_000_000;
  const concurrency = 256;
  const sampleEvery = 100_000;
  const samples: Array<{ done: number; rssMb: number }> = [];
  let servers: Promise<number>[] = [];
  await withPair('inproc', async ({ req, rep }) => {
    servers = Array.from({ length: concurrency }, () => serve(rep.context(), (request) => request));
    let started = 0;
    let done = 0;
    let nextSample = sampleEvery;
    let sampling: Promise<void> = Promise.resolve();
    const startedAt = Date.now();
    const client = async (ctx: NngContext) => {
      while (started < total) {
        const n = started++;
        const body = `${n}`;
        const reply = await ctx.request(body);
        if (reply.toString() !== body) throw new Error(`request ${n} got ${reply.toString()}`);
        if (++done === nextSample) {
          nextSample += sampleEvery;
          const at = done;
          sampling = sampling.then(async () => {
            gc();
            samples.push({ done: at, rssMb: process.memoryUsage().rss / 2 ** 20 });
          });
        }
      }
    };
    await withTimeout(
      Promise.all(Array.from({ length: concurrency }, () => client(req.context()))),
      180000,
      '1,000,000 round trips',
    );
    await sampling;
    const seconds = (Date.now() - startedAt) / 1000;
    assert.is(done, total);
    assert.is(samples.length, total / sampleEvery);
    // The first sample is the warm-up: pools, caches and JIT settle in the first 100k.
    const baseline = samples[0].rssMb;
    const peak = Math.max(...samples.slice(1).map((s) => s.rssMb));
    console.log(
      `    (1M round trips in ${seconds.toFixed(1)} s, ${Math.round(total / seconds)}/s; ` +
        `RSS MB: ${samples.map((s) => s.rssMb.toFixed(0)).join(' ')}; growth after warm-up ${(peak - baseline).toFixed(1)} MB)`,
    );
    assert.ok(peak - baseline < 64, `RSS grew ${(peak - baseline).toFixed(1)} MB after warm-up`);
  });
  await withTimeout(Promise.all(servers), 5000, 'echo contexts end on close');
});

test('a 100 MB message makes a round trip byte-exact', () =>
  withPair('ipc', async ({ req, rep }) => {
    const size = 100 * 1024 * 1024;
    const payload = randomFillSync(Buffer.allocUnsafe(size));
    const digest = sha256(payload);
    const regions = [0, size / 2, size - 4096].map((at) => sha256(payload.subarray(at, at + 4096)));
    const started = Date.now();
    const ctx = req.context();
    const reply = handled(ctx.request(payload, { timeout: 60000 }));
    const request = await withTimeout(rep.recv(), 60000, '100 MB request');
    assert.is(request.length, size);
    await rep.send(request, { transfer: true }); // echo without a copy
    const echoed = await withTimeout(reply, 60000, '100 MB reply');
    const ms = Date.now() - started;
    assert.is(echoed.length, size);
    assert.equal([0, size / 2, size - 4096].map((at) => sha256(echoed.subarray(at, at + 4096))), regions);
    assert.is(sha256(echoed), digest);
    console.log(`    (100 MB round trip over ipc: ${ms} ms)`);
  }));

// --- storage kept for reuse ---------------------------------------------------------------------

/** Minor page faults of this process so far: every first touch of a fresh page is one. */
const minorFaults = (): number => process.resourceUsage().minorPageFault;

/** Echoes each payload once over `req`/`rep` (the reply is the request itself, sent back
 * without a copy) and checks it comes back byte-exact; the minor page faults this took. */
async function echoFaults(req: NngSocket, rep: NngSocket, payloads: Buffer[]): Promise<number> {
  const before = minorFaults();
  const ctx = req.context();
  try {
    for (const payload of payloads) {
      const reply = handled(ctx.request(payload, { timeout: 20000 }));
      await rep.send(await withTimeout(rep.recv(), 20000, 'request'), { transfer: true });
      const echoed = await withTimeout(reply, 20000, 'reply');
      assert.is(echoed.length, payload.length);
      assert.ok(echoed.equals(payload), `${payload.length} bytes of ${payload[0]} came back as they went`);
    }
  } finally {
    ctx.close();
  }
  return minorFaults() - before;
}

test('reuseMessageStorage: large messages take the storage of freed ones (far fewer fresh pages) and arrive byte-exact', () =>
  withPair('ipc', async ({ req, rep }) => {
    // Above glibc's largest mmap threshold (32 MiB), so that without reuse each one is fresh
    // pages; sizes a little apart, and contents of their own, so that stale bytes would show.
    const payloads = [1, 2, 3, 4].map((i) => Buffer.alloc(40 * 1024 * 1024 - i * 4099, i));
    try {
      reuseMessageStorage(0);
      await echoFaults(req, rep, payloads);
      const fresh = await echoFaults(req, rep, payloads);
      reuseMessageStorage(256 * 1024 * 1024);
      await echoFaults(req, rep, payloads);
      const reused = await echoFaults(req, rep, payloads);
      console.log(`    (4 round trips of 40 MiB: ${fresh} page faults fresh, ${reused} reusing storage)`);
      if (!hugePagesAlways()) assert.ok(reused < fresh * 0.6, `reusing storage took ${reused} page faults, against ${fresh} without`);
    } finally {
      reuseMessageStorage(0);
    }
  }));

test('reuseMessageStorage refuses anything but a whole number of bytes', () => {
  assert.throws(() => reuseMessageStorage(-1), (e: unknown) => e instanceof RangeError && /bytes must be an integer 0 or greater, got -1/.test(e.message));
  assert.throws(() => reuseMessageStorage(1.5), (e: unknown) => e instanceof RangeError && /bytes/.test(e.message));
  assert.throws(() => reuseMessageStorage('1' as unknown as number), (e: unknown) => e instanceof TypeError && /bytes must be a number, got/.test(e.message));
});

test.run();
