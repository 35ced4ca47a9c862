// Compute profiles: the one place where the state of each profile's daemons lives.
import type { ChildProcess } from 'node:child_process';
import type { Mirai } from './mirai';
import type { ErrorInfo, Task } from './protocol';
import type { MessageParts } from './serial';
import type { Status } from './status';

/** A set of daemons that mirai can be sent to, by name ("default" unless `compute` says);
 * either daemons connected straight to this host, or a dispatcher in front of them. */
export interface Profile {
  readonly name: string;
  readonly dispatcher: boolean;
  /** Daemons this host launched, so a reset can wait for them to exit. */
  readonly processes: Set<ChildProcess>;
  /** For TLS URLs: the CA certificate (PEM) daemons must trust. */
  readonly ca: string | undefined;
  /** The seed of the random streams, and the next stream to hand out. */
  readonly seed: number | undefined;
  nextStream: number;
  /** The URL daemon `index` (1-based) dials. */
  daemonUrl(index: number): string;
  /** Sends an encoded task; returns how to cancel it, given its id (a function the profile may
   * share among its tasks, so that a queued mirai holds no closure of its own). */
  submit(m: Mirai<unknown>, parts: MessageParts, id: number, timeout: number | undefined): (id: number) => void;
  everywhere(task: Task): Promise<ErrorInfo[]>;
  status(): Promise<Status>;
  /** Resolves once `n` daemons are online; rejects past `timeout` ms or if a launched one exits. */
  waitForDaemons(n: number, timeout: number): Promise<void>;
  /** Regenerates dispatcher URL `i` (dispatcher profiles only). */
  saisei(i: number, force: boolean): Promise<string | null>;
  /** Closes: pending mirai resolve to ErrorValue 19; with `tellPersistent`, daemons are told to exit. */
  close(tellPersistent: boolean): Promise<void>;
}

const KEY = Symbol.for('mirai.profiles');

/** Shared through globalThis so that every copy of the module (ESM, CJS) sees one state. */
export const profiles: Map<string, Profile> = ((globalThis as unknown as Record<symbol, Map<string, Profile>>)[KEY] ??=
  new Map());

export function getProfile(name: string): Profile | undefined {
  return profiles.get(name);
}

/** Waits for `child` to exit, killing it after `timeout` ms. */
export function waitForExit(child: ChildProcess, timeout: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Resolves when `ready()` holds, re-checked whenever `subscribe`'s callback runs; rejects
 * past `timeout` ms or when a launched process exits first. */
export function waitUntil(
  ready: () => boolean,
  subscribe: (check: () => void) => () => void,
  processes: Set<ChildProcess>,
  timeout: number,
  describe: () => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`daemons: a daemon exited before connecting (${signal ?? `exit code ${code}`})`));
    const done = (error?: Error) => {
      clearTimeout(timer);
      unsubscribe();
      for (const child of processes) child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (ready()) done();
    };
    const timer = setTimeout(() => done(new Error(`daemons: ${describe()} within ${timeout} ms`)), timeout);
    unsubscribe = subscribe(check);
    for (const child of processes) child.once('exit', onExit);
    check();
  });
}
