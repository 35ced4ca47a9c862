// The memory soak: 1,000,000 trivial tasks through 2 local daemons, at most 1,000 in flight,
// with or without dispatcher. Prints the resident memory (VmRSS) of the host and of each daemon
// every 100,000 tasks, after a full collection in the host, and the growth after warm-up.
// Run: node --expose-gc --import tsx bench/soak.ts [direct|dispatcher]
import { readdirSync, readFileSync } from 'node:fs';
import { daemons, mirai } from '../src/index';

const TOTAL = 1_000_000;
const IN_FLIGHT = 1000;
const EVERY = 100_000;
/** The host's memory settles within its first 200,000 tasks (JIT, pools, V8's heap sizing). */
const WARM_UP = 200_000;

interface Sample {
  done: number;
  host: number;
  daemons: number[];
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** This process's children that run Node: the daemons it started (tsx's esbuild is another). */
function childPids(): number[] {
  const parentOf = (pid: string): string | undefined => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1];
    } catch {
      return undefined;
    }
  };
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && parentOf(entry) === String(process.pid) && !isEsbuild(entry))
    .map(Number);
}

function isEsbuild(pid: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'esbuild';
  } catch {
    return true;
  }
}

function sample(done: number): Sample {
  (globalThis as { gc?: () => void }).gc?.();
  return { done, host: rssMb(process.pid), daemons: childPids().map(rssMb) };
}

function growth(samples: Sample[], pick: (s: Sample) => number): string {
  const base = samples.find((s) => s.done === WARM_UP);
  if (!base) return 'n/a';
  const peak = Math.max(...samples.filter((s) => s.done > WARM_UP).map(pick));
  return `${(((peak - pick(base)) / pick(base)) * 100).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const dispatcher = process.argv[2] !== 'direct';
  await daemons(2, { dispatcher });
  const samples: Sample[] = [];
  let sent = 0;
  let done = 0;
  const started = Date.now();
  const lane = async (): Promise<void> => {
    while (sent < TOTAL) {
      const k = sent++;
      const result = await mirai((x: number) => x + 1, {}, { args: [k] });
      if (result !== k + 1) throw new Error(`task ${k} gave ${String(result)}`);
      if (++done % EVERY === 0) samples.push(sample(done));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const seconds = (Date.now() - started) / 1000;
  await daemons(0);
  console.log(`${dispatcher ? 'dispatcher' : 'no dispatcher'}: ${TOTAL} tasks in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)}/s); RSS MB:`);
  for (const s of samples) console.log(`  ${s.done / 1000}k: host ${s.host.toFixed(0)}, daemons ${s.daemons.map((d) => d.toFixed(0)).join(' / ')}`);
  const daemonGrowth = samples[0].daemons.map((_, i) => growth(samples, (s) => s.daemons[i] ?? NaN));
  console.log(`  growth after ${WARM_UP / 1000}k: host ${growth(samples, (s) => s.host)}, daemons ${daemonGrowth.join(' / ')}`);
}

void main();
