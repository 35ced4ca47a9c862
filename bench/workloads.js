// The workloads: what is run, how often, and how each is measured on a pool of workers.
'use strict';

const { quantile } = require('./stats');
const { seeded, shuffle } = require('./random');
const { treeHighWaterMb } = require('./proctree');

const MB = 1e6;

/** Counts for a full run or a --quick smoke run. */
function planFor(quick) {
  return {
    quick,
    reps: quick ? 1 : 3,
    workers: 2,
    latency: quick ? { warmup: 50, count: 300 } : { warmup: 200, count: 2000 },
    // Tools that spawn a process per task (mirai ephemeral) get a few round trips only.
    spawnLatency: quick ? { warmup: 0, count: 3 } : { warmup: 1, count: 10 },
    throughput: quick ? [2000, 10000] : [10000, 100000],
    echo: [
      { size: 10 * MB, rounds: quick ? 2 : 10, warmup: 1 },
      { size: 100 * MB, rounds: quick ? 1 : 3, warmup: 0 },
    ],
    mixed: { long: 10, longMs: 200, short: 190, shortMs: 1, seed: 0x6d697261 },
    // A map of tiny elements: pools run one task per element; mirai runs miraiMap, chunked
    // ('auto', its default) and one element per task.
    map: quick ? 20000 : 100000,
    stepTimeoutMs: quick ? 60_000 : 240_000,
  };
}

/** Each reported figure: id, label, unit, and which way is better. */
function metricsFor(plan) {
  const [small, large] = plan.throughput;
  const [echoSmall, echoLarge] = plan.echo;
  const ideal = idealMixedMs(plan);
  return [
    { id: 'latency_median', workload: 'latency', label: 'round trip, trivial task: median', unit: 'µs', better: 'lower' },
    { id: 'latency_p99', workload: 'latency', label: 'round trip, trivial task: p99', unit: 'µs', better: 'lower' },
    { id: 'tput_small', workload: 'throughput', label: `throughput, ${count(small)} trivial tasks`, unit: 'tasks/s', better: 'higher' },
    { id: 'tput_large', workload: 'throughput', label: `throughput, ${count(large)} trivial tasks`, unit: 'tasks/s', better: 'higher' },
    { id: 'cpu_small', workload: 'throughput', label: `CPU per task (user + system, host and workers), ${count(small)} tasks`, unit: 'µs', better: 'lower' },
    { id: 'cpu_large', workload: 'throughput', label: `CPU per task (user + system, host and workers), ${count(large)} tasks`, unit: 'µs', better: 'lower' },
    { id: 'rss', workload: 'rss', label: `peak RSS of the process tree, ${count(large)} tasks queued`, unit: 'MB', better: 'lower' },
    { id: 'echo_small', workload: 'echo', label: `Buffer echo, ${echoSmall.size / MB} MB`, unit: 'MB/s', better: 'higher' },
    { id: 'echo_large', workload: 'echo', label: `Buffer echo, ${echoLarge.size / MB} MB`, unit: 'MB/s', better: 'higher' },
    { id: 'startup', workload: 'startup', label: 'start-up to first result', unit: 'ms', better: 'lower' },
    ...(plan.cleanStartup
      ? [{ id: 'startup_clean', workload: 'startup', label: 'start-up to first result, NODE_EXTRA_CA_CERTS unset', unit: 'ms', better: 'lower' }]
      : []),
    { id: 'shutdown', workload: 'shutdown', label: 'shutdown', unit: 'ms', better: 'lower' },
    { id: 'map', workload: 'map', label: `map of ${count(plan.map)} tiny elements, results in order (mirai: miraiMap, chunk 'auto')`, unit: 'elements/s', better: 'higher' },
    { id: 'map_plain', workload: 'map', label: `map of ${count(plan.map)} tiny elements, mirai: miraiMap with chunk 1 (one task per element)`, unit: 'elements/s', better: 'higher' },
    { id: 'mixed', workload: 'mixed', label: `mixed, ${plan.mixed.long + plan.mixed.short} tasks (ideal ${count(ideal)} ms)`, unit: 'ms', better: 'lower' },
  ];
}

