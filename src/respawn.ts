// Respawning local daemons that exit (crash, maxtasks, idletime, walltime), as worker pools
// replace their workers, with an exponential back-off so that a daemon that cannot start does
// not relaunch in a tight loop.
import type { ChildProcess } from 'node:child_process';
import { expectInteger, expectKnownKeys, typeName } from './validate';

/** `respawn` of daemons(n) and launchLocal(): true, or the longest back-off in ms. */
export type RespawnOption =
  | boolean
  | {
      /** The longest wait between a crash and the relaunch, in ms (default 10000, least 100). */
      maxBackoffMs?: number;
    };

/** How respawning runs: the back-off grows from FIRST_BACKOFF_MS up to `maxBackoffMs`. */
export interface RespawnPolicy {
  maxBackoffMs: number;
}

/** The wait before relaunching after the first crash; it doubles with each crash in a row. */
export const FIRST_BACKOFF_MS = 100;
/** The default ceiling of the back-off. */
export const MAX_BACKOFF_MS = 10_000;
/** A daemon that ran at least this long before crashing starts the back-off afresh. */
export const HEALTHY_LIFE_MS = 10_000;

/** Reads `respawn`: undefined or false for none. */
export function readRespawn(value: unknown, what: string): RespawnPolicy | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { maxBackoffMs: MAX_BACKOFF_MS };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what} must be true, false or { maxBackoffMs }, got ${typeName(value)}`);
  }
  expectKnownKeys(value as Record<string, unknown>, ['maxBackoffMs'], what);
  const max = (value as { maxBackoffMs?: unknown }).maxBackoffMs;
  return { maxBackoffMs: max === undefined ? MAX_BACKOFF_MS : expectInteger(max, `${what}.maxBackoffMs`, FIRST_BACKOFF_MS) };
}

/** The wait before relaunching after `crashes` crashes in a row (0 after a clean exit). */
export function backoffMs(crashes: number, policy: RespawnPolicy): number {
  if (crashes === 0) return 0;
  return Math.min(policy.maxBackoffMs, FIRST_BACKOFF_MS * 2 ** Math.min(crashes - 1, 30));
}

/**
 * Runs `spawn()` now and again each time its process exits, for as long as `wanted()` holds
 * (checked at the exit and again when the back-off ends: a reset in between stops it).
 * A clean exit (code 0: maxtasks, idletime, walltime) relaunches at once; a crash (another
 * code, or a signal) waits the back-off, which a daemon that lived HEALTHY_LIFE_MS resets.
 * The timer does not keep the host alive. Returns the first process.
 */
export function keepSpawning(spawn: () => ChildProcess, wanted: () => boolean, policy: RespawnPolicy): ChildProcess {
  let crashes = 0;
  const launch = (): ChildProcess => {
    const started = Date.now();
    const child = spawn();
    child.once('exit', (code) => {
      if (!wanted()) return;
      const clean = code === 0;
      crashes = clean ? 0 : Date.now() - started >= HEALTHY_LIFE_MS ? 1 : crashes + 1;
      const timer = setTimeout(() => {
        if (wanted()) launch();
      }, backoffMs(crashes, policy));
      timer.unref();
    });
    return child;
  };
  return launch();
}
