// Real cancellation, with real daemons in both modes: a stopped or timed-out task stops (a
// synchronous loop is interrupted, an async task sees taskSignal abort),
// never overlaps the next task on its daemon, and one that ignores its signal past the grace
// period takes its daemon down; a SIGINT sent from outside resolves the task to MiraiInterrupt.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { daemons, ErrorValue, isMiraiInterrupt, mirai, stopMirai, type Mirai } from '../src/index';
import { waitFor, withTimeout } from './helpers';
import { allExit, daemonSuite, isAlive } from './processes';

const { test, seen } = daemonSuite('cancel');
const MODES = [
  { name: 'dispatcher', dispatcher: true },
  { name: 'direct', dispatcher: false },
] as const;

let dir = '';
test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirai-cancel-'));
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

const outcome = (m: Mirai<unknown>, label: string): Promise<unknown> =>
  withTimeout(
    m.then(
      (value) => value,
      (error: unknown) => error,
    ),
    20_000,
    label,
  );

/** Waits for a file a task writes, and reads it. */
async function fileOf(path: string, label: string): Promise<string> {
  await waitFor(() => existsSync(path), 15_000, label);
  return readFileSync(path, 'utf8');
}

/** Writes its pid to `started`, busies itself far longer than any test waits, then writes `ended`. */
const busyLoop = (started: string, ended: string) => {
  const fs = require('node:fs');
  fs.writeFileSync(started, String(process.pid));
  const end = Date.now() + 120_000;
  while (Date.now() < end);
  fs.writeFileSync(ended, 'the loop ran to its end');
  return 'ended';
};

/** Writes its pid to `started`, busies itself for `ms`, then writes `ended`. */
const shortLoop = (started: string, ended: string, ms: number) => {
  const fs = require('node:fs');
  fs.writeFileSync(started, String(process.pid));
  const end = Date.now() + ms;
  while (Date.now() < end);
  fs.writeFileSync(ended, 'the loop ran to its end');
  return 'ended';
};

/** What the next task sees on its daemon: its pid, and whether the files exist yet. */
const look = (paths: string[]) => ({ pid: process.pid, seen: paths.map((p) => require('node:fs').existsSync(p)) });

