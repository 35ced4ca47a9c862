// Daemon options: what users may set, how they are read and checked, and the CLI flags they
// become when a daemon is launched as a process.
import { statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_LINK_TIMEOUT, readLinkTimeout } from './linkTimeout';
import { DEFAULT_MAX_MESSAGE_SIZE, readMaxMessageSize } from './messageSize';
import { readRespawn, type RespawnOption, type RespawnPolicy } from './respawn';
import {
  expectBoolean,
  expectDuration,
  expectInteger,
  expectKnownKeys,
  expectObject,
  expectString,
  typeName,
} from './validate';
import { expectCertKey } from './tls';

/** Cleanup bits, as in R: 1 globals, 2 loaded modules, 4 process settings, 8 garbage collection. */
export const Cleanup = { Globals: 1, Modules: 2, Settings: 4, Gc: 8, Default: 7 } as const;

/** Options of a daemon process: {@link daemon}, `mirai daemon` and {@link launchLocal}. */
export interface DaemonOptions {
  /** Exit when the connection to the host ends (default true); false persists and redials;
   * a signal name or number also raises that signal, interrupting a running evaluation. */
  autoexit?: boolean | NodeJS.Signals | number;
  /** Cleanup after each task: true (= 7), false (= 0) or a bitmask: 1 globals the task added,
   * 2 modules it loaded, 4 process settings (env, cwd, exitCode), 8 garbage collection. */
  cleanup?: boolean | number;
  /** Forward the daemon's stdout/stderr to the host (local daemons; read by the launchers). */
  output?: boolean;
  /** Exit after this many tasks. */
  maxtasks?: number;
  /** Exit after this many ms without a task. */
  idletime?: number;
  /** Exit once this many ms have passed (after the task in progress). */
  walltime?: number;
  /** Start the idletime and walltime clocks after this many completed tasks. */
  timerstart?: number;
  /** For tls+tcp:// and wss://: the CA certificate (PEM text or a file path) to trust. */
  tls?: string;
  /** For a host that requires client certificates (mutual TLS, as zero-configuration TLS
   * does): this daemon's certificate and unencrypted key, `[cert, key]` PEM or a file holding
   * both. Set for the daemons daemons() starts or prints commands for. The CLI takes a file
   * (`--identity FILE`) or MIRAI_TLS_CERT and MIRAI_TLS_KEY: never the key on its arguments,
   * which `ps` shows. */
  identity?: string | [string, string];
  /** Random stream for Math.random: `"seed:index"` (set by `daemons({ seed })`). */
  rs?: string;
  /** The control URL (cancellations, everywhere, exit); default derived from `url`; false: none. */
  control?: string | false;
  /** Behind a dispatcher (`control: false`): keep dialling for up to this many ms until it
   * listens (default 0: it must listen already). Set by daemons(n), which launches its local
   * daemons while its dispatcher starts. A persistent daemon (autoexit false) redials anyway. */
  dialwait?: number;
  /** The largest message accepted from a peer, bytes (default 2 GiB; 0: no limit): by a
   * daemon from its host and, given to daemons(), by the host and its dispatcher from daemons.
   * A peer announcing a longer message is disconnected before anything is allocated for it. */
  maxMessageSize?: number;
  /** After a task is cancelled or interrupted (its taskSignal aborted), how many ms it has to
   * end before the daemon exits, so that no task of its overlaps the next (default 3000). */
  grace?: number;
  /** Interrupt the tasks the host marks as interruptible (default true): SIGINT, raised by
   * their cancellation or sent to the daemon, then ends even their synchronous code. The host
   * marks tasks with a timeout or a signal, or every task (daemons(n, { interrupt: true })).
   * false: none is, and the daemon keeps no means for it (without dispatcher, a thread). */
  interrupt?: boolean;
  /** How long a link that died silently (no FIN, no RST) may go unnoticed, ms (default 10000;
   * 0: TCP's own timing, hours): TCP keep-alive probes drop an idle connection within about
   * this time (whole seconds, at least 1000), and on Linux so does data left unacknowledged by
   * a peer that always reads (docs/faults.md). Given to daemons(), by the host and its
   * dispatcher too: a daemon's task then resolves to ErrorValue 19 (or is retried), and a
   * persistent daemon redials. */
  linkTimeout?: number;
}

