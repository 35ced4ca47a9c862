// A hand-written pool over child_process.fork: one task at a time per child, the rest waiting
// in a FIFO in the host, with JSON or 'advanced' (structured clone) serialisation.
'use strict';

const { fork } = require('node:child_process');
const path = require('node:path');
const { Fifo } = require('../fifo');
const { stopChild } = require('../children');

const CHILD = path.join(__dirname, '..', 'workers', 'fork-child.js');

function startPool(workers, serialization) {
  const pool = { serialization, idle: [], children: [], queue: new Fifo(), jobs: new Map(), nextId: 1 };
  for (let i = 0; i < workers; i++) {
    const child = fork(CHILD, [], { serialization, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (reply) => onReply(pool, child, reply));
    child.once('exit', (code, signal) => failAll(pool, `a fork-pool child exited (${signal ?? code})`));
    pool.children.push(child);
    pool.idle.push(child);
  }
  return pool;
}

function submit(pool, task, arg) {
  return new Promise((resolve, reject) => {
    pool.queue.push({ task, arg, resolve, reject });
    dispatch(pool);
  });
}

function dispatch(pool) {
  while (pool.idle.length > 0 && pool.queue.length > 0) {
    const child = pool.idle.pop();
    const job = pool.queue.take();
    const id = pool.nextId++;
    pool.jobs.set(id, job);
    child.send({ id, task: job.task, arg: job.arg });
  }
}

function onReply(pool, child, { id, value, error }) {
  const job = pool.jobs.get(id);
  pool.jobs.delete(id);
  pool.idle.push(child);
  dispatch(pool);
  if (error === undefined) job.resolve(value);
  else job.reject(new Error(error));
}

function failAll(pool, message) {
  if (pool.stopping) return;
  for (const job of pool.jobs.values()) job.reject(new Error(message));
  pool.jobs.clear();
}

async function stopPool(pool) {
  pool.stopping = true;
  await Promise.all(pool.children.map((child) => stopChild(child)));
}

function adapter(serialization) {
  const json = serialization === 'json';
  return {
    id: `fork-${serialization}`,
    label: `fork pool (${serialization})`,
    supports: ['startup', 'shutdown', 'latency', 'throughput', 'rss', 'echo', 'map', 'mixed'],
    notes: json ? 'hand-written child_process.fork pool, JSON: Buffers sent as base64' : "hand-written child_process.fork pool, serialization: 'advanced'",
    load: () => null,
    start: (_, workers) => startPool(workers, serialization),
    run: json ? runJson : submit,
    stop: stopPool,
  };
}

function runJson(pool, task, arg) {
  if (task !== 'echo') return submit(pool, task, arg);
  return submit(pool, 'echoBase64', arg.toString('base64')).then((text) => Buffer.from(text, 'base64'));
}

module.exports = { json: adapter('json'), advanced: adapter('advanced') };
