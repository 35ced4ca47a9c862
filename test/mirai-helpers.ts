// Helpers for the mirai-level tests: process liveness, lines to running tasks, child scripts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { collectMirai, mirai, status } from '../src/index';
import { withTimeout } from './helpers';

export const ROOT = join(__dirname, '..');
export const CLI = join(ROOT, 'src', 'cli.ts');

// --- processes ---------------------------------------------------------------------------

/** True while `pid` runs; an exited process not yet reaped (a zombie) counts as gone. */
export function isAlive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    try {
      const text = readFileSync(stat, 'utf8');
      return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3) !== 'Z';
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
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && isAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // it exited while we looked
    }
  }
  return pids;
}

/** Asserts that no child process appeared since `before` was taken. */
export function assertNoNewChildren(before: number[], label: string): void {
  const added = childPids().filter((pid) => !before.includes(pid));
  assert.equal(added, [], `${label}: no process may be started`);
}

/** Polls `condition` until it holds; fails with `label` past `ms`. For states with no event
 * to wait on (another process's liveness, a connection count). */
export async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, label: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${label}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until none of `pids` runs any more. */
export function allExit(pids: number[], ms: number, label: string): Promise<void> {
  return waitFor(() => pids.every((pid) => !isAlive(pid)), ms, `${label} (still running: ${pids.filter(isAlive).join(', ')})`);
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

/** The pids of a profile's `n` daemons, from tasks spread over them; asserts there are `n`. */
export async function daemonPids(n: number, compute = 'default'): Promise<number[]> {
  const pids = await withTimeout(
    collectMirai(Array.from({ length: 4 * n }, () => mirai(() => process.pid, undefined, { compute }))),
    15_000,
    `pids of the daemons of '${compute}'`,
  );
  for (const pid of pids) assert.type(pid, 'number', `a pid, got ${String(pid)}`);
  const distinct = [...new Set(pids as number[])].sort();
  assert.is(distinct.length, n, `${compute}: tasks reached ${distinct.length} distinct daemons, expected ${n}`);
  return distinct;
}

/** Waits until status() shows `n` connections for `compute`. */
export function connections(n: number, compute = 'default', ms = 15_000): Promise<void> {
  return waitFor(async () => (await status(compute)).connections === n, ms, `${compute}: ${n} connections`);
}

// --- child processes -----------------------------------------------------------------------

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const started = new Set<ChildProcess>();

/** Starts `node --import tsx <args>` from the package root, output piped. */
export function startNode(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { out: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  }) as ChildProcess & { out: { stdout: string; stderr: string } };
  child.out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk) => (child.out.stdout += chunk));
  child.stderr!.on('data', (chunk) => (child.out.stderr += chunk));
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Starts `mirai daemon <url> [...options]` through the CLI. */
export function startCliDaemon(url: string, options: string[] = []): ChildProcess & { out: { stdout: string; stderr: string } } {
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

/** Runs a node script to the end; fails (and kills it) past `ms`. */
export async function runNode(args: string[], ms: number, label: string, env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  const child = startNode(args, env);
  try {
    return await exited(child, ms, label);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Kills every child process a test started with startNode and that still runs. */
export function killStarted(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

// --- a line from running tasks back to the test ----------------------------------------------

/** A task that calls `holdTask(path)` reports its pid on the line, then runs until the test
 * releases it: a handshake, so a test acts exactly while the task is running. */
export interface Held {
  pid: number;
  release(): void;
}

/** A task body: report this daemon's pid to `path`, wait for release, return `result`. */
export const holdTask = async (path: string, result: unknown = 'released'): Promise<unknown> => {
  const socket = require('node:net').connect(path);
  socket.on('error', () => undefined);
  socket.write(String(process.pid));
  await new Promise((resolve) => socket.once('close', resolve));
  return result;
};

let lineCount = 0;

export class TaskLine {
  private readonly arrived: Held[] = [];
  private readonly waiting: ((held: Held) => void)[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly path: string,
    private readonly server: net.Server,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => this.sockets.delete(socket));
      socket.once('data', (chunk) => {
        const held: Held = { pid: Number(chunk.toString()), release: () => socket.destroy() };
        const waiter = this.waiting.shift();
        if (waiter) waiter(held);
        else this.arrived.push(held);
      });
    });
  }

  static async open(): Promise<TaskLine> {
    const path = join(tmpdir(), `mirai-line-${process.pid}-${++lineCount}.sock`);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, resolve);
    });
    return new TaskLine(path, server);
  }

  /** The next task to report in. */
  next(ms = 15_000, label = 'a task reports in'): Promise<Held> {
    const held = this.arrived.shift();
    if (held) return Promise.resolve(held);
    return withTimeout(new Promise<Held>((resolve) => this.waiting.push(resolve)), ms, label);
  }

  /** Releases every task still held and stops listening. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// --- assertions ------------------------------------------------------------------------------

/** Asserts `fn` throws synchronously an instance of `type` whose message matches `message`. */
export function throwsLike(fn: () => unknown, type: new (...args: never[]) => Error, message: RegExp): Error {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) assert.unreachable(`expected a ${type.name} matching ${message}, nothing was thrown`);
  assert.instance(thrown, type, `expected a ${type.name}, got ${String(thrown)}`);
  assert.match((thrown as Error).message, message);
  return thrown as Error;
}

/** Asserts that calling `fn` does not throw, and that the promise it returns rejects with an
 * instance of `type` whose message matches `message`. */
export async function rejectsLike(fn: () => Promise<unknown>, type: new (...args: never[]) => Error, message: RegExp, ms = 5000): Promise<Error> {
  let promise: Promise<unknown>;
  try {
    promise = fn();
  } catch (error) {
    assert.unreachable(`expected a rejected promise, but the call threw synchronously: ${String(error)}`);
    throw error;
  }
  assert.instance(promise, Promise, 'expected a promise');
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await withTimeout(promise, ms, `rejection matching ${message}`) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) assert.unreachable(`expected a rejection matching ${message}, resolved with ${String(outcome.value)}`);
  const error = (outcome as { error: unknown }).error;
  assert.instance(error, type, `expected a ${type.name}, got ${String(error)}`);
  assert.match((error as Error).message, message);
  return error as Error;
}

/** Wraps a test body that must start no process: checks the children of this process after
 * it (inside the test, so that a failure is reported as this test's). */
export function startsNothing(body: () => unknown): () => Promise<void> {
  return async () => {
    const before = childPids();
    await body();
    assertNoNewChildren(before, 'a refused call');
  };
}
