// The C floor: bench/nng_floor.c over the same vendored NNG, no JavaScript at all. The host
// listens and two forked workers dial in, each echoing one request at a time (a daemon's
// shape); the host keeps up to 64 requests in flight. It measures itself.
'use strict';

const { execFile } = require('node:child_process');
const { localAddress } = require('../children');

const TRIVIAL_BYTES = 100;
const CONCURRENCY = 64;

function runFloor(exe, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(exe, [localAddress('floor'), ...args.map(String)], { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`nng_floor ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** The same questions the generic driver answers, asked of the C program. */
function driver(exe, workers, timeoutMs) {
  const floor = (size, mode, count, warmup = -1) => runFloor(exe, [size, mode, count, CONCURRENCY, workers, warmup], timeoutMs);
  let shutdownMs;
  return {
    async startup() {
      const out = await floor(TRIVIAL_BYTES, 'startup', 1);
      shutdownMs = out.shutdown_ms;
      return out.startup_ms;
    },
    async latency({ warmup, count }) {
      const out = await floor(TRIVIAL_BYTES, 'latency', count, warmup);
      return { median: out.median_us, p99: out.p99_us };
    },
    async throughput(count) {
      return (await floor(TRIVIAL_BYTES, 'throughput', count)).msgs_per_s;
    },
    async echo(size, rounds, warmup) {
      const out = await floor(size, 'latency', rounds, warmup);
      return size / out.mean_us; // bytes per µs is MB/s
    },
    async shutdown() {
      return shutdownMs;
    },
  };
}

module.exports = {
  id: 'floor',
  label: 'C over NNG (floor)',
  supports: ['startup', 'shutdown', 'latency', 'throughput', 'echo'],
  notes: `bench/nng_floor.c: req listens, 2 forked rep workers dial, one context each; ${TRIVIAL_BYTES}-byte requests, up to ${CONCURRENCY} in flight`,
  driver,
};
