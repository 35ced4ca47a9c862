// Remote configurations: how daemon commands reach other machines (R's remote_config,
// ssh_config, cluster_config), and quoting for the shells that run them there.
import { expectBoolean, expectInteger, expectKnownKeys, expectNonEmptyString, expectObject, typeName } from './validate';

/** The shell that runs a daemon command on the remote side. */
export type Shell = 'sh' | 'cmd';

/** Batch schedulers `clusterConfig` submits to. */
export type Scheduler = 'sbatch' | 'qsub' | 'bsub';

/** Made by `remoteConfig`, `sshConfig` or `clusterConfig`; read by `launchRemote` and `daemons`. */
export interface RemoteConfig {
  /** The launcher run on this machine (ssh, sbatch, …); none: the commands are only returned,
   * for starting by hand. */
  readonly command: string | undefined;
  /** One argument list per launch (one list: every launch uses it). '.' stands for the
   * daemon's shell command; a list without '.' gives the command on the launcher's standard
   * input instead, which keeps it out of every argument list. */
  readonly args: readonly (readonly string[])[];
  /** Node on the remote side (an absolute path where a non-interactive shell's PATH lacks it). */
  readonly node: string;
  /** mirai's CLI script on the remote side; default this installation's (same machine, or a
   * shared file system). */
  readonly cli: string | undefined;
  /** Quote the daemon command as one shell word where it replaces '.'. */
  readonly quote: boolean;
  /** The shell that runs the daemon command remotely, which sets how it is quoted. */
  readonly shell: Shell;
  /** The address remote daemons dial for this host, in place of the URL's. */
  readonly host: string | undefined;
  /** ssh: a reverse tunnel per launch, `-R port:127.0.0.1:port` (the host URL must be local). */
  readonly tunnel: boolean;
  /** ssh: seconds to wait for the connection. */
  readonly timeout: number | undefined;
  /** clusterConfig: the scheduler and its directives, written at the top of each job script. */
  readonly scheduler: Scheduler | undefined;
  /** clusterConfig: the scheduler's directives, one per line ('' for none). */
  readonly directives: string;
  /** clusterConfig: all the daemons of a launch as one array job, a task each. */
  readonly array: boolean;
}

/** Options of {@link remoteConfig}. */
export interface RemoteConfigOptions {
  /** The launcher to run on this machine; none: the commands are only returned. */
  command?: string;
  /** An argument list, or a list of them (one launch each); '.' marks the daemon command. */
  args?: string[] | string[][];
  /** Node on the remote side (default 'node'). */
  node?: string;
  /** mirai's CLI script on the remote side (default this installation's). */
  cli?: string;
  /** Quote the daemon command as one shell word where it replaces '.' (default false). */
  quote?: boolean;
  /** The remote shell: 'sh' (default) or 'cmd'. */
  shell?: Shell;
  /** The address remote daemons dial for this host, in place of the URL's. */
  host?: string;
}

/**
 * A generic launcher (R's `remote_config`): runs `command args…` once per daemon, the daemon's
 * shell command in place of '.' (or on standard input when no argument is '.').
 *
 * @returns A {@link RemoteConfig} for {@link launchRemote} or `daemons({ remote })`.
 * @throws TypeError for an unknown option or one of the wrong type.
 * @example
 * ```ts
 * const remote = remoteConfig({ command: 'docker', args: ['exec', 'worker', 'sh', '-c', '.'], quote: true });
 * ```
 */
export function remoteConfig(options: RemoteConfigOptions = {}): RemoteConfig {
  const o = expectObject(options, 'options') as RemoteConfigOptions;
  expectKnownKeys(o as Record<string, unknown>, ['command', 'args', 'node', 'cli', 'quote', 'shell', 'host'], 'options');
  return freeze({
    ...common(o),
    command: o.command === undefined ? undefined : expectNonEmptyString(o.command, 'options.command'),
    args: readArgs(o.args),
    quote: o.quote === undefined ? false : expectBoolean(o.quote, 'options.quote'),
    shell: readShell(o.shell),
  });
}

/** Options of {@link sshConfig}. */
export interface SshConfigOptions {
  /** `host`, `user@host`, `ssh://user@host:port`: one daemon launch each. */
  remotes: string | string[];
  /** Reverse tunnels: remote daemons dial 127.0.0.1 on their side, reaching this host's. */
  tunnel?: boolean;
  /** Seconds to wait for each SSH connection (default 10). */
  timeout?: number;
  /** The ssh client (default 'ssh'). */
  command?: string;
  /** More ssh arguments for every remote (e.g. ['-i', keyFile]). */
  options?: string[];
  /** Node on the remote side (default 'node'). */
  node?: string;
  /** mirai's CLI script on the remote side (default this installation's). */
  cli?: string;
  /** The address remote daemons dial for this host, in place of the URL's. */
  host?: string;
}

