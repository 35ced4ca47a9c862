// A daemon as a process of this machine: the command line that runs this package's CLI, and
// spawning it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { daemonArgs, type DaemonSettings, type ProcessSettings } from './daemonOptions';

/** The command line that runs this package's CLI with this Node (or Electron as Node). */
export function cliCommand(): { command: string; args: string[] } {
  const compiled = join(__dirname, 'cli.js');
  // --expose-gc: cleanup bit 8 collects garbage after each task.
  if (existsSync(compiled)) return { command: process.execPath, args: ['--expose-gc', compiled] };
  // Running from the TypeScript sources (the test suite): load them the same way, with tsx
  // found from here rather than from the daemon's working directory (options.cwd).
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return { command: process.execPath, args: ['--expose-gc', '--import', tsx, join(__dirname, 'cli.ts')] };
}

/** Starts one daemon process dialling `url`. Its output reaches this process's only with
 * `output`; the TLS CA, if any, goes by environment rather than the command line. The
 * process settings (Node options, environment, directory) default to none, the host's
 * environment and the host's directory. */
export function spawnDaemon(url: string, settings: Partial<DaemonSettings>, ca?: string, processSettings?: ProcessSettings): ChildProcess {
  const { command, args } = cliCommand();
  const env: NodeJS.ProcessEnv = { ...process.env, ...processSettings?.env, ELECTRON_RUN_AS_NODE: '1' };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  if (ca) env.MIRAI_TLS_CA = ca;
  const child = spawn(command, [...(processSettings?.execArgv ?? []), ...args, 'daemon', url, ...daemonArgs(settings)], {
    stdio: ['ignore', settings.output ? 'inherit' : 'ignore', settings.output ? 'inherit' : 'ignore'],
    env,
    cwd: processSettings?.cwd,
    windowsHide: true,
  });
  // Idle daemons must not keep the host alive: they exit with it (autoexit).
  child.unref();
  return child;
}
