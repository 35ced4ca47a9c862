// clusterConfig(): daemons submitted as batch jobs (or one array job) to a real single-node
// Slurm started here; for qsub and bsub (not in Debian), the job scripts, run by /bin/sh.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clusterConfig, daemons, mirai, status } from '../src/index';
import { remoteCommands } from '../src/launchRemote';
import { withTimeout } from './helpers';
import { waitFor } from './helpers';
import { runShell, stopAll } from './infra/shell';
import { startSlurm, type Slurm } from './infra/slurm';

const test = suite('slurm');
let slurm: Slurm;
let savedConf: string | undefined;

test.before(async () => {
  slurm = await startSlurm();
  // sbatch and scancel, run by the library, find this cluster by the environment.
  savedConf = process.env.SLURM_CONF;
  process.env.SLURM_CONF = slurm.env.SLURM_CONF;
});

test.after.each(async () => {
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
  await stopAll();
});

test.after(async () => {
  if (savedConf === undefined) delete process.env.SLURM_CONF;
  else process.env.SLURM_CONF = savedConf;
  await slurm?.stop();
});

function sbatch(extra = '', array = false) {
  return clusterConfig({ command: 'sbatch', options: `#SBATCH --output=${slurm.dir}/job-%j.out\n#SBATCH --chdir=${slurm.dir}${extra}`, node: process.execPath, array });
}

/** The array jobs in the queue: `123_1`, `123_2` (running tasks) and `123_[3-4]` (pending)
 * are all array job 123. */
function arrayJobs(): string[] {
  return [...new Set(slurm.queue().map((id) => /^(\d+)_/.exec(id)?.[1] ?? `not an array task: ${id}`))];
}

test('daemons run as Slurm jobs; tasks run; daemons(0) ends the jobs', async () => {
  assert.is(await withTimeout(daemons(2, { url: 'tcp://127.0.0.1:0', remote: sbatch() }), 30_000, 'daemons'), 2);
  assert.is(slurm.queue().length, 2, 'two jobs submitted');
  await waitFor(async () => {
    const s = await status();
    return Array.isArray(s.daemons) && s.daemons.every((d) => d.online > 0);
  }, 30_000, `jobs online (queue: ${slurm.queue()})`);
  const pids = await withTimeout(Promise.all(Array.from({ length: 6 }, () => Promise.resolve(mirai(() => process.env.SLURM_JOB_ID)))), 20_000, 'tasks');
  assert.is(new Set(pids).size, 2, `tasks ran in both jobs (${pids})`);
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
  await waitFor(() => slurm.queue().length === 0, 20_000, `the jobs ended (queue: ${slurm.queue()})`);
});

test('daemons(0) cancels jobs still waiting in the queue', async () => {
  assert.is(await withTimeout(daemons(2, { url: 'tcp://127.0.0.1:0', dispatcher: false, remote: sbatch('\n#SBATCH --hold') }), 30_000, 'daemons'), 2);
  assert.is(slurm.queue().length, 2, 'two jobs queued (held)');
  assert.is((await status()).connections, 0, 'none started');
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
  await waitFor(() => slurm.queue().length === 0, 20_000, `the queued jobs were cancelled (queue: ${slurm.queue()})`);
});

test('array: true submits one array job of n tasks, a daemon each; daemons(0) ends it', async () => {
  assert.is(await withTimeout(daemons(2, { url: 'tcp://127.0.0.1:0', remote: sbatch('', true) }), 30_000, 'daemons'), 2);
  const [job, ...others] = arrayJobs();
  assert.ok(job !== undefined && others.length === 0, `one array job (queue: ${slurm.queue()})`);
  await waitFor(async () => {
    const s = await status();
    return Array.isArray(s.daemons) && s.daemons.every((d) => d.online > 0);
  }, 30_000, `array tasks online (queue: ${slurm.queue()})`);
  const where = () => `${process.env.SLURM_ARRAY_JOB_ID}_${process.env.SLURM_ARRAY_TASK_ID}`;
  const ran = await withTimeout(Promise.all(Array.from({ length: 6 }, () => Promise.resolve(mirai(where)))), 20_000, 'tasks');
  assert.equal([...new Set(ran)].sort(), [`${job}_1`, `${job}_2`], 'tasks ran in both tasks of the one job');
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
  await waitFor(() => slurm.queue().length === 0, 20_000, `the array job ended (queue: ${slurm.queue()})`);
});

