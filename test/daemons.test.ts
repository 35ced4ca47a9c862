// daemons(): n local daemons without dispatcher, resets (0 and null), compute profiles,
// withDaemons, seeded random streams, and arguments refused before anything starts.
import * as net from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  collectMirai,
  daemons,
  ErrorValue,
  launchLocal,
  localUrl,
  mirai,
  status,
  withDaemons,
} from '../src/index';
import { Kind, type Poll } from '../src/protocol';
import { randomFrom, taskStreamState } from '../src/random';
import { decode } from '../src/serial';
import { controlUrl } from '../src/url';
import { rejectsLike, withTimeout } from './helpers';
import { allExit, childPids, connections, daemonPids, daemonSuite, isAlive, startsNothing } from './processes';
import { withSockets } from './sockets';
import { holdTask, TaskLine } from './taskLine';

const PROFILES = ['default', 'a', 'b', 'w', 'p', 'q', 'seeded'];
/** `seen`: every daemon pid a test saw, killed at the end should a test fail half-way. */
const { test, seen } = daemonSuite('daemons', PROFILES);
const line = TaskLine.forSuite(test);
const pidsOf = (n: number, compute = 'default') => daemonPids(n, compute, seen);

test('daemons(2) resolves to 2 once both daemons are connected', async () => {
  const n = await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  assert.is(n, 2);
  const s = await status();
  assert.is(s.connections, 2, 'connected by the time daemons() resolves');
  const pids = await pidsOf(2);
  for (const pid of pids) assert.ok(isAlive(pid));
});

test('daemons(0): pending mirai resolve to ErrorValue 19, every daemon exits, mirai go ephemeral', async () => {
  await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  const pids = await pidsOf(2);
  const running = [mirai(holdTask, {}, { args: [line.path] }), mirai(holdTask, {}, { args: [line.path] })];
  const held = [await line.next(), await line.next()];
  const queued = [mirai(() => 'never'), mirai(() => 'never')];
  const reset = daemons(0);
  await withTimeout(Promise.all([...running, ...queued].map((m) => m.settled())), 5000, 'pending mirai settle on reset');
  for (const m of [...running, ...queued]) {
    assert.instance(m.data, ErrorValue);
    assert.is((m.data as ErrorValue).code, 19);
  }
  // A daemon finishes the task in hand before it exits.
  for (const h of held) h.release();
  assert.is(await withTimeout(reset, 10_000, 'daemons(0)'), 0);
  await allExit(pids, 5000, 'daemons after daemons(0)');
  assert.equal(await status(), { connections: 0, daemons: 0 });
  const pid = await withTimeout(Promise.resolve(mirai(() => process.pid)), 20_000, 'an ephemeral mirai after the reset');
  assert.not.ok(pids.includes(pid as number), 'no daemon answers after the reset');
});

test('daemons(0) and daemons(null) with nothing set resolve to 0', async () => {
  assert.is(await withTimeout(daemons(0), 5000, 'daemons(0)'), 0);
  assert.is(await withTimeout(daemons(null), 5000, 'daemons(null)'), 0);
  assert.equal(await status(), { connections: 0, daemons: 0 });
});

test('calling daemons again on a profile resets it first', async () => {
  await withTimeout(daemons(2, { dispatcher: false }), 30_000, 'daemons(2)');
  const first = await pidsOf(2);
  const firstUrl = (await status()).daemons;
  assert.is(await withTimeout(daemons(1, { dispatcher: false }), 30_000, 'daemons(1)'), 1);
  await allExit(first, 5000, 'the daemons of the first call');
  const [second] = await pidsOf(1);
  assert.not.ok(first.includes(second));
  const s = await status();
  assert.is(s.connections, 1);
  assert.is.not(s.daemons, firstUrl, 'a new host URL');
});

