// Events from running tasks, the host's end: each mirai's onEvent by task id, and a reply held
// until the events before it have all arrived (behind a dispatcher they come by another path).
import type { NngSocket } from './nng';
import { FLAG_EVENTS, hasFlag, isBatch, Kind, peek, unbatch } from './protocol';
import { decode, encode } from './serial';
import { processWide } from './processWide';

interface Listening {
  listener: (value: unknown) => void;
  /** The task's EmitEnd has come. */
  ended: boolean;
  /** Its reply, once it has come before its EmitEnd. */
  held: (() => void) | undefined;
}

/** Shared through globalThis, as task ids are (task.ts). */
const listening = processWide('mirai.taskEvents', () => new Map<number, Listening>());

/** Task `id`'s events go to `listener`, until unlisten(id). */
export function listen(id: number, listener: (value: unknown) => void): void {
  listening.set(id, { listener, ended: false, held: undefined });
}

export function unlisten(id: number): void {
  listening.delete(id);
}

/** An Emit or EmitEnd message, or a batch of them; those of tasks nobody listens to are dropped. */
export function receiveEvents(message: Buffer): void {
  if (isBatch(message)) for (const inner of unbatch(message)) receiveEvent(inner);
  else receiveEvent(message);
}

/** Calls `settle` now, or, for a reply marked FLAG_EVENTS whose task's events have not all
 * arrived, once they have. */
export function afterEvents(reply: Buffer, settle: () => void): void {
  const entry = listening.get(peek(reply).tag);
  if (entry === undefined || entry.ended || !hasFlag(reply, FLAG_EVENTS)) return settle();
  entry.held = settle;
}

/** Keeps a poll parked at the one daemon `socket` reaches on its task channel (a daemon with
 * no control channel), for its tasks' events; each answer goes to `deliver` before the next
 * poll, which is the daemon's receipt: it replies to a task only once it has it. Ends when the
 * daemon leaves, the socket closes, or `active()` says so. */
export async function pollEvents(socket: NngSocket, deliver: (answer: Buffer) => void, active: () => boolean): Promise<void> {
  const ctx = socket.context();
  try {
    while (active()) deliver(await ctx.request(encode(Kind.EmitPoll, null, 'poll')));
  } catch {
    // The daemon left, or the socket closed: a daemon that comes next gets a poll of its own.
  } finally {
    ctx.close();
  }
}

function receiveEvent(message: Buffer): void {
  const { kind, tag } = peek(message);
  const entry = listening.get(tag);
  if (entry === undefined) return;
  if (kind === Kind.EmitEnd) {
    entry.ended = true;
    const held = entry.held;
    entry.held = undefined;
    held?.();
    return;
  }
  if (kind !== Kind.Emit) return;
  // Events after an end: the task runs again (a retry, its daemon having died before replying).
  entry.ended = false;
  try {
    entry.listener(decode(message).value);
  } catch (error) {
    // The listener is the user's: what it throws is told, and the task goes on.
    process.emitWarning(`mirai: options.onEvent of task ${tag} threw: ${error instanceof Error ? error.message : String(error)}`, 'MiraiWarning');
  }
}
