// The three tasks every tool runs. Each is self-contained (mirai sends its source text).
'use strict';

/** A trivial task: the argument straight back. */
function trivial(x) {
  return x;
}

/** The payload straight back: it crosses the boundary twice. */
function echo(buffer) {
  return buffer;
}

/** Holds the thread for `ms` without a timer: the mixed workload's unit of work. */
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return ms;
}

module.exports = { trivial, echo, sleep };