test('compute profiles are independent sets of daemons', async () => {
  await withTimeout(
    Promise.all([daemons(1, { dispatcher: false, compute: 'a' }), daemons(1, { dispatcher: false, compute: 'b' })]),
    30_000,
    'daemons a and b',
  );
  const [pidA] = await pidsOf(1, 'a');
  const [pidB] = await pidsOf(1, 'b');
  assert.is.not(pidA, pidB);
  const [sa, sb] = [await status('a'), await status('b')];
  assert.is(sa.connections, 1);
  assert.is(sb.connections, 1);
  assert.is.not(sa.daemons, sb.daemons);
  assert.equal(await status(), { connections: 0, daemons: 0 }, 'the default profile is not set');
  await withTimeout(daemons(0, { compute: 'a' }), 10_000, 'daemons(0) a');
  await allExit([pidA], 5000, 'the daemon of a');
  assert.ok(isAlive(pidB), 'resetting a leaves b alone');
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid, {}, { compute: 'b' })), 5000, 'b after a reset'), pidB);
  assert.is((await status('b')).connections, 1);
});

test('withDaemons sets daemons for the callback and returns its value', async () => {
  let inside: { pid: unknown; connections: number } | undefined;
  const value = await withTimeout(
    withDaemons(1, async () => {
      inside = { pid: await mirai(() => process.pid, {}, { compute: 'w' }), connections: (await status('w')).connections };
      return 'result';
    }, { dispatcher: false, compute: 'w' }),
    30_000,
    'withDaemons',
  );
  assert.is(value, 'result');
  assert.is(inside!.connections, 1);
  assert.equal(await status('w'), { connections: 0, daemons: 0 });
  await allExit([inside!.pid as number], 5000, 'the daemon of withDaemons');
});

test('withDaemons tears down even when the callback throws', async () => {
  let pid = 0;
  const failure = new Error('callback failed');
  await rejectsLike(
    () => withDaemons({ url: localUrl(), dispatcher: false, compute: 'w' }, async () => {
      launchLocal(1, {}, { compute: 'w' });
      await connections(1, 'w');
      pid = (await mirai(() => process.pid, {}, { compute: 'w' })) as number;
      throw failure;
    }),
    Error,
    /^callback failed$/,
    30_000,
  );
  assert.ok(pid > 0);
  seen.add(pid);
  assert.equal(await status('w'), { connections: 0, daemons: 0 });
  await allExit([pid], 5000, 'the daemon of withDaemons');
});

test('a timeout counts from the mirai, also while it waits for a daemon to connect', async () => {
  // Without dispatcher a task is a request: its send waits for a daemon, then its receive for
  // the reply. The receive used to get the whole timeout afresh, so a task sent late could
  // come back well after its timeout (here at about 1,800 ms of 1,500).
  const url = localUrl();
  await withTimeout(daemons({ url, dispatcher: false, compute: 'q' }), 10_000, 'daemons url');
  const m = mirai(() => new Promise((resolve) => setTimeout(() => resolve('late'), 1000)), {}, { timeout: 1500, compute: 'q' });
  await new Promise((resolve) => setTimeout(resolve, 600));
  const [pid] = launchLocal(1, {}, { compute: 'q' });
  seen.add(pid);
  await withTimeout(m.settled(), 10_000, 'the mirai settles');
  assert.instance(m.data, ErrorValue);
  assert.is((m.data as ErrorValue).code, 5);
  assert.is(await withTimeout(daemons(0, { compute: 'q' }), 10_000, 'daemons(0)'), 0);
  await allExit([pid], 5000, 'the daemon after daemons(0)');
});

test('daemons(null) tells persistent daemons (autoexit: false) to exit', async () => {
  await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'p' }), 10_000, 'daemons url');
  const pids = launchLocal([1, 1], { autoexit: false }, { compute: 'p' });
  for (const pid of pids) seen.add(pid);
  await connections(2, 'p');
  const started = Date.now();
  assert.is(await withTimeout(daemons(null, { compute: 'p' }), 10_000, 'daemons(null)'), 0);
  await allExit(pids, 3000, 'persistent daemons after daemons(null)');
  assert.ok(Date.now() - started < 4000, `told to exit, not killed after a grace period (${Date.now() - started} ms)`);
  assert.equal(await status('p'), { connections: 0, daemons: 0 });
});

