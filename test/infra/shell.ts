// Running printed daemon commands as a user would: each through /bin/sh, in a namespace or
// not; every process started is ended by stopAll().
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

export interface ShellRun {
  child: ChildProcess;
  /** What the command wrote, for failure messages. */
  output(): string;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Runs `command` with /bin/sh (inside network namespace `netns` when given). */
export function runShell(command: string, netns?: string): ShellRun {
  const argv = netns ? ['ip', 'netns', 'exec', netns, '/bin/sh', '-c', command] : ['/bin/sh', '-c', command];
  // Its own process group, so that stopAll() ends whatever the shell started too (a daemon
  // the shell forked holds the output pipes, and the test process with them, until it goes).
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  child.stdout!.on('data', (chunk) => (text = (text + chunk).slice(-4000)));
  child.stderr!.on('data', (chunk) => (text = (text + chunk).slice(-4000)));
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => {
    running.delete(child);
    resolve(code);
  }));
  return { child, output: () => text, exited };
}

/** Kills whatever runShell started that still runs, and waits (bounded) for it to go. */
export async function stopAll(ms = 5000): Promise<void> {
  await Promise.all([...running].map((child) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    killGroup(child);
  })));
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

/** A free loopback port with the next `count - 1` ports free too (checked by binding them). */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    if (await allFree(base, count, host)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

async function allFree(base: number, count: number, host: string): Promise<boolean> {
  for (let port = base; port < base + count; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, host, () => server.close(() => resolve(true)));
    });
    if (!ok) return false;
  }
  return true;
}

/** Ends a service's process: SIGTERM, then SIGKILL if it is still there after `ms`. */
export async function terminate(child: ChildProcess, ms = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
