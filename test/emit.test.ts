// Events from a running task to the host: emit(value) in the task, options.onEvent on the host,
// with real daemons, without dispatcher (the control channel) and behind one (its event poll).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, mirai } from '../src/index';
import { throwsLike, withTimeout } from './helpers';

declare const emit: (value: unknown) => void;

/** The host's listeners by task id: empty once every mirai has settled. */
const listeners = (): Map<number, unknown> => (globalThis as unknown as Record<symbol, Map<number, unknown>>)[Symbol.for('mirai.taskEvents')];

for (const dispatcher of [false, true]) {
  const test = suite(`emit (${dispatcher ? 'dispatcher' : 'direct'})`);

  test.before(async () => {
    await withTimeout(daemons(1, { dispatcher, maxtasks: dispatcher ? 100 : Infinity }), 30_000, 'daemons(1)');
  });

  test.after(async () => {
    await withTimeout(daemons(0), 15_000, 'daemons(0)');
  });

  test('events arrive in order, each before the mirai resolves, serialised as results are', async () => {
    const got: unknown[] = [];
    let resolvedEarly = false;
    const m = mirai(
      async (n: number) => {
        for (let i = 0; i < n; i++) emit({ i, at: new Date(0) });
        await new Promise((resolve) => setTimeout(resolve, 20));
        emit(new Map([['big', new Uint8Array(100_000).fill(7)]]));
        return 'done';
      },
      {},
      { args: [5], onEvent: (value) => {
        if (!m.unresolved) resolvedEarly = true;
        got.push(value);
      } },
    );
    assert.is(await withTimeout(Promise.resolve(m), 15_000, 'mirai'), 'done');
    assert.is(resolvedEarly, false, 'no event after the mirai resolved');
    assert.is(got.length, 6);
    assert.equal(got.slice(0, 5), [0, 1, 2, 3, 4].map((i) => ({ i, at: new Date(0) })));
    const last = got[5] as Map<string, Uint8Array>;
    assert.ok(last instanceof Map);
    assert.is(last.get('big')!.length, 100_000);
    assert.is(last.get('big')![99_999], 7);
  });

  test('a task emitting many events: all arrive, in order, before its value', async () => {
    const got: number[] = [];
    const m = mirai((n: number) => {
      for (let i = 0; i < n; i++) emit(i);
      return n;
    }, {}, { args: [20_000], onEvent: (value) => got.push(value as number) });
    assert.is(await withTimeout(Promise.resolve(m), 30_000, 'mirai'), 20_000);
    assert.is(got.length, 20_000);
    assert.ok(got.every((value, i) => value === i));
  });

  test('events of several tasks go to their own listeners', async () => {
    const got: Record<string, unknown[]> = { a: [], b: [] };
    const tasks = ['a', 'b'].map((name) =>
      mirai((tag: string) => {
        for (let i = 0; i < 3; i++) emit(`${tag}${i}`);
        return tag;
      }, {}, { args: [name], onEvent: (value) => got[name].push(value) }),
    );
    assert.equal(await withTimeout(Promise.all(tasks), 15_000, 'mirai'), ['a', 'b']);
    assert.equal(got, { a: ['a0', 'a1', 'a2'], b: ['b0', 'b1', 'b2'] });
  });

  test('a task with no listener emits without error, and nothing is kept', async () => {
    const value = await withTimeout(Promise.resolve(mirai(() => {
      for (let i = 0; i < 10_000; i++) emit(i);
      return 'quiet';
    })), 15_000, 'mirai');
    assert.is(value, 'quiet');
    assert.is(listeners().size, 0);
  });

  test('a value emit() cannot serialise throws in the task, naming it', async () => {
    const m = mirai(() => {
      try {
        emit(() => 1);
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    }, {}, { onEvent: () => undefined });
    assert.match(await withTimeout(Promise.resolve(m), 15_000, 'mirai'), /emit\(value\)/);
    assert.is(listeners().size, 0);
  });

  test.run();
}

const other = suite('emit elsewhere');

other.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

other('options.onEvent must be a function, checked before anything is sent', () => {
  throwsLike(() => mirai(() => 1, {}, { onEvent: 'log' as never }), TypeError, /^options\.onEvent must be a function, got the string "log"$/);
});

other('without daemons (a process per task) and with sync: true, events arrive too', async () => {
  await daemons(0);
  const got: unknown[] = [];
  const task = (n: number) => {
    for (let i = 0; i < n; i++) emit(i);
    return n;
  };
  assert.is(await withTimeout(Promise.resolve(mirai(task, {}, { args: [3], onEvent: (v) => got.push(v) })), 30_000, 'mirai'), 3);
  await daemons({ sync: true });
  assert.is(await withTimeout(Promise.resolve(mirai(task, {}, { args: [2], onEvent: (v) => got.push(v) })), 15_000, 'mirai'), 2);
  assert.equal(got, [0, 1, 2, 0, 1]);
});

other.run();