test('daemons(2) with persistent daemons resolves once each has both channels up, whichever comes first', async () => {
  // A persistent daemon dials its control and task channels at once, and its task channel
  // often connects first: daemons() used to re-check only on task connections, and so waited
  // out its 30 s when the control links came last (2 runs out of 3).
  const before = new Set(childPids());
  try {
    for (let round = 1; round <= 3; round++) {
      const n = await withTimeout(daemons(2, { dispatcher: false, autoexit: false, compute: 'p' }), 10_000, `round ${round}: daemons(2)`);
      assert.is(n, 2);
      const pids = await pidsOf(2, 'p');
      assert.is(await withTimeout(daemons(null, { compute: 'p' }), 10_000, `round ${round}: daemons(null)`), 0);
      await allExit(pids, 5000, `round ${round}: persistent daemons after daemons(null)`);
    }
  } finally {
    // Persistent daemons outlive daemons(0): a round that failed still tells its own to exit,
    // and those it cannot reach are killed with the others at the end.
    for (const pid of childPids()) if (!before.has(pid)) seen.add(pid);
    await withTimeout(daemons(null, { compute: 'p' }), 10_000, 'daemons(null) after the rounds');
  }
});

test('daemons(0) leaves persistent daemons running; the same URL is set again at once, and they come back', async () => {
  // The URL is an abstract socket's name (Linux): NNG frees it only once its reaper has closed
  // the listener, after the socket's close returned, so listening there again right after a
  // reset used to fail with "Address in use" (about 1 time in 4). A reset now waits for it.
  const url = localUrl();
  await withTimeout(daemons({ url, dispatcher: false, compute: 'q' }), 10_000, 'daemons url');
  const [pid] = launchLocal(1, { autoexit: false }, { compute: 'q' });
  seen.add(pid);
  await connections(1, 'q');
  for (let round = 1; round <= 10; round++) {
    await withTimeout(daemons(0, { compute: 'q' }), 10_000, `round ${round}: daemons(0)`);
    assert.ok(isAlive(pid), `round ${round}: a persistent daemon outlives daemons(0)`);
    await withTimeout(daemons({ url, dispatcher: false, compute: 'q' }), 10_000, `round ${round}: daemons at the same URL`);
    await connections(1, 'q');
  }
  assert.is(await withTimeout(daemons(null, { compute: 'q' }), 10_000, 'daemons(null)'), 0);
  await allExit([pid], 5000, 'the persistent daemon after daemons(null)');
});

test('a persistent daemon whose host goes as it says hello greets the next host, and hears its daemons(null)', async () => {
  const url = localUrl();
  // A host that takes the daemon's hello on its control channel and goes without answering.
  const pid = await withSockets({ tasks: 'req', control: 'rep' }, async ({ tasks, control }) => {
    tasks.listen(url);
    control.listen(controlUrl(url));
    const [launched] = launchLocal(url, { autoexit: false });
    seen.add(launched);
    const { kind, value } = decode(await withTimeout(control.context().recv(), 10_000, 'the daemon says hello'));
    assert.is(kind, Kind.Poll);
    assert.ok((value as Poll).hello, 'the first poll is a hello');
    return launched;
  });
  await withTimeout(daemons({ url, dispatcher: false, compute: 'q' }), 10_000, 'daemons url');
  await connections(1, 'q');
  assert.is(await withTimeout(daemons(null, { compute: 'q' }), 10_000, 'daemons(null)'), 0);
  await allExit([pid], 5000, 'the persistent daemon after daemons(null)');
});