export const DAEMON_OPTION_KEYS = [
  'autoexit', 'cleanup', 'output', 'maxtasks', 'idletime', 'walltime', 'timerstart', 'tls', 'identity', 'rs', 'control', 'dialwait', 'maxMessageSize', 'grace', 'interrupt', 'linkTimeout',
] as const;

/** Options as the daemon uses them. */
export interface DaemonSettings {
  autoexit: boolean | NodeJS.Signals | number;
  cleanup: number;
  output: boolean;
  maxtasks: number;
  idletime: number;
  walltime: number;
  timerstart: number;
  tls: string | undefined;
  identity: string | [string, string] | undefined;
  rs: { seed: number; index: number } | undefined;
  control: string | false | undefined;
  dialwait: number;
  maxMessageSize: number;
  grace: number;
  interrupt: boolean;
  linkTimeout: number;
}

/** How long a stopped task has to end before its daemon exits (ms). */
export const GRACE_DEFAULT_MS = 3000;

/** Validates daemon options (also used by daemons() and the launchers, before any work). */
export function readDaemonOptions(options: unknown, what: string): DaemonSettings {
  const o = expectObject(options ?? {}, what) as DaemonOptions;
  expectKnownKeys(o as Record<string, unknown>, DAEMON_OPTION_KEYS, what);
  return {
    autoexit: readAutoexit(o.autoexit, `${what}.autoexit`),
    cleanup: readCleanup(o.cleanup, `${what}.cleanup`),
    output: o.output === undefined ? false : expectBoolean(o.output, `${what}.output`),
    maxtasks: readLimit(o.maxtasks, `${what}.maxtasks`, 1),
    idletime: o.idletime === undefined || o.idletime === Infinity ? Infinity : expectDuration(o.idletime, `${what}.idletime`),
    walltime: o.walltime === undefined || o.walltime === Infinity ? Infinity : expectDuration(o.walltime, `${what}.walltime`),
    timerstart: o.timerstart === undefined ? 0 : expectInteger(o.timerstart, `${what}.timerstart`, 0),
    tls: o.tls === undefined ? undefined : expectString(o.tls, `${what}.tls`),
    identity: expectCertKey(o.identity, `${what}.identity`),
    rs: o.rs === undefined ? undefined : readStream(o.rs, `${what}.rs`),
    control: o.control === undefined || o.control === false ? o.control : expectString(o.control, `${what}.control`),
    dialwait: readDialwait(o, what),
    maxMessageSize: readMaxMessageSize(o.maxMessageSize, `${what}.maxMessageSize`),
    grace: o.grace === undefined ? GRACE_DEFAULT_MS : expectDuration(o.grace, `${what}.grace`),
    interrupt: o.interrupt === undefined ? true : expectBoolean(o.interrupt, `${what}.interrupt`),
    linkTimeout: readLinkTimeout(o.linkTimeout, `${what}.linkTimeout`),
  };
}

/** A daemon with a control channel cannot wait for its host: a control URL refused at start
 * means "no control channel here", which a host still starting would fake. */
function readDialwait(o: DaemonOptions, what: string): number {
  if (o.dialwait === undefined) return 0;
  const ms = expectDuration(o.dialwait, `${what}.dialwait`);
  if (ms > 0 && o.control !== false) {
    throw new TypeError(`${what}.dialwait is for a daemon behind a dispatcher: it needs ${what}.control = false`);
  }
  return ms;
}

function readAutoexit(value: unknown, what: string): boolean | NodeJS.Signals | number {
  if (value === undefined) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && value in osConstants.signals) return value as NodeJS.Signals;
  if (typeof value === 'number' && Object.values(osConstants.signals).includes(value)) return value;
  throw new TypeError(`${what} must be true, false or a signal name or number such as 'SIGINT', got ${typeName(value)}`);
}

function readCleanup(value: unknown, what: string): number {
  if (value === undefined || value === true) return Cleanup.Default;
  if (value === false) return 0;
  return expectInteger(value, what, 0, 15);
}

function readLimit(value: unknown, what: string, min: number): number {
  if (value === undefined || value === Infinity) return Infinity;
  return expectInteger(value, what, min);
}

