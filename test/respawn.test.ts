// daemons(n, { respawn }): local daemons that exit are relaunched, with and without a
// dispatcher; a daemon that crashes at start is relaunched with a growing back-off; a reset
// ends respawning and leaves no process.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, launchLocal, mirai, type Mirai } from '../src/index';
import { FIRST_BACKOFF_MS } from '../src/respawn';
import { rejectsLike, throwsLike, waitFor, withTimeout } from './helpers';
import { allExit, childPids, connections, daemonPids, daemonSuite, isAlive } from './processes';

const { test, seen } = daemonSuite('respawn');
let scratch: string;

test.before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'mirai-respawn-'));
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

/** This process's children that are daemons (tsx keeps an esbuild child of its own). */
const daemonChildren = () => childPids().filter((pid) => / daemon /.test(cmdline(pid)));

/** Waits for this process to have no daemon children; names those left if it does not come. */
const noDaemons = () =>
  waitFor(() => daemonChildren().length === 0, 10_000, 'no daemon process left').catch((error: Error) => {
    throw new Error(`${error.message}: ${daemonChildren().map((pid) => `${pid} ${cmdline(pid)}`).join('; ')}`);
  });

for (const dispatcher of [true, false]) {
  test(`dispatcher ${dispatcher}: a SIGKILLed daemon is replaced, and tasks run on the new one`, async () => {
    await withTimeout(daemons(2, { dispatcher, respawn: true }), 30_000, 'daemons(2)');
    const [victim, survivor] = await daemonPids(2, 'default', seen);
    process.kill(victim, 'SIGKILL');
    await allExit([victim], 5000, 'the killed daemon');
    // The replacement connects: two distinct daemons serve tasks again, one of them new.
    let pids: number[] = [];
    await waitFor(
      async () => {
        pids = await daemonPids(2, 'default', seen).catch(() => []);
        return pids.length === 2 && !pids.includes(victim);
      },
      20_000,
      'a replacement daemon serving tasks',
    );
    assert.ok(pids.includes(survivor), 'the other daemon still serves');
    });
}

test('maxtasks 1 behind the dispatcher: each task gets a fresh daemon, relaunched at once after its clean exit', async () => {
  await withTimeout(daemons(1, { maxtasks: 1, respawn: true }), 30_000, 'daemons(1)');
  // Sent at once: the dispatcher holds each for the next daemon, none is lost to a retiring one.
  const pids = await withTimeout(collectMirai(Array.from({ length: 3 }, () => mirai(() => process.pid))), 30_000, 'three tasks');
  for (const pid of pids as number[]) seen.add(pid);
  assert.is(new Set(pids).size, 3, `three tasks, three daemons: ${pids.join(', ')}`);
});

/** Task `i` notes that it ran in `dir`, failing if it ran there before: a task run twice
 * resolves to an error. Returns the pid of its daemon. */
function runOnce(dir: string, i: number, ms: number): Mirai<number> {
  return mirai(
    async (path: string, wait: number) => {
      require('node:fs').writeFileSync(path, '', { flag: 'wx' });
      await new Promise((resolve) => setTimeout(resolve, wait));
      return process.pid;
    },
    {},
    { args: [join(dir, String(i)), ms] },
  );
}

// Each case has a daemon retire with tasks still queued at it: after one task, or while 40
// tasks (2 s of work over 2 daemons, more than a daemon's 8 receives hold) are under way.
for (const [limit, options, count, ms] of [
  ['maxtasks: 1', { maxtasks: 1 }, 20, 40],
  ['walltime', { walltime: 400 }, 40, 50],
] as const) {
  test(`${limit} without a dispatcher: tasks sent to a retiring daemon are sent again, and each runs once`, async () => {
    const dir = mkdtempSync(join(scratch, 'once-'));
    await withTimeout(daemons(2, { dispatcher: false, respawn: true, ...options }), 30_000, 'daemons(2)');
    // All sent at once: NNG spreads them over both daemons, which hold them queued.
    const results = (await withTimeout(collectMirai(Array.from({ length: count }, (_, i) => runOnce(dir, i, ms))), 90_000, `${count} tasks`)) as unknown[];
    for (const pid of results) if (typeof pid === 'number') seen.add(pid);
    assert.equal(results.filter((r) => typeof r !== 'number').map(String), [], 'every task resolves to its pid');
    assert.ok(new Set(results).size > 2, `the tasks ran on daemons that retired and their replacements: ${new Set(results).size} pids`);
  });
}

