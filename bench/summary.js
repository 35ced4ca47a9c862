// From the runs' raw figures to one cell per tool and metric: median, range, count, ratios.
'use strict';

const { median, range } = require('./stats');

/** runs: { tool: [ { figures, failures, notes } per repetition ] } → cells[metric][tool]. */
function summarise(runs, metrics, reference, floor) {
  const cells = {};
  for (const metric of metrics) {
    cells[metric.id] = {};
    for (const [tool, reps] of Object.entries(runs)) {
      const values = reps.map((r) => r.figures[metric.id]).filter((v) => typeof v === 'number' && Number.isFinite(v));
      if (values.length) cells[metric.id][tool] = { median: median(values), ...range(values), n: values.length };
    }
    addRatios(cells[metric.id], reference, floor);
  }
  return cells;
}

// Ratios of medians: tool ÷ reference, tool ÷ floor (when each has the figure).
function addRatios(byTool, reference, floor) {
  const ref = byTool[reference]?.median;
  const flo = byTool[floor]?.median;
  for (const cell of Object.values(byTool)) {
    cell.toReference = ref ? cell.median / ref : undefined;
    cell.toFloor = flo ? cell.median / flo : undefined;
  }
}

module.exports = { summarise };