function readStream(value: string, what: string): { seed: number; index: number } {
  const match = /^(-?\d+):(\d+)$/.exec(expectString(value, what));
  if (!match) throw new TypeError(`${what} must look like "seed:index", got ${typeName(value)}`);
  return { seed: Number(match[1]), index: Number(match[2]) };
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
  if (settings.maxMessageSize !== undefined && settings.maxMessageSize !== DEFAULT_MAX_MESSAGE_SIZE) add('maxMessageSize', settings.maxMessageSize);
  if (settings.grace !== undefined && settings.grace !== GRACE_DEFAULT_MS) add('grace', settings.grace);
  if (settings.interrupt === false) add('interrupt', false);
  if (settings.linkTimeout !== undefined && settings.linkTimeout !== DEFAULT_LINK_TIMEOUT) add('linkTimeout', settings.linkTimeout);
  return args;
}

// --- the process of a local daemon ---------------------------------------------------------

/** How a daemon this host launches is started as a process (daemons(n), launchLocal): the
 * worker-pool settings, for daemons on this machine only. */
export interface ProcessOptions {
  /** Node options for the daemon process (default none: the host's own `process.execArgv`,
   * such as `--inspect`, is not passed on). */
  execArgv?: string[];
  /** Environment variables set in the daemon over the host's environment as it is at launch
   * (default: the host's `process.env`); a value of `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** The daemon's working directory (default: the host's `process.cwd()`). */
  cwd?: string;
  /** V8's old-generation heap limit in MB, `--max-old-space-size` (default: V8's own, which
   * follows the machine's memory). */
  maxOldSpaceSize?: number;
  /** V8's semi-space size in MB, `--max-semi-space-size` (default 16, Node 22's own: Node 24
   * would size it four times larger). */
  maxSemiSpaceSize?: number;
  /** Relaunch a daemon that exits while its profile is set (crash, maxtasks, idletime,
   * walltime), as worker pools replace their workers: true, or `{ maxBackoffMs }`. A clean
   * exit relaunches at once; crashes in a row wait 100 ms, doubling up to `maxBackoffMs`
   * (default 10000). Not for persistent daemons (autoexit false). Default false. */
  respawn?: RespawnOption;
}

export const PROCESS_OPTION_KEYS = ['execArgv', 'env', 'cwd', 'maxOldSpaceSize', 'maxSemiSpaceSize', 'respawn'] as const;

/** Process options as spawning uses them: the heap limits are Node options like any other. */
export interface ProcessSettings {
  execArgv: string[];
  env: Record<string, string | undefined>;
  cwd: string | undefined;
  /** Whether and how daemons that exit are relaunched (launchLocal). */
  respawn: RespawnPolicy | undefined;
}

/** Validates process options (the keys of `options` among PROCESS_OPTION_KEYS; others are
 * left to the caller). */
export function readProcessOptions(options: ProcessOptions, what: string): ProcessSettings {
  const execArgv = options.execArgv === undefined ? [] : readStrings(options.execArgv, `${what}.execArgv`);
  if (options.maxOldSpaceSize !== undefined) {
    execArgv.push(`--max-old-space-size=${expectInteger(options.maxOldSpaceSize, `${what}.maxOldSpaceSize`, 16, 1 << 20)}`);
  }
  if (options.maxSemiSpaceSize !== undefined) {
    execArgv.push(`--max-semi-space-size=${expectInteger(options.maxSemiSpaceSize, `${what}.maxSemiSpaceSize`, 1, 1024)}`);
  }
  return {
    execArgv,
    env: readEnv(options.env, `${what}.env`),
    cwd: readDirectory(options.cwd, `${what}.cwd`),
    respawn: readRespawn(options.respawn, `${what}.respawn`),
  };
}

function readStrings(value: unknown, what: string): string[] {
  if (!Array.isArray(value)) throw new TypeError(`${what} must be an array of strings, got ${typeName(value)}`);
  return value.map((v, i) => expectString(v, `${what}[${i}]`));
}

function readEnv(value: unknown, what: string): Record<string, string | undefined> {
  if (value === undefined) return {};
  const env = expectObject(value, what);
  for (const [key, v] of Object.entries(env)) if (v !== undefined) expectString(v, `${what}.${key}`);
  return env as Record<string, string | undefined>;
}

/** Checked here: a missing directory would otherwise surface as a spawn error naming the
 * Node binary (ENOENT), not the directory. */
function readDirectory(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  const dir = resolve(expectString(value, what));
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new TypeError(`${what} must be an existing directory, got ${JSON.stringify(value)}`);
  return dir;
}
