// The markdown report: machine, method, one table of every figure, the issue's targets, notes.
'use strict';

const { REFERENCE, FLOOR } = require('./peers');

/** ctx: { date, plan, machine, metrics, cells, tools, labels, notes, wallSeconds, targets } */
function formatReport(ctx) {
  return [
    ...header(ctx),
    '',
    ...figuresTable(ctx),
    '',
    ...targetsTable(ctx),
    '',
    ...mapTable(ctx),
    '',
    ...toolNotes(ctx),
    '',
    ...runNotes(ctx),
  ].join('\n') + '\n';
}

function header({ date, plan, machine, wallSeconds, labels, load }) {
  const m = machine;
  const peers = Object.entries(m.peers).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    '# mirai against its peers and its floors',
    '',
    `- date: ${date.toISOString()}; run: ${plan.quick ? '`--quick` (smoke test: fewer tasks, 1 repetition)' : 'full'}, ${Math.round(wallSeconds)} s in all`,
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB memory, ${m.os}; load average (1 min) ${load[0].toFixed(2)} at the start, ${load[1].toFixed(2)} at the end`,
    `- software: Node ${m.node} (every tool's host, workers and daemons${m.nodePath ? `: ${m.nodePath}` : ''}), NNG ${m.nng}, mirai ${m.mirai} (${m.revision}); ${peers}`,
    `- every tool runs in a fresh host process of its own, per repetition; ${plan.workers} workers (threads, processes or daemons) each`,
    `- each cell: the median over repetitions, min–max, and the number of repetitions (n); latency p99 is the median of each repetition's p99`,
    `- ratios are of medians: ÷ ${labels[REFERENCE]} and ÷ ${labels[FLOOR]}; for time and memory lower is better, for tasks/s and MB/s higher`,
    `- round trip: ${plan.latency.count.toLocaleString('en-US')} sequential trivial tasks after ${plan.latency.warmup} to warm up (mirai ephemeral: ${plan.spawnLatency.count}); throughput: all submitted at once, clock stops at the last result`,
    `- echo: sequential round trips of one Buffer (${plan.echo.map((e) => `${e.size / 1e6} MB × ${e.rounds}`).join(', ')}); MB/s counts the payload once per round trip (MB = 10^6 bytes)`,
    `- start-up: from creating the pool (module already loaded) to the first result; shutdown: the pool's own stop call`,
    ...bootLines(m.boot),
    '- peak RSS: after the larger throughput run, the sum of VmHWM (peak resident set) over the host process and every live descendant (an upper bound on the simultaneous peak); threads count within the host',
    `- map: ${plan.map.toLocaleString('en-US')} tiny elements (the trivial task) mapped at once, results in order; pools submit one task per element, mirai runs \`miraiMap(x, f, { chunk }).collect()\``,
    `- mixed: ${plan.mixed.long} tasks of ${plan.mixed.longMs} ms and ${plan.mixed.short} of ${plan.mixed.shortMs} ms (a synchronous Atomics.wait), shuffled with a fixed seed, all submitted at once`,
  ];
}

// Node's boot bounds every start-up that launches Node processes: shown, and where the machine
// sets NODE_EXTRA_CA_CERTS (which slows every boot), the start-up measured again without it.
function bootLines(boot) {
  if (!boot) return [];
  const line = `- Node's own boot (\`node -e 0\`, median of 5): ${Math.round(boot.ms)} ms`;
  if (boot.extraCa === undefined) return [`${line}; NODE_EXTRA_CA_CERTS is not set`];
  return [
    `${line} with this machine's NODE_EXTRA_CA_CERTS=${boot.extraCa}, ${Math.round(boot.withoutMs)} ms without it (Node loads every CA certificate at each process start when it is set: nodejs/node#40524)`,
    '- start-up, NODE_EXTRA_CA_CERTS unset: the same start-up, measured again per tool and repetition in a host process whose environment lacks the variable, as do its workers',
  ];
}

function figuresTable({ metrics, cells, tools, labels }) {
  const lines = [
    `| workload | tool | median | min–max | n | ÷ ${labels[REFERENCE]} | ÷ C floor |`,
    '|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const metric of metrics) {
    let first = true;
    for (const tool of tools) {
      const cell = cells[metric.id][tool];
      if (!cell) continue;
      const what = first ? `${metric.label} (${metric.unit}, ${metric.better} is better)` : '';
      first = false;
      lines.push(`| ${what} | ${labels[tool]} | ${num(cell.median)} | ${num(cell.min)}–${num(cell.max)} | ${cell.n} | ${ratio(cell.toReference)} | ${ratio(cell.toFloor)} |`);
    }
  }
  return lines;
}

function targetsTable({ targets }) {
  const lines = [
    '## Targets (issue 24; start-up: issue 12), in this run',
    '',
    '| target | measured | met |',
    '|---|--:|:-:|',
  ];
  for (const t of targets) {
    lines.push(`| ${t.text} | ${t.value === undefined ? 'n/a' : t.format(t.value)} | ${t.value === undefined ? '–' : t.met ? 'yes' : '**no**'} |`);
  }
  return lines;
}

/** miraiMap of tiny elements, chunked and one element per task, as ratios: to itself
 * unchunked, and to each pool (which runs one task per element). */
function mapTable({ cells, tools, labels }) {
  const mirais = ['mirai-direct', 'mirai'].filter((t) => cells.map?.[t] && cells.map_plain?.[t]);
  if (!mirais.length) return [];
  const pools = tools.filter((t) => cells.map?.[t] && !cells.map_plain?.[t]);
  const columns = mirais.flatMap((t) => [['map', t], ['map_plain', t]]);
  const row = (name, against) => `| ${name} | ${columns.map(([m, t]) => ratio(cells[m][t].median / against(t))).join(' | ')} |`;
  return [
    '## miraiMap of tiny elements: elements/s as ratios (above 1: mirai is faster)',
    '',
    `| ÷ | ${columns.map(([m, t]) => `${labels[t]}, ${m === 'map' ? "chunk 'auto'" : 'chunk 1'}`).join(' | ')} |`,
    `|---|${columns.map(() => '--:').join('|')}|`,
    row('the same mirai, chunk 1', (t) => cells.map_plain[t].median),
    ...pools.map((p) => row(labels[p], () => cells.map[p].median)),
  ];
}

function toolNotes({ tools, labels, toolInfo }) {
  return ['## Tools', '', ...tools.map((t) => `- ${labels[t]}: ${toolInfo[t]}`)];
}

function runNotes({ notes }) {
  if (!notes.length) return ['## Failures and notes', '', 'None: every step of every run completed, and nothing outlived its host.'];
  return ['## Failures and notes', '', ...notes.map((n) => `- ${n}`)];
}

function num(x) {
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function ratio(x) {
  return x === undefined ? '–' : `${x.toFixed(2)}×`;
}

module.exports = { formatReport, num };
