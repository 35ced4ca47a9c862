// The speed targets (issue 24, and issue 12's start-up), checked against this run's medians.
'use strict';

const times = (x) => `${x.toFixed(2)}×`;
const ms = (x) => `${Math.round(x)} ms`;

/** CPU per task (µs, host and daemons) of mirai before the speed work: medians of a full run
 * of this bench at 04a137c (bench/results/before-speed.md: the 2-core AMD VM, Node 24), the
 * figures the CPU target halves. Another machine or a --quick plan has other figures: the
 * target is checked on full runs only, and means most on that machine. */
const CPU_BEFORE = { 'mirai-direct': { cpu_small: 209, cpu_large: 129 }, mirai: { cpu_small: 306, cpu_large: 281 } };

function cell(cells, metric, tool) {
  return cells[metric]?.[tool];
}

function ratioOf(cells, metric, tool, other) {
  const a = cell(cells, metric, tool)?.median;
  const b = cell(cells, metric, other)?.median;
  return a !== undefined && b ? a / b : undefined;
}

function ratioTo(cells, metric, tool, value) {
  const a = cell(cells, metric, tool)?.median;
  return a !== undefined && value ? a / value : undefined;
}

/** p99 ÷ median of the round trip: how far the tail stands from the typical task. */
function tailOf(cells, tool) {
  return ratioTo(cells, 'latency_p99', tool, cell(cells, 'latency_median', tool)?.median);
}

const at = (ceiling) => (v) => v <= ceiling;
const least = (floor) => (v) => v >= floor;

/** Each target: text, value (undefined if not measured), whether met, and how to show it. */
function checkTargets(cells, ideal, quick = false) {
  const before = (tool, metric) => (quick ? undefined : CPU_BEFORE[tool][metric]);
  const list = [
    ['round trip (median), no dispatcher ÷ binding req/rep ≤ 1.3', ratioOf(cells, 'latency_median', 'mirai-direct', 'binding'), at(1.3), times],
    ['round trip (median), dispatcher ÷ no dispatcher ≤ 1.0', ratioOf(cells, 'latency_median', 'mirai', 'mirai-direct'), at(1), times],
    ['round trip (median), no dispatcher ÷ C floor ≤ 1.6 (R mirai 1.1.1 stands at about 1.6)', ratioOf(cells, 'latency_median', 'mirai-direct', 'floor'), at(1.6), times],
    ['round trip p99 ÷ median, no dispatcher ≤ 3', tailOf(cells, 'mirai-direct'), at(3), times],
    ['round trip p99 ÷ median, dispatcher ≤ 3', tailOf(cells, 'mirai'), at(3), times],
    ...['cpu_small', 'cpu_large'].flatMap((metric) => [
      [`CPU per task (${metric === 'cpu_small' ? 'smaller' : 'larger'} count), no dispatcher ÷ before the speed work ≤ 0.5`, ratioTo(cells, metric, 'mirai-direct', before('mirai-direct', metric)), at(0.5), times],
      [`CPU per task (${metric === 'cpu_small' ? 'smaller' : 'larger'} count), dispatcher ÷ before the speed work ≤ 0.5`, ratioTo(cells, metric, 'mirai', before('mirai', metric)), at(0.5), times],
      [`CPU per task (${metric === 'cpu_small' ? 'smaller' : 'larger'} count), no dispatcher ÷ fork pool (json) ≤ 1.5`, ratioOf(cells, metric, 'mirai-direct', 'fork-json'), at(1.5), times],
    ]),
    ['throughput (smaller count), no dispatcher ÷ workerpool process ≥ 1.5', ratioOf(cells, 'tput_small', 'mirai-direct', 'workerpool-process'), least(1.5), times],
    ['throughput (larger count), no dispatcher ÷ workerpool process ≥ 1.5', ratioOf(cells, 'tput_large', 'mirai-direct', 'workerpool-process'), least(1.5), times],
    ['throughput (smaller count), dispatcher ÷ no dispatcher ≥ 0.75', ratioOf(cells, 'tput_small', 'mirai', 'mirai-direct'), least(0.75), times],
    ['throughput (larger count), dispatcher ÷ no dispatcher ≥ 0.75', ratioOf(cells, 'tput_large', 'mirai', 'mirai-direct'), least(0.75), times],
    ['mixed workload, dispatcher ÷ its ideal ≤ 1.1', ratioTo(cells, 'mixed', 'mirai', ideal), at(1.1), times],
    ['100 MB echo, no dispatcher ÷ binding req/rep ≥ 0.9', ratioOf(cells, 'echo_large', 'mirai-direct', 'binding'), least(0.9), times],
    ['100 MB echo, dispatcher ÷ binding req/rep ≥ 0.9', ratioOf(cells, 'echo_large', 'mirai', 'binding'), least(0.9), times],
    ['start-up of `daemons(2)` (dispatcher) to first result ≤ 150 ms', cell(cells, 'startup', 'mirai')?.median, at(150), ms],
    ['start-up of `daemons(2, { dispatcher: false })` to first result ≤ 150 ms', cell(cells, 'startup', 'mirai-direct')?.median, at(150), ms],
  ];
  // Measured only where the machine sets NODE_EXTRA_CA_CERTS (bench/run-host.js).
  if (cells.startup_clean) {
    list.push(
      ['start-up of `daemons(2)` (dispatcher), NODE_EXTRA_CA_CERTS unset, ≤ 150 ms', cell(cells, 'startup_clean', 'mirai')?.median, at(150), ms],
      ['start-up of `daemons(2, { dispatcher: false })`, NODE_EXTRA_CA_CERTS unset, ≤ 150 ms', cell(cells, 'startup_clean', 'mirai-direct')?.median, at(150), ms],
    );
  }
  return list.map(([text, value, test, format]) => ({ text, value, met: value !== undefined && test(value), format }));
}

module.exports = { checkTargets, CPU_BEFORE };