/**
 * Launches over SSH (R's `ssh_config`). The daemon command goes to a remote `/bin/sh` on
 * its standard input, so that neither machine's process list shows what it carries.
 *
 * @returns A {@link RemoteConfig} for {@link launchRemote} or `daemons({ remote })`.
 * @throws TypeError for an unknown option, a missing or malformed `remotes`, or an option of
 *   the wrong type; RangeError for a `timeout` outside 1 to 3600 seconds.
 * @example
 * ```ts
 * await daemons({ url: hostUrl({ tls: true }), remote: sshConfig({ remotes: ['alice@node1', 'node2'] }) });
 * ```
 */
export function sshConfig(options: SshConfigOptions): RemoteConfig {
  const o = expectObject(options, 'options') as unknown as SshConfigOptions;
  expectKnownKeys(o as unknown as Record<string, unknown>, ['remotes', 'tunnel', 'timeout', 'command', 'options', 'node', 'cli', 'host'], 'options');
  const remotes = typeof o.remotes === 'string' ? [o.remotes] : o.remotes;
  if (!Array.isArray(remotes) || remotes.length === 0) {
    throw new TypeError(`options.remotes must be a host or a non-empty array of hosts, got ${typeName(o.remotes)}`);
  }
  const tunnel = o.tunnel === undefined ? false : expectBoolean(o.tunnel, 'options.tunnel');
  const timeout = o.timeout === undefined ? 10 : expectInteger(o.timeout, 'options.timeout', 1, 3600);
  const extra = readStrings(o.options ?? [], 'options.options');
  const args = remotes.map((remote, i) => {
    const { target, port } = parseRemote(expectNonEmptyString(remote, `options.remotes[${i}]`), `options.remotes[${i}]`);
    return [
      '-o', `ConnectTimeout=${timeout}`, '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes',
      ...extra, ...(tunnel ? ['-R', TUNNEL] : []), ...(port ? ['-p', port] : []), '-T', target, '/bin/sh',
    ];
  });
  return freeze({
    ...common(o),
    command: o.command === undefined ? 'ssh' : expectNonEmptyString(o.command, 'options.command'),
    args,
    tunnel,
    timeout,
  });
}

/** Options of {@link clusterConfig}. */
export interface ClusterConfigOptions {
  /** The submit command: 'sbatch' (Slurm), 'qsub' (SGE, PBS/Torque) or 'bsub' (LSF). */
  command: Scheduler;
  /** The scheduler's directives, one per line (`#SBATCH --mem=1G`), written atop each job script. */
  options?: string;
  /** Node on the compute nodes (default 'node'). */
  node?: string;
  /** mirai's CLI script on the compute nodes (default this installation's). */
  cli?: string;
  /** The address daemons dial for this host, in place of the URL's. */
  host?: string;
  /** One array job of n tasks in place of n jobs (default false). */
  array?: boolean;
}

const SCHEDULERS: readonly Scheduler[] = ['sbatch', 'qsub', 'bsub'];

/**
 * Submits each daemon as a batch job (R 2.x's `cluster_config`): Slurm (sbatch), SGE or
 * PBS/Torque (qsub), LSF (bsub). The job script goes to the submit command's standard input.
 * With `array: true`, the daemons of a launch are one array job, a task each (`--array=1-n`,
 * `-t 1-n`, `-J mirai[1-n]`), which the scheduler queues and cancels as one.
 *
 * @returns A {@link RemoteConfig} for {@link launchRemote} or `daemons({ remote })`.
 * @throws TypeError for an unknown scheduler or option, or an option of the wrong type.
 * @example
 * ```ts
 * const remote = clusterConfig({ command: 'sbatch', options: '#SBATCH --mem=2G\n#SBATCH --time=1:00:00' });
 * await daemons(100, { url: hostUrl(), remote: clusterConfig({ command: 'sbatch', array: true }) });
 * ```
 */
export function clusterConfig(options: ClusterConfigOptions): RemoteConfig {
  const o = expectObject(options, 'options') as unknown as ClusterConfigOptions;
  expectKnownKeys(o as unknown as Record<string, unknown>, ['command', 'options', 'node', 'cli', 'host', 'array'], 'options');
  if (!SCHEDULERS.includes(o.command)) {
    throw new TypeError(`options.command must be one of ${SCHEDULERS.map((s) => `'${s}'`).join(', ')}, got ${typeName(o.command)}`);
  }
  const directives = o.options === undefined ? '' : readDirectives(o.options);
  // Slurm prints the bare job id with --parsable, which `daemons(0)` needs to cancel it.
  const args = o.command === 'sbatch' ? [['--parsable']] : [[]];
  const array = o.array === undefined ? false : expectBoolean(o.array, 'options.array');
  return freeze({ ...common(o), command: o.command, args, scheduler: o.command, directives, array });
}

