// mirai itself, three ways: with dispatcher (FIFO), without (round robin), and ephemeral
// (a fresh process per task, with no daemons set).
'use strict';

const path = require('node:path');
const tasks = require('../tasks');

const PACKAGE = path.join(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
const ALL = ['startup', 'shutdown', 'latency', 'throughput', 'rss', 'echo', 'map', 'mixed'];

function daemonsAdapter(id, label, dispatcher) {
  return {
    id,
    label,
    supports: ALL,
    notes: dispatcher ? 'daemons(2): FIFO dispatch by the native broker (NNG threads), managed from a worker thread' : 'daemons(2, { dispatcher: false }): round robin',
    load: () => require(PACKAGE),
    async start(lib, workers) {
      await lib.daemons(workers, { dispatcher });
      return lib;
    },
    run: (lib, task, arg) => lib.mirai(tasks[task], undefined, { args: [arg] }),
    map: (lib, task, elements, chunk) => lib.miraiMap(elements, tasks[task], { chunk }).collect(),
    stop: (lib) => lib.daemons(0),
  };
}

const ephemeral = {
  id: 'mirai-ephemeral',
  spawnsPerTask: true,
  label: 'mirai ephemeral',
  supports: ['startup', 'latency'],
  notes: 'no daemons: each mirai() spawns a process for that task alone',
  load: () => require(PACKAGE),
  async start(lib) {
    await lib.daemons(0);
    return lib;
  },
  run: (lib, task, arg) => lib.mirai(tasks[task], undefined, { args: [arg] }),
  async stop() {},
};

module.exports = {
  dispatcher: daemonsAdapter('mirai', 'mirai (dispatcher)', true),
  direct: daemonsAdapter('mirai-direct', 'mirai (no dispatcher)', false),
  ephemeral,
};
