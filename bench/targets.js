// The targets issue 12 sets, checked against this run's medians.
'use strict';

const times = (x) => `${x.toFixed(2)}×`;
const ms = (x) => `${Math.round(x)} ms`;

function cell(cells, metric, tool) {
  return cells[metric]?.[tool];
}

function ratioOf(cells, metric, tool, other) {
  const a = cell(cells, metric, tool)?.median;
  const b = cell(cells, metric, other)?.median;
  return a !== undefined && b ? a / b : undefined;
}

/** Each target: text, value (undefined if not measured), whether met, and how to show it. */
function checkTargets(cells) {
  const list = [
    ['round trip (median), no dispatcher ÷ C floor ≤ 1.15', ratioOf(cells, 'latency_median', 'mirai-direct', 'floor'), (v) => v <= 1.15, times],
    ['throughput (smaller count), no dispatcher ÷ C floor ≥ 1.0', ratioOf(cells, 'tput_small', 'mirai-direct', 'floor'), (v) => v >= 1, times],
    ['throughput (larger count), no dispatcher ÷ C floor ≥ 1.0', ratioOf(cells, 'tput_large', 'mirai-direct', 'floor'), (v) => v >= 1, times],
    ['throughput (smaller count), no dispatcher ÷ piscina ≥ 1.0', ratioOf(cells, 'tput_small', 'mirai-direct', 'piscina'), (v) => v >= 1, times],
    ['throughput (larger count), no dispatcher ÷ piscina ≥ 1.0', ratioOf(cells, 'tput_large', 'mirai-direct', 'piscina'), (v) => v >= 1, times],
    ['throughput (smaller count), dispatcher ÷ no dispatcher ≥ 0.8', ratioOf(cells, 'tput_small', 'mirai', 'mirai-direct'), (v) => v >= 0.8, times],
    ['throughput (larger count), dispatcher ÷ no dispatcher ≥ 0.8', ratioOf(cells, 'tput_large', 'mirai', 'mirai-direct'), (v) => v >= 0.8, times],
    ['100 MB echo, no dispatcher ÷ C floor ≥ 0.9', ratioOf(cells, 'echo_large', 'mirai-direct', 'floor'), (v) => v >= 0.9, times],
    ['start-up of `daemons(2)` (dispatcher) to first result ≤ 150 ms', cell(cells, 'startup', 'mirai')?.median, (v) => v <= 150, ms],
    ['start-up of `daemons(2, { dispatcher: false })` to first result ≤ 150 ms', cell(cells, 'startup', 'mirai-direct')?.median, (v) => v <= 150, ms],
  ];
  // Measured only where the machine sets NODE_EXTRA_CA_CERTS (bench/run-host.js).
  if (cells.startup_clean) {
    list.push(
      ['start-up of `daemons(2)` (dispatcher), NODE_EXTRA_CA_CERTS unset, ≤ 150 ms', cell(cells, 'startup_clean', 'mirai')?.median, (v) => v <= 150, ms],
      ['start-up of `daemons(2, { dispatcher: false })`, NODE_EXTRA_CA_CERTS unset, ≤ 150 ms', cell(cells, 'startup_clean', 'mirai-direct')?.median, (v) => v <= 150, ms],
    );
  }
  return list.map(([text, value, test, format]) => ({ text, value, met: value !== undefined && test(value), format }));
}

module.exports = { checkTargets };
