// Per-daemon process settings for local daemons (execArgv, env, cwd, heap limits): what the
// daemon processes report about themselves, the defaults, and the argument checks.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, launchLocal, mirai } from '../src/index';
import { rejectsLike, throwsLike, waitFor, withTimeout } from './helpers';
import { status } from '../src/index';
import { killAll, startsNothing } from './processes';

const test = suite('process options');
let scratch: string;
const seen = new Set<number>();

test.before(() => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), 'mirai-process-')));
});

test.after.each(async () => {
  for (const compute of ['default', 'url']) await withTimeout(daemons(0, { compute }), 15_000, `daemons(0) ${compute}`);
});

test.after(() => {
  killAll(seen);
  rmSync(scratch, { recursive: true, force: true });
});

/** What a daemon says about its own process. */
const describe = () => ({
  pid: process.pid,
  execArgv: process.execArgv,
  cwd: process.cwd(),
  given: process.env.MIRAI_PROCESS_GIVEN,
  inherited: process.env.MIRAI_PROCESS_INHERITED,
  removed: process.env.MIRAI_PROCESS_REMOVED,
  heapLimitMb: require('node:v8').getHeapStatistics().heap_size_limit / 2 ** 20,
});

type Described = ReturnType<typeof describe>;

test('daemons(n, { execArgv, env, cwd, maxOldSpaceSize, maxSemiSpaceSize }): each daemon runs with them', async () => {
  process.env.MIRAI_PROCESS_INHERITED = 'from the host';
  process.env.MIRAI_PROCESS_REMOVED = 'removed in the daemon';
  try {
    await withTimeout(
      daemons(2, {
        execArgv: ['--stack-size=900'],
        env: { MIRAI_PROCESS_GIVEN: 'given', MIRAI_PROCESS_REMOVED: undefined },
        cwd: scratch,
        maxOldSpaceSize: 128,
        maxSemiSpaceSize: 4,
      }),
      30_000,
      'daemons(2)',
    );
  } finally {
    delete process.env.MIRAI_PROCESS_INHERITED;
    delete process.env.MIRAI_PROCESS_REMOVED;
  }
  const reports = (await withTimeout(collectMirai(Array.from({ length: 8 }, () => mirai(describe))), 15_000, 'reports')) as Described[];
  assert.is(new Set(reports.map((r) => r.pid)).size, 2, 'both daemons reported');
  for (const r of reports) {
    assert.ok(r.execArgv.includes('--stack-size=900'), `execArgv: ${r.execArgv.join(' ')}`);
    assert.ok(r.execArgv.includes('--max-old-space-size=128'));
    assert.ok(r.execArgv.includes('--max-semi-space-size=4'));
    assert.is(r.cwd, scratch);
    assert.is(r.given, 'given');
    assert.is(r.inherited, 'from the host', 'the host environment, with the given variables over it');
    assert.is(r.removed, undefined, 'undefined removes a variable');
    // V8's limit is the old generation plus the young one (a few semi-spaces).
    assert.ok(r.heapLimitMb >= 128 && r.heapLimitMb <= 128 + 64, `heap limit ${r.heapLimitMb} MB`);
  }
});

test('defaults: no Node options of the host, its environment and its directory', async () => {
  await withTimeout(daemons(1, { dispatcher: false }), 30_000, 'daemons(1)');
  const r = (await withTimeout(Promise.resolve(mirai(describe)), 15_000, 'report')) as Described;
  assert.is(r.cwd, process.cwd());
  assert.not.ok(r.execArgv.some((a) => a.startsWith('--max-old-space-size') || a.startsWith('--stack-size')));
  assert.ok(r.heapLimitMb > 128 + 64, `V8's own heap limit: ${r.heapLimitMb} MB`);
});

test('launchLocal(url, daemonOptions, { cwd, env }): the same settings for daemons of a URL', async () => {
  const url = (await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false, compute: 'url' }), 10_000, 'daemons url')) as string;
  for (const pid of launchLocal(url, {}, { compute: 'url', cwd: scratch, env: { MIRAI_PROCESS_GIVEN: 'launched' } })) seen.add(pid);
  await waitFor(async () => (await status('url')).connections === 1, 15_000, 'the daemon connects');
  const r = (await withTimeout(Promise.resolve(mirai(describe, undefined, { compute: 'url' })), 15_000, 'report')) as Described;
  assert.is(r.cwd, scratch);
  assert.is(r.given, 'launched');
});

test(
  'arguments are checked, naming them, before any process starts',
  startsNothing(async () => {
    await rejectsLike(() => daemons(1, { execArgv: '--inspect' as never }), TypeError, /^options\.execArgv must be an array of strings, got the string "--inspect"$/);
    await rejectsLike(() => daemons(1, { execArgv: [1] as never }), TypeError, /^options\.execArgv\[0\] must be a string, got number 1$/);
    await rejectsLike(() => daemons(1, { env: { A: 1 } as never }), TypeError, /^options\.env\.A must be a string, got number 1$/);
    await rejectsLike(() => daemons(1, { cwd: join(scratch, 'missing') }), TypeError, /^options\.cwd must be an existing directory, got ".*missing"$/);
    await rejectsLike(() => daemons(1, { maxOldSpaceSize: 8 }), RangeError, /^options\.maxOldSpaceSize must be an integer from 16 to 1048576, got 8$/);
    await rejectsLike(() => daemons(1, { maxSemiSpaceSize: 1.5 }), RangeError, /^options\.maxSemiSpaceSize must be an integer from 1 to 1024, got 1\.5$/);
    await rejectsLike(() => daemons(1, { maxOldSpacesize: 64 } as never), TypeError, /unknown option 'maxOldSpacesize': did you mean 'maxOldSpaceSize'\?/);
    await rejectsLike(
      () => daemons({ url: 'tcp://127.0.0.1:0', cwd: scratch }),
      TypeError,
      /^options\.cwd applies to daemons this host launches \(daemons\(n\)\); with options\.url, give it to launchLocal\(\) instead$/,
    );
    throwsLike(() => launchLocal('tcp://127.0.0.1:5555', {}, { env: 'A=1' as never }), TypeError, /^options\.env must be an object, got the string "A=1"$/);
  }),
);

test.run();
