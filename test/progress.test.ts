// collect({ progress }): on stderr, a redrawn bar on a terminal (count, percentage, rate, ETA),
// plain "progress:" lines when stderr is not a terminal, nothing when off. Each case runs a host
// process (test/fixtures/progress.ts); the terminal is a pseudo-terminal made by script(1).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type Exit, killStarted, runNode, runToEnd, start, TSX } from './processes';

const test = suite('progress');
const FIXTURE = join('test', 'fixtures', 'progress.ts');
const DONE = `done ${JSON.stringify(Array.from({ length: 20 }, (_, k) => k))}`;
const RUN_MS = 60_000;

test.after.each(() => {
  killStarted();
});

/** Runs the fixture with stdout and stderr on a pseudo-terminal; returns what the terminal showed. */
function underTerminal(args: string[]): Promise<Exit> {
  const command = [process.execPath, ...TSX, FIXTURE, ...args].map((a) => `'${a}'`).join(' ');
  return runToEnd(start('script', ['-q', '-c', command, '/dev/null']), RUN_MS, 'the host under a terminal');
}

/** The bar's redraws: each starts with a carriage return and ends by clearing the line. */
const DRAW = /\r\[([= >]+)\] (\d+)\/20 (\d+)% (\d+\.\d)\/s(?: ETA (\d+)s)?\u001b\[K/g;

test('script(1) is available to make a pseudo-terminal', () => {
  const which = spawnSync('script', ['--version'], { encoding: 'utf8' });
  assert.is(which.error, undefined, `script(1) (util-linux, bsdutils) is needed: ${String(which.error)}`);
});

test('on a terminal: a bar redrawn in place with count, percentage, rate and ETA', async () => {
  const result = await underTerminal(['on', 'array']);
  assert.is(result.code, 0, `exit code (output: ${JSON.stringify(result.stdout)})`);
  const draws = [...result.stdout.matchAll(DRAW)];
  assert.ok(draws.length >= 3, `redrawn several times, got ${draws.length}: ${JSON.stringify(result.stdout)}`);
  for (const [, bar, count, percent] of draws) {
    assert.is(Number(percent), Math.floor((100 * Number(count)) / 20), 'the percentage follows the count');
    assert.ok(bar.length >= 10, 'a bar of at least 10 columns');
  }
  const counts = draws.map((d) => Number(d[2]));
  assert.equal(counts, [...counts].sort((a, b) => a - b), 'the count only goes up');
  const partial = draws.find((d) => Number(d[2]) < 20);
  assert.ok(partial, 'a draw before the end');
  assert.ok(partial![5] !== undefined, `an ETA while running: ${JSON.stringify(partial![0])}`);
  assert.ok(Number(partial![4]) > 0, 'a rate');
  const last = draws[draws.length - 1];
  assert.is(last[2], '20');
  assert.is(last[3], '100');
  assert.match(last[1], /^=+$/, 'a full bar at the end');
  assert.not.match(result.stdout, /progress:/, 'no plain lines on a terminal');
  assert.match(result.stdout, new RegExp(`\\r?\\n${DONE.replace(/[[\]]/g, '\\$&')}`), 'the line ends before the program goes on');
});

test('not a terminal: plain "progress:" lines on stderr, no redraws; stdout is the program\'s alone', async () => {
  const result = await runNode([FIXTURE, 'on', 'array'], RUN_MS, 'the host, output piped');
  assert.is(result.code, 0, `exit code (stderr: ${result.stderr})`);
  assert.is(result.stdout, `${DONE}\n`, 'no progress on stdout');
  assert.not.match(result.stderr, /[\r\u001b]/, 'no carriage returns or escape codes');
  const progress = result.stderr.split('\n').filter(Boolean);
  assert.ok(progress.length >= 2, `at least a first and a last line, got ${JSON.stringify(progress)}`);
  for (const line of progress) assert.match(line, /^progress: \d+\/20 \d+% \d+\.\d\/s(?: ETA \d+s)?$/);
  assert.match(progress[progress.length - 1], /^progress: 20\/20 100% \d+\.\d\/s/);
});

test('not a terminal, a lazy source: counts without a total until the end', async () => {
  const result = await runNode([FIXTURE, 'on', 'lazy'], RUN_MS, 'the host, output piped');
  assert.is(result.code, 0, `exit code (stderr: ${result.stderr})`);
  assert.is(result.stdout, `${DONE}\n`);
  const progress = result.stderr.split('\n').filter(Boolean);
  assert.ok(progress.length >= 2, `at least a first and a last line, got ${JSON.stringify(progress)}`);
  for (const line of progress.slice(0, -1)) assert.match(line, /^progress: \d+ \d+\.\d\/s$/, 'no total yet: no percentage or ETA');
  assert.match(progress[progress.length - 1], /^progress: 20\/20 100% \d+\.\d\/s/);
});

test('progress off (unset or false): nothing but the program output, on a terminal or not', async () => {
  for (const mode of ['off', 'false']) {
    const piped = await runNode([FIXTURE, mode, 'array'], RUN_MS, `the host (${mode}), stdout piped`);
    assert.is(piped.code, 0, `exit code (stderr: ${piped.stderr})`);
    assert.is(piped.stdout, `${DONE}\n`);
    assert.is(piped.stderr, '');
  }
  const terminal = await underTerminal(['off', 'array']);
  assert.is(terminal.code, 0);
  assert.is(terminal.stdout.replace(/\r\n/g, '\n'), `${DONE}\n`);
});

test.run();
