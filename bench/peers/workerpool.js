// workerpool, as worker threads and as child processes (JSON over the IPC channel).
'use strict';

const path = require('node:path');

const SCRIPT = path.join(__dirname, '..', 'workers', 'workerpool.js');

function adapter(workerType) {
  const json = workerType === 'process';
  return {
    id: `workerpool-${workerType}`,
    label: `workerpool ${workerType}`,
    supports: ['startup', 'shutdown', 'latency', 'throughput', 'rss', 'echo', 'map', 'mixed'],
    notes: json ? 'child processes, JSON messages: Buffers sent as base64' : 'worker threads; Buffers copied by structured clone',
    load: () => require('workerpool'),
    start: (lib, workers) => lib.pool(SCRIPT, { minWorkers: workers, maxWorkers: workers, workerType }),
    run: json ? runJson : (pool, task, arg) => pool.exec(task, [arg]),
    stop: (pool) => pool.terminate(),
  };
}

function runJson(pool, task, arg) {
  if (task !== 'echo') return pool.exec(task, [arg]);
  return pool.exec('echoBase64', [arg.toString('base64')]).then((text) => Buffer.from(text, 'base64'));
}

module.exports = { thread: adapter('thread'), process: adapter('process') };
