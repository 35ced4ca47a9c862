// tinypool: worker threads (piscina's design, trimmed), FIFO queue in the host.
'use strict';

const path = require('node:path');

const WORKER = path.join(__dirname, '..', 'workers', 'thread.js');

module.exports = {
  id: 'tinypool',
  label: 'tinypool',
  supports: ['startup', 'shutdown', 'latency', 'throughput', 'rss', 'echo', 'map', 'mixed'],
  notes: 'worker threads; Buffers copied by structured clone',
  load: () => require('tinypool'),
  start: (lib, workers) => new lib.Tinypool({ filename: WORKER, minThreads: workers, maxThreads: workers }),
  run: (pool, task, arg) => pool.run(arg, { name: task }),
  stop: (pool) => pool.destroy(),
};
