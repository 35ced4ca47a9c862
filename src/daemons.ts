// daemons(): set, reset and inspect the daemons of a compute profile.
import type { ChildProcess } from 'node:child_process';
import { ControlServer } from './control';
import { readDaemonOptions, type DaemonOptions, type DaemonSettings } from './daemon';
import { launchLocal } from './launchers';
import { NngSocket } from './nng';
import { profiles, type Profile } from './profiles';
import { serverTls } from './tls';
import { controlUrl, isSecureUrl, localUrl, parseUrl } from './url';
import {
  expectBoolean,
  expectFunction,
  expectInteger,
  expectKnownKeys,
  expectNonEmptyString,
  expectObject,
  expectString,
  typeName,
} from './validate';

export interface DaemonsOptions extends Omit<DaemonOptions, 'rs' | 'control' | 'tls'> {
  /** Where daemons dial in (listen here for remote daemons): a URL; port 0 picks a free one. */
  url?: string;
  /** Use a dispatcher (FIFO scheduling) between host and daemons. */
  dispatcher?: boolean;
  /** Seed of the daemons' random streams (reproducible results without dispatcher). */
  seed?: number;
  /** For TLS URLs: a file with certificate and key, or `[cert, key]` PEM; default: a new
   * self-signed certificate (zero configuration). */
  tls?: string | [string, string];
  /** Password of an encrypted key in `tls`. */
  pass?: string;
  compute?: string;
}

const OWN_KEYS = ['url', 'dispatcher', 'seed', 'tls', 'pass', 'compute'] as const;
const DAEMON_KEYS = ['autoexit', 'cleanup', 'output', 'maxtasks', 'idletime', 'walltime', 'timerstart'] as const;

/** How long `daemons(n)` waits for the daemons it launched to connect. */
const CONNECT_TIMEOUT_MS = 30_000;
/** How long a reset waits for launched daemons to exit before killing them. */
const EXIT_TIMEOUT_MS = 5_000;

/**
 * Sets daemons for a compute profile.
 * - `daemons(n, options)`: n local daemons (n > 0); resolves to n once all are connected.
 * - `daemons({ url, ...options })`: listen at `url` for daemons started elsewhere; resolves to the URL.
 * - `daemons(0)`: reset: daemons exit, pending mirai resolve to ErrorValue 19.
 * - `daemons(null)`: reset, and first tell persistent daemons (autoexit false) to exit.
 */
export function daemons(n: number | null, options?: DaemonsOptions): Promise<number>;
export function daemons(options: DaemonsOptions & { url: string }): Promise<number | string>;
export function daemons(nOrOptions: number | null | DaemonsOptions, options?: DaemonsOptions): Promise<number | string> {
  try {
    const request = readRequest(nOrOptions, options);
    return apply(request);
  } catch (error) {
    return Promise.reject(error);
  }
}

interface Request {
  n: number | null;
  url: string | undefined;
  compute: string;
  seed: number | undefined;
  tls: string | [string, string] | undefined;
  pass: string | undefined;
  settings: DaemonSettings;
}

function readRequest(nOrOptions: unknown, options: unknown): Request {
  let n: number | null;
  let opts: DaemonsOptions;
  if (typeof nOrOptions === 'object' && nOrOptions !== null) {
    if (options !== undefined) throw new TypeError('options must not follow an options object: use daemons(n, options) or daemons({ url, ... })');
    opts = nOrOptions as DaemonsOptions;
    n = undefined as never;
  } else {
    if (nOrOptions !== null && typeof nOrOptions !== 'number') {
      throw new TypeError(`n must be a number (or null), got ${typeName(nOrOptions)}; did you mean to provide { url }?`);
    }
    n = nOrOptions === null ? null : expectInteger(nOrOptions, 'n', 0, 1024);
    opts = (options === undefined ? {} : expectObject(options, 'options')) as DaemonsOptions;
  }
  expectObject(opts, 'options');
  expectKnownKeys(opts as Record<string, unknown>, [...OWN_KEYS, ...DAEMON_KEYS], 'options');
  const url = opts.url === undefined ? undefined : expectString(opts.url, 'options.url');
  if (url !== undefined) parseUrl(url, 'options.url');
  if (n === undefined && url === undefined) throw new TypeError('options.url is required when daemons() is given an options object');
  if (n === undefined) n = 0;
  const dispatcher = opts.dispatcher === undefined ? true : expectBoolean(opts.dispatcher, 'options.dispatcher');
  if (dispatcher && n !== 0 && n !== null) {
    throw new TypeError('options.dispatcher: true is not available yet; pass { dispatcher: false }');
  }
  const seed = opts.seed === undefined ? undefined : expectInteger(opts.seed, 'options.seed', -2147483648, 2147483647);
  const tls = readTls(opts.tls);
  const pass = opts.pass === undefined ? undefined : expectString(opts.pass, 'options.pass');
  const daemonOptions: Record<string, unknown> = {};
  for (const key of DAEMON_KEYS) if (opts[key] !== undefined) daemonOptions[key] = opts[key];
  const settings = readDaemonOptions(daemonOptions, 'options');
  const compute = opts.compute === undefined ? 'default' : expectNonEmptyString(opts.compute, 'options.compute');
  return { n, url, compute, seed, tls, pass, settings };
}

