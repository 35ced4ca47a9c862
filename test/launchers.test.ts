// launchLocal(): daemons started on this machine for a profile that listens at a URL.
import * as assert from 'uvu/assert';
import { daemons, everywhere, launchLocal, localUrl, mirai, status } from '../src/index';
import { randomFrom, streamState } from '../src/random';
import { throwsLike, withTimeout } from './helpers';
import { allExit, connections, daemonPids, daemonSuite, startsNothing } from './processes';

const { test, seen } = daemonSuite('launchLocal', ['default', 'l']);

function launched(pids: number[]): number[] {
  for (const pid of pids) seen.add(pid);
  return pids;
}

test('daemons({ url }) listens; launchLocal(1) starts a daemon that dials the host URL', async () => {
  const url = localUrl();
  assert.is(await withTimeout(daemons({ url, dispatcher: false }), 10_000, 'daemons url'), url);
  assert.is((await status()).connections, 0, 'nothing connects by itself');
  const pids = launched(launchLocal(1));
  assert.is(pids.length, 1);
  assert.type(pids[0], 'number');
  await connections(1);
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid)), 5000, 'task'), pids[0]);
  await withTimeout(daemons(0), 10_000, 'daemons(0)');
  await allExit(pids, 5000, 'the launched daemon after daemons(0)');
});

test('launchLocal takes the URL itself, or several at once', async () => {
  const url = (await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false, compute: 'l' }), 10_000, 'daemons url')) as string;
  const pids = launched([...launchLocal(url, {}, { compute: 'l' }), ...launchLocal([1, 1], {}, { compute: 'l' })]);
  assert.is(pids.length, 3);
  await connections(3, 'l');
  assert.equal(await daemonPids(3, 'l'), [...pids].sort());
});

test('launchLocal passes daemon options on', async () => {
  await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'l' }), 10_000, 'daemons url');
  const [pid] = launched(launchLocal(1, { maxtasks: 1, cleanup: 0 }, { compute: 'l' }));
  await connections(1, 'l');
  assert.is(await withTimeout(Promise.resolve(mirai(() => {
    (globalThis as Record<string, unknown>).kept = 1;
    return process.pid;
  }, {}, { compute: 'l' })), 5000, 'the one task'), pid);
  await allExit([pid], 5000, 'a daemon with maxtasks 1 after one task');
});

test('behind a seeded dispatcher, a daemon launched with its own rs keeps it', async () => {
  await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', seed: 42, compute: 'l' }), 10_000, 'daemons url seeded');
  launched(launchLocal(1, { rs: '5:3' }, { compute: 'l' }));
  await connections(1, 'l');
  // everywhere() draws from the daemon's own stream (a mirai draws from its own).
  await withTimeout(everywhere(() => {
    (globalThis as Record<string, unknown>).firstDraw = Math.random();
  }, {}, { compute: 'l' }), 10_000, 'everywhere');
  const drawn = await withTimeout(Promise.resolve(mirai(() => (globalThis as Record<string, unknown>).firstDraw, {}, { compute: 'l' })), 5000, 'task');
  assert.is(drawn, randomFrom(streamState(5, 3))());
});

test('launchLocal checks its arguments before starting anything', startsNothing(async () => {
  throwsLike(() => launchLocal(1), TypeError, /urlOrIndex is an index, but no daemons are set for this compute profile/);
  await withTimeout(daemons({ url: localUrl(), dispatcher: false, compute: 'l' }), 10_000, 'daemons url');
  const l = { compute: 'l' };
  throwsLike(() => launchLocal(2, {}, l), RangeError, /urlOrIndex.*must be 1 \(the host URL\) without dispatcher, got 2/);
  throwsLike(() => launchLocal(0, {}, l), RangeError, /urlOrIndex must be an integer 1 or greater, got 0/);
  throwsLike(() => launchLocal(1.5, {}, l), RangeError, /urlOrIndex must be an integer 1 or greater, got 1\.5/);
  throwsLike(() => launchLocal('nope', {}, l), TypeError, /urlOrIndex 'nope' is not a URL/);
  throwsLike(() => launchLocal([1, 'http://x:1'], {}, l), TypeError, /urlOrIndex\[1\] 'http:\/\/x:1' has an unsupported scheme 'http'/);
  throwsLike(() => launchLocal(true as never, {}, l), TypeError, /urlOrIndex must be a number, got boolean true/);
  throwsLike(() => launchLocal(1, { bogus: 1 } as never, l), TypeError, /daemonOptions has an unknown option 'bogus'/);
  throwsLike(() => launchLocal(1, { maxtask: 1 } as never, l), TypeError, /daemonOptions has an unknown option 'maxtask': did you mean 'maxtasks'\?/);
  throwsLike(() => launchLocal(1, { idletime: -5 }, l), RangeError, /daemonOptions\.idletime must be between 0 and \d+ ms, got -5/);
  throwsLike(() => launchLocal(1, {}, { compute: 5 } as never), TypeError, /options\.compute must be a string, got number 5/);
  throwsLike(() => launchLocal(1, {}, { compte: 'l' } as never), TypeError, /options has an unknown option 'compte': did you mean 'compute'\?/);
  throwsLike(() => launchLocal(1, {}, { compute: 'not-set' }), TypeError, /no daemons are set for this compute profile/);
  assert.is((await status('l')).connections, 0);
}));

test.run();