function count(n) {
  return Math.round(n).toLocaleString('en-US');
}

/** The mixed workload's durations (ms) in their fixed, shuffled order. */
function mixedDurations(plan) {
  const { long, longMs, short, shortMs, seed } = plan.mixed;
  const durations = [...Array(long).fill(longMs), ...Array(short).fill(shortMs)];
  return shuffle(durations, seeded(seed));
}

/** Total work spread perfectly over the workers. */
function idealMixedMs(plan) {
  const { long, longMs, short, shortMs } = plan.mixed;
  return (long * longMs + short * shortMs) / plan.workers;
}

// --- measuring a pool ------------------------------------------------------------------------

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The measurements for a tool given as an adapter: load / start / run / stop (bench/peers). */
function poolDriver(adapter, workers) {
  let pool;
  const run = (task, arg) => adapter.run(pool, task, arg);
  return {
    async startup() {
      const lib = adapter.load();
      const t0 = nowMs();
      pool = await adapter.start(lib, workers);
      expectValue(await run('trivial', 1), 1);
      return nowMs() - t0;
    },
    latency: (counts) => latency(run, counts),
    throughput: (n) => throughput(run, n),
    rss: () => treeHighWaterMb(process.pid),
    echo: (size, rounds, warmup) => echo(run, size, rounds, warmup),
    mixed: (durations) => mixed(run, durations),
    map: (n, chunk) => map(adapter.map ? (elements) => adapter.map(pool, 'trivial', elements, chunk) : (elements) => Promise.all(elements.map((x) => run('trivial', x))), n),
    async shutdown() {
      const t0 = nowMs();
      await adapter.stop(pool);
      return nowMs() - t0;
    },
  };
}

async function latency(run, { warmup, count: n }) {
  for (let i = 0; i < warmup; i++) await run('trivial', i);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = nowMs();
    expectValue(await run('trivial', i), i);
    times[i] = (nowMs() - t0) * 1e3;
  }
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

// Everything is submitted at once; the clock stops at the last result.
async function throughput(run, n) {
  const t0 = nowMs();
  const pending = new Array(n);
  for (let i = 0; i < n; i++) pending[i] = run('trivial', i);
  const results = await Promise.all(pending);
  const seconds = (nowMs() - t0) / 1e3;
  expectValue(results[n - 1], n - 1);
  return n / seconds;
}

// Sequential round trips of one payload; MB/s counts the payload once per round trip.
async function echo(run, size, rounds, warmup) {
  const payload = Buffer.alloc(size, 0x6d);
  for (let i = 0; i < warmup; i++) expectLength(await run('echo', payload), size);
  const t0 = nowMs();
  for (let i = 0; i < rounds; i++) expectLength(await run('echo', payload), size);
  return (size * rounds) / MB / ((nowMs() - t0) / 1e3);
}

// Elements 0 … n-1 mapped at once, after a tenth as many to warm up; the clock stops when
// every result is back, in order.
async function map(mapAll, n) {
  const elements = Array.from({ length: n }, (_, i) => i);
  await mapAll(elements.slice(0, Math.ceil(n / 10)));
  const t0 = nowMs();
  const results = await mapAll(elements);
  const seconds = (nowMs() - t0) / 1e3;
  for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 100))) expectValue(results[i], i);
  expectValue(results[n - 1], n - 1);
  return n / seconds;
}

async function mixed(run, durations) {
  const t0 = nowMs();
  await Promise.all(durations.map((ms) => run('sleep', ms)));
  return nowMs() - t0;
}

function expectValue(got, want) {
  if (got !== want) throw new Error(`wrong result: expected ${want}, got ${String(got)}`);
}

function expectLength(got, size) {
  const length = got && got.byteLength;
  if (length !== size) throw new Error(`echo returned ${length} bytes, expected ${size}`);
}

module.exports = { planFor, metricsFor, mixedDurations, idealMixedMs, poolDriver };
