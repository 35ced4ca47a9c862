// Peers connecting where a daemon is already connected: many at once, at URLs of several
// transports, while tasks run and a CPU hog varies the timing. The dispatcher must turn each
// away without losing itself, a task or the daemon that was there first.
import { spawn, type ChildProcess } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, launchLocal, localUrl, mirai, openSocket, status, type DaemonStatus } from '../src/index';
import { withTimeout } from './helpers';
import { allExit, exited, isAlive, killAll, killStarted, waitFor } from './mirai-helpers';

const test = suite('dispatcherIntruders');
const TASKS = 400;
const ROUNDS = 12;
/** Raw peers per URL per round: each dials and hangs up after 0 to 15 ms, racing its own turn-away. */
const PEERS = 6;
const seen = new Set<number>();
const warnings: string[] = [];
const onWarning = (warning: Error): void => void warnings.push(warning.message);

test.before(() => {
  process.on('warning', onWarning);
});

test.after.each(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  killStarted();
});

test.after(() => {
  process.off('warning', onWarning);
  killAll(seen);
});

test('intruders racing at abstract, tcp and ws URLs while tasks run beside a CPU hog: every task completes on a first daemon, each URL keeps it', async () => {
  const hog = spawnHog();
  try {
    await withTimeout(daemons({ url: [localUrl(), 'tcp://127.0.0.1:0', 'ws://127.0.0.1:0/intruders'] }), 30_000, 'daemons at 3 URLs');
    const urls = (await rows()).map((r) => r.url);
    const first = launchLocal([1, 2, 3]);
    for (const pid of first) seen.add(pid);
    await waitFor(async () => (await rows()).every((r) => r.online === 1), 30_000, 'the first daemon at each URL');
    const tasks = Array.from({ length: TASKS }, (_, k) => mirai((x: number) => [x * 2, process.pid], {}, { args: [k] }));
    // Real daemons too: each launched where a daemon already is, turned away, and exits.
    const daemonIntruders = launchLocal([1, 2, 3]);
    for (const pid of daemonIntruders) seen.add(pid);
    for (let round = 0; round < ROUNDS; round++) await Promise.all(urls.flatMap((url) => Array.from({ length: PEERS }, () => intrude(url))));
    const results = await withTimeout(collectMirai(tasks), 60_000, `${TASKS} tasks beside the intruders`);
    const wrong = results.flatMap((r, k) => {
      const ok = Array.isArray(r) && r[0] === k * 2 && first.includes(r[1] as number);
      return ok ? [] : [`task ${k}: ${String(r)}`];
    });
    assert.equal(wrong.slice(0, 5), [], `every task comes back from a first daemon (${wrong.length} of ${TASKS} did not)`);
    await allExit(daemonIntruders, 20_000, 'the daemons launched at occupied URLs');
    const after = await rows();
    assert.equal(
      after.map((r) => [r.online, r.instance]),
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      'each URL keeps its first daemon, the only instance it had',
    );
    assert.is(after.reduce((n, r) => n + r.complete, 0), TASKS, 'every task counted complete');
    assert.ok(first.every(isAlive), 'the first daemons run on');
    assert.equal(warnings.filter((w) => /dispatcher/.test(w)), [], 'no dispatcher warnings');
  } finally {
    hog.kill('SIGKILL');
    await exited(hog, 5000, 'the CPU hog');
  }
});

/** A peer that dials `url` (as a daemon would: rep), stays 0 to 15 ms, and hangs up. */
async function intrude(url: string): Promise<void> {
  const socket = openSocket('rep');
  try {
    socket.dial(url, { block: false });
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 16)));
  } catch {
    // Turned away before the dial completed: what the dispatcher is for.
  } finally {
    socket.close();
  }
}

/** A child process that keeps one core busy until killed. */
function spawnHog(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

async function rows(): Promise<DaemonStatus[]> {
  const s = await withTimeout(status(), 5000, 'status()');
  assert.ok(Array.isArray(s.daemons), `status().daemons is the status matrix, got ${JSON.stringify(s.daemons)}`);
  return s.daemons as DaemonStatus[];
}

test.run();
