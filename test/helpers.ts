// Shared test helpers: bounded waits, unique addresses, and error assertions.
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

/** Runs `fn`, asserting it throws an instance of `type` whose message matches `message`. */
export function expectThrow(fn: () => unknown, type: new (...args: never[]) => Error, message: RegExp): Error {
  try {
    fn();
  } catch (error) {
    assertError(error, type, message);
    return error as Error;
  }
  assert.unreachable(`expected a ${type.name} matching ${message}, but nothing was thrown`);
  throw new Error('unreachable');
}

/** Awaits `promise`, asserting it rejects; returns the reason. Bounded by `ms`. */
export async function rejection(promise: Promise<unknown>, ms = 5000, label = 'operation'): Promise<Error & { code?: number }> {
  try {
    const value = await withTimeout(promise, ms, label);
    assert.unreachable(`${label}: expected a rejection, resolved with ${String(value)}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`${label}: not settled`)) throw error;
    if ((error as { name?: string }).name === 'Assertion') throw error;
    assert.instance(error, Error, `${label}: rejected with a non-Error`);
    return error as Error & { code?: number };
  }
  throw new Error('unreachable');
}

/** Asserts `promise` rejects with an NngError carrying `code`. */
export async function expectNngError(promise: Promise<unknown>, code: number, label: string, ms = 5000): Promise<void> {
  const error = await rejection(promise, ms, label);
  assert.is(error.name, 'NngError', `${label}: error name (message: ${error.message})`);
  assert.is(error.code, code, `${label}: NNG error code (message: ${error.message})`);
}

export function assertError(error: unknown, type: new (...args: never[]) => Error, message: RegExp): void {
  assert.instance(error, type, `expected a ${type.name}, got ${String(error)}`);
  assert.match((error as Error).message, message);
}

/** Marks `promise` handled at once, so that it may reject before the test gets to await it. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
