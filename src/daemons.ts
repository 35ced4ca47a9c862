// daemons(): set, reset and inspect the daemons of a compute profile.
import { PROCESS_OPTION_KEYS, readDaemonOptions, readProcessOptions, type DaemonOptions, type DaemonSettings, type ProcessOptions } from './daemonOptions';
import { DirectProfile } from './directProfile';
import { launchLocal } from './launchers';
import { endLaunches, launchDaemons } from './launchRemote';
import type { Profile } from './profile';
import { profiles } from './profiles';
import { QueueGate, type OnFull } from './queueGate';
import { isRemoteConfig, type RemoteConfig } from './remoteConfig';
import { DispatcherProfile } from './dispatcherProfile';
import { status, type Status } from './status';
import { SyncProfile } from './syncProfile';
import { expectCertKey, serverTls, tlsMaterial, type TlsMaterial } from './tls';
import { dispatcherUrls, isSecureUrl, localUrl, parseUrl } from './url';
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

/** Options of {@link daemons}: the profile's own, and the daemons' ({@link DaemonOptions}). */
export interface DaemonsOptions extends Omit<DaemonOptions, 'rs' | 'control' | 'tls' | 'dialwait' | 'interrupt'>, ProcessOptions {
  /** Where daemons dial in (listen here for remote daemons); port 0 picks a free one. With a
   * dispatcher, a ws URL gets paths /1 … /n, a tcp URL a block of n ports, and an array one
   * URL per daemon. */
  url?: string | string[];
  /** Launch the daemons through this (sshConfig, clusterConfig, remoteConfig) rather than
   * locally; needs `url`, where they dial in. Without `n`, one daemon per launch it lists. */
  remote?: RemoteConfig;
  /** Use a dispatcher (FIFO scheduling) between host and daemons (default true). */
  dispatcher?: boolean;
  /** Evaluate tasks in this process, one at a time, for debugging with breakpoints (R 2.x);
   * no daemons are launched. */
  sync?: boolean;
  /** Dispatcher: re-send a task whose daemon died to the next daemon at its URL. */
  retry?: boolean;
  /** Dispatcher: append a unique 24-character token to each ws path. */
  token?: boolean;
  /** Seed of the daemons' random streams (reproducible results without dispatcher). */
  seed?: number;
  /** For TLS URLs: a file with certificate and key, or `[cert, key]` PEM; default: a new
   * self-signed certificate (zero configuration). */
  tls?: string | [string, string];
  /** Password of an encrypted key in `tls`, or a function returning it (asked when needed,
   * so that it is not kept in a variable or a script). */
  pass?: string | (() => string);
  /** The compute profile (default "default"). */
  compute?: string;
  /** Memory back-pressure (R 2.x): at most this many tasks queued (unresolved beyond one per
   * daemon online); default no limit. */
  maxQueued?: number;
  /** Past maxQueued: 'wait' (default), mirai() returns a Mirai whose task is sent once the
   * queue has room; 'error', mirai() throws and sends nothing. */
  onFull?: OnFull;
  /** Which tasks a cancellation (or a SIGINT sent to their daemon) may interrupt in their
   * synchronous code: 'auto' (default) those with a `timeout` or a `signal`; true every task;
   * false none. Interruptible tasks cost their daemon tens of µs more each (docs/cancellation.md). */
  interrupt?: boolean | 'auto';
}

const OWN_KEYS = ['url', 'remote', 'sync', 'dispatcher', 'retry', 'token', 'seed', 'tls', 'pass', 'compute', 'maxQueued', 'onFull', 'interrupt'] as const;
const DAEMON_KEYS = ['autoexit', 'cleanup', 'output', 'maxtasks', 'idletime', 'walltime', 'timerstart', 'maxMessageSize', 'grace', 'linkTimeout'] as const;

