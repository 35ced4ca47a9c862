// launchLocal(): daemons for a compute profile, started as processes of this machine.
import type { ChildProcess } from 'node:child_process';
import { spawnDaemon } from './daemonProcess';
import { PROCESS_OPTION_KEYS, readDaemonOptions, readProcessOptions, type DaemonOptions, type DaemonSettings, type ProcessOptions } from './daemonOptions';
import type { Profile } from './profile';
import { getProfile } from './profiles';
import { keepSpawning } from './respawn';
import { parseUrl } from './url';
import { expectInteger, expectKnownKeys, expectObject, expectString } from './validate';

/** Options of {@link launchLocal} and {@link launchRemote}. */
export interface LaunchOptions extends ProcessOptions {
  /** The CA certificate (PEM or path) for TLS URLs; defaults to the profile's own. */
  tls?: string;
  /** The compute profile (default "default"). */
  compute?: string;
}

/** Starts local daemons for a profile's URL: `urlOrIndex` is a URL, 1 (the host URL without
 * dispatcher), or an array of those. Returns the processes' ids.
 * @throws TypeError or RangeError for a bad URL or index, or a bad or unknown option, before
 *   any process starts. */
export function launchLocal(urlOrIndex: string | number | (string | number)[], daemonOptions: DaemonOptions = {}, options: LaunchOptions = {}): number[] {
  const opts = expectObject(options, 'options') as LaunchOptions;
  expectKnownKeys(opts as Record<string, unknown>, ['tls', 'compute', ...PROCESS_OPTION_KEYS], 'options');
  const processSettings = readProcessOptions(opts, 'options');
  const compute = opts.compute === undefined ? 'default' : expectString(opts.compute, 'options.compute');
  const profile = getProfile(compute);
  // A dispatcher speaks to each daemon on its task channel alone: no control URL to look for
  // (set before the options are read, which allow dialwait only without one).
  const given = expectObject(daemonOptions ?? {}, 'daemonOptions') as DaemonOptions;
  const behindDispatcher = profile?.dispatcher === true && given.control === undefined;
  const settings = readDaemonOptions(behindDispatcher ? { ...given, control: false } : given, 'daemonOptions');
  const targets = Array.isArray(urlOrIndex) ? urlOrIndex : [urlOrIndex];
  const what = (i: number) => `urlOrIndex${Array.isArray(urlOrIndex) ? `[${i}]` : ''}`;
  targets.forEach((u, i) => resolveUrl(u, profile, what(i)));
  const respawn = processSettings.respawn;
  if (respawn) checkRespawn(profile, settings);
  const ca = opts.tls ?? profile?.ca;
  const identity = settings.identity ?? profile?.identity;
  return targets.map((u, i) => {
    // Each launch resolves an index again: saisei() may have given the slot a new URL.
    const spawn = () => track(spawnDaemon(resolveUrl(u, profile, what(i)), { ...withStream(settings, profile), identity }, ca, processSettings), profile, settings);
    const wanted = () => profile !== undefined && getProfile(compute) === profile;
    const child = respawn ? keepSpawning(spawn, wanted, respawn) : spawn();
    return child.pid ?? -1;
  });
}

/** A daemon the profile's reset waits for; a persistent one (autoexit false) outlives resets
 * (only daemons(null) ends it), so it is not. */
function track(child: ChildProcess, profile: Profile | undefined, settings: DaemonSettings): ChildProcess {
  if (settings.autoexit !== false) {
    profile?.processes.add(child);
    child.once('exit', () => profile?.processes.delete(child));
  }
  return child;
}

/** Respawning ends with the profile's reset: it needs one, and daemons that end with it. */
function checkRespawn(profile: Profile | undefined, settings: DaemonSettings): void {
  if (!profile) throw new TypeError('options.respawn needs daemons set for the compute profile: respawning stops when they are reset');
  if (settings.autoexit === false) throw new TypeError('options.respawn does not apply to persistent daemons (daemonOptions.autoexit false), which outlive resets');
}

/** A URL as given, or index `value` of the profile's URLs. */
export function resolveUrl(value: string | number, profile: Profile | undefined, what: string): string {
  if (typeof value === 'string') {
    parseUrl(value, what);
    return value;
  }
  expectInteger(value, what, 1);
  if (!profile) throw new TypeError(`${what} is an index, but no daemons are set for this compute profile`);
  try {
    return profile.daemonUrl(value);
  } catch (error) {
    throw new RangeError(`${what}: ${(error as Error).message}`);
  }
}

/** Behind a dispatcher (no control channel), each launched daemon takes the profile's next
 * random stream when a seed was set, unless given its own `rs`; without, the host hands
 * streams out as daemons connect. */
export function withStream(settings: DaemonSettings, profile: Profile | undefined): DaemonSettings {
  if (!profile || profile.seed === undefined || !profile.dispatcher || settings.rs !== undefined) return settings;
  return { ...settings, rs: { seed: profile.seed, index: profile.nextStream++ } };
}
