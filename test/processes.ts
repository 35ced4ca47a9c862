// Process helpers: liveness and children of this process, child scripts run to their end, and
// the daemons of a compute profile.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, type Test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, mirai, status, type DaemonStatus } from '../src/index';
import { statFields, waitFor, withTimeout } from './helpers';

export const ROOT = join(__dirname, '..');
export const CLI = join(ROOT, 'src', 'cli.ts');
/** Node's flags to run the TypeScript sources as they are. */
export const TSX = ['--import', 'tsx'];

// --- liveness ---------------------------------------------------------------------------------

/** True while `pid` runs; an exited process not yet reaped (a zombie) counts as gone. */
export function isAlive(pid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    try {
      return statFields(`/proc/${pid}/stat`)[0] !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The ids of this process's child processes (Linux /proc). */
export function childPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(statFields(`/proc/${entry}/stat`)[1]);
      if (ppid === process.pid && isAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // it exited while we looked
    }
  }
  return pids;
}

/** Wraps a test body that must start no process: checks the children of this process after
 * it (inside the test, so that a failure is reported as this test's). */
export function startsNothing(body: () => unknown): () => Promise<void> {
  return async () => {
    const before = childPids();
    await body();
    const added = childPids().filter((pid) => !before.includes(pid));
    assert.equal(added, [], 'a refused call: no process may be started');
  };
}

/** Waits until none of `pids` runs any more; a failure says what each one left was doing. */
export async function allExit(pids: number[], ms: number, label: string): Promise<void> {
  try {
    await waitFor(() => pids.every((pid) => !isAlive(pid)), ms, label);
  } catch (error) {
    throw new Error(`${(error as Error).message}; still running: ${describeThreads(pids.filter(isAlive))}`);
  }
}

/** Each process's threads as name:state:kernel wait (Linux /proc), for a failure message: a
 * process that should have exited shows where it waits. */
export function describeThreads(pids: number[]): string {
  return pids.map((pid) => `${pid} [${threadsOf(pid).join(' ')}]`).join('; ') || 'none';
}

function threadsOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => {
      const at = (file: string) => readFileSync(`/proc/${pid}/task/${tid}/${file}`, 'utf8').trim();
      return `${at('comm')}:${statFields(`/proc/${pid}/task/${tid}/stat`)[0]}:${at('wchan')}`;
    });
  } catch {
    return ['gone'];
  }
}

/** Kills whichever of `pids` still runs (test cleanup). */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// --- child processes -------------------------------------------------------------------------

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A child process whose output is collected as it comes. */
export type Started = ChildProcess & { out: { stdout: string; stderr: string } };

const started = new Set<ChildProcess>();

/** Starts `command args` from the package root, its output collected (stdin: 'pipe' to write
 * to it); killStarted() ends it should the test not. */
export function start(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: 'ignore' | 'pipe' } = {}): Started {
  const stdio: StdioOptions = [options.stdin ?? 'ignore', 'pipe', 'pipe'];
  const child = spawn(command, args, { cwd: ROOT, stdio, env: { ...process.env, ...options.env } }) as Started;
  child.out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk) => (child.out.stdout += chunk));
  child.stderr!.on('data', (chunk) => (child.out.stderr += chunk));
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Starts `node --import tsx <args>` from the package root. */
export function startNode(args: string[], env: NodeJS.ProcessEnv = {}): Started {
  return start(process.execPath, [...TSX, ...args], { env });
}

/** The pids a host script prints as a line `pids [..]`, once it has; fails past `ms`, saying
 * what the host wrote to stderr. */
export function reportedPids(host: Started, ms: number): Promise<number[]> {
  const reported = new Promise<number[]>((resolve) => {
    host.stdout!.on('data', () => {
      const match = /^pids (\[.*\])$/m.exec(host.out.stdout);
      if (match) resolve(JSON.parse(match[1]) as number[]);
    });
  });
  return withTimeout(reported, ms, 'the host reports its daemons').catch((error: Error) => {
    throw new Error(`${error.message} (stderr: ${host.out.stderr})`);
  });
}

/** Runs the host script `fixture` (in test/fixtures) until it reports its `n` daemons, all
 * running (noted in `seen`), then kills it (SIGKILL) and returns their pids. */
