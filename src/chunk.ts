// Chunks of a miraiMap: one task evaluates f over several elements, and each element's outcome
// settles a Mirai of its own, so that a map keeps its semantics per element (failures in place,
// stop by index, progress by element) while paying a task's overhead once per chunk.
import { describeError } from './evaluate';
import { mirai } from './mirai';
import { Mirai, settle, track, type MiraiFailure } from './miraiObject';
import type { ErrorInfo } from './protocol';
import { miraiErrorFrom } from './reply';
import { functionSource } from './task';

/** Where a daemon finds a chunk's elements and the constant arguments: names that user code
 * is unlikely to read as globals, since f's source is compiled inside their scope. */
const ELEMENTS = '__miraiChunkElements';
const ARGS = '__miraiChunkArgs';

type Outcome = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

export interface ChunkSettings {
  data: Record<string, unknown> | undefined;
  args: unknown[];
  compute: string;
}

/** Collects elements into chunks of `size`, each sent as one mirai once full (or flushed);
 * each element gets its own Mirai at once. */
export class Chunker {
  private elements: unknown[] = [];
  private members: Mirai<unknown>[] = [];
  private first = 0;
  private readonly src: string;

  constructor(
    f: (...args: unknown[]) => unknown,
    private readonly size: number,
    private readonly settings: ChunkSettings,
  ) {
    this.src = chunkSource(functionSource(f));
  }

  add(element: unknown): Mirai<unknown> {
    const m = new Mirai<unknown>();
    this.elements.push(element);
    this.members.push(m);
    if (this.elements.length >= this.size) this.flush();
    return m;
  }

  /** Sends the elements collected so far, unless every one of them was stopped meanwhile. */
  flush(): void {
    const { elements, members, first } = this;
    this.elements = [];
    this.members = [];
    this.first += elements.length;
    if (members.every((m) => !m.unresolved)) return;
    sendChunk(this.src, elements, members, first, this.settings);
  }
}

/** The code a daemon runs for a chunk: f over each element in turn, an async result awaited
 * before the next element starts (as one daemon runs one mirai at a time), each outcome kept
 * apart with the error described as a daemon describes a mirai's. A chunk stopped (its
 * taskSignal aborted) starts no further element. */
function chunkSource(f: string): string {
  return `(async (f, describeError) => {
  const outcomes = [];
  for (const element of ${ELEMENTS}) {
    if (taskSignal.aborted) break;
    try {
      let value = f(element, ...${ARGS});
      if (typeof value?.then === 'function') value = await value;
      outcomes.push({ ok: true, value });
    } catch (error) {
      outcomes.push({ ok: false, error: describeError(error) });
    }
  }
  return outcomes;
})(${f}, ${describeError.toString()})`;
}

function sendChunk(src: string, elements: unknown[], members: Mirai<unknown>[], first: number, settings: ChunkSettings): void {
  let chunk: Mirai<Outcome[]>;
  try {
    chunk = mirai(src, settings.data, { args: { [ELEMENTS]: elements, [ARGS]: settings.args }, compute: settings.compute }) as Mirai<Outcome[]>;
  } catch (error) {
    if (error instanceof TypeError) error.message = elementPath(error.message, first);
    throw error;
  }
  // The chunk is stopped once none of its elements is waiting for it.
  const cancel = () => {
    if (members.every((m) => !m.unresolved)) chunk.stop();
  };
  members.forEach((m, i) => track(m, cancel, first + i, undefined));
  chunk.then(
    (outcomes) => members.forEach((m, i) => settleOutcome(m, outcomes[i])),
    (failure: MiraiFailure) => members.forEach((m) => settle(m, true, failure)),
  );
}

function settleOutcome(m: Mirai<unknown>, outcome: Outcome): void {
  if (outcome.ok) settle(m, false, outcome.value);
  else settle(m, true, miraiErrorFrom(outcome.error));
}

/** A path into the chunk's elements, in the caller's terms: the element's index in `x`. */
function elementPath(message: string, first: number): string {
  return message
    .replace(new RegExp(`^options\\.args\\.${ELEMENTS}\\[(\\d+)\\]`), (_, i: string) => `x[${first + Number(i)}]`)
    .replace(new RegExp(`^options\\.args\\.${ARGS}`), 'options.args');
}
