// piscina: worker threads, one task at a time per thread, a FIFO queue in the host.
'use strict';

const path = require('node:path');

const WORKER = path.join(__dirname, '..', 'workers', 'thread.js');

module.exports = {
  id: 'piscina',
  label: 'piscina',
  supports: ['startup', 'shutdown', 'latency', 'throughput', 'rss', 'echo', 'map', 'mixed'],
  notes: 'worker threads; Buffers copied by structured clone',
  load: () => require('piscina'),
  start: (lib, workers) => new lib.Piscina({ filename: WORKER, minThreads: workers, maxThreads: workers }),
  run: (pool, task, arg) => pool.run(arg, { name: task }),
  stop: (pool) => pool.destroy(),
};