export async function killedHost(fixture: string, n: number, seen: Set<number>): Promise<number[]> {
  const host = startNode([join(ROOT, 'test', 'fixtures', fixture)]);
  const pids = await reportedPids(host, 45_000);
  for (const pid of pids) seen.add(pid);
  assert.is(pids.length, n);
  for (const pid of pids) assert.ok(isAlive(pid));
  host.kill('SIGKILL');
  await exited(host, 5000, 'the host');
  return pids;
}

/** Starts `mirai daemon <url> [...options]` through the CLI. */
export function startCliDaemon(url: string, options: string[] = []): Started {
  return startNode([CLI, 'daemon', url, ...options]);
}

/** Resolves with how `child` ended, once its output is complete; fails past `ms`. */
export function exited(child: ChildProcess & { out?: { stdout: string; stderr: string } }, ms: number, label: string): Promise<Exit> {
  const ended = new Promise<Exit>((resolve) => {
    const finish = () => resolve({ code: child.exitCode, signal: child.signalCode as NodeJS.Signals | null, ...(child.out ?? { stdout: '', stderr: '' }) });
    if (child.exitCode !== null || child.signalCode !== null) {
      // 'close' may still be due: wait for the streams if they are open.
      if (child.stdout?.readableEnded === false) child.once('close', finish);
      else finish();
      return;
    }
    child.once('close', finish);
  });
  return withTimeout(ended, ms, label);
}

/** How `child` ends; it is killed if it outlives `ms`, and the wait fails. */
export async function runToEnd(child: ChildProcess, ms: number, label: string): Promise<Exit> {
  try {
    return await exited(child, ms, label);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Runs `node --import tsx <args>` to its end; fails (and kills it) past `ms`. */
export function runNode(args: string[], ms: number, label: string, env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return runToEnd(startNode(args, env), ms, label);
}

/** Kills every child process a test started with start() and that still runs. */
export function killStarted(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

// --- daemons ---------------------------------------------------------------------------------

/** A suite whose tests each end with daemons(0) for every one of `profiles`, and which at its
 * end kills every pid the tests added to `seen` (should a test fail half-way). */
export function daemonSuite(name: string, profiles: string[] = ['default']): { test: Test; seen: Set<number> } {
  const test = suite(name);
  const seen = new Set<number>();
  test.after.each(async () => {
    for (const compute of profiles) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
  });
  test.after(() => killAll(seen));
  return { test, seen };
}

/** Two direct daemons (no dispatcher) for the suite's tests, set up before them and gone after. */
export function twoDaemonsAround(test: Test): void {
  test.before(async () => {
    await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  });
  test.after(async () => {
    await withTimeout(daemons(0), 15_000, 'daemons(0)');
  });
}

/** The pids of a profile's `n` daemons, from tasks spread over them; asserts there are `n`,
 * and notes them in `seen` if given. */
export async function daemonPids(n: number, compute = 'default', seen?: Set<number>): Promise<number[]> {
  const pids = await withTimeout(
    collectMirai(Array.from({ length: 4 * n }, () => mirai(() => process.pid, undefined, { compute }))),
    15_000,
    `pids of the daemons of '${compute}'`,
  );
  for (const pid of pids) assert.type(pid, 'number', `a pid, got ${String(pid)}`);
  const distinct = [...new Set(pids as number[])].sort();
  assert.is(distinct.length, n, `${compute}: tasks reached ${distinct.length} distinct daemons, expected ${n}`);
  for (const pid of distinct) seen?.add(pid);
  return distinct;
}

/** Waits until status() shows `n` connections for `compute`. */
export function connections(n: number, compute = 'default', ms = 15_000): Promise<void> {
  return waitFor(async () => (await status(compute)).connections === n, ms, `${compute}: ${n} connections`);
}

/** The status matrix of a profile with a dispatcher (the host's one connection is to it). */
export async function statusRows(compute = 'default'): Promise<DaemonStatus[]> {
  const s = await withTimeout(status(compute), 5000, `status(${compute})`);
  assert.is(s.connections, 1, 'with a dispatcher, one connection');
  assert.ok(Array.isArray(s.daemons), `status().daemons is the status matrix, got ${JSON.stringify(s.daemons)}`);
  return s.daemons as DaemonStatus[];
}

/** The rows once `condition` holds (a daemon's connection has no event the test can await). */
export async function rowsWhen(condition: (rows: DaemonStatus[]) => boolean, label: string, ms = 15_000): Promise<DaemonStatus[]> {
  let last: DaemonStatus[] = [];
  await waitFor(async () => condition((last = await statusRows())), ms, `${label} (last: ${JSON.stringify(last)})`);
  return last;
}