/** How long `daemons(n)` waits for the daemons it launched to connect. */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Sets daemons for a compute profile.
 * - `daemons(n, options)`: n local daemons (n > 0); resolves to n once all are connected.
 * - `daemons({ url, ...options })`: listen at `url` for daemons started elsewhere; resolves to the URL.
 * - `daemons(0)`: reset: daemons exit, pending mirai resolve to ErrorValue 19.
 * - `daemons(null)`: reset, and first tell persistent daemons (autoexit false) to exit.
 * - `daemons()`: the status of the default profile, as R's daemons() (see status()).
 *
 * Setting daemons on a profile that has some resets it first.
 *
 * @throws TypeError or RangeError (as a rejection) for a bad `n` or option, before any
 *   process starts; an Error if the daemons do not connect in time.
 * @example
 * ```ts
 * await daemons(4);                       // four local daemons, behind a dispatcher
 * await daemons(2, { compute: 'gpu' });   // a second profile
 * await daemons(0);                       // reset the default profile
 * ```
 */
export function daemons(): Promise<Status>;
export function daemons(n: number | null, options?: DaemonsOptions): Promise<number>;
export function daemons(options: DaemonsOptions & { url: string | string[] }): Promise<number | string>;
export function daemons(options: { sync: true; compute?: string }): Promise<number>;
export function daemons(nOrOptions?: number | null | DaemonsOptions, options?: DaemonsOptions): Promise<number | string | Status> {
  if (arguments.length === 0) return status();
  try {
    const request = readRequest(nOrOptions, options);
    return apply(request);
  } catch (error) {
    return Promise.reject(error);
  }
}

interface Request {
  n: number | null;
  url: string | string[] | undefined;
  remote: RemoteConfig | undefined;
  dispatcher: boolean;
  retry: boolean;
  token: boolean;
  compute: string;
  seed: number | undefined;
  tls: string | [string, string] | undefined;
  pass: string | undefined;
  settings: DaemonSettings;
  /** How local daemons are started: the process options, as launchLocal() takes them. */
  launch: ProcessOptions;
  /** Tasks run in this process (daemons({ sync: true })). */
  sync: boolean;
  /** The limit on queued tasks, if any. */
  queue: { maxQueued: number; onFull: OnFull } | undefined;
  /** Every task is interruptible (interrupt: true). */
  interruptAll: boolean;
}

function compute(opts: DaemonsOptions): string {
  return opts.compute === undefined ? 'default' : expectNonEmptyString(opts.compute, 'options.compute');
}

/** daemons({ sync: true }) takes only `compute` beside it: nothing is launched or listened at. */
function readSync(opts: DaemonsOptions, n: number | null | undefined, name: string): Request {
  const other = Object.keys(opts).find((key) => key !== 'sync' && key !== 'compute' && opts[key as keyof DaemonsOptions] !== undefined);
  if (other !== undefined) throw new TypeError(`options.${other} does not apply with options.sync: tasks run in this process`);
  if (n !== undefined) throw new TypeError('daemons({ sync: true }) takes no n: tasks run in this process, one at a time');
  return { ...readDaemons({}, 1, undefined, false), compute: name, sync: true };
}

/** The process options, checked; they shape the daemons this host launches, so not with a URL. */
function readLaunchOptions(opts: DaemonsOptions, url: unknown): ProcessOptions {
  const launch: ProcessOptions = {};
  for (const key of PROCESS_OPTION_KEYS) if (opts[key] !== undefined) (launch as Record<string, unknown>)[key] = opts[key];
  const given = Object.keys(launch)[0];
  if (given !== undefined && url !== undefined) {
    throw new TypeError(`options.${given} applies to daemons this host launches (daemons(n)); with options.url, give it to launchLocal() instead`);
  }
  readProcessOptions(launch, 'options');
  return launch;
}

function readRequest(nOrOptions: unknown, options: unknown): Request {
  const { n, opts } = readArguments(nOrOptions, options);
  expectKnownKeys(opts as Record<string, unknown>, [...OWN_KEYS, ...DAEMON_KEYS, ...PROCESS_OPTION_KEYS], 'options');
  const dispatcher = opts.dispatcher === undefined ? true : expectBoolean(opts.dispatcher, 'options.dispatcher');
  const url = readUrl(opts.url, dispatcher);
  const sync = opts.sync === undefined ? false : expectBoolean(opts.sync, 'options.sync');
  if (sync) return readSync(opts, n, compute(opts));
  return readDaemons(opts, n, url, dispatcher);
}