for (const mode of MODES) {
  test(`${mode.name}: a synchronous loop timed out at 200 ms is interrupted, and the next task runs after it on the same daemon`, async () => {
    await withTimeout(daemons(1, { dispatcher: mode.dispatcher }), 30_000, 'daemons(1)');
    const started = join(dir, 'started');
    const ended = join(dir, 'ended');
    const loop = mirai(busyLoop, {}, { args: [started, ended], timeout: 200 });
    const failure = await outcome(loop, 'the timed-out loop');
    assert.instance(failure, ErrorValue);
    assert.is((failure as ErrorValue).code, 5);
    const next = (await outcome(mirai(look, {}, { args: [[started, ended]] }), 'the next task')) as ReturnType<typeof look>;
    const pid = Number(readFileSync(started, 'utf8'));
    seen.add(pid);
    assert.is(next.pid, pid, 'the next task ran on the loop\'s daemon');
    assert.equal(next.seen, [true, false], 'the loop started, and had not run to its end when the next task ran');
  });

  test(`${mode.name}: an async task stopped by stopMirai sees taskSignal abort, stops counting, and does not overlap the next task`, async () => {
    await withTimeout(daemons(1, { dispatcher: mode.dispatcher }), 30_000, 'daemons(1)');
    const count = join(dir, 'count');
    const aborted = join(dir, 'aborted');
    const counter = mirai(
      (countFile: string, abortedFile: string) => {
        const fs = require('node:fs');
        let n = 0;
        return new Promise((resolve) => {
          const timer = setInterval(() => fs.writeFileSync(countFile, String(++n)), 5);
          taskSignal.addEventListener('abort', () => {
            clearInterval(timer);
            // Later than the abort, so the next task would see it only if they overlapped.
            setTimeout(() => {
              fs.writeFileSync(abortedFile, String(n));
              resolve(n);
            }, 50);
          });
        });
      },
      {},
      { args: [count, aborted] },
    );
    await fileOf(count, 'the counter counting');
    stopMirai(counter);
    const failure = await outcome(counter, 'the stopped counter');
    assert.instance(failure, ErrorValue);
    assert.is((failure as ErrorValue).code, 20);
    const next = (await outcome(mirai(look, {}, { args: [[aborted]] }), 'the next task')) as ReturnType<typeof look>;
    seen.add(next.pid);
    assert.equal(next.seen, [true], 'the stopped task had ended (after its abort) when the next task started');
    const stoppedAt = readFileSync(aborted, 'utf8');
    // A task after that one: the counter has not moved since its abort.
    await outcome(mirai(() => new Promise((resolve) => setTimeout(resolve, 100))), 'a later task');
    assert.is(readFileSync(count, 'utf8'), stoppedAt, 'the counter stopped at its abort');
  });

  test(`${mode.name}: a task that first reads taskSignal after it was stopped finds it aborted`, async () => {
    await withTimeout(daemons(1, { dispatcher: mode.dispatcher }), 30_000, 'daemons(1)');
    const started = join(dir, 'started');
    const seenSignal = join(dir, 'signal');
    const late = mirai(
      (startedFile: string, signalFile: string) => {
        const fs = require('node:fs');
        fs.writeFileSync(startedFile, '');
        // The signal is made only when read: here, after the stop.
        return new Promise((resolve) =>
          setTimeout(() => {
            fs.writeFileSync(signalFile, JSON.stringify({ aborted: taskSignal.aborted }));
            resolve(true);
          }, 300),
        );
      },
      {},
      { args: [started, seenSignal] },
    );
    await fileOf(started, 'the task started');
    stopMirai(late);
    assert.is(((await outcome(late, 'the stopped task')) as ErrorValue).code, 20);
    assert.equal(JSON.parse(await fileOf(seenSignal, 'the task read its signal')), { aborted: true });
    const next = await outcome(mirai(() => [taskSignal instanceof AbortSignal, taskSignal.aborted]), 'the next task');
    assert.equal(next, [true, false], 'the next task has a signal of its own, not aborted');
  });

  test(`${mode.name}: a result whose \`then\` throws is that task's error; its daemon runs the next task`, async () => {
    await withTimeout(daemons(1, { dispatcher: mode.dispatcher }), 30_000, 'daemons(1)');
    const poisoned = () => new Proxy({}, { get: (_target, key) => { if (key === 'then') throw new Error('no then here'); return undefined; } });
    const failure = await outcome(mirai(poisoned), 'the poisoned result');
    assert.ok(failure instanceof Error && /no then here/.test(failure.message), String(failure));
    assert.is(await outcome(mirai(() => 1 + 1), 'the next task'), 2);
  });

  test(`${mode.name}: a stopped task that ignores taskSignal past the grace period takes its daemon down, and later tasks run elsewhere`, async () => {
    await withTimeout(daemons(2, { dispatcher: mode.dispatcher, grace: 300 }), 30_000, 'daemons(2)');
    const started = join(dir, 'started');
    const stubborn = mirai(
      (path: string) =>
        new Promise(() => {
          setInterval(() => undefined, 1000);
          setTimeout(() => require('node:fs').writeFileSync(path, String(process.pid)), 0);
        }),
      {},
      { args: [started] },
    );
    const pid = Number(await fileOf(started, 'the stubborn task started'));
    seen.add(pid);
    stopMirai(stubborn);
    assert.is(((await outcome(stubborn, 'the stopped task')) as ErrorValue).code, 20);
    await allExit([pid], 15_000, 'the daemon of the stubborn task exits');
    const later = (await outcome(mirai(() => process.pid), 'a later task')) as number;
    seen.add(later);
    assert.type(later, 'number');
    assert.is.not(later, pid);
    assert.ok(isAlive(later));
  });

  /** Starts `loop` on a new daemon, stops it once started, and tells what the next task saw. */
  async function stopAndLook(loop: Mirai<unknown>, stop: () => void, started: string, ended: string) {
    const pid = Number(await fileOf(started, 'the loop started'));
    seen.add(pid);
    stop();
    const failure = await outcome(loop, 'the stopped loop');
    assert.instance(failure, ErrorValue);
    const next = (await outcome(mirai(look, {}, { args: [[started, ended]] }), 'the next task')) as ReturnType<typeof look>;
    assert.is(next.pid, pid, 'the next task ran on the loop\'s daemon');
    return { code: (failure as ErrorValue).code, seen: next.seen };
  }

  test(`${mode.name}: by default a loop with neither timeout nor signal is not interrupted by stopMirai: the next task runs after its end`, async () => {
    await withTimeout(daemons(1, { dispatcher: mode.dispatcher }), 30_000, 'daemons(1)');
    const [started, ended] = [join(dir, 'started'), join(dir, 'ended')];
    const loop = mirai(shortLoop, {}, { args: [started, ended, 1000] });
    assert.equal(await stopAndLook(loop, () => stopMirai(loop), started, ended), { code: 20, seen: [true, true] });
  });

  test(`${mode.name}: by default a loop given an AbortSignal is interrupted when it aborts`, async () => {
    await withTimeout(daemons(1, { dispatcher: mode.dispatcher }), 30_000, 'daemons(1)');
    const [started, ended] = [join(dir, 'started'), join(dir, 'ended')];
    const controller = new AbortController();
    const loop = mirai(busyLoop, {}, { args: [started, ended], signal: controller.signal });
    assert.equal(await stopAndLook(loop, () => controller.abort(), started, ended), { code: 20, seen: [true, false] });
  });

  test(`${mode.name}: interrupt: true lets stopMirai interrupt any task; interrupt: false not even one with a timeout`, async () => {
    await withTimeout(daemons(1, { dispatcher: mode.dispatcher, interrupt: true }), 30_000, 'daemons(1)');
    const [started, ended] = [join(dir, 'started'), join(dir, 'ended')];
    const loop = mirai(busyLoop, {}, { args: [started, ended] });
    assert.equal(await stopAndLook(loop, () => stopMirai(loop), started, ended), { code: 20, seen: [true, false] });

    await withTimeout(daemons(1, { dispatcher: mode.dispatcher, interrupt: false }), 30_000, 'daemons(1) again');
    const [started2, ended2] = [join(dir, 'started2'), join(dir, 'ended2')];
    const timed = mirai(shortLoop, {}, { args: [started2, ended2, 1000], timeout: 200 });
    assert.equal(await stopAndLook(timed, () => undefined, started2, ended2), { code: 5, seen: [true, true] });
  });

  test(`${mode.name}: SIGINT sent to a daemon resolves its task to MiraiInterrupt, busy loop or awaiting`, async () => {
    await withTimeout(daemons(1, { dispatcher: mode.dispatcher, interrupt: true }), 30_000, 'daemons(1)');
    const started = join(dir, 'started');
    const ended = join(dir, 'ended');
    const loop = mirai(busyLoop, {}, { args: [started, ended] });
    const pid = Number(await fileOf(started, 'the loop started'));
    seen.add(pid);
    process.kill(pid, 'SIGINT');
    assert.ok(isMiraiInterrupt(await outcome(loop, 'the interrupted loop')), 'the loop resolved to MiraiInterrupt');
    assert.not.ok(existsSync(ended), 'the loop did not run to its end');

    const waiting = join(dir, 'waiting');
    const sleeper = mirai(
      (path: string) =>
        new Promise((resolve) => {
          taskSignal.addEventListener('abort', () => resolve('aborted'));
          // Once the task's synchronous part has returned: a SIGINT then finds it awaiting.
          setTimeout(() => require('node:fs').writeFileSync(path, String(process.pid)), 0);
        }),
      {},
      { args: [waiting] },
    );
    assert.is(Number(await fileOf(waiting, 'the awaiting task started')), pid, 'the same daemon, still up');
    process.kill(pid, 'SIGINT');
    assert.ok(isMiraiInterrupt(await outcome(sleeper, 'the interrupted awaiting task')), 'the awaiting task resolved to MiraiInterrupt');
    assert.is(await outcome(mirai(() => process.pid), 'a task after both'), pid, 'the daemon goes on');
  });
}

test('options.interrupt is checked before anything starts', async () => {
  for (const bad of ['always', 1, null]) {
    const error = await daemons(1, { interrupt: bad as never }).then(() => undefined, (e: unknown) => e);
    assert.instance(error, TypeError);
    assert.match((error as Error).message, /^options\.interrupt must be true, false or 'auto', got /);
  }
});

test.run();

declare const taskSignal: AbortSignal;