test('a daemon that crashes at start is relaunched with a growing back-off; daemons(0) ends it', async () => {
  const log = join(scratch, 'launches');
  const marker = join(scratch, 'crash');
  const script = join(scratch, 'crash.cjs');
  // Each launch notes its time; once the marker exists, the daemon exits before it dials.
  writeFileSync(
    script,
    `const fs = require('node:fs');\nfs.appendFileSync(${JSON.stringify(log)}, Date.now() + '\\n');\nif (fs.existsSync(${JSON.stringify(marker)})) process.exit(3);\n`,
  );
  await withTimeout(daemons(1, { execArgv: ['--require', script], respawn: { maxBackoffMs: 800 } }), 30_000, 'daemons(1)');
  const [first] = await daemonPids(1, 'default', seen);
  writeFileSync(marker, '');
  const killedAt = Date.now();
  process.kill(first, 'SIGKILL');
  const launches = () => readFileSync(log, 'utf8').trim().split('\n').map(Number).filter((t) => t > killedAt);
  // Back-offs 100, 200, 400, 800, 800 ms: the fifth crash comes at least 2.3 s after the kill.
  await waitFor(() => launches().length >= 5, 20_000, 'five relaunches');
  const times = [killedAt, ...launches()];
  for (let k = 1; k < 5; k++) {
    const wait = Math.min(800, FIRST_BACKOFF_MS * 2 ** (k - 1));
    assert.ok(times[k] - times[k - 1] >= wait, `relaunch ${k} came ${times[k] - times[k - 1]} ms after the exit before it, under the back-off of ${wait} ms`);
  }
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  const count = launches().length;
  // Past the longest back-off, nothing was relaunched and no daemon runs.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.is(launches().length, count, 'no relaunch after daemons(0)');
  await noDaemons();
  assert.ok(existsSync(marker));
});

test('daemons(0) while daemons exit and respawn leaves no process', async () => {
  await withTimeout(daemons(3, { respawn: true }), 30_000, 'daemons(3)');
  const pids = await daemonPids(3, 'default', seen);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await noDaemons();
  assert.ok(pids.every((pid) => !isAlive(pid)));
  await connections(0);
});

test('bad respawn options are refused before any process starts', async () => {
  await rejectsLike(() => daemons(1, { respawn: 'yes' as unknown as boolean }), TypeError, /options\.respawn must be true, false or \{ maxBackoffMs \}/);
  await rejectsLike(() => daemons(1, { respawn: { maxBackoffMs: 5 } }), RangeError, /options\.respawn\.maxBackoffMs/);
  await rejectsLike(() => daemons(1, { respawn: { wait: 5 } as never }), TypeError, /options\.respawn has an unknown option .wait./);
  await rejectsLike(() => daemons({ url: 'tcp://127.0.0.1:0', respawn: true }), TypeError, /options\.respawn applies to daemons this host launches/);
  assert.equal(daemonChildren(), []);
});

test('launchLocal({ respawn }) needs a profile, and daemons that end with it', async () => {
  throwsLike(() => launchLocal('tcp://127.0.0.1:5555', {}, { respawn: true, compute: 'none here' }), TypeError, /options\.respawn needs daemons set/);
  await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false }), 30_000, 'daemons({ url })');
  throwsLike(() => launchLocal(1, { autoexit: false }, { respawn: true }), TypeError, /options\.respawn does not apply to persistent daemons/);
  assert.equal(daemonChildren(), []);
});

test.run();
