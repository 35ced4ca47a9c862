// One tool's run, in a process of its own (forked by bench/index.js): start-up, the workloads in
// a fixed order, shutdown. Each figure goes to the parent as soon as it is known.
//
// usage (forked): host.js <tool> <plan JSON> [floor executable]
'use strict';

const { loadTool } = require('./peers');
const { mixedDurations, poolDriver } = require('./workloads');
const { descendants, treeCpuTicks, cpuSecondsBetween } = require('./proctree');

class StepTimeout extends Error {}

async function main() {
  const [toolId, planJson, floorExe] = process.argv.slice(2);
  const plan = JSON.parse(planJson);
  const tool = loadTool(toolId);
  const driver = tool.driver ? tool.driver(floorExe, plan.workers, plan.stepTimeoutMs) : poolDriver(tool, plan.workers);
  const steps = stepsFor(tool, plan, driver);
  const shutdown = steps[steps.length - 1];
  for (const step of steps) {
    const error = await runStep(step, plan.stepTimeoutMs);
    // Without a pool, or after a time-out (its state unknown), only shutdown is still tried.
    if (error && step !== shutdown && (step.name === 'startup' || error instanceof StepTimeout)) {
      await runStep(shutdown, plan.stepTimeoutMs);
      break;
    }
  }
  reportLeftovers();
}

/** The workloads the tool supports, in order; shutdown last. */
function stepsFor(tool, plan, driver) {
  const has = (w) => tool.supports.includes(w);
  const latencyCounts = tool.spawnsPerTask ? plan.spawnLatency : plan.latency;
  const [small, large] = plan.throughput;
  const [echoSmall, echoLarge] = plan.echo;
  // A start-up-only run (bench/run-host.js) reports its start-up alone.
  const timesShutdown = has('shutdown') && !plan.startupOnly;
  const shutdown = { name: 'shutdown', run: async () => (timesShutdown ? { shutdown: await driver.shutdown() } : (await driver.shutdown(), {})) };
  const steps = [{ name: 'startup', run: async () => ({ startup: await driver.startup() }) }];
  if (plan.startupOnly) return [...steps, shutdown];
  if (has('latency')) steps.push({ name: 'latency', run: async () => prefix('latency_', await driver.latency(latencyCounts)) });
  if (has('throughput')) {
    steps.push({ name: 'tput_small', run: async () => withCpu('small', small, () => driver.throughput(small), (v) => ({ tput_small: v })) });
    steps.push({ name: 'tput_large', run: async () => tputAndRss(driver, large, has('rss')) });
  }
  if (has('echo')) {
    steps.push({ name: 'echo_small', run: async () => ({ echo_small: await driver.echo(echoSmall.size, echoSmall.rounds, echoSmall.warmup) }) });
    steps.push({ name: 'echo_large', run: async () => ({ echo_large: await driver.echo(echoLarge.size, echoLarge.rounds, echoLarge.warmup) }) });
  }
  if (has('map')) {
    steps.push({ name: 'map', run: async () => ({ map: await driver.map(plan.map, 'auto') }) });
    // Tools that chunk a map (mirai) also run it one element per task.
    if (tool.map) steps.push({ name: 'map_plain', run: async () => ({ map_plain: await driver.map(plan.map, 1) }) });
  }
  if (has('mixed')) steps.push({ name: 'mixed', run: async () => ({ mixed: await driver.mixed(mixedDurations(plan)) }) });
  steps.push(shutdown);
  return steps;
}

// The peak is read right after the queue drains, before anything else can raise it.
async function tputAndRss(driver, n, rss) {
  const out = await withCpu('large', n, () => driver.throughput(n), (v) => ({ tput_large: v }));
  if (rss) out.rss = driver.rss();
  return out;
}

/** Runs a throughput step and adds the CPU it cost per task (µs, user + system, of this host
 * and every process under it: workers, daemons, a C program) as `cpu_<size>`. */
async function withCpu(size, n, measure, figures) {
  const before = treeCpuTicks(process.pid);
  const out = figures(await measure());
  out[`cpu_${size}`] = (cpuSecondsBetween(before, treeCpuTicks(process.pid)) * 1e6) / n;
  return out;
}

function prefix(head, obj) {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [head + k, v]));
}

/** Runs one step within `ms`; sends its figures, or its failure. Returns the error, if any. */
async function runStep(step, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`${step.name} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    const figures = await Promise.race([step.run(), timeout]);
    send({ type: 'figures', figures });
    return null;
  } catch (error) {
    send({ type: 'failure', step: step.name, message: error instanceof Error ? error.message : String(error) });
    return error;
  } finally {
    clearTimeout(timer);
  }
}

// After shutdown, nothing this tool started may still run.
function reportLeftovers() {
  const left = descendants(process.pid);
  if (left.length > 0) send({ type: 'leftover', pids: left });
}

function send(message) {
  process.send(message);
}

/** Exit code when something the tool left keeps this process alive after its shutdown. */
const STUCK = 3;

main()
  .catch((error) => send({ type: 'failure', step: 'host', message: error.stack ?? String(error) }))
  .finally(() => {
    process.disconnect();
    setTimeout(() => process.exit(STUCK), 3000).unref();
  });
