// Order statistics for the harness: medians, percentiles, ranges.
'use strict';

function sorted(values) {
  return Float64Array.from(values).sort();
}

/** The value at quantile q (0..1) by nearest rank: the same rule as nng_floor.c. */
function quantile(values, q) {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

/** The median; for an even count, the mean of the middle two. */
function median(values) {
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function range(values) {
  const s = sorted(values);
  return { min: s[0], max: s[s.length - 1] };
}

module.exports = { quantile, median, range };
