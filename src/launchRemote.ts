// launchRemote(): the shell commands that start daemons on other machines, and running them
// through a remote configuration's launcher (ssh, a scheduler, or any command).
import { spawn, type ChildProcess } from 'node:child_process';
import { exitWithin } from './childExit';
import { cliCommand, tlsEnv } from './daemonProcess';
import { daemonArgs, readDaemonOptions, type DaemonOptions, type DaemonSettings } from './daemonOptions';
import { resolveUrl, withStream, type LaunchOptions } from './launchers';
import type { Profile } from './profile';
import { getProfile } from './profiles';
import { commandLine, isRemoteConfig, remoteConfig, TUNNEL, type RemoteConfig, type Scheduler } from './remoteConfig';
import { controlUrl, isSecureUrl, parseUrl } from './url';
import { expectKnownKeys, expectObject, expectString, typeName } from './validate';
import { processWide } from './processWide';

/** One daemon to start: the URL it dials and its shell command (or job script); or, for an
 * array job, the script of every daemon (and the first one's URL). */
export interface RemoteCommand {
  url: string;
  command: string;
}

/**
 * The shell commands that start daemons elsewhere for `urlOrIndex` (a URL, an index of the
 * profile's URLs, or an array of those), each with what the daemon needs and nothing secret
 * in its arguments: the TLS CA certificate (never a key) and a URL carrying a token go in its
 * environment. With a `remote` that names a launcher, they are also run through it, and the
 * promise resolves once each launcher has started (a scheduler: once each job is submitted).
 * A clusterConfig with `array` gives one script, an array job with a task per daemon.
 *
 * @returns The commands; a promise of them when they are run through a launcher.
 * @throws TypeError for a bad URL or index, a `remote` not made by remoteConfig, sshConfig
 *   or clusterConfig, or a bad option.
 * @example
 * ```ts
 * await daemons({ url: hostUrl() });
 * const [command] = launchRemote(1) as string[]; // run it on the other machine
 * ```
 */
export function launchRemote(urlOrIndex: string | number | (string | number)[], remote?: RemoteConfig, daemonOptions?: DaemonOptions, options?: LaunchOptions): string[] | Promise<string[]> {
  const config = remote === undefined ? remoteConfig() : readConfig(remote, 'remote');
  const o = expectObject(options ?? {}, 'options') as LaunchOptions;
  expectKnownKeys(o as Record<string, unknown>, ['tls', 'compute'], 'options');
  const compute = o.compute === undefined ? 'default' : expectString(o.compute, 'options.compute');
  const targets = Array.isArray(urlOrIndex) ? urlOrIndex : [urlOrIndex];
  const commands = remoteCommands(targets, config, daemonOptions ?? {}, { tls: o.tls, compute });
  if (config.command === undefined) return commands.map((c) => c.command);
  return runLaunchers(commands, config, compute).then(() => commands.map((c) => c.command));
}

/** Launches `n` daemons for a profile just set by `daemons()` and, unless they go to a batch
 * queue (where they may wait for hours), waits until all are online or a launcher fails. */
export async function launchDaemons(profile: Profile, n: number, remote: RemoteConfig, settings: DaemonSettings, timeout: number): Promise<void> {
  const targets = profile.dispatcher ? Array.from({ length: n }, (_, i) => i + 1) : Array<number>(n).fill(1);
  const commands = remoteCommands(targets, remote, settings as DaemonOptions, { compute: profile.name });
  if (remote.command === undefined) {
    process.stdout.write(`Start each daemon with one of these commands:\n${commands.map((c) => c.command).join('\n')}\n`);
    return;
  }
  const { failed } = await runLaunchers(commands, remote, profile.name);
  if (remote.scheduler !== undefined) return;
  const online = profile.waitForDaemons(n, timeout + (remote.timeout ?? 0) * 1000);
  await Promise.race([online, failed.then((error) => Promise.reject(error))]);
}

/** Ends what the launches of profile `compute` left: launchers still running are waited for
 * (their daemons exit with the profile), then killed; jobs are cancelled, queued or not. */
export async function endLaunches(compute: string): Promise<void> {
  const set = launches.get(compute);
  if (!set) return;
  launches.delete(compute);
  await Promise.all([...set].map((launch) => launch.end()));
}

// --- commands ----------------------------------------------------------------------------

