// The main job: a real workload on local daemons. Estimates pi by Monte Carlo on 4 daemons
// with reproducible random streams, maps a CPU-bound function over 200 inputs through the
// dispatcher, and reports what each step took.
'use strict';
const { daemons, everywhere, mirai, miraiMap, status } = require('../dist/cjs/index.js');

const DAEMONS = 4;
const DRAWS = 2_000_000;

async function estimatePi() {
  await daemons(DAEMONS, { dispatcher: false, seed: 2024 });
  const tasks = Array.from({ length: DAEMONS * 2 }, () =>
    mirai((draws) => {
      let inside = 0;
      for (let i = 0; i < draws; i++) {
        const x = Math.random();
        const y = Math.random();
        if (x * x + y * y <= 1) inside++;
      }
      return inside;
    }, {}, { args: [DRAWS] }),
  );
  const counts = await Promise.all(tasks);
  const inside = counts.reduce((a, b) => a + b, 0);
  await daemons(0);
  return (4 * inside) / (DRAWS * tasks.length);
}

async function primesByBlock() {
  await daemons(DAEMONS);
  await everywhere(() => {
    globalThis.isPrime = (n) => {
      if (n < 2) return false;
      for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
      return true;
    };
  });
  const blocks = Array.from({ length: 200 }, (_, i) => i * 10_000);
  const counts = await miraiMap(blocks, (start) => {
    let found = 0;
    for (let n = start; n < start + 10_000; n++) if (isPrime(n)) found++;
    return found;
  }, { chunk: 1 }).collect(); // blocks of real work: one task each, for the dispatcher to spread
  const rows = (await status()).daemons;
  await daemons(0);
  return { primes: counts.reduce((a, b) => a + b, 0), rows };
}

async function main() {
  let started = Date.now();
  const pi = await estimatePi();
  console.log(`pi ≈ ${pi.toFixed(5)} from ${DAEMONS * 2} tasks of ${DRAWS.toLocaleString()} draws (seed 2024) in ${Date.now() - started} ms`);
  started = Date.now();
  const { primes, rows } = await primesByBlock();
  console.log(`${primes.toLocaleString()} primes below 2,000,000 in 200 tasks through the dispatcher in ${Date.now() - started} ms`);
  for (const row of rows) console.log(`  daemon ${row.i}: ${row.complete} tasks complete`);
  if (primes !== 148933) throw new Error(`expected 148,933 primes below 2,000,000, got ${primes}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