function readTls(value: unknown): string | [string, string] | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  throw new TypeError(`options.tls must be a file path or [cert, key] PEM strings, got ${typeName(value)}`);
}

async function apply(request: Request): Promise<number | string> {
  await reset(request.compute, request.n === null);
  if (request.url === undefined && (request.n === 0 || request.n === null)) return 0;
  const profile = await openProfile(request);
  if (request.url !== undefined) return profile.url;
  try {
    launchLocal(Array<number>(request.n as number).fill(1), request.settings as DaemonOptions, { compute: request.compute });
    await waitForConnections(profile, request.n as number);
  } catch (error) {
    await reset(request.compute, false);
    throw error;
  }
  return request.n as number;
}

// --- opening and resetting ---------------------------------------------------------------

async function openProfile(request: Request): Promise<Profile> {
  const wanted = request.url ?? localUrl();
  const secure = isSecureUrl(wanted);
  const tls = secure ? await serverTls(parseUrl(wanted).host, request.tls, request.pass) : undefined;
  const tasks = new NngSocket('req', { resendTime: 0 });
  const control = new NngSocket('rep');
  try {
    const url = tasks.listen(wanted, { tls: tls?.config }).url;
    const ctlUrl = controlUrl(url);
    control.listen(ctlUrl, { tls: tls?.config });
    const profile: Profile = {
      name: request.compute,
      url,
      controlUrl: ctlUrl,
      tasks,
      control: new ControlServer(control),
      connections: 0,
      processes: new Set(),
      daemonSettings: request.settings,
      ca: tls?.ca,
      seed: request.seed,
      nextStream: 0,
      contextPool: [],
      connectionWaiters: new Set(),
    };
    tasks.onPipe((event) => {
      profile.connections += event === 'add' ? 1 : -1;
      for (const waiter of profile.connectionWaiters) waiter();
    });
    profiles.set(request.compute, profile);
    return profile;
  } catch (error) {
    tasks.close();
    control.close();
    throw error;
  }
}

function waitForConnections(profile: Profile, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      profile.connectionWaiters.delete(check);
      for (const child of profile.processes) child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (profile.connections >= n) done();
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`daemons: a daemon exited before connecting (${signal ?? `exit code ${code}`})`));
    const timer = setTimeout(
      () => done(new Error(`daemons: only ${profile.connections} of ${n} daemons connected within ${CONNECT_TIMEOUT_MS} ms`)),
      CONNECT_TIMEOUT_MS,
    );
    profile.connectionWaiters.add(check);
    for (const child of profile.processes) child.once('exit', onExit);
    check();
  });
}

/** Closes a profile: pending mirai resolve to ErrorValue 19, launched daemons exit. */
async function reset(compute: string, tellPersistent: boolean): Promise<void> {
  const profile = profiles.get(compute);
  if (!profile) return;
  profiles.delete(compute);
  if (tellPersistent) await profile.control.exitAll(EXIT_TIMEOUT_MS);
  profile.control.close();
  profile.tasks.close();
  for (const ctx of profile.contextPool) ctx.close();
  profile.contextPool.length = 0;
  await Promise.all([...profile.processes].map((child) => waitForExit(child)));
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// --- with ---------------------------------------------------------------------------------

/** Sets daemons for the duration of `fn`, and resets them afterwards even if it throws. */
export async function withDaemons<R>(nOrOptions: number | (DaemonsOptions & { url: string }), fn: () => R | Promise<R>, options?: DaemonsOptions): Promise<R> {
  expectFunction(fn, 'fn');
  const compute = (typeof nOrOptions === 'object' ? nOrOptions.compute : options?.compute) ?? 'default';
  if (typeof nOrOptions === 'object') await daemons(nOrOptions);
  else await daemons(nOrOptions, options);
  try {
    return await fn();
  } finally {
    await daemons(0, { compute });
  }
}