test('daemons whose connections drop while their host listens on exit without dialling again', async () => {
  // Their host cannot be told from a new one: a daemon that redialled would be handed a task
  // that it then exits without running (a dispatcher's, after a message over the size limit).
  const url = localUrl();
  const daemonCount = 4;
  await withSockets({ tasks: 'req' }, async ({ tasks }) => {
    const added: number[] = [];
    let all!: () => void;
    const connected = new Promise<void>((resolve) => (all = resolve));
    tasks.onPipe((event, pipe) => {
      if (event !== 'add') return;
      added.push(pipe);
      if (added.length === daemonCount) all();
    });
    tasks.listen(url);
    const pids = launchLocal(Array<string>(daemonCount).fill(url), { control: false });
    for (const pid of pids) seen.add(pid);
    await withTimeout(connected, 10_000, 'the daemons connect');
    for (const pipe of added.slice()) tasks.closePipe(pipe);
    await allExit(pids, 5000, 'the daemons after their connections dropped');
    assert.is(added.length, daemonCount, 'no second connection');
  });
});

// --- seeds ------------------------------------------------------------------------------

/** Draws 8 values one task at a time on profile 'seeded', then resets it. */
async function drawThenReset(): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < 8; i++) {
    values.push((await withTimeout(Promise.resolve(mirai(() => Math.random(), {}, { compute: 'seeded' })), 5000, 'random')) as number);
  }
  await withTimeout(daemons(0, { compute: 'seeded' }), 10_000, 'daemons(0) seeded');
  return values;
}

async function randomRun(seed: number): Promise<number[]> {
  await withTimeout(daemons(2, { dispatcher: false, seed, compute: 'seeded' }), 30_000, `daemons(2, seed ${seed})`);
  return drawThenReset();
}

test('seed: the same tasks in the same order give identical results, run after run', async () => {
  // Which daemon connects first varies from run to run: the results must not.
  const runs: number[][] = [];
  for (let i = 0; i < 5; i++) runs.push(await randomRun(42));
  for (const run of runs) for (const v of run) assert.ok(v >= 0 && v < 1);
  for (let i = 1; i < runs.length; i++) assert.equal(runs[i], runs[0], `run ${i + 1} repeats run 1`);
  const other = await randomRun(43);
  assert.not.equal(other, runs[0], 'another seed, other results');
});

/** Launches two seeded daemons (streams 0 and 1) and holds one back with SIGSTOP until the
 * other has connected, so the connection order is chosen; then draws 8 values in turn. */
async function orderedRun(firstToConnect: 0 | 1): Promise<number[]> {
  await withTimeout(daemons({ url: localUrl(), dispatcher: false, seed: 42, compute: 'seeded' }), 10_000, 'daemons url seed');
  const pids = launchLocal([1, 1], {}, { compute: 'seeded' });
  for (const pid of pids) seen.add(pid);
  const late = pids[1 - firstToConnect];
  process.kill(late, 'SIGSTOP'); // a new process is still starting: it has not dialled yet
  try {
    await connections(1, 'seeded');
  } finally {
    process.kill(late, 'SIGCONT');
  }
  await connections(2, 'seeded');
  return drawThenReset();
}

test('seed: results do not depend on which daemon connects first', async () => {
  const streamZeroFirst = await orderedRun(0);
  const streamOneFirst = await orderedRun(1);
  assert.equal(streamOneFirst, streamZeroFirst);
});

test('seed: each daemon draws from its own stream', async () => {
  await withTimeout(daemons(2, { dispatcher: false, seed: 7, compute: 'seeded' }), 30_000, 'daemons(2, seed 7)');
  const draws = (await withTimeout(
    collectMirai(Array.from({ length: 8 }, () => mirai(() => [process.pid, Math.random()], {}, { compute: 'seeded' }))),
    10_000,
    'draws',
  )) as [number, number][];
  const firstByPid = new Map<number, number>();
  for (const [pid, value] of draws) if (!firstByPid.has(pid)) firstByPid.set(pid, value);
  assert.is(firstByPid.size, 2);
  const [x, y] = [...firstByPid.values()];
  assert.is.not(x, y, 'two daemons, two streams');
});

/** Eight seeded mirai sent at once, each drawing three values after a wait of its own, so
 * that they finish out of order; then the profile is reset. */