/** True for what the config functions return. */
export function isRemoteConfig(value: unknown): value is RemoteConfig {
  return typeof value === 'object' && value !== null && BRAND in value;
}

/** The config for launch `i` alone (its own argument list, or the one all share). */
export function pickLaunch(config: RemoteConfig, i: number): RemoteConfig {
  if (config.args.length === 1) return config;
  if (i >= config.args.length) throw new RangeError(`the remote configuration has ${config.args.length} argument lists (one launch each), fewer than the ${i + 1} asked for`);
  return freeze({ ...config, args: [config.args[i]] });
}

/** Where '-R' takes the host URL's port, filled in at launch. */
export const TUNNEL = '{port}:127.0.0.1:{port}';

// --- quoting ---------------------------------------------------------------------------

/** One word for a POSIX shell: bare when safe, else single-quoted (a quote as '\''). */
export function quoteSh(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One word for Windows cmd: bare when safe, else double-quoted with inner quotes doubled.
 * Percent signs are refused: cmd expands them even inside quotes. */
export function quoteCmd(word: string): string {
  if (word.includes('%')) throw new TypeError(`cannot quote '${word}' for cmd: it contains '%'`);
  if (/^[A-Za-z0-9_@+=:,./\\-]+$/.test(word)) return word;
  return `"${word.replace(/"/g, '""')}"`;
}

/** A command line for `shell`: environment assignments, then the words. */
export function commandLine(shell: Shell, env: Record<string, string>, words: string[]): string {
  const quote = shell === 'cmd' ? quoteCmd : quoteSh;
  const line = words.map(quote).join(' ');
  const entries = Object.entries(env);
  if (shell === 'cmd') return [...entries.map(([k, v]) => `set ${quoteCmd(`${k}=${v}`)}`), line].join(' && ');
  return [...entries.map(([k, v]) => `${k}=${quoteSh(v)}`), line].join(' ');
}

// --- helpers ---------------------------------------------------------------------------

const BRAND = Symbol.for('mirai.remoteConfig');

type Common = Pick<RemoteConfig, 'node' | 'cli' | 'host'>;

function common(o: { node?: string; cli?: string; host?: string }): Common {
  return {
    node: o.node === undefined ? 'node' : expectNonEmptyString(o.node, 'options.node'),
    cli: o.cli === undefined ? undefined : expectNonEmptyString(o.cli, 'options.cli'),
    host: o.host === undefined ? undefined : expectNonEmptyString(o.host, 'options.host'),
  };
}

function freeze(parts: Partial<RemoteConfig> & Common & Pick<RemoteConfig, 'command' | 'args'>): RemoteConfig {
  const config: RemoteConfig = {
    quote: false,
    shell: 'sh',
    tunnel: false,
    timeout: undefined,
    scheduler: undefined,
    directives: '',
    array: false,
    ...parts,
  };
  Object.defineProperty(config, BRAND, { value: true });
  return Object.freeze(config);
}

function readArgs(value: unknown): string[][] {
  if (value === undefined) return [['.']];
  if (!Array.isArray(value) || value.length === 0) throw new TypeError(`options.args must be a non-empty array of strings (or of arrays of strings), got ${typeName(value)}`);
  if (value.every((v) => typeof v === 'string')) return [value as string[]];
  return value.map((list, i) => readStrings(list, `options.args[${i}]`));
}

function readStrings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new TypeError(`${what} must be an array of strings, got ${typeName(value)}`);
  return value as string[];
}

function readShell(value: unknown): Shell {
  if (value === undefined) return 'sh';
  if (value === 'sh' || value === 'cmd') return value;
  throw new TypeError(`options.shell must be 'sh' or 'cmd', got ${typeName(value)}`);
}

function readDirectives(value: unknown): string {
  const text = Array.isArray(value) ? readStrings(value, 'options.options').join('\n') : value;
  if (typeof text !== 'string') throw new TypeError(`options.options must be the scheduler's directive lines (a string), got ${typeName(value)}`);
  return text.trim();
}

/** `ssh://user@host:port`, `user@host` or `host` → ssh's target and port. */
function parseRemote(remote: string, what: string): { target: string; port: string | undefined } {
  const bare = remote.replace(/^ssh:\/\//, '');
  const match = /^((?:[^@/\s]+@)?)(\[[0-9A-Fa-f:.]+\]|[^:@/\s[\]]+)(?::(\d+))?$/.exec(bare);
  if (!match) throw new TypeError(`${what} '${remote}' is not host, user@host or ssh://user@host:port`);
  const host = match[2].startsWith('[') ? match[2].slice(1, -1) : match[2];
  return { target: `${match[1]}${host}`, port: match[3] };
}
