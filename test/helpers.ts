// Shared test helpers: bounded waits, unique addresses, error assertions, digests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import type { Info } from '../src/index';

// --- bounded waits ---------------------------------------------------------------------------

/** Rejects with a labelled Error if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Polls `condition` until it holds; fails with `label` past `ms`. For states with no event
 * to wait on (another process's liveness, a connection count, state changed on NNG's threads). */
export async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, label: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${label}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** info()'s task counts, without its metrics (which depend on timing). */
export function counts({ metrics: _metrics, ...rest }: Info): Omit<Info, 'metrics'> {
  return rest;
}

/** Marks `promise` handled at once, so that it may reject before the test gets to await it. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Collects garbage twice, letting finalisers run in between (node --expose-gc). */
export async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    (globalThis as unknown as { gc: () => void }).gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// --- addresses -------------------------------------------------------------------------------

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

// --- errors ----------------------------------------------------------------------------------

type ErrorClass = new (...args: never[]) => Error;

/** Asserts that `error` is an instance of `type` whose message matches `message`. */
function assertErrorLike(error: unknown, type: ErrorClass, message: RegExp): Error {
  assert.instance(error, type, `expected a ${type.name}, got ${String(error)}`);
  assert.match((error as Error).message, message);
  return error as Error;
}

/** Runs `fn`, asserting it throws an instance of `type` whose message matches `message`. */
export function throwsLike(fn: () => unknown, type: ErrorClass, message: RegExp): Error {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) assert.unreachable(`expected a ${type.name} matching ${message}, but nothing was thrown`);
  return assertErrorLike(thrown, type, message);
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

/** Asserts that calling `fn` does not throw, and that the promise it returns rejects (within
 * `ms`) with an instance of `type` whose message matches `message`. */
export async function rejectsLike(fn: () => Promise<unknown>, type: ErrorClass, message: RegExp, ms = 5000): Promise<Error> {
  let promise: Promise<unknown>;
  try {
    promise = fn();
  } catch (error) {
    assert.unreachable(`expected a rejected promise, but the call threw synchronously: ${String(error)}`);
    throw error;
  }
  assert.instance(promise, Promise, 'expected a promise');
  return assertErrorLike(await rejection(promise, ms, `rejection matching ${message}`), type, message);
}

/** Asserts that `promise` rejects with an NngError carrying `code`. */
export async function expectNngError(promise: Promise<unknown>, code: number, label: string, ms = 5000): Promise<void> {
  const error = await rejection(promise, ms, label);
  assert.is(error.name, 'NngError', `${label}: error name (message: ${error.message})`);
  assert.is(error.code, code, `${label}: NNG error code (message: ${error.message})`);
}

// --- data ------------------------------------------------------------------------------------

/** The SHA-256 of `data` in hex: compares large payloads in one line of a failure message. */
export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** mulberry32: a small seeded generator, the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether the kernel backs every large anonymous mapping with huge pages (transparent huge
 * pages "always"): fresh memory then costs a page fault per 2 MiB, not per 4 KiB, and counting
 * faults no longer tells fresh memory from reused. */
export function hugePagesAlways(): boolean {
  try {
    return /\[always\]/.test(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'));
  } catch {
    return false;
  }
}

/** The fields of a /proc stat file after the command name, which may hold spaces: field n of
 * proc(5) is at index n - 3 (0: the state). Throws if the file is gone. */
export function statFields(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}