async function perMiraiDraws(n: number, dispatcher: boolean): Promise<number[][]> {
  await withTimeout(daemons(n, { dispatcher, seed: 11, compute: 'seeded' }), 30_000, `daemons(${n}, dispatcher ${dispatcher})`);
  const waits = [30, 0, 20, 5, 25, 0, 10, 15];
  const draw = async (ms: number) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return [Math.random(), Math.random(), Math.random()];
  };
  const draws = await withTimeout(collectMirai(waits.map((ms) => mirai(draw, {}, { args: [ms], compute: 'seeded' }))), 20_000, 'draws');
  await withTimeout(daemons(0, { compute: 'seeded' }), 10_000, 'daemons(0) seeded');
  return draws as number[][];
}

test('seed: each mirai draws from its own stream, the same with 1 or 3 daemons, with or without dispatcher', async () => {
  const reference = await perMiraiDraws(1, false);
  assert.equal(await perMiraiDraws(3, false), reference, '3 daemons, no dispatcher');
  assert.equal(await perMiraiDraws(1, true), reference, '1 daemon behind a dispatcher');
  assert.equal(await perMiraiDraws(3, true), reference, '3 daemons behind a dispatcher');
  assert.is(new Set(reference.flat()).size, 24, 'eight streams, no value drawn twice');
  const fifth = randomFrom(taskStreamState(11, 5));
  assert.equal(reference[5], [fifth(), fifth(), fifth()], 'mirai 5 of the profile draws from stream 5');
});

test.run();

// --- arguments ----------------------------------------------------------------------------

const args = suite('daemons arguments');

args.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

/** A test body after which no process was started and no profile set. */
function refused(body: () => Promise<void>): () => Promise<void> {
  return startsNothing(async () => {
    await body();
    assert.equal(await status(), { connections: 0, daemons: 0 }, 'nothing set');
  });
}

args('n must be an integer from 0, or null; a string hints at url', refused(async () => {
  await rejectsLike(() => daemons(-1, { dispatcher: false }), RangeError, /n must be an integer from 0 to \d+, got -1/);
  await rejectsLike(() => daemons(1.5, { dispatcher: false }), RangeError, /n must be an integer from 0 to \d+, got 1\.5/);
  await rejectsLike(() => daemons(1e6, { dispatcher: false }), RangeError, /n must be an integer from 0 to \d+, got 1000000/);
  await rejectsLike(() => daemons(NaN, { dispatcher: false }), TypeError, /n must be a number, got number NaN/);
  await rejectsLike(() => daemons('2' as never), TypeError, /n must be a number \(or null\), got the string "2"; did you mean to provide \{ url \}\?/);
  await rejectsLike(() => daemons('tcp://127.0.0.1:5555' as never), TypeError, /did you mean to provide \{ url \}\?/);
  await rejectsLike(() => daemons(undefined as never), TypeError, /n must be a number \(or null\)/);
}));

args('options: an object of known options, with a suggestion for a misspelling', refused(async () => {
  await rejectsLike(() => daemons(1, 5 as never), TypeError, /options must be an object, got number 5/);
  await rejectsLike(() => daemons(1, { dispatcher: false, maxtask: 3 } as never), TypeError, /options has an unknown option 'maxtask': did you mean 'maxtasks'\?/);
  await rejectsLike(() => daemons(1, { dispacher: false } as never), TypeError, /unknown option 'dispacher': did you mean 'dispatcher'\?/);
  await rejectsLike(() => daemons(1, { dispatcher: false, seeed: 1 } as never), TypeError, /unknown option 'seeed': did you mean 'seed'\?/);
  await rejectsLike(() => daemons(1, { dispatcher: false, bogusOption: 1 } as never), TypeError, /options has an unknown option 'bogusOption'/);
  await rejectsLike(() => daemons(1, { dispatcher: 'no' as never }), TypeError, /options\.dispatcher must be a boolean, got the string "no"/);
  await rejectsLike(() => daemons(1, { dispatcher: false, compute: '' }), TypeError, /options\.compute must be a non-empty string/);
  await rejectsLike(() => daemons(1, { dispatcher: false, seed: 1.5 }), RangeError, /options\.seed must be an integer/);
  await rejectsLike(() => daemons(1, { dispatcher: false, seed: '42' as never }), TypeError, /options\.seed must be a number/);
  await rejectsLike(() => daemons(1, { dispatcher: false, tls: 5 as never }), TypeError, /options\.tls must be a file path or \[cert, key\]/);
  await rejectsLike(() => daemons(1, { dispatcher: false, pass: 5 as never }), TypeError, /options\.pass must be a string/);
}));

