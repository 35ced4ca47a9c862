// Shared test helpers: bounded waits, unique addresses, and error assertions.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';

/** Rejects with a labelled Error if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export type TestScheme = 'inproc' | 'ipc' | 'abstract' | 'tcp' | 'tcp6' | 'ws' | 'tls+tcp' | 'wss';

let sequence = 0;

/** An address no other test (or concurrent test process) uses; network ones bind port 0. */
export function uniqueUrl(scheme: TestScheme): string {
  const name = `mirai-${process.pid}-${++sequence}`;
  switch (scheme) {
    case 'inproc':
      return `inproc://${name}`;
    case 'ipc':
      return `ipc://${join(tmpdir(), `${name}.ipc`)}`;
    case 'abstract':
      return `abstract://${name}`;
    case 'tcp':
      return 'tcp://127.0.0.1:0';
    case 'tcp6':
      return 'tcp://[::1]:0';
    case 'tls+tcp':
      return 'tls+tcp://127.0.0.1:0';
    case 'ws':
    case 'wss':
      return `${scheme}://127.0.0.1:0/${name}`;
  }
}

type ErrorClass = new (...args: never[]) => Error;

/** Runs `fn`, asserting it throws an instance of `type` whose message matches `message`. */
export function expectThrow(fn: () => unknown, type: ErrorClass, message: RegExp): Error {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) assert.unreachable(`expected a ${type.name} matching ${message}, but nothing was thrown`);
  assert.instance(thrown, type, `expected a ${type.name}, got ${String(thrown)}`);
  assert.match((thrown as Error).message, message);
  return thrown as Error;
}

/** Awaits `promise` (at most `ms`), asserting that it rejects with an Error; returns it. */
export async function rejection(promise: Promise<unknown>, ms = 5000, label = 'operation'): Promise<Error & { code?: number }> {
  const outcome = await withTimeout(
    promise.then(
      (value) => ({ resolved: true as const, value }),
      (error: unknown) => ({ resolved: false as const, error }),
    ),
    ms,
    label,
  );
  if (outcome.resolved) assert.unreachable(`${label}: expected a rejection, resolved with ${String(outcome.value)}`);
  else assert.instance(outcome.error, Error, `${label}: rejected with a non-Error ${String(outcome.error)}`);
  return (outcome as { error: Error & { code?: number } }).error;
}

/** Asserts that `promise` rejects with an NngError carrying `code`. */
export async function expectNngError(promise: Promise<unknown>, code: number, label: string, ms = 5000): Promise<void> {
  const error = await rejection(promise, ms, label);
  assert.is(error.name, 'NngError', `${label}: error name (message: ${error.message})`);
  assert.is(error.code, code, `${label}: NNG error code (message: ${error.message})`);
}

/** Marks `promise` handled at once, so that it may reject before the test gets to await it. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs test/fixtures/<name>.ts with `args` in a child process, killing it if it outlives
 * `limitMs`: for what could hang or end the process it runs in. */
export function runFixture(name: string, scenario: string, limitMs: number, ...args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'fixtures', `${name}.ts`), scenario, ...args], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fixture ${name} '${scenario}' still running after ${limitMs} ms (stdout: ${JSON.stringify(stdout)}); killed`));
    }, limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}
