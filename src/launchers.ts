// Launchers: starting daemon processes on this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readDaemonOptions, type DaemonOptions, type DaemonSettings } from './daemon';
import { getProfile, type Profile } from './profiles';
import { parseUrl } from './url';
import { expectInteger, expectKnownKeys, expectObject, expectString } from './validate';

/** A daemon's Node flags. --expose-gc: cleanup bit 8 collects garbage after each task.
 * --max-semi-space-size=16: the young generation of Node 20 and 22; Node 24 sizes it four
 * times larger, and a daemon running small tasks grows to fill it (about 80 MB more each, for
 * no gain in speed measured here). */
const DAEMON_NODE_FLAGS = ['--expose-gc', '--max-semi-space-size=16'];

/** The command line that runs this package's CLI with this Node (or Electron as Node). */
export function cliCommand(): { command: string; args: string[] } {
  const compiled = join(__dirname, 'cli.js');
  if (existsSync(compiled)) return { command: process.execPath, args: [...DAEMON_NODE_FLAGS, compiled] };
  // Running from the TypeScript sources (the test suite): load them the same way.
  return { command: process.execPath, args: [...DAEMON_NODE_FLAGS, '--import', 'tsx', join(__dirname, 'cli.ts')] };
}

/** `--option value` pairs for the CLI, for the settings that differ from the defaults. */
export function daemonArgs(settings: Partial<DaemonSettings>): string[] {
  const args: string[] = [];
  const add = (name: string, value: unknown) => args.push(`--${name}`, String(value));
  if (settings.autoexit !== undefined && settings.autoexit !== true) add('autoexit', settings.autoexit);
  if (settings.cleanup !== undefined && settings.cleanup !== 7) add('cleanup', settings.cleanup);
  if (settings.output) add('output', true);
  for (const key of ['maxtasks', 'idletime', 'walltime'] as const) {
    if (settings[key] !== undefined && settings[key] !== Infinity) add(key, settings[key]);
  }
  if (settings.timerstart) add('timerstart', settings.timerstart);
  if (settings.rs) add('rs', `${settings.rs.seed}:${settings.rs.index}`);
  if (settings.control !== undefined) add('control', settings.control);
  if (settings.dialwait) add('dialwait', settings.dialwait);
  return args;
}

/** Starts one daemon process dialling `url`. Its output reaches this process's only with
 * `output`; the TLS CA, if any, goes by environment rather than the command line. */
export function spawnDaemon(url: string, settings: Partial<DaemonSettings>, ca?: string): ChildProcess {
  const { command, args } = cliCommand();
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  if (ca) env.MIRAI_TLS_CA = ca;
  const child = spawn(command, [...args, 'daemon', url, ...daemonArgs(settings)], {
    stdio: ['ignore', settings.output ? 'inherit' : 'ignore', settings.output ? 'inherit' : 'ignore'],
    env,
    windowsHide: true,
  });
  // Idle daemons must not keep the host alive: they exit with it (autoexit).
  child.unref();
  return child;
}

export interface LaunchOptions {
  /** The CA certificate (PEM or path) for TLS URLs; defaults to the profile's own. */
  tls?: string;
  compute?: string;
}

/** Starts local daemons for a profile's URL: `urlOrIndex` is a URL, 1 (the host URL without
 * dispatcher), or an array of those. Returns the processes' ids. */
export function launchLocal(urlOrIndex: string | number | (string | number)[], daemonOptions: DaemonOptions = {}, options: LaunchOptions = {}): number[] {
  const opts = expectObject(options, 'options') as LaunchOptions;
  expectKnownKeys(opts as Record<string, unknown>, ['tls', 'compute'], 'options');
  const compute = opts.compute === undefined ? 'default' : expectString(opts.compute, 'options.compute');
  const profile = getProfile(compute);
  // A dispatcher speaks to each daemon on its task channel alone: no control URL to look for
  // (set before the options are read, which allow dialwait only without one).
  const given = expectObject(daemonOptions ?? {}, 'daemonOptions') as DaemonOptions;
  const behindDispatcher = profile?.dispatcher === true && given.control === undefined;
  const settings = readDaemonOptions(behindDispatcher ? { ...given, control: false } : given, 'daemonOptions');
  const urls = (Array.isArray(urlOrIndex) ? urlOrIndex : [urlOrIndex]).map((u, i) => resolveUrl(u, profile, `urlOrIndex${Array.isArray(urlOrIndex) ? `[${i}]` : ''}`));
  const ca = opts.tls ?? profile?.ca;
  return urls.map((url) => {
    const child = spawnDaemon(url, withStream(settings, profile), ca);
    // A persistent daemon outlives resets (only daemons(null) ends it): not waited for.
    if (settings.autoexit !== false) {
      profile?.processes.add(child);
      child.once('exit', () => profile?.processes.delete(child));
    }
    return child.pid ?? -1;
  });
}

function resolveUrl(value: string | number, profile: Profile | undefined, what: string): string {
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
 * random stream when a seed was set; without, the host hands streams out as daemons connect. */
export function withStream(settings: DaemonSettings, profile: Profile | undefined): DaemonSettings {
  if (!profile || profile.seed === undefined || !profile.dispatcher) return settings;
  return { ...settings, rs: { seed: profile.seed, index: profile.nextStream++ } };
}
