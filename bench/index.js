// `npm run bench`: mirai against its peers and its floors, in one run on one machine.
//
// usage: node bench/index.js [--quick] [--tools=a,b,...] [--reps=N] [--node PATH]
// --node runs each tool's host (and so its workers and daemons) on the Node at PATH.
// Writes bench/results/latest.{md,svg,json} (a --quick run: quick.{md,svg,json}); with --node,
// latest.node<major>.* (or quick.node<major>.*).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureFloor } = require('./floor-build');
const { describeMachine, EXTRA_CA } = require('./machine');
const { toolIds, loadTool, REFERENCE, FLOOR } = require('./peers');
const { planFor, metricsFor, idealMixedMs } = require('./workloads');
const { runHost, runCleanStartup, killCurrent } = require('./run-host');
const { summarise } = require('./summary');
const { checkTargets } = require('./targets');
const { formatReport } = require('./report');
const { renderChart } = require('./chart');

const RESULTS = path.join(__dirname, 'results');

async function main() {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const options = readOptions(process.argv.slice(2));
  const machine = describeMachine(options.node); // before the run: the revision measured, not a later one
  const plan = planFor(options.quick);
  if (options.reps) plan.reps = options.reps;
  plan.cleanStartup = process.env[EXTRA_CA] !== undefined;
  const floorExe = ensureFloor();
  const runs = await runAll(options.tools, plan, floorExe, options.node);
  const ctx = assemble(options.tools, plan, runs, machine, (Date.now() - started) / 1000);
  ctx.load = [loadAtStart, os.loadavg()[0]];
  // A run with --node keeps its own files, beside those of the machine's Node, to compare them.
  const suffix = options.nodeGiven ? `.node${machine.node.replace(/^v/, '').split('.')[0]}` : '';
  writeOutputs(`${options.quick ? 'quick' : 'latest'}${suffix}`, ctx, runs);
}

function readOptions(argv) {
  const options = { quick: false, tools: toolIds(), reps: undefined, node: process.execPath };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg.startsWith('--tools=')) options.tools = arg.slice(8).split(',').filter(Boolean);
    else if (arg.startsWith('--reps=')) options.reps = positiveInteger(arg.slice(7), '--reps');
    else if (arg.startsWith('--node=')) Object.assign(options, { node: nodeExecutable(arg.slice(7)), nodeGiven: true });
    else if (arg === '--node') Object.assign(options, { node: nodeExecutable(argv[++i]), nodeGiven: true });
    else throw new TypeError(`unknown argument '${arg}'; usage: bench/index.js [--quick] [--tools=a,b] [--reps=N] [--node PATH]`);
  }
  options.tools.forEach(loadTool); // unknown names fail here, before anything runs
  return options;
}

/** An absolute path to a Node that runs: checked here, before any tool starts. */
function nodeExecutable(given) {
  if (!given) throw new TypeError('--node needs the path of a Node executable');
  const file = path.resolve(given);
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new TypeError(`--node: ${file} is not an executable file`);
  }
  return file;
}

function positiveInteger(text, what) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} must be a positive integer, got '${text}'`);
  return n;
}

// Repetitions outermost, so drift in the machine's load spreads over every tool alike.
async function runAll(tools, plan, floorExe, node) {
  const runs = Object.fromEntries(tools.map((t) => [t, []]));
  const hostTimeoutMs = plan.stepTimeoutMs * 3;
  for (let rep = 1; rep <= plan.reps; rep++) {
    for (const tool of tools) {
      const t0 = Date.now();
      const run = await runHost(tool, plan, floorExe, hostTimeoutMs, node);
      if (plan.cleanStartup) merge(run, await runCleanStartup(tool, plan, floorExe, hostTimeoutMs, node));
      runs[tool].push(run);
      const trouble = run.failures.length + run.notes.length ? ` (${run.failures.length} failure(s), ${run.notes.length} note(s))` : '';
      process.stderr.write(`[${rep}/${plan.reps}] ${tool}: ${((Date.now() - t0) / 1000).toFixed(1)} s${trouble}\n`);
    }
  }
  return runs;
}

function merge(run, extra) {
  Object.assign(run.figures, extra.figures);
  run.failures.push(...extra.failures);
  run.notes.push(...extra.notes);
}

function assemble(tools, plan, runs, machine, wallSeconds) {
  const metrics = metricsFor(plan);
  const adapters = Object.fromEntries(tools.map((t) => [t, loadTool(t)]));
  return {
    date: new Date(),
    plan,
    machine,
    metrics,
    cells: summarise(runs, metrics, REFERENCE, FLOOR),
    tools,
    labels: Object.fromEntries(tools.map((t) => [t, adapters[t].label])),
    toolInfo: Object.fromEntries(tools.map((t) => [t, adapters[t].notes])),
    notes: collectNotes(runs, adapters),
    wallSeconds,
  };
}

function collectNotes(runs, adapters) {
  const notes = [];
  for (const [tool, reps] of Object.entries(runs)) {
    reps.forEach((run, i) => {
      for (const f of run.failures) notes.push(`${adapters[tool].label}, repetition ${i + 1}: ${f.step} failed: ${f.message}`);
      for (const n of run.notes) notes.push(`${adapters[tool].label}, repetition ${i + 1}: ${n}`);
    });
  }
  return notes;
}

function writeOutputs(name, ctx, runs) {
  ctx.targets = checkTargets(ctx.cells, idealMixedMs(ctx.plan), ctx.plan.quick);
  const report = formatReport(ctx);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `${name}.md`), report);
  fs.writeFileSync(path.join(RESULTS, `${name}.svg`), renderChart(ctx));
  fs.writeFileSync(path.join(RESULTS, `${name}.json`), JSON.stringify({ date: ctx.date, plan: ctx.plan, machine: ctx.machine, runs }, null, 1));
  process.stdout.write(report);
  process.stderr.write(`wrote ${path.join(RESULTS, name)}.{md,svg,json}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killCurrent();
    process.exit(130);
  });
}

main().catch((error) => {
  killCurrent();
  console.error(error);
  process.exit(1);
});
