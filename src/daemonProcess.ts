// A daemon as a process of this machine: the command line that runs this package's CLI, and
// spawning it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { daemonArgs, type DaemonSettings, type ProcessSettings } from './daemonOptions';
import { oneLinePem } from './pem';
import { readCertKey, readFileIfPath } from './tls';

/** A daemon's Node flags. --expose-gc: cleanup bit 8 collects garbage after each task.
 * --max-semi-space-size=16: the young generation of Node 20 and 22; Node 24 sizes it four
 * times larger, and a daemon running small tasks grows to fill it (about 80 MB more each, for
 * no gain in speed measured here). */
const DAEMON_NODE_FLAGS = ['--expose-gc', '--max-semi-space-size=16'];

/** The command line that runs this package's CLI with this Node (or Electron as Node). */
export function cliCommand(execArgv: readonly string[] = []): { command: string; args: string[] } {
  // The user's Node flags after ours, so that theirs win where both set one.
  const flags = [...DAEMON_NODE_FLAGS, ...execArgv];
  const compiled = join(__dirname, 'cli.js');
  if (existsSync(compiled)) return { command: process.execPath, args: [...flags, compiled] };
  // Running from the TypeScript sources (the test suite): load them the same way, with tsx
  // found from here rather than from the daemon's working directory (options.cwd).
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return { command: process.execPath, args: [...flags, '--import', tsx, join(__dirname, 'cli.ts')] };
}

/** What a daemon needs for TLS, as environment variables (which `ps` does not show, unlike a
 * command line): the CA certificate to trust, and its own certificate and key for a host
 * that requires them. One-line PEM, so that each fits any shell's command line. */
export function tlsEnv(ca: string | undefined, identity: string | [string, string] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  if (ca !== undefined) env.MIRAI_TLS_CA = oneLinePem(readFileIfPath(ca));
  if (identity !== undefined) {
    const [cert, key] = readCertKey(identity);
    env.MIRAI_TLS_CERT = oneLinePem(cert);
    env.MIRAI_TLS_KEY = oneLinePem(key);
  }
  return env;
}

/** Starts one daemon process dialling `url`. Its output reaches this process's only with
 * `output`; the TLS CA and client credentials, if any, go by environment (see tlsEnv). The
 * process settings (Node options, environment, directory) default to none, the host's
 * environment and the host's directory. */
export function spawnDaemon(url: string, settings: Partial<DaemonSettings>, ca?: string, processSettings?: ProcessSettings): ChildProcess {
  const { command, args } = cliCommand(processSettings?.execArgv);
  const env: NodeJS.ProcessEnv = { ...process.env, ...processSettings?.env, ELECTRON_RUN_AS_NODE: '1' };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  Object.assign(env, tlsEnv(ca || undefined, settings.identity));
  const child = spawn(command, [...args, 'daemon', url, ...daemonArgs(settings)], {
    stdio: ['ignore', settings.output ? 'inherit' : 'ignore', settings.output ? 'inherit' : 'ignore'],
    env,
    cwd: processSettings?.cwd,
    windowsHide: true,
  });
  // Idle daemons must not keep the host alive: they exit with it (autoexit).
  child.unref();
  return child;
}
