// nextStream(), nextGet() and nextCode(): what a launcher written by a user needs, checked by
// launching daemons with it (as such a launcher would) and asking them.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, everywhere, launchLocal, mirai, nextCode, nextGet, nextStream, status } from '../src/index';
import { randomFrom, streamState } from '../src/random';
import { throwsLike, waitFor, withTimeout } from './helpers';
import { killAll, killStarted, startCliDaemon } from './processes';

const test = suite('next');
const seen = new Set<number>();

test.after.each(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

test.after(() => {
  killAll(seen);
  killStarted();
});

test('not set: undefined', () => {
  assert.is(nextStream(), undefined);
  assert.is(nextGet('urls'), undefined);
  assert.is(nextGet('n'), undefined);
});

test('nextCode: the code and NNG\'s text, as R', () => {
  assert.is(nextCode(5), '5 | Timed out');
  assert.is(nextCode(7), '7 | Object closed');
  assert.is(nextCode(19), '19 | Connection reset');
  assert.is(nextCode(20), '20 | Operation canceled');
  throwsLike(() => nextCode(0), RangeError, /^code must be an integer from 1 to 2147483647, got 0$/);
  throwsLike(() => nextCode('5' as never), TypeError, /^code must be a number, got the string "5"$/);
});

test('nextGet: arguments checked, naming them', () => {
  throwsLike(() => nextGet('url' as never), TypeError, /^x must be one of 'n', 'urls', 'tls', 'dispatcher', got "url"$/);
  throwsLike(() => nextGet(1 as never), TypeError, /^x must be a string, got number 1$/);
  throwsLike(() => nextStream(null as never), TypeError, /^compute must be a string, got null$/);
});

test('with dispatcher and a seed: a launcher of its own dials nextGet("urls") with nextStream()', async () => {
  await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', seed: 42 }), 10_000, 'daemons url');
  const urls = nextGet('urls')!;
  assert.is(nextGet('n'), 1);
  assert.is(nextGet('dispatcher'), true);
  assert.is(nextGet('tls'), undefined);
  assert.match(urls[0], /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);
  const rs = nextStream()!;
  assert.is(rs, '42:0');
  assert.is(nextStream(), '42:1', 'each call a new stream');
  // The user's launcher: the CLI, with the URL and stream it was given.
  startCliDaemon(urls[0], ['--rs', rs, '--control', 'false']);
  // A mirai draws from a stream of its own; everywhere() from the daemon's.
  await withTimeout(everywhere(() => {
    (globalThis as Record<string, unknown>).drawn = [Math.random(), Math.random()];
  }), 20_000, 'everywhere');
  const draws = await withTimeout(Promise.resolve(mirai(() => (globalThis as Record<string, unknown>).drawn)), 20_000, 'two draws');
  const expected = randomFrom(streamState(42, 0));
  assert.equal(draws, [expected(), expected()], 'the daemon draws from the stream it was handed');
});

test('without dispatcher and a seed: nextStream() shares the counter that connecting daemons take from', async () => {
  await withTimeout(daemons(2, { dispatcher: false, seed: 7 }), 30_000, 'daemons(2)');
  assert.is(nextGet('n'), 1);
  assert.is(nextGet('dispatcher'), false);
  assert.equal(nextGet('urls'), [(await status()).daemons as string]);
  assert.is(nextStream(), '7:2', 'two daemons took streams 0 and 1');
  // A third daemon connecting now gets stream 3, not the 2 handed out above.
  for (const pid of launchLocal(1)) seen.add(pid);
  await waitFor(async () => (await status()).connections === 3, 15_000, 'three daemons');
  await withTimeout(everywhere(() => {
    (globalThis as Record<string, unknown>).firstDraw = Math.random();
  }), 20_000, 'everywhere');
  const draws = new Set(await withTimeout(collectMirai(Array.from({ length: 12 }, () => mirai(() => (globalThis as Record<string, unknown>).firstDraw))), 20_000, 'draws'));
  const third = randomFrom(streamState(7, 3))();
  const second = randomFrom(streamState(7, 2))();
  assert.ok(draws.has(third), 'the third daemon drew from stream 3');
  assert.not.ok(draws.has(second), 'stream 2 went to nextStream() alone');
});

test.run();