/** The two forms, daemons(n, options?) and daemons(options); n is undefined in the second. */
function readArguments(nOrOptions: unknown, options: unknown): { n: number | null | undefined; opts: DaemonsOptions } {
  if (typeof nOrOptions === 'object' && nOrOptions !== null) {
    if (options !== undefined) throw new TypeError('options must not follow an options object: use daemons(n, options) or daemons({ url, ... })');
    return { n: undefined, opts: expectObject(nOrOptions, 'options') as DaemonsOptions };
  }
  if (nOrOptions !== null && typeof nOrOptions !== 'number') {
    throw new TypeError(`n must be a number (or null), got ${typeName(nOrOptions)}; did you mean to provide { url }?`);
  }
  const n = nOrOptions === null ? null : expectInteger(nOrOptions, 'n', 0, 1024);
  return { n, opts: (options === undefined ? {} : expectObject(options, 'options')) as DaemonsOptions };
}

/** Daemons launched here or listened for at `url`, and how they run; checked in the order read. */
function readDaemons(opts: DaemonsOptions, given: number | null | undefined, url: string | string[] | undefined, dispatcher: boolean): Request {
  const counted = readCount(given, url);
  const remote = readRemote(opts.remote, url);
  const n = counted !== undefined ? counted : remote ? remote.args.length : dispatcher ? 1 : 0;
  const { retry, token } = readDispatcherFlags(opts, dispatcher);
  const seed = opts.seed === undefined ? undefined : expectInteger(opts.seed, 'options.seed', -2147483648, 2147483647);
  const tls = expectCertKey(opts.tls, 'options.tls');
  const pass = opts.pass === undefined ? undefined : expectString(typeof opts.pass === 'function' ? opts.pass() : opts.pass, 'options.pass');
  const interrupt = readInterrupt(opts.interrupt);
  const settings = readSettings(opts, interrupt);
  const launch = readLaunchOptions(opts, url);
  const queue = readQueue(opts);
  return { n, url, remote, dispatcher, retry, token, compute: compute(opts), seed, tls, pass, settings, launch, sync: false, queue, interruptAll: interrupt === true };
}

/** n as given, or one daemon per URL of an array (a given n must then match). */
function readCount(n: number | null | undefined, url: string | string[] | undefined): number | null | undefined {
  if (n === undefined && url === undefined) throw new TypeError('options.url is required when daemons() is given an options object');
  if (!Array.isArray(url)) return n;
  if (n !== undefined && n !== null && n !== 0 && n !== url.length) throw new RangeError(`n (${n}) must match the ${url.length} URLs in options.url`);
  return url.length;
}

/** retry and token: booleans that apply only with a dispatcher. */
function readDispatcherFlags(opts: DaemonsOptions, dispatcher: boolean): { retry: boolean; token: boolean } {
  const retry = opts.retry === undefined ? false : expectBoolean(opts.retry, 'options.retry');
  const token = opts.token === undefined ? false : expectBoolean(opts.token, 'options.token');
  if (!dispatcher && (opts.retry !== undefined || opts.token !== undefined)) {
    throw new TypeError(`options.${opts.retry !== undefined ? 'retry' : 'token'} applies only with a dispatcher (dispatcher: true)`);
  }
  return { retry, token };
}

/** The options each daemon runs with, as the daemon reads them. */
function readSettings(opts: DaemonsOptions, interrupt: boolean | 'auto'): DaemonSettings {
  const daemonOptions: Record<string, unknown> = {};
  for (const key of DAEMON_KEYS) if (opts[key] !== undefined) daemonOptions[key] = opts[key];
  // Daemons interrupt the tasks their host marks; interrupt: false spares them the means.
  if (interrupt === false) daemonOptions.interrupt = false;
  return readDaemonOptions(daemonOptions, 'options');
}

