// Regression: daemons(0) with a dispatcher, round after round with replies in flight, used to
// hang NNG's nng_close within 7-30 rounds (deps/patches/nng-aio-stop-unscheduled.patch). The
// rounds run in a child process (test/fixtures/dispatcher-reset.ts): a hang there is a stuck
// process this test can kill, not a stuck test runner.
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allExit, exited, killAll, startNode } from './processes';

const test = suite('dispatcher reset');
const ROUNDS = 15;
/** 15 rounds take about 13 s on an idle 2-core machine; a hang never ends. */
const LIMIT_MS = 90_000;
/** Every daemon pid the child reported, ended at the end should it hang or fail. */
const seen = new Set<number>();

test.after(() => killAll(seen));

interface Round {
  round: number;
  pids?: number[];
  codes?: number[];
  resetMs?: number;
  urlsFree?: boolean;
}

test(`daemons(0) with replies in flight, ${ROUNDS} rounds in a row: each resolves, pending mirai get 19, URLs are freed`, async () => {
  const child = startNode([join(__dirname, 'fixtures', 'dispatcher-reset.ts'), String(ROUNDS)]);
  let exit;
  try {
    exit = await exited(child, LIMIT_MS, `${ROUNDS} reset rounds`);
  } catch (error) {
    // Which round hung says more than the timeout alone.
    throw new Error(`${(error as Error).message}; the last line was ${JSON.stringify(reports(child.out.stdout).at(-1))}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const report of reports(child.out.stdout)) for (const pid of report.pids ?? []) seen.add(pid);
  }
  assert.equal([exit.code, exit.signal], [0, null], `the child exits 0 (stderr: ${exit.stderr})`);
  const resets = reports(exit.stdout).filter((r) => r.codes !== undefined);
  assert.equal(resets.map((r) => r.round), Array.from({ length: ROUNDS }, (_, k) => k + 1), 'every round reported its reset');
  for (const r of resets) {
    assert.equal(r.codes, [19, 19, 19, 19, 19], `round ${r.round}: every pending mirai resolved to ErrorValue 19`);
    assert.is(r.urlsFree, true, `round ${r.round}: the dispatcher released its URLs`);
  }
  // The daemons of every round have exited (those of the last round with the child).
  await allExit([...seen], 10_000, 'the daemons of every round');
});

/** The child's JSON lines. */
function reports(stdout: string): Round[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Round);
}

test.run();
