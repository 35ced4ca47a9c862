// Events from running tasks, the host's end: each mirai's onEvent by task id, and a reply held
// until the events before it have all arrived (behind a dispatcher they come by another path).
import type { NngSocket } from './nng';
import { eventMessages, FLAG_EVENTS, hasFlag, Kind, peek } from './protocol';
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

/** An Emit or EmitEnd message, or a batch of them; those of tasks nobody listens to are
 * dropped. False if `message` is not events, or an event's value does not read: refused. */
export function receiveEvents(message: Buffer): boolean {
  const events = eventMessages(message);
  if (events === undefined) return false;
  let read = true;
  for (const event of events) read = receiveEvent(event) && read;
  return read;
}

/** Calls `settle` now, or, for a reply marked FLAG_EVENTS whose task's events have not all
 * arrived, once they have; `id`: the task's, when known other than by the reply's tag. */
export function afterEvents(reply: Buffer, settle: () => void, id = peek(reply).tag): void {
  const entry = listening.get(id);
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

function receiveEvent(message: Buffer): boolean {
  const { kind, tag } = peek(message);
  const entry = listening.get(tag);
  if (entry === undefined) return true;
  if (kind === Kind.EmitEnd) {
    entry.ended = true;
    const held = entry.held;
    entry.held = undefined;
    held?.();
    return true;
  }
  // Events after an end: the task runs again (a retry, its daemon having died before replying).
  entry.ended = false;
  let value: unknown;
  try {
    value = decode(message).value;
  } catch {
    return false;
  }
  try {
    entry.listener(value);
  } catch (error) {
    // The listener is the user's: what it throws is told, and the task goes on.
    process.emitWarning(`mirai: options.onEvent of task ${tag} threw: ${error instanceof Error ? error.message : String(error)}`, 'MiraiWarning');
  }
  return true;
}