function readInterrupt(value: unknown): boolean | 'auto' {
  if (value === undefined || value === 'auto' || typeof value === 'boolean') return value ?? 'auto';
  throw new TypeError(`options.interrupt must be true, false or 'auto', got ${typeName(value)}`);
}

function readQueue(opts: DaemonsOptions): Request['queue'] {
  if (opts.maxQueued === undefined) {
    if (opts.onFull !== undefined) throw new TypeError('options.onFull applies only with options.maxQueued (the limit it acts at)');
    return undefined;
  }
  const maxQueued = expectInteger(opts.maxQueued, 'options.maxQueued', 0, Number.MAX_SAFE_INTEGER);
  const onFull = opts.onFull === undefined ? 'wait' : opts.onFull;
  if (onFull !== 'wait' && onFull !== 'error') throw new TypeError(`options.onFull must be 'wait' or 'error', got ${typeName(onFull)}`);
  return { maxQueued, onFull };
}

/** The profile becomes the one mirai() sends to, with its limit on queued tasks. */
function register(profile: Profile, request: Request): void {
  if (request.queue) profile.gate = new QueueGate(profile.name, request.queue.maxQueued, request.queue.onFull, () => profile.online);
  profile.interruptAll = request.interruptAll;
  profiles.set(request.compute, profile);
}

function readUrl(value: unknown, dispatcher: boolean): string | string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (!dispatcher) throw new TypeError('options.url may be an array only with a dispatcher; without, daemons share one URL');
    if (value.length === 0) throw new RangeError('options.url must not be an empty array');
    value.forEach((u, i) => parseUrl(expectString(u, `options.url[${i}]`), `options.url[${i}]`));
    return value as string[];
  }
  parseUrl(expectString(value, 'options.url'), 'options.url');
  return value as string;
}

function readRemote(value: unknown, url: unknown): RemoteConfig | undefined {
  if (value === undefined) return undefined;
  if (!isRemoteConfig(value)) throw new TypeError(`options.remote must be made by sshConfig(), clusterConfig() or remoteConfig(), got ${typeName(value)}`);
  if (url === undefined) throw new TypeError('options.remote needs options.url: where the remote daemons dial in (see hostUrl())');
  return value;
}

async function apply(request: Request): Promise<number | string> {
  await reset(request.compute, request.n === null);
  if (request.sync) {
    profiles.set(request.compute, new SyncProfile(request.compute));
    return 0;
  }
  if (request.url === undefined && (request.n === 0 || request.n === null)) return 0;
  if (request.url === undefined && request.dispatcher) return startLocalDispatcher(request, request.n as number);
  const profile = request.dispatcher ? await openDispatcherProfile(request) : await openProfile(request);
  if (request.remote) return launchRemotely(profile, request, request.remote);
  if (request.url !== undefined) return request.dispatcher ? (request.n as number) : (profile as DirectProfile).url;
  const n = request.n as number;
  await launchAndWait(profile, n, () => launchLocal(Array<number>(n).fill(1), request.settings as DaemonOptions, { ...request.launch, compute: request.compute }));
  return n;
}

/** A dispatcher at local URLs, known before it listens: its daemons are launched at once and
 * dial until it does (dialwait), so that their start-up and its worker thread's overlap. */
async function startLocalDispatcher(request: Request, n: number): Promise<number> {
  const profile = createDispatcherProfile(request);
  const targets = Array.from({ length: n }, (_, i) => i + 1);
  const options = { ...request.settings, control: false, dialwait: CONNECT_TIMEOUT_MS } as DaemonOptions;
  await launchAndWait(profile, n, () => launchLocal(targets, options, { ...request.launch, compute: request.compute }), () => profile.started());
  return n;
}

/** Launches daemons and waits for `n` of them (and for `started`, if given); on failure the
 * profile is closed (its daemons end with it) and the error is thrown. */
