// launchRemote() and remoteConfig(): printed commands that start daemons in every topology,
// run by /bin/sh as a user would, and a launcher that runs them.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, launchRemote, mirai, remoteConfig, status } from '../src/index';
import { clusterConfig, quoteCmd, quoteSh, sshConfig } from '../src/remoteConfig';
import { jobIdFrom } from '../src/launchRemote';
import { rejection, waitFor, withTimeout } from './helpers';
import { CLI, ROOT } from './processes';
import { freePorts, runShell, stopAll } from './infra/shell';

const test = suite('remote');
const printOnly = remoteConfig({ node: process.execPath });

test.after.each(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  await stopAll();
});

async function online(n: number): Promise<void> {
  await waitFor(async () => {
    const s = await status();
    return Array.isArray(s.daemons) ? s.daemons.filter((d) => d.online > 0).length >= n : s.connections >= n;
  }, 45_000, `${n} daemons online (status: ${JSON.stringify(await status())})`);
}

/** n tasks come back from n distinct daemons' processes. */
async function tasksRun(n: number): Promise<void> {
  const pids = await withTimeout(Promise.all(Array.from({ length: n * 2 }, () => Promise.resolve(mirai(() => process.pid)))), 20_000, 'tasks');
  assert.ok(pids.every((p) => typeof p === 'number' && p !== process.pid), `pids ${pids}`);
}

test('a bare CLI daemon connects to a tcp dispatcher at either port (port + 1 is not its control URL)', async () => {
  const port = await freePorts(2);
  assert.is(await withTimeout(daemons(2, { url: `tcp://127.0.0.1:${port}` }), 15_000, 'daemons'), 2);
  const runs = [port, port + 1].map((p) => runShell(`cd ${ROOT} && exec ${process.execPath} --import tsx ${CLI} daemon tcp://127.0.0.1:${p}`));
  await online(2).catch((error: Error) => {
    throw new Error(`${error.message}; the daemons said: ${runs.map((r) => r.output() || '(nothing)').join(' | ')}`);
  });
  await tasksRun(2);
  await withTimeout(daemons(0), 10_000, 'daemons(0)');
  const codes = await withTimeout(Promise.all(runs.map((r) => r.exited)), 10_000, 'daemons exit');
  assert.equal(codes, [0, 0], `exit codes (output: ${runs.map((r) => r.output()).join(' | ')})`);
});

const SCHEMES = ['tcp://127.0.0.1:0', 'tcp://[::1]:0', 'tcp://localhost:0', 'ws://127.0.0.1:0/x', 'tls+tcp://127.0.0.1:0', 'wss://127.0.0.1:0/x', 'tls+tcp://localhost:0'];

