// A single-node Slurm for tests: munged with its own key and socket, slurmctld and slurmd
// with a minimal configuration in a temporary folder, on free ports; stop() ends all three
// and removes the folder. A failure to start rejects: the tests never skip.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, terminate } from './shell';

export interface Slurm {
  /** The folder the jobs' output and scratch files go to. */
  dir: string;
  /** Environment for Slurm's commands (SLURM_CONF). */
  env: NodeJS.ProcessEnv;
  /** Job ids in the queue, running or pending. */
  queue(): string[];
  stop(): Promise<void>;
}

export async function startSlurm(ms = 30_000): Promise<Slurm> {
  const dir = mkdtempSync(join(tmpdir(), 'mirai-slurm-'));
  chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const stop = () => stopAll(children, dir);
  try {
    const socket = await startMunge(dir, children, ms);
    const conf = writeConfig(dir, socket, await freePorts(2));
    const env = { ...process.env, SLURM_CONF: conf };
    children.push(foreground('slurmctld', ['-D', '-c', '-f', conf], env, join(dir, 'slurmctld.err')));
    children.push(foreground('slurmd', ['-D', '-f', conf, '-N', 'localhost'], env, join(dir, 'slurmd.err')));
    await until(() => sinfo(env) === 'idle', ms, () => `Slurm's node is not idle within ${ms} ms (sinfo: ${sinfo(env)}; ${logs(dir)})`);
    const queue = () => run('squeue', ['-h', '-o', '%i'], env).split('\n').filter(Boolean);
    return { dir, env, queue, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startMunge(dir: string, children: ChildProcess[], ms: number): Promise<string> {
  const state = join(dir, 'munge');
  mkdirSync(state, { mode: 0o700 });
  const key = join(state, 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const socket = join(state, 'munge.socket');
  children.push(
    foreground('munged', ['-F', '-f', `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${join(state, 'munged.pid')}`, `--log-file=${join(state, 'munged.log')}`, `--seed-file=${join(state, 'munged.seed')}`, '--origin=127.0.0.1'], process.env, join(dir, 'munged.err')),
  );
  await until(() => {
    try {
      execFileSync('munge', ['-n', '-S', socket], { stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  }, ms, () => `munged did not answer within ${ms} ms (${logs(dir)})`);
  return socket;
}

function writeConfig(dir: string, mungeSocket: string, port: number): string {
  for (const sub of ['state', 'spool']) mkdirSync(join(dir, sub));
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=mirai',
      'SlurmctldHost=localhost',
      'SlurmUser=root',
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      `AuthInfo=socket=${mungeSocket}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SelectType=select/cons_tres',
      // CPUs only: by default a job takes all the node's memory, and a second one waits.
      'SelectTypeParameters=CR_Core',
      'SchedulerParameters=batch_sched_delay=0',
      'MpiDefault=none',
      'MailProg=/bin/true',
      'ReturnToService=2',
      'NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN',
      'PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  return conf;
}

function foreground(command: string, args: string[], env: NodeJS.ProcessEnv, errFile: string): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  child.stderr!.on('data', (chunk) => {
    text = (text + chunk).slice(-4000);
    writeFileSync(errFile, text);
  });
  child.once('error', (error) => writeFileSync(errFile, `cannot start ${command}: ${error.message}`));
  return child;
}

function sinfo(env: NodeJS.ProcessEnv): string {
  try {
    return run('sinfo', ['-h', '-o', '%t'], env).trim();
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(command, args, { env, timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

async function until(ready: () => boolean, ms: number, why: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function logs(dir: string): string {
  return ['munged.err', 'slurmctld.err', 'slurmd.err']
    .map((name) => {
      try {
        return `${name}: ${readFileSync(join(dir, name), 'utf8').trim().split('\n').slice(-3).join(' | ')}`;
      } catch {
        return '';
      }
    })
    .filter(Boolean)
    .join('; ');
}

/** slurmd first (it reports to slurmctld), then slurmctld, then munged. */
async function stopAll(children: ChildProcess[], dir: string): Promise<void> {
  for (const child of [...children].reverse()) await terminate(child);
  rmSync(dir, { recursive: true, force: true });
}
