// docs/distributed.md from top to bottom: its samples that need other machines, a scheduler or
// certificate files run as written, with the environment the page tells a reader to set
// pointing at real parts: an OpenSSH server in another network namespace, a single-node Slurm,
// and a CA with a certificate for the host's address and an encrypted key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, runSample, sampleFolder, samplesOf, type Sample } from './docSamples';
import { waitFor, withTimeout } from './helpers';
import { makeCa, type TestCa } from './infra/certs';
import { makeNamespace, pidsIn, removeNamespaces, type Namespace } from './infra/netns';
import { stopAll } from './infra/shell';
import { startSlurm, type Slurm } from './infra/slurm';
import { startSshd, type Sshd } from './infra/sshd';

const PAGE = 'docs/distributed.md';
const SAMPLE_LIMIT_MS = 90_000;
const PASS = 'correct horse';

const test = suite('distributed');
const samples = sampleFolder('distributed');
let remote: Namespace;
let sshd: Sshd;
let slurm: Slurm;
let ca: TestCa;
let env: NodeJS.ProcessEnv;

test.before(async () => {
  samples.make();
  remote = makeNamespace();
  ca = makeCa('docs CA');
  [sshd, slurm] = await Promise.all([startSshd(remote.address, 22, remote.name), startSlurm()]);
  const { bothFile } = ca.issue(remote.hostAddress, { pass: PASS });
  const login = `ssh://root@${remote.address}:22`;
  // As the page's set-up block says; SLURM_CONF is what a real cluster's login node has set.
  env = {
    HOST_ADDRESS: remote.hostAddress,
    REMOTES: `${login} ${login}`,
    REMOTE_NODE: process.execPath,
    SSH_OPTIONS: sshd.clientOptions.join(' '),
    TLS_CERT: bothFile,
    TLS_CA: ca.caFile,
    TLS_PASS: PASS,
    SLURM_CONF: slurm.env.SLURM_CONF,
  };
});

test.after(async () => {
  await stopAll();
  await sshd?.stop();
  await slurm?.stop();
  ca?.remove();
  removeNamespaces();
  samples.remove();
});

const NEEDS = ['ssh', 'scheduler', 'certificates'];
const page = samplesOf(PAGE);
const needing = page.filter((s) => s.needs !== undefined);

test('the page reads every machine, address and file from the environment its set-up block sets', () => {
  assert.equal([...new Set(needing.map((s) => s.needs))].sort(), [...NEEDS].sort(), 'samples for SSH, a scheduler and certificates');
  const setUp = /^```sh\n([\s\S]*?)^```\n/m.exec(readFileSync(join(ROOT, PAGE), 'utf8'));
  assert.ok(setUp, 'a set-up block');
  for (const name of Object.keys(env).filter((n) => n !== 'SLURM_CONF')) assert.match(setUp[1], new RegExp(`\\b${name}\\b`), `the set-up block sets ${name}`);
  for (const sample of needing) {
    assert.not.match(sample.code, /\b(?:10\.0\.0\.\d+|node\d|login\d+)\b|\/etc\/mirai/, `${PAGE}:${sample.line} names no machine or file of its own`);
  }
});

/** Nothing but sshd runs in the remote namespace, and no job is in Slurm's queue. */
async function nothingLeft(label: string): Promise<void> {
  await waitFor(() => pidsIn(remote.name).length === 1 && slurm.queue().length === 0, 15_000, `${label}: left running (remote pids ${pidsIn(remote.name)}; queue ${slurm.queue()})`);
}

needing.forEach((sample: Sample) => {
  const index = page.indexOf(sample);
  test(`${PAGE}:${sample.line} (needs ${sample.needs}) runs as written and prints what it says`, async () => {
    const result = await withTimeout(runSample(sample, index, samples.dir, { cwd: slurm.dir, env }), SAMPLE_LIMIT_MS, `${PAGE}:${sample.line}`);
    assert.is(result.code, 0, `exit code (stderr: ${result.stderr})`);
    assert.ok(sample.output !== undefined, 'the sample shows its output');
    assert.fixture(result.stdout, sample.output!);
    await nothingLeft(`${PAGE}:${sample.line}`);
  });
});

test.run();
