// The binding's raw request/reply from JavaScript: a req socket listens, as a host does, and
// forked rep echo children (bench/nng-echo.js, one context each) dial in. No task, no
// serialisation: the floor of mirai's JavaScript side.
'use strict';

const { fork } = require('node:child_process');
const path = require('node:path');
const { Fifo } = require('../fifo');
const { localAddress, stopChild } = require('../children');

const ROOT = path.join(__dirname, '..', '..');
const ECHO = path.join(__dirname, '..', 'nng-echo.js');
/** Requests in flight at most, as the C floor keeps; more wait in a FIFO here. */
const WINDOW = 64;
/** A trivial task is a 100-byte message carrying its argument, as the C floor sends 100 bytes. */
const TRIVIAL_BYTES = 100;
const CONNECT_MS = 30_000;

async function startPool(addon, workers) {
  const sock = new addon.Socket('req');
  sock.setOption('recv-size-max', 0);
  const connected = countPipes(sock, workers);
  const listener = new addon.Listener(sock, localAddress('binding'));
  const children = Array.from({ length: workers }, () => fork(ECHO, [listener.url, '1', 'dial']));
  const free = Array.from({ length: WINDOW }, () => new addon.Context(sock));
  const pool = { sock, listener, children, contexts: free.slice(), free, queue: new Fifo() };
  try {
    await connected;
  } catch (error) {
    await stopPool(pool);
    throw error;
  }
  return pool;
}

// Resolves once `n` peers are connected; rejects after CONNECT_MS.
function countPipes(sock, n) {
  return new Promise((resolve, reject) => {
    let pipes = 0;
    const timer = setTimeout(() => reject(new Error(`only ${pipes} of ${n} echo children connected`)), CONNECT_MS);
    sock.onPipe((event) => {
      pipes += event === 'add' ? 1 : -1;
      if (pipes < n) return;
      clearTimeout(timer);
      sock.onPipe(null);
      resolve();
    });
  });
}

function run(pool, task, arg) {
  const trivial = task === 'trivial';
  const data = trivial ? encodeNumber(arg) : arg;
  return new Promise((resolve, reject) => {
    pool.queue.push({ data, resolve: trivial ? (reply) => resolve(reply.readDoubleLE(0)) : resolve, reject });
    pump(pool);
  });
}

function pump(pool) {
  while (pool.free.length > 0 && pool.queue.length > 0) {
    const ctx = pool.free.pop();
    const job = pool.queue.take();
    ctx.request(job.data).then(
      (reply) => finish(pool, ctx, () => job.resolve(reply)),
      (error) => finish(pool, ctx, () => job.reject(error)),
    );
  }
}

function finish(pool, ctx, settle) {
  pool.free.push(ctx);
  pump(pool);
  settle();
}

function encodeNumber(x) {
  const buffer = Buffer.alloc(TRIVIAL_BYTES);
  buffer.writeDoubleLE(x, 0);
  return buffer;
}

async function stopPool(pool) {
  pool.contexts.forEach((ctx) => ctx.close());
  pool.listener.close();
  pool.sock.close();
  await Promise.all(pool.children.map((child) => stopChild(child)));
}

module.exports = {
  id: 'binding',
  label: 'binding req/rep (JS)',
  supports: ['startup', 'shutdown', 'latency', 'throughput', 'echo'],
  notes: `the addon's Socket/Context from JS: 100-byte requests, up to ${WINDOW} in flight, rep echo children with one context each`,
  load: () => require('node-gyp-build')(ROOT),
  start: startPool,
  run,
  stop: stopPool,
};
