// The tools under test, in report order. Each is loaded only by the host process that runs it,
// so no tool's modules or threads sit in another's measurements.
'use strict';

/** id → [module, export] (export null: the module itself). */
const TOOLS = {
  'mirai-direct': ['./mirai', 'direct'],
  mirai: ['./mirai', 'dispatcher'],
  'mirai-ephemeral': ['./mirai', 'ephemeral'],
  piscina: ['./piscina', null],
  tinypool: ['./tinypool', null],
  'workerpool-thread': ['./workerpool', 'thread'],
  'workerpool-process': ['./workerpool', 'process'],
  'fork-json': ['./fork', 'json'],
  'fork-advanced': ['./fork', 'advanced'],
  binding: ['./binding', null],
  floor: ['./floor', null],
};

/** The reference every ratio is taken against, and the floor where it has the workload. */
const REFERENCE = 'mirai-direct';
const FLOOR = 'floor';

function loadTool(id) {
  const entry = TOOLS[id];
  if (!entry) throw new RangeError(`unknown tool '${id}'; known: ${Object.keys(TOOLS).join(', ')}`);
  const mod = require(entry[0]);
  return entry[1] === null ? mod : mod[entry[1]];
}

module.exports = { TOOLS, REFERENCE, FLOOR, loadTool, toolIds: () => Object.keys(TOOLS) };
