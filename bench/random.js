// A small seeded generator, so the mixed workload is the same order in every run and tool.
'use strict';

/** Returns a function giving uniform floats in [0, 1) from a 32-bit seed (an xorshift32). */
function seeded(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy of `items`, driven by `random`. */
function shuffle(items, random) {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

module.exports = { seeded, shuffle };
