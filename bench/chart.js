// The SVG chart: one panel of horizontal bars per figure (latency, throughput, echo), by tool.
'use strict';

const { num } = require('./report');

const WIDTH = 780;
const LABEL_W = 180;
const BAR_W = 480;
const ROW_H = 20;
const TITLE_H = 30;
const AXIS_H = 22;
const GAP = 18;
/** A bar longer than this many times the panel's median is cut at the axis end. */
const CLIP = 10;
const PANELS = ['latency_median', 'tput_small', 'tput_large', 'echo_large'];
const COLOURS = { mirai: '#2b6cb0', floor: '#2f855a', peer: '#a0aec0' };

/** ctx: { date, machine, metrics, cells, tools, labels } → SVG text. */
function renderChart(ctx) {
  const parts = [];
  let y = 66;
  for (const id of PANELS) {
    const metric = ctx.metrics.find((m) => m.id === id);
    const rows = ctx.tools.filter((t) => ctx.cells[id][t]).map((t) => ({ tool: t, value: ctx.cells[id][t].median }));
    if (!rows.length) continue;
    parts.push(panel(metric, rows, ctx.labels, y));
    y += TITLE_H + rows.length * ROW_H + AXIS_H + GAP;
  }
  const title = `mirai against its peers · ${ctx.date.toISOString().slice(0, 10)} · ${ctx.machine.cpu}, ${ctx.machine.cores} cores · Node ${ctx.machine.node}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${y}" fill="#ffffff"/>`,
    `<text x="10" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`,
    legend(10, 46),
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function panel(metric, rows, labels, top) {
  const max = axisMax(rows.map((r) => r.value));
  const x0 = LABEL_W;
  const out = [`<g transform="translate(0,${top})">`];
  out.push(`<text x="10" y="18" font-weight="bold">${escape(`${metric.label} (${metric.unit}, ${metric.better} is better)`)}</text>`);
  rows.forEach((row, i) => out.push(bar(row, labels[row.tool], max, x0, TITLE_H + i * ROW_H)));
  out.push(...axis(max, x0, TITLE_H + rows.length * ROW_H));
  out.push('</g>');
  return out.join('\n');
}

function bar(row, label, max, x0, y) {
  const clipped = row.value > max;
  const w = Math.max(1, (Math.min(row.value, max) / max) * BAR_W);
  const colour = COLOURS[family(row.tool)];
  const text = `${num(row.value)}${clipped ? ' (cut)' : ''}`;
  const textX = clipped ? x0 + w - 6 : x0 + w + 4;
  const anchor = clipped ? 'end' : 'start';
  const fill = clipped ? '#ffffff' : '#1a202c';
  return [
    `<text x="${x0 - 6}" y="${y + 14}" text-anchor="end">${escape(label)}</text>`,
    `<rect x="${x0}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW_H - 6}" fill="${colour}"/>`,
    `<text x="${textX.toFixed(1)}" y="${y + 14}" text-anchor="${anchor}" fill="${fill}">${escape(text)}</text>`,
  ].join('\n');
}

function legend(x, y) {
  const keys = [
    ['mirai', 'mirai'],
    ['floor', 'floors: the binding from JS, and C, over the same NNG'],
    ['peer', 'peers'],
  ];
  let at = x;
  const out = [];
  for (const [key, text] of keys) {
    out.push(`<rect x="${at}" y="${y - 10}" width="12" height="12" fill="${COLOURS[key]}"/>`);
    out.push(`<text x="${at + 17}" y="${y}">${escape(text)}</text>`);
    at += 30 + text.length * 6.2;
  }
  return out.join('\n');
}

function axis(max, x0, y) {
  const out = [`<line x1="${x0}" y1="${y}" x2="${x0 + BAR_W}" y2="${y}" stroke="#4a5568"/>`];
  for (let i = 0; i <= 4; i++) {
    const x = x0 + (i / 4) * BAR_W;
    out.push(`<line x1="${x}" y1="${y}" x2="${x}" y2="${y + 4}" stroke="#4a5568"/>`);
    out.push(`<text x="${x}" y="${y + 16}" text-anchor="middle" fill="#4a5568">${i === 0 ? '0' : escape(num((i / 4) * max))}</text>`);
  }
  return out;
}

// A round axis end above every value but the outliers (beyond CLIP × the median).
function axisMax(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted[sorted.length >> 1];
  const kept = sorted.filter((v) => v <= mid * CLIP);
  return roundUp(kept[kept.length - 1] || 1);
}

function roundUp(x) {
  const step = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * step >= x) return m * step;
  return 10 * step;
}

function family(tool) {
  if (tool.startsWith('mirai')) return 'mirai';
  if (tool === 'floor' || tool === 'binding') return 'floor';
  return 'peer';
}

function escape(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

module.exports = { renderChart };
