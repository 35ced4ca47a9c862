// clusterConfig(): daemons submitted as batch jobs to a real single-node Slurm started here;
// for qsub and bsub (not in Debian), the job scripts, run by /bin/sh.
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

function sbatch(extra = '') {
  return clusterConfig({ command: 'sbatch', options: `#SBATCH --output=${slurm.dir}/job-%j.out\n#SBATCH --chdir=${slurm.dir}${extra}`, node: process.execPath });
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

for (const command of ['qsub', 'bsub'] as const) {
  test(`${command}: the job script carries the directives, and runs a daemon that connects`, async () => {
    await withTimeout(daemons(1, { url: 'tls+tcp://127.0.0.1:0' }), 15_000, 'daemons');
    const options = command === 'qsub' ? '#$ -N mirai\n#$ -l h_rt=01:00:00' : '#BSUB -J mirai\n#BSUB -W 60';
    const [{ command: script }] = remoteCommands([1], clusterConfig({ command, options, node: process.execPath }), {}, { compute: 'default' });
    const lines = script.split('\n');
    assert.is(lines[0], '#!/bin/sh');
    assert.equal(lines.slice(1, 3), options.split('\n'));
    assert.match(lines[3], /^MIRAI_TLS_CA='-----BEGIN CERTIFICATE----- [^']+' exec \S+ .* daemon tls\+tcp:\/\/127\.0\.0\.1:\d+ --control false$/);
    assert.not.match(script, /PRIVATE KEY/);
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