for (const url of SCHEMES) {
  for (const dispatcher of [true, false]) {
    test(`printed commands start daemons at ${url}, ${dispatcher ? 'with' : 'without'} dispatcher`, async () => {
      await withTimeout(daemons(dispatcher ? 2 : 0, { url, dispatcher }), 15_000, 'daemons');
      const commands = launchRemote(dispatcher ? [1, 2] : [1, 1], printOnly) as string[];
      assert.is(commands.length, 2);
      for (const command of commands) {
        assert.not.match(command.slice(command.indexOf(process.execPath)), /PRIVATE KEY/, 'no private key in the arguments');
        if (url.startsWith('tls') || url.startsWith('wss')) {
          assert.match(command, /^MIRAI_TLS_CA='-----BEGIN CERTIFICATE----- [^']*' MIRAI_TLS_CERT='-----BEGIN CERTIFICATE----- [^']*' MIRAI_TLS_KEY='-----BEGIN EC PRIVATE KEY----- [^']*' \//);
        }
        assert.match(command, dispatcher ? /--control false/ : /--control '?(tcp|ws|tls\+tcp|wss):\/\//, 'the control channel is explicit');
      }
      const runs = commands.map((c) => runShell(c));
      await online(2);
      await tasksRun(2);
      await withTimeout(daemons(0), 10_000, 'daemons(0)');
      const codes = await withTimeout(Promise.all(runs.map((r) => r.exited)), 10_000, 'daemons exit');
      assert.equal(codes, [0, 0], `exit codes (output: ${runs.map((r) => r.output()).join(' | ')})`);
    });
  }
}

test('a ws token travels in the environment, not the argument list', async () => {
  await withTimeout(daemons(1, { url: 'ws://127.0.0.1:0', token: true }), 15_000, 'daemons');
  const [command] = launchRemote(1, printOnly) as string[];
  const match = /^MIRAI_URL=(ws:\/\/\S+\/[0-9a-f]{24}) \S+/.exec(command);
  assert.ok(match, command);
  assert.not.ok(command.slice(match![0].length).includes(match![1]), 'the URL appears once, in the environment');
  const run = runShell(command);
  await online(1);
  await tasksRun(1);
  await withTimeout(daemons(0), 10_000, 'daemons(0)');
  assert.is(await withTimeout(run.exited, 10_000, 'exit'), 0, run.output());
});

test('daemons({ url, remote }) launches through the configured command, one per argument list', async () => {
  const remote = remoteConfig({ command: '/bin/sh', args: [['-c', '.'], ['-c', '.']], node: process.execPath });
  assert.is(await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', remote }), 30_000, 'daemons'), 2);
  await online(2);
  await tasksRun(2);
});

test('daemons(n, { url, remote }) without dispatcher; a command on standard input when no argument is "."', async () => {
  const remote = remoteConfig({ command: '/bin/sh', args: ['-s'], node: process.execPath });
  assert.is(await withTimeout(daemons(2, { url: 'tls+tcp://127.0.0.1:0', dispatcher: false, remote }), 30_000, 'daemons'), 2);
  assert.is((await status()).connections, 2);
  await tasksRun(2);
});

test('a launcher that fails is reported with its message, and the profile is closed', async () => {
  const remote = remoteConfig({ command: '/bin/sh', args: ['-c', 'echo no such machine >&2; exit 3'] });
  const error = await rejection(daemons(1, { url: 'tcp://127.0.0.1:0', remote }), 15_000, 'daemons');
  assert.match(error.message, /daemon 1 of 1: \/bin\/sh failed \(exit code 3\): no such machine/);
  assert.is((await status()).connections, 0);
});

test('options.remote is checked, never dropped', async () => {
  assert.match((await rejection(daemons(1, { remote: remoteConfig() } as never))).message, /options.remote needs options.url/);
  assert.match((await rejection(daemons(1, { url: 'tcp://127.0.0.1:0', remote: { command: 'ssh' } as never }))).message, /options.remote must be made by sshConfig\(\)/);
});

test('remoteConfig, sshConfig and clusterConfig validate their options', () => {
  assert.throws(() => remoteConfig({ comand: 'x' } as never), /comand/);
  assert.throws(() => remoteConfig({ args: [] }), /options.args must be a non-empty array/);
  assert.throws(() => remoteConfig({ shell: 'bash' as never }), /options.shell must be 'sh' or 'cmd'/);
  assert.throws(() => sshConfig({ remotes: [] }), /options.remotes must be a host or a non-empty array/);
  assert.throws(() => sshConfig({ remotes: 'a b' }), /is not host, user@host or ssh:\/\/user@host:port/);
  assert.throws(() => clusterConfig({ command: 'qsbu' as never }), /options.command must be one of 'sbatch', 'qsub', 'bsub'/);
  assert.throws(() => clusterConfig({ command: 'sbatch', array: 'yes' as never }), /options.array must be a boolean, got the string "yes"/);
  assert.throws(() => remoteConfig({ array: true } as never), /options has an unknown option 'array'/);
  assert.is(clusterConfig({ command: 'bsub' }).array, false);
  const ssh = sshConfig({ remotes: ['ssh://me@node1:2222', 'node2'], tunnel: true, timeout: 3 });
  assert.equal(ssh.args[0], ['-o', 'ConnectTimeout=3', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', '-R', '{port}:127.0.0.1:{port}', '-p', '2222', '-T', 'me@node1', '/bin/sh']);
  assert.equal(ssh.args[1].slice(-3), ['-T', 'node2', '/bin/sh']);
});

test('a tunnel needs a local host URL', async () => {
  await withTimeout(daemons({ url: 'tcp://0.0.0.0:0', dispatcher: false }), 10_000, 'daemons');
  assert.throws(() => launchRemote(1, sshConfig({ remotes: 'x', tunnel: true })), /a tunnel needs a host URL on 127.0.0.1 or localhost/);
});

test('quoting for sh and cmd, and commands for cmd', async () => {
  assert.is(quoteSh('tcp://10.0.0.1:5555'), 'tcp://10.0.0.1:5555');
  assert.is(quoteSh("it's"), `'it'\\''s'`);
  assert.is(quoteSh('a b'), `'a b'`);
  assert.is(quoteCmd('C:\\Program Files\\nodejs\\node.exe'), '"C:\\Program Files\\nodejs\\node.exe"');
  assert.is(quoteCmd('say "hi"'), '"say ""hi"""');
  assert.throws(() => quoteCmd('%PATH%'), /contains '%'/);
  await withTimeout(daemons({ url: 'tls+tcp://127.0.0.1:0', dispatcher: false }), 10_000, 'daemons');
  const [command] = launchRemote(1, remoteConfig({ shell: 'cmd', node: 'C:\\Program Files\\nodejs\\node.exe', cli: 'C:\\mirai\\cli.js' })) as string[];
  const pem = (name: string, label: string) => `set "${name}=-----BEGIN ${label}----- [^"\\n]+ -----END ${label}-----" && `;
  const env = pem('MIRAI_TLS_CA', 'CERTIFICATE') + pem('MIRAI_TLS_CERT', 'CERTIFICATE') + pem('MIRAI_TLS_KEY', 'EC PRIVATE KEY');
  assert.match(command, new RegExp(`^${env}`));
  assert.match(command.slice(command.lastIndexOf('&& ') + 3), /^"C:\\Program Files\\nodejs\\node.exe" --expose-gc C:\\mirai\\cli.js daemon tls\+tcp:\/\/127.0.0.1:\d+ --control tls\+tcp:\/\/127.0.0.1:\d+$/);
});

test('job ids from what each scheduler prints', () => {
  assert.is(jobIdFrom('sbatch', '1234\n'), '1234');
  assert.is(jobIdFrom('sbatch', '1234;cluster\n'), '1234');
  assert.is(jobIdFrom('qsub', 'Your job 77 ("STDIN") has been submitted\n'), '77');
  assert.is(jobIdFrom('qsub', '4711.pbs-server\n'), '4711.pbs-server');
  assert.is(jobIdFrom('qsub', 'Your job-array 78.1-4:1 ("STDIN") has been submitted\n'), '78');
  assert.is(jobIdFrom('qsub', '4712[].pbs-server\n'), '4712[].pbs-server');
  assert.is(jobIdFrom('bsub', 'Job <55> is submitted to default queue <normal>.\n'), '55');
});

test.run();