args('the daemon options are checked by daemons() before any daemon starts', refused(async () => {
  const bad: [Record<string, unknown>, new (...a: never[]) => Error, RegExp][] = [
    [{ autoexit: 'SIGFOO' }, TypeError, /options\.autoexit must be true, false or a signal name or number/],
    [{ autoexit: 'yes' }, TypeError, /options\.autoexit/],
    [{ cleanup: 16 }, RangeError, /options\.cleanup must be an integer from 0 to 15, got 16/],
    [{ cleanup: -1 }, RangeError, /options\.cleanup must be an integer from 0 to 15, got -1/],
    [{ cleanup: 'all' }, TypeError, /options\.cleanup must be a number/],
    [{ output: 'yes' }, TypeError, /options\.output must be a boolean/],
    [{ maxtasks: 0 }, RangeError, /options\.maxtasks must be an integer 1 or greater, got 0/],
    [{ maxtasks: 2.5 }, RangeError, /options\.maxtasks must be an integer 1 or greater, got 2\.5/],
    [{ idletime: -1 }, RangeError, /options\.idletime must be between 0 and \d+ ms, got -1/],
    [{ walltime: 'soon' }, TypeError, /options\.walltime must be a number of milliseconds/],
    [{ timerstart: -1 }, RangeError, /options\.timerstart must be an integer 0 or greater, got -1/],
  ];
  for (const [options, type, message] of bad) {
    await rejectsLike(() => daemons(1, { dispatcher: false, ...options }), type, message);
  }
}));

args('the url form: a valid URL is required', refused(async () => {
  await rejectsLike(() => daemons({ dispatcher: false } as never), TypeError, /options\.url is required/);
  await rejectsLike(() => daemons({ url: 5 as never, dispatcher: false }), TypeError, /options\.url must be a string, got number 5/);
  await rejectsLike(() => daemons({ url: 'nope', dispatcher: false }), TypeError, /options\.url 'nope' is not a URL: expected scheme:\/\/address/);
  await rejectsLike(() => daemons({ url: 'http://127.0.0.1:80', dispatcher: false }), TypeError, /options\.url 'http:\/\/127\.0\.0\.1:80' has an unsupported scheme 'http'/);
  await rejectsLike(() => daemons({ url: 'tcp://127.0.0.1', dispatcher: false }), TypeError, /options\.url 'tcp:\/\/127\.0\.0\.1' needs host:port/);
  await rejectsLike(() => daemons({ url: 'tcp://127.0.0.1:70000', dispatcher: false }), RangeError, /has port 70000, above 65535/);
  await rejectsLike(() => daemons({ url: 'abstract://', dispatcher: false }), TypeError, /needs a name or path after abstract:\/\//);
  await rejectsLike(() => daemons({ url: localUrl(), dispatcher: false } as never, {}), TypeError, /options must not follow an options object/);
}));

args('a URL that cannot be listened on rejects, and leaves nothing set', refused(async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    await rejectsLike(() => daemons({ url: `tcp://127.0.0.1:${port}`, dispatcher: false }), Error, /address in use/i);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}));

args('withDaemons: fn must be a function', refused(async () => {
  await rejectsLike(() => withDaemons(1, 'not a function' as never, { dispatcher: false }), TypeError, /fn must be a function, got the string "not a function"/);
  await rejectsLike(() => withDaemons(-1, async () => 1, { dispatcher: false }), RangeError, /n must be an integer/);
}));

args.run();
