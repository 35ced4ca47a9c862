// The public API's inferred types: each Expect line must compile, and each line after
// `@ts-expect-error` must not (tsc fails on an expect-error line that compiles). Checked by
// test/types.test.ts with its own tsconfig (type aliases here are unused by design); never run.
import {
  callMirai,
  collectMirai,
  everywhere,
  hostUrl,
  mirai,
  miraiMap,
  nextGet,
  raceMirai,
  stopMirai,
  withDaemons,
  daemons,
  type Mirai,
  type MiraiFailure,
  type MiraiMap,
  type RaceWinner,
  type Status,
} from '../../src/index';
import type { Equal, Expect } from './expect';

type F = MiraiFailure;

export async function checks(): Promise<void> {
  // --- mirai: the result type comes from the function, awaited -------------------------------
  const sum = mirai((a: number, b: number) => a + b, {}, { args: [1, 2] });
  const text = mirai(async () => 'done');
  const code = mirai('1 + 1');
  type _m = [
    Expect<Equal<typeof sum, Mirai<number>>>,
    Expect<Equal<typeof text, Mirai<string>>>,
    Expect<Equal<typeof code, Mirai<unknown>>>,
    Expect<Equal<Awaited<typeof sum>, number>>,
    Expect<Equal<typeof sum.data, number | F | typeof import('../../src/index').unresolvedValue>>,
  ];
  // @ts-expect-error args must match the function's parameters
  mirai((a: number) => a, {}, { args: ['one'] });
  // @ts-expect-error an unknown option
  mirai(() => 1, {}, { timeOut: 5 });
  // @ts-expect-error data is a record of globals, not a list
  mirai(() => 1, [1, 2]);
  // @ts-expect-error an expression is a function, a string or a module task
  mirai(42);

  // --- collectMirai / callMirai keep element types --------------------------------------------
  const list = [sum, mirai(() => 2)];
  const pair = [sum, text] as const;
  const record = { a: sum, b: text };
  type _c = [
    Expect<Equal<Awaited<ReturnType<typeof collectMirai<typeof sum>>>, number | F>>,
    Expect<Equal<Awaited<ReturnType<typeof collectMirai<typeof list>>>, (number | F)[]>>,
    Expect<Equal<Awaited<ReturnType<typeof collectMirai<typeof pair>>>, [number | F, string | F]>>,
    Expect<Equal<Awaited<ReturnType<typeof collectMirai<typeof record>>>, { a: number | F; b: string | F }>>,
    Expect<Equal<Awaited<ReturnType<typeof callMirai<typeof sum>>>, number | F>>,
    Expect<Equal<Awaited<ReturnType<typeof callMirai<typeof record>>>, typeof record>>,
  ];
  // @ts-expect-error only mirai, arrays, records or groups of them
  void collectMirai([1, 2]);
  // @ts-expect-error stopMirai takes mirai, not their values
  stopMirai('m');

  // --- miraiMap: results typed, collected in the input's shape ----------------------------------
  const overArray = miraiMap([1, 2, 3], (x: number) => x * 2);
  const overRecord = miraiMap({ a: 1, b: 2 }, async (x: number) => String(x));
  const overMap = miraiMap(new Map([['k', 1]]), (x: number) => x > 0);
  const overIterable = miraiMap(new Set(['a']), (s: string) => s.length);
  type _mm = [
    Expect<Equal<typeof overArray, MiraiMap<number, (number | F)[]>>>,
    Expect<Equal<Awaited<ReturnType<typeof overArray.collect>>, (number | F)[]>>,
    Expect<Equal<Awaited<ReturnType<typeof overRecord.collect>>, { a: string | F; b: string | F }>>,
    Expect<Equal<Awaited<ReturnType<typeof overMap.collect>>, Map<string, boolean | F>>>,
    Expect<Equal<Awaited<ReturnType<typeof overIterable.collect>>, (number | F)[]>>,
    Expect<Equal<Awaited<ReturnType<typeof collectMirai<typeof overArray>>>, (number | F)[]>>,
    Expect<Equal<Awaited<ReturnType<typeof collectMirai<typeof overRecord>>>, { a: string | F; b: string | F }>>,
    Expect<Equal<Awaited<ReturnType<typeof callMirai<typeof overMap>>>, typeof overMap>>,
  ];
  const stopped = await overArray.collect({ stop: true });
  const stoppedMap = await overMap.collect({ stop: true, progress: false });
  const kept = await overArray.collect({ progress: true });
  type _stop = [
    Expect<Equal<typeof stopped, number[]>>,
    Expect<Equal<typeof stoppedMap, Map<string, boolean>>>,
    Expect<Equal<typeof kept, (number | F)[]>>,
  ];
  for await (const result of overArray) {
    type _r = Expect<Equal<typeof result.value, number | F>>;
  }
  miraiMap([1], (x: number) => x + 1, { promise: (v) => v.toFixed() });
  // @ts-expect-error the callback receives the result type
  miraiMap([1], (x: number) => x + 1, { promise: (v: string) => v });
  // @ts-expect-error the function takes the element type
  miraiMap(['a'], (x: number) => x);
  // @ts-expect-error an unknown option (R's .args is args here)
  miraiMap([1], (x: number) => x, { '.args': [] });
  // @ts-expect-error collect's option is stop, not stopOnError
  void overArray.collect({ stopOnError: true });
  // @ts-expect-error a number is not a collection
  miraiMap(3, (x: number) => x);

  // --- raceMirai ---------------------------------------------------------------------------------
  const winner = await raceMirai([sum, mirai(() => 3)]);
  const fromMap = await raceMirai(overArray);
  type _race = [Expect<Equal<typeof winner, RaceWinner<number>>>, Expect<Equal<typeof fromMap, RaceWinner<number>>>];
  // @ts-expect-error a race needs mirai
  void raceMirai([1, 2]);

  // --- everywhere, withDaemons, daemons, the rest ------------------------------------------------
  await everywhere((dir: string) => process.chdir(dir), {}, { args: ['/tmp'] });
  // @ts-expect-error args must match the function's parameters
  await everywhere((dir: string) => process.chdir(dir), {}, { args: [1] });
  // @ts-expect-error everywhere has no timeout
  await everywhere(() => 1, {}, { timeout: 5 });
  const inside = await withDaemons(2, async () => 'value');
  const counted = await daemons(2);
  const state = await daemons();
  const urls = hostUrl({ all: true });
  const stream = nextGet('n');
  type _rest = [
    Expect<Equal<typeof inside, string>>,
    Expect<Equal<typeof counted, number>>,
    Expect<Equal<typeof state, Status>>,
    Expect<Equal<typeof urls, string[]>>,
    Expect<Equal<typeof stream, number | undefined>>,
  ];
  // @ts-expect-error daemons' option is dispatcher, not dispatch
  await daemons(2, { dispatch: false });
  // @ts-expect-error nextGet knows its keys
  nextGet('seed');
}
