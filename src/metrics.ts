// Metrics of a compute profile and of each of its daemons (info()): tasks done, run time and
// wait time as quantiles over a bounded window, and utilisation. Each daemon reports its run
// time and totals at the end of each reply (protocol.ts Timing); the host measures the rest,
// so no two clocks are compared.
import { performance } from 'node:perf_hooks';
import { lapReply, time, type Mirai, type Stopwatch } from './miraiObject';
import { readTiming, type Timing } from './protocol';

/** Quantiles of a series of durations, in milliseconds, over its most recent samples (all 0
 * with no sample). */
export interface Quantiles {
  /** The median. */
  p50: number;
  /** 90% of samples are at most this. */
  p90: number;
  /** 99% of samples are at most this. */
  p99: number;
  /** The longest. */
  max: number;
  /** Samples they are over. */
  count: number;
}

/** What one daemon has done, as its replies told the host. */
export interface DaemonMetrics {
  /** Its process id (on its own machine). */
  pid: number;
  /** Tasks it has run. */
  done: number;
  /** How long its tasks ran. */
  runTime: Quantiles;
  /** How long its tasks waited, from mirai() until they ran (queue and transit). */
  waitTime: Quantiles;
  /** Share of its time up spent running tasks (0 to 1). */
  utilisation: number;
}

/** What a compute profile's daemons have done since they were set (see info()). */
export interface Metrics {
  /** Tasks done (run by a daemon, a value or an error) since the daemons were set. */
  done: number;
  /** How long tasks ran in their daemons. */
  runTime: Quantiles;
  /** How long tasks waited, from mirai() until they ran (queue and transit). */
  waitTime: Quantiles;
  /** Share of daemon time spent running tasks since the daemons were set: run time over
   * elapsed time times the daemons online now (0 to 1). */
  utilisation: number;
  /** The daemons that have run a task (the last DAEMONS_MAX of them). */
  daemons: DaemonMetrics[];
}

/** Samples kept per series: quantiles are over the most recent. */
const WINDOW = 1024;
const DAEMONS_MAX = 256;

/** The last WINDOW samples, in a ring. */
class Window {
  private readonly samples = new Float64Array(WINDOW);
  private count = 0;

  add(value: number): void {
    this.samples[this.count % WINDOW] = value;
    this.count++;
  }

  quantiles(): Quantiles {
    const n = Math.min(this.count, WINDOW);
    if (n === 0) return { p50: 0, p90: 0, p99: 0, max: 0, count: 0 };
    const sorted = this.samples.slice(0, n).sort();
    const at = (q: number) => round(sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]);
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(sorted[n - 1]), count: n };
  }
}

interface DaemonRecord {
  run: Window;
  wait: Window;
  last: Timing;
}

/** One profile's figures. */
export class ProfileMetrics implements Stopwatch {
  private readonly since = performance.now();
  private done = 0;
  private busy = 0;
  private readonly run = new Window();
  private readonly wait = new Window();
  private readonly daemons = new Map<number, DaemonRecord>();

  record(total: number, timing: Timing): void {
    const wait = Math.max(0, total - timing.run);
    this.done++;
    this.busy += timing.run;
    this.run.add(timing.run);
    this.wait.add(wait);
    let daemon = this.daemons.get(timing.pid);
    if (daemon === undefined) {
      daemon = { run: new Window(), wait: new Window(), last: timing };
      if (this.daemons.size >= DAEMONS_MAX) this.daemons.delete(this.daemons.keys().next().value as number);
      this.daemons.set(timing.pid, daemon);
    }
    // Replies can arrive out of the order they were sent in (a daemon answers on several
    // contexts): the report with the higher count is the later one.
    if (timing.done >= daemon.last.done) daemon.last = timing;
    daemon.run.add(timing.run);
    daemon.wait.add(wait);
  }

  /** A mirai made at `startedAt` had its reply: the daemon's Timing at its end is counted. */
  lap(startedAt: number, reply: Buffer): void {
    const timing = readTiming(reply);
    if (timing) this.record(performance.now() - startedAt, timing);
  }

  /** The figures now, `online` daemons being up. */
  snapshot(online: number): Metrics {
    const elapsed = (performance.now() - this.since) * Math.max(1, online);
    return {
      done: this.done,
      runTime: this.run.quantiles(),
      waitTime: this.wait.quantiles(),
      utilisation: share(this.busy, elapsed),
      daemons: [...this.daemons.entries()].map(([pid, d]) => ({
        pid,
        done: d.last.done,
        runTime: d.run.quantiles(),
        waitTime: d.wait.quantiles(),
        utilisation: share(d.last.busy, d.last.uptime),
      })),
    };
  }
}

/** What info() shows with no daemons set. */
export function noMetrics(): Metrics {
  return new ProfileMetrics().snapshot(0);
}

// --- timing tasks ----------------------------------------------------------------------------

/** Times `m` from now, for its profile's figures. */
export function startTiming(m: Mirai<unknown>, metrics: ProfileMetrics): void {
  time(m, metrics, performance.now());
}

/** A reply to `m` has come: its daemon's Timing goes to its profile's figures. */
export function recordReply(m: Mirai<unknown>, reply: Buffer): void {
  lapReply(m, reply);
}

function share(part: number, whole: number): number {
  return whole <= 0 ? 0 : Math.min(1, round(part / whole, 4));
}

function round(ms: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(ms * f) / f;
}