test('array: true without dispatcher, held in the queue: daemons(0) cancels the whole array', async () => {
  assert.is(await withTimeout(daemons(3, { url: 'tcp://127.0.0.1:0', dispatcher: false, remote: sbatch('\n#SBATCH --hold', true) }), 30_000, 'daemons'), 3);
  assert.equal(slurm.queue().length, 1, `one pending array job (queue: ${slurm.queue()})`);
  assert.match(slurm.queue()[0], /^\d+_\[1-3\]$/);
  await withTimeout(daemons(0), 20_000, 'daemons(0)');
  await waitFor(() => slurm.queue().length === 0, 20_000, `the queued array was cancelled (queue: ${slurm.queue()})`);
});

for (const [command, index, directives] of [
  ['qsub', 'SGE_TASK_ID', ['#$ -t 1-2', '#PBS -t 1-2']],
  ['qsub', 'PBS_ARRAYID', ['#$ -t 1-2', '#PBS -t 1-2']],
  ['bsub', 'LSB_JOBINDEX', ['#BSUB -J mirai[1-2]']],
] as const) {
  test(`${command} array script: its directive, and task k (${index}) runs daemon k`, async () => {
    await withTimeout(daemons(2, { url: 'tcp://127.0.0.1:0' }), 15_000, 'daemons');
    const remote = clusterConfig({ command, options: command === 'qsub' ? '#$ -l h_rt=01:00:00' : '#BSUB -W 60', node: process.execPath, array: true });
    const scripts = remoteCommands([1, 2], remote, {}, { compute: 'default' });
    assert.is(scripts.length, 1, 'one script for both daemons');
    const lines = scripts[0].command.split('\n');
    assert.equal(lines.slice(0, 2 + directives.length), ['#!/bin/sh', remote.directives, ...directives]);
    assert.match(scripts[0].command, /\ncase "\$\{?[A-Z_]+.*" in\n {2}1\) exec .* daemon tcp:\/\/127\.0\.0\.1:\d+ --control false ;;\n {2}2\) exec .* ;;\nesac\n/);
    const task = (k: number) => runShell(`${index}=${k}; export ${index}\n${scripts[0].command}`);
    const online = async () => ((await status()).daemons as { online: number }[]).map((d) => d.online);
    const runs = [task(2)];
    await waitFor(async () => (await online())[1] > 0, 20_000, 'task 2 online');
    assert.equal(await online(), [0, 1], 'task 2 dialled URL 2');
    runs.push(task(1));
    await waitFor(async () => (await online())[0] > 0, 20_000, 'task 1 online');
    const lost = task(3);
    assert.is(await withTimeout(lost.exited, 10_000, 'a task past n'), 1);
    assert.match(lost.output(), /mirai: no daemon for array task 3/);
    await withTimeout(daemons(0), 10_000, 'daemons(0)');
    assert.equal(await withTimeout(Promise.all(runs.map((r) => r.exited)), 10_000, 'scripts exit'), [0, 0]);
  });
}

for (const command of ['qsub', 'bsub'] as const) {
  test(`${command}: the job script carries the directives, and runs a daemon that connects`, async () => {
    await withTimeout(daemons(1, { url: 'tls+tcp://127.0.0.1:0' }), 15_000, 'daemons');
    const options = command === 'qsub' ? '#$ -N mirai\n#$ -l h_rt=01:00:00' : '#BSUB -J mirai\n#BSUB -W 60';
    const [{ command: script }] = remoteCommands([1], clusterConfig({ command, options, node: process.execPath }), {}, { compute: 'default' });
    const lines = script.split('\n');
    assert.is(lines[0], '#!/bin/sh');
    assert.equal(lines.slice(1, 3), options.split('\n'));
    assert.match(lines[3], /^MIRAI_TLS_CA='-----BEGIN CERTIFICATE----- [^']+' MIRAI_TLS_CERT='[^']+' MIRAI_TLS_KEY='-----BEGIN EC PRIVATE KEY----- [^']+' exec \S+ .* daemon tls\+tcp:\/\/127\.0\.0\.1:\d+ --control false$/);
    assert.not.match(lines[3].slice(lines[3].indexOf(' exec ')), /PRIVATE KEY/, 'the client key in the environment, not the arguments');
    const run = runShell(script);
    await waitFor(async () => {
      const s = await status();
      return Array.isArray(s.daemons) && s.daemons[0].online > 0;
    }, 20_000, 'the daemon from the script online');
    assert.is(await withTimeout(Promise.resolve(mirai(() => 1 + 1)), 10_000, 'task'), 2);
    await withTimeout(daemons(0), 10_000, 'daemons(0)');
    assert.is(await withTimeout(run.exited, 10_000, 'script exits'), 0, run.output());
  });
}

test.run();