/** The commands (or job scripts) for `targets`, without running them. */
export function remoteCommands(targets: (string | number)[], config: RemoteConfig, daemonOptions: DaemonOptions, options: { tls?: string; compute: string }): RemoteCommand[] {
  const profile = getProfile(options.compute);
  const given = expectObject(daemonOptions, 'daemonOptions') as DaemonOptions;
  const settings = readDaemonOptions(given, 'daemonOptions');
  const ca = options.tls ?? settings.tls ?? profile?.ca;
  const identity = settings.identity ?? profile?.identity;
  const job = config.scheduler !== undefined;
  const lines = targets.map((target, i) => {
    const listened = resolveUrl(target, profile, `urlOrIndex${targets.length > 1 ? `[${i}]` : ''}`);
    const url = dialledUrl(listened, config);
    const behindDispatcher = profile?.dispatcher === true;
    // Always explicit, so that the command works in every topology: a dispatcher has no
    // control channel; a host without one listens for it beside the task URL.
    const control = settings.control ?? (behindDispatcher ? false : controlUrl(url));
    const own = withStream({ ...settings, control, tls: undefined, identity: undefined, output: false, dialwait: 0 }, profile);
    const env = isSecureUrl(url) ? tlsEnv(ca, identity) : {};
    return { url, command: daemonLine(url, own, config, env, job) };
  });
  if (!job) return lines;
  if (config.array) return [{ url: lines[0].url, command: arrayJobScript(config, lines.map((l) => l.command)) }];
  return lines.map((l) => ({ url: l.url, command: jobScript(config, [l.command]) }));
}

/** The daemon's shell command line on the remote side, with `env` (what it needs for TLS). */
function daemonLine(url: string, settings: DaemonSettings, config: RemoteConfig, tls: Record<string, string>, exec: boolean): string {
  const env = { ...tls };
  // A token in a ws path admits whoever has it: not shown in the process list.
  const secretUrl = TOKEN_PATH.test(url);
  if (secretUrl) env.MIRAI_URL = url;
  const words = [...(exec ? ['exec'] : []), config.node, ...remoteCli(config), 'daemon', ...(secretUrl ? [] : [url]), ...daemonArgs(settings)];
  return commandLine(config.shell, env, words);
}

const TOKEN_PATH = /^wss?\d?:\/\/.*\/[0-9a-f]{24}$/;

/** Node's arguments that run mirai's CLI: the configured script, or this installation's
 * (from the TypeScript sources, tsx is named by path: the remote shell's directory differs). */
function remoteCli(config: RemoteConfig): string[] {
  if (config.cli !== undefined) return ['--expose-gc', config.cli];
  const { args } = cliCommand();
  const at = args.indexOf('tsx');
  if (at === -1) return args;
  const tsx = `file://${require.resolve('tsx')}`;
  return [...args.slice(0, at), tsx, ...args.slice(at + 1)];
}

/** The URL a remote daemon dials: the config's host in place of the URL's, or, through a
 * tunnel, the URL itself, which must then be local on both sides. */
function dialledUrl(url: string, config: RemoteConfig): string {
  const parsed = parseUrl(url);
  if (config.tunnel && !['127.0.0.1', 'localhost', '::1'].includes(parsed.host)) {
    throw new TypeError(`a tunnel needs a host URL on 127.0.0.1 or localhost (the remote end of the tunnel), got ${url}`);
  }
  if (config.host === undefined || parsed.port === undefined) return url;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${parsed.scheme}://${host}:${parsed.port}${parsed.path}`;
}

/** A batch job script: the scheduler's directives, then the daemon (`exec`: the job lasts as
 * long as it does, and ends it when cancelled). */
function jobScript(config: RemoteConfig, body: string[], directives: string[] = []): string {
  const lines = ['#!/bin/sh'];
  if (config.directives) lines.push(config.directives);
  return `${[...lines, ...directives, ...body].join('\n')}\n`;
}

/** Each scheduler's array directive for tasks 1 to n, and the variable holding a task's index
 * (SGE's, else Torque's: both submit with qsub). */
const ARRAYS: Record<Scheduler, { directives: (n: number) => string[]; index: string }> = {
  sbatch: { directives: (n) => [`#SBATCH --array=1-${n}`], index: '$SLURM_ARRAY_TASK_ID' },
  qsub: { directives: (n) => [`#$ -t 1-${n}`, `#PBS -t 1-${n}`], index: '${SGE_TASK_ID:-$PBS_ARRAYID}' },
  bsub: { directives: (n) => [`#BSUB -J mirai[1-${n}]`], index: '$LSB_JOBINDEX' },
};

/** One script for an array job: task k runs daemon line k (the same line for all, when the
 * daemons share the host's one URL). */
function arrayJobScript(config: RemoteConfig, lines: string[]): string {
  const array = ARRAYS[config.scheduler!];
  const directives = array.directives(lines.length);
  if (lines.every((line) => line === lines[0])) return jobScript(config, [lines[0]], directives);
  const body = [
    `case "${array.index}" in`,
    ...lines.map((line, k) => `  ${k + 1}) ${line} ;;`),
    'esac',
    `echo "mirai: no daemon for array task ${array.index}" >&2`,
    'exit 1',
  ];
  return jobScript(config, body, directives);
}

function readConfig(value: unknown, what: string): RemoteConfig {
  if (!isRemoteConfig(value)) throw new TypeError(`${what} must be made by remoteConfig(), sshConfig() or clusterConfig(), got ${typeName(value)}`);
  return value;
}

// --- running the launchers --------------------------------------------------------------