async function launchAndWait(profile: Profile, n: number, launch: () => unknown, started?: () => Promise<void>): Promise<void> {
  try {
    launch();
    // Watched from the launch on: a daemon that dies while the dispatcher starts is reported
    // as such, not as a timeout.
    const connected = profile.waitForDaemons(n, CONNECT_TIMEOUT_MS);
    connected.catch(() => undefined);
    await started?.();
    await connected;
  } catch (error) {
    await closeProfile(profile);
    throw error;
  }
}

/** Daemons launched through `remote`; on failure the profile is closed, as for local ones. */
async function launchRemotely(profile: Profile, request: Request, remote: RemoteConfig): Promise<number> {
  const n = request.n as number;
  try {
    await launchDaemons(profile, n, remote, request.settings, CONNECT_TIMEOUT_MS);
  } catch (error) {
    await closeProfile(profile);
    await endLaunches(request.compute);
    throw error;
  }
  return n;
}

// --- opening and resetting ---------------------------------------------------------------

async function openProfile(request: Request): Promise<Profile> {
  const wanted = (request.url as string | undefined) ?? localUrl();
  const tls = isSecureUrl(wanted) ? await serverTls(parseUrl(wanted).host, request.tls, request.pass) : undefined;
  const profile = new DirectProfile({ name: request.compute, url: wanted, tls, seed: request.seed, maxMessageSize: request.settings.maxMessageSize, linkTimeout: request.settings.linkTimeout });
  register(profile, request);
  return profile;
}

async function openDispatcherProfile(request: Request): Promise<Profile> {
  const urls = dispatcherUrls(request.url, request.n as number, request.token);
  const secure = urls.find(isSecureUrl);
  const material = secure ? await tlsMaterial(parseUrl(secure).host, request.tls, request.pass) : undefined;
  const profile = createDispatcherProfile(request, urls, material);
  try {
    await profile.started();
  } catch (error) {
    await closeProfile(profile);
    throw error;
  }
  return profile;
}

/** A dispatcher profile, registered; its worker thread is starting (see started()). */
function createDispatcherProfile(
  request: Request,
  urls = dispatcherUrls(request.url, request.n as number, request.token),
  material?: TlsMaterial,
): DispatcherProfile {
  const profile = new DispatcherProfile({
    name: request.compute,
    urls,
    dispatcher: { retry: request.retry, tls: material?.certKey, pass: request.pass, maxMessageSize: request.settings.maxMessageSize, linkTimeout: request.settings.linkTimeout, clientCa: material?.identity?.[0] },
    tls: material,
    seed: request.seed,
  });
  register(profile, request);
  return profile;
}

/** Closes `profile` if it is still the one set for its name (a later daemons() call may have
 * replaced it while it started). */
async function closeProfile(profile: Profile): Promise<void> {
  if (profiles.get(profile.name) === profile) profiles.delete(profile.name);
  profile.gate?.close();
  await profile.close(false);
}

/** Closes a profile: pending mirai resolve to ErrorValue 19, launched daemons exit. */
async function reset(compute: string, tellPersistent: boolean): Promise<void> {
  const profile = profiles.get(compute);
  if (profile) {
    profiles.delete(compute);
    profile.gate?.close();
    await profile.close(tellPersistent);
  }
  await endLaunches(compute);
}

// --- with ---------------------------------------------------------------------------------

/**
 * Sets daemons for the duration of `fn`, and resets them afterwards even if it throws.
 *
 * @param nOrOptions - As the first argument of {@link daemons}: a count, or options with `url`.
 * @param fn - The work; its result (awaited) is what withDaemons resolves to.
 * @param options - With a count: the options of {@link daemons}.
 * @throws TypeError (as a rejection) if `fn` is not a function, or as {@link daemons} does.
 * @example
 * ```ts
 * const total = await withDaemons(2, async () => (await mirai(() => 40 + 2)) as number);
 * ```
 */
export async function withDaemons<R>(nOrOptions: number | (DaemonsOptions & { url: string | string[] }), fn: () => R | Promise<R>, options?: DaemonsOptions): Promise<R> {
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

