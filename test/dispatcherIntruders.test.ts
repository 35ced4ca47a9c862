// Peers connecting where a daemon is already connected: many at once, at URLs of several
// transports, while tasks run and a CPU hog varies the timing. The dispatcher must turn each
// away without losing itself, a task or the daemon that was there first.
import { spawn, type ChildProcess } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, launchLocal, localUrl, mirai, status, type DaemonStatus } from '../src/index';
import { openSocket } from '../src/nng';
import { waitFor, withTimeout } from './helpers';
import { allExit, exited, isAlive, killAll, killStarted } from './processes';

const test = suite('dispatcherIntruders');
/** Tasks sent with each round of peers. */
const WAVE = 40;
/** Rounds at least; more until the daemons launched at occupied URLs have exited. */
const ROUNDS = 12;
/** Bounds the wait for those daemons (each starts a Node process on a loaded machine). */
const DAEMONS_GONE_MS = 90_000;
/** Raw peers per URL per round: each dials and hangs up after 0 to 15 ms, racing its own turn-away. */
const PEERS = 6;
/** Right peers, one at a time, beside a wrong one redialling every millisecond. */
const ROUNDS_OF_RIGHT_PEERS = 200;
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
    await waitFor(async () => (await rows()).every((r) => r.online === 1), 60_000, 'the first daemon at each URL');
    // Real daemons too, each launched where a daemon already is: turned away, it exits.
    const daemonIntruders = launchLocal([1, 2, 3]);
    for (const pid of daemonIntruders) seen.add(pid);
    // Waves of tasks, each with a round of peers, until those daemons are gone too.
    const deadline = Date.now() + DAEMONS_GONE_MS;
    const wrong: string[] = [];
    let sent = 0;
    for (let round = 0; round < ROUNDS || (daemonIntruders.some(isAlive) && Date.now() < deadline); round++) {
      const wave = Array.from({ length: WAVE }, (_, k) => mirai((x: number) => [x * 2, process.pid], {}, { args: [sent + k] }));
      await Promise.all(urls.flatMap((url) => Array.from({ length: PEERS }, () => intrude(url))));
      const results = await withTimeout(collectMirai(wave), 30_000, `wave ${round} of tasks beside the intruders`);
      results.forEach((r, k) => {
        const ok = Array.isArray(r) && r[0] === (sent + k) * 2 && first.includes(r[1] as number);
        if (!ok) wrong.push(`task ${sent + k}: ${String(r)}`);
      });
      sent += WAVE;
    }
    assert.equal(wrong.slice(0, 5), [], `every task comes back from a first daemon (${wrong.length} of ${sent} did not)`);
    await allExit(daemonIntruders, 1000, 'the daemons launched at occupied URLs');
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
    assert.is(after.reduce((n, r) => n + r.complete, 0), sent, 'every task counted complete');
    assert.ok(first.every(isAlive), 'the first daemons run on');
    assert.equal(warnings.filter((w) => /dispatcher/.test(w)), [], 'no dispatcher warnings');
  } finally {
    hog.kill('SIGKILL');
    await exited(hog, 5000, 'the CPU hog');
  }
});

test('limitPipes(1) on a req socket: a second peer is closed as it connects, unheard of, and no request goes to it', async () => {
  const url = `abstract://mirai-limit-${process.pid}`;
  const req = openSocket('req');
  const events: string[] = [];
  const peers = [openSocket('rep'), openSocket('rep')];
  try {
    req.native.limitPipes(1);
    req.onPipe((event, pipe) => events.push(`${event} ${pipe}`));
    req.listen(url);
    peers[0].dial(url, { block: true });
    // The listener admits whichever handshake it finishes first, so the second peer dials only
    // once the first is in.
    await waitFor(() => events.length > 0, 5000, 'the first peer heard');
    peers[1].dial(url, { block: false }); // keeps redialling, and is turned away each time
    for (let k = 0; k < 5; k++) {
      const answer = async (): Promise<void> => {
        const asked = await withTimeout(peers[0].recv(), 5000, `request ${k} at the first peer`);
        assert.is(asked.toString(), `ask ${k}`);
        await peers[0].send(Buffer.from(`answer ${k}`));
      };
      const [reply] = await Promise.all([req.request(Buffer.from(`ask ${k}`), { timeout: 5000 }), answer()]);
      assert.is(reply.toString(), `answer ${k}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.is(events.length, 1, `one peer heard of: ${events.join(', ')}`);
    assert.match(events[0], /^add \d+$/);
  } finally {
    for (const peer of peers) peer.close();
    req.close();
  }
});

test('limitPipes(1): a peer of the wrong protocol, redialling all the while, never takes the place of a right one', async () => {
  const req = openSocket('req');
  // A daemon's control channel dialling port + 1 meets the next daemon's task listener: a req
  // peer at a req socket, refused by its protocol.
  const wrong = openSocket('req', { reconnectTimeMin: 1, reconnectTimeMax: 1 });
  try {
    req.native.limitPipes(1);
    let admitted: (() => void) | undefined;
    let connected = 0;
    req.onPipe((event) => {
      connected += event === 'add' ? 1 : -1;
      if (event === 'add') admitted?.();
    });
    const url = req.listen('tcp://127.0.0.1:0').url;
    wrong.dial(url, { block: false });
    let turnedAway = 0;
    for (let round = 0; round < ROUNDS_OF_RIGHT_PEERS; round++) {
      const peer = openSocket('rep');
      try {
        const heard = new Promise<'admitted' | 'turned away'>((resolve) => {
          admitted = () => resolve('admitted');
          peer.onPipe((event) => event === 'remove' && resolve('turned away'));
        });
        peer.dial(url, { block: false });
        if ((await withTimeout(heard, 5000, `round ${round}: the right peer admitted or turned away`)) === 'turned away') turnedAway++;
      } finally {
        peer.close();
      }
      // Its place is free again once the listener hears it leave.
      await waitFor(() => connected === 0, 5000, `round ${round}: the right peer gone`);
    }
    assert.is(turnedAway, 0, `right peers turned away in ${ROUNDS_OF_RIGHT_PEERS} rounds`);
  } finally {
    wrong.close();
    req.close();
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

/** A child process that keeps one core busy until killed, or until this process is gone (a
 * test process killed from outside leaves no hog behind). */
function spawnHog(): ChildProcess {
  const spin = 'const parent = process.ppid; (function spin() { const end = Date.now() + 50; while (Date.now() < end); if (process.ppid !== parent) process.exit(); setImmediate(spin); })();';
  return spawn(process.execPath, ['-e', spin], { stdio: 'ignore' });
}

async function rows(): Promise<DaemonStatus[]> {
  const s = await withTimeout(status(), 5000, 'status()');
  assert.ok(Array.isArray(s.daemons), `status().daemons is the status matrix, got ${JSON.stringify(s.daemons)}`);
  return s.daemons as DaemonStatus[];
}

test.run();