/** How long a reset waits for a launcher (ssh) to end with its daemon before killing it. */
const END_TIMEOUT_MS = 5_000;

/** What launches of each profile left running or queued; shared like the profiles. */
const launches = processWide('mirai.launches', () => new Map<string, Set<Launch>>());

/** Starts one launcher per command; resolves once all have started (a scheduler's, once
 * submitted), to a promise of the first failure of any of them. */
async function runLaunchers(commands: RemoteCommand[], config: RemoteConfig, compute: string): Promise<{ failed: Promise<Error> }> {
  const started = commands.map((c, i) => new Launch(config, c.command, config.args[config.args.length === 1 ? 0 : i] ?? fewer(config, commands.length), c.url, `daemon ${i + 1} of ${commands.length}`));
  let set = launches.get(compute);
  if (!set) launches.set(compute, (set = new Set()));
  for (const launch of started) set.add(launch);
  await Promise.all(started.map((launch) => launch.ready));
  return { failed: Promise.race(started.map((launch) => launch.failure)) };
}

function fewer(config: RemoteConfig, n: number): never {
  throw new RangeError(`the remote configuration has ${config.args.length} argument lists (one launch each), but ${n} daemons were asked for`);
}

/** One launcher process: ssh for as long as its daemon runs, or a scheduler's submit. */
class Launch {
  readonly ready: Promise<void>;
  readonly failure: Promise<Error>;
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private output = '';
  private errors = '';
  private jobId: string | undefined;

  constructor(private readonly config: RemoteConfig, command: string, args: readonly string[], url: string, private readonly label: string) {
    const port = String(parseUrl(url).port ?? '');
    const dot = args.includes('.');
    const word = config.quote ? commandLine('sh', {}, [command]) : command;
    const argv = args.map((a) => (a === '.' ? word : a === TUNNEL ? TUNNEL.replace(/\{port\}/g, port) : a));
    this.child = spawn(config.command as string, argv, { stdio: [dot ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4096)));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.errors = (this.errors + chunk.toString()).slice(-4096)));
    if (!dot) this.child.stdin?.end(command);
    this.child.stdin?.on('error', () => undefined);
    const spawnError = new Promise<Error>((resolve) => this.child.once('error', resolve));
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
    const failedExit = this.exited.then((code) => (code === 0 ? never<Error>() : this.describe(code)));
    this.failure = Promise.race([spawnError.then((e) => new Error(`${this.label}: cannot run ${config.command}: ${e.message}`)), failedExit]);
    // A submit command is done when it exits; ssh, once running (it lasts as long as its daemon).
    this.ready = config.scheduler !== undefined ? this.submitted() : Promise.race([new Promise<void>((resolve) => this.child.once('spawn', () => resolve())), this.failure.then((e) => Promise.reject(e))]);
    this.ready.catch(() => undefined);
    if (config.scheduler === undefined) this.unref();
  }

  private async submitted(): Promise<void> {
    const code = await Promise.race([this.exited, this.failure.then((e) => Promise.reject(e))]);
    if (code !== 0) throw this.describe(code);
    this.jobId = jobIdFrom(this.config.scheduler!, this.output);
  }

  private describe(code: number | null): Error {
    const why = this.errors.trim().split('\n').slice(-3).join(' | ') || 'no message';
    return new Error(`${this.label}: ${this.config.command} failed (exit code ${code ?? 'signal'}): ${why}`);
  }

  /** The host may exit while ssh runs: its daemons exit with it. */
  private unref(): void {
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }

  async end(): Promise<void> {
    if (this.config.scheduler !== undefined) return this.cancelJob();
    // 'close': its output is read to the end too (see `exited`).
    return exitWithin(this.child, END_TIMEOUT_MS, 'SIGTERM', 'close');
  }

  /** Cancelling a job also takes it out of the queue if it never started. */
  private async cancelJob(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.jobId === undefined) return;
    const cancel = { sbatch: 'scancel', qsub: 'qdel', bsub: 'bkill' }[this.config.scheduler!];
    await new Promise<void>((resolve) => {
      const child = spawn(cancel, [this.jobId!], { stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), END_TIMEOUT_MS);
      child.once('error', () => resolve());
      child.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** The job id in what a submit command printed: `123` (sbatch --parsable), `Your job 123 …`
 * or `Your job-array 123.1-4:1 …` (SGE), `123.server` or `123[].server` (PBS), `Job <123> is
 * submitted …` (LSF). An array job's id covers its tasks. */
export function jobIdFrom(scheduler: 'sbatch' | 'qsub' | 'bsub', output: string): string | undefined {
  const text = output.trim();
  const match =
    scheduler === 'bsub' ? /Job <(\d+)>/.exec(text) : scheduler === 'sbatch' ? /^(\d+)/.exec(text) : (/Your job(?:-array)? (\d+)/.exec(text) ?? /^(\d+(?:\[\])?(?:\.\S+)?)$/m.exec(text));
  return match?.[1];
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
