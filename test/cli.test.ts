// The command line: `mirai daemon <url> [--option value ...]` runs a daemon; bad usage
// exits with code 2 and says what was wrong.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, localUrl, mirai } from '../src/index';
import { withTimeout } from './helpers';
import { CLI, connections, exited, killStarted, ROOT, runNode, runToEnd, start, startCliDaemon } from './processes';

const test = suite('cli');

test.after(async () => {
  await withTimeout(daemons(0, { compute: 'cli' }), 15_000, 'daemons(0) cli');
  killStarted();
});

/** Runs the CLI with `args` and asserts it ends with code 2, saying `message` on stderr. */
async function badUsage(args: string[], message: RegExp): Promise<void> {
  const result = await runNode([CLI, ...args], 20_000, `mirai ${args.join(' ')}`);
  assert.is(result.code, 2, `exit code of 'mirai ${args.join(' ')}' (stderr: ${result.stderr.trim()})`);
  assert.match(result.stderr, message);
}

test('runs a daemon that dials the URL, with the options given', async () => {
  const url = (await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'cli' }), 10_000, 'daemons url')) as string;
  const child = startCliDaemon(url, ['--maxtasks', '2', '--cleanup', '0']);
  await connections(1, 'cli');
  const first = await withTimeout(Promise.resolve(mirai(() => {
    (globalThis as Record<string, unknown>).left = 'behind';
    return process.pid;
  }, {}, { compute: 'cli' })), 5000, 'first task');
  assert.is(first, child.pid);
  assert.is(await withTimeout(Promise.resolve(mirai('typeof left', {}, { compute: 'cli' })), 5000, 'second task'), 'string', '--cleanup 0 kept the global');
  const end = await exited(child, 5000, 'the daemon exits after --maxtasks 2');
  assert.is(end.code, 0, `exit code (stderr: ${end.stderr})`);
});

test('no command, or another command: usage, exit code 2', async () => {
  await badUsage([], /usage: mirai daemon <url> \[--option value \.\.\.\]/);
  await badUsage(['demon', localUrl()], /usage: mirai daemon <url>/);
});

test('daemon without a url: usage, exit code 2', async () => {
  await badUsage(['daemon'], /usage: mirai daemon <url>/);
});

test('a flag without a value: exit code 2', async () => {
  await badUsage(['daemon', localUrl(), '--maxtasks'], /--maxtasks/);
});

test('an unknown option: exit code 2, with a suggestion', async () => {
  await badUsage(['daemon', localUrl(), '--maxtask', '1'], /unknown option 'maxtask': did you mean 'maxtasks'\?/);
});

test('a bad URL or option value: exit code 2, saying what is wrong', async () => {
  await badUsage(['daemon', 'nope'], /url 'nope' is not a URL/);
  await badUsage(['daemon', localUrl(), '--cleanup', '99'], /cleanup must be an integer from 0 to 15, got 99/);
});

test('the bin entry, linked as npm links it, runs the CLI: usage, with exit code 2 for bad usage and 0 for --help', async () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin?: Record<string, string> | string };
  const target = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.mirai;
  assert.type(target, 'string', 'a "bin" entry named mirai');
  // npm links .bin/mirai to the target and makes the target executable; the shell then finds
  // `mirai` on PATH and the kernel runs it through its #! line (the build is npm ci's).
  const file = join(ROOT, target!);
  chmodSync(file, statSync(file).mode | 0o111);
  const bin = mkdtempSync(join(tmpdir(), 'mirai-bin-'));
  try {
    symlinkSync(file, join(bin, 'mirai'));
    // No command is bad usage (exit code 2, on stderr); --help asks for it (exit code 0, on stdout).
    for (const [args, code, stream] of [[[], 2, 'stderr'], [['--help'], 0, 'stdout']] as const) {
      const run = start('mirai', [...args], { env: { PATH: `${bin}${delimiter}${process.env.PATH}` } });
      const result = await runToEnd(run, 20_000, `mirai ${args.join(' ')} through the bin link`);
      assert.is(result.code, code, `exit code of 'mirai ${args.join(' ')}' (stderr: ${result.stderr.trim()})`);
      assert.match(result[stream], /usage: mirai daemon <url> \[--option value \.\.\.\]/);
    }
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test.run();
