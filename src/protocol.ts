// The wire format between host, dispatcher and daemons: the message header, every kind of
// message (batches included), the framing and padding, and the payloads as types.
import type { SerializationSpecs } from './serialization';

// --- message layout ----------------------------------------------------------------------
//   0  u8   kind                 8  u32  count of out-of-band parts (a batch: of messages)
//   1  u8   flags (FLAG_*)      12  u32  tag (a task's id: routes replies without decoding)
//   4  u32  length of the V8 payload
//  16  f64  length of each out-of-band part, then the payload, then each part, all 8-aligned.
// A batch: the header, then each message as [u32 length, u32 0, bytes, padding to 8], so that
// every inner message starts 8-aligned, as its own layout expects.

export const HEADER = 16;
/** Flag: the value went through the custom serialisers (serialization.ts). */
export const FLAG_CUSTOM = 1;
/** Flag: a daemon's last reply; it takes no task after it (a dispatcher sends it none). */
export const FLAG_LAST = 2;
/** Where the flags byte is, for a reader that does not decode (the dispatcher's broker). */
export const FLAGS_OFFSET = 1;
/** Where a header holds its tag (a u32, little-endian). */
export const TAG_OFFSET = 12;
/** Flag of a task's reply: the task emitted events, and their end (EmitEnd) may still be on its
 * way by another path (behind a dispatcher): the host settles the mirai once it has come. */
export const FLAG_EVENTS = 4;
/** Flag of a task's reply: it ends with a Timing trailer (TIMING bytes), which decoding, reading
 * by lengths, never reaches. */
export const FLAG_TIMED = 8;
/** Flag of a last reply: its daemon declines whatever else it holds (Declined), runs none of
 * it, so a direct host may send those tasks again. */
export const FLAG_DECLINES = 16;
export const TIMING = 32;

/** A daemon's figures, at the end of each reply to a task it ran (for info()'s metrics). */
export interface Timing {
  /** ms this task ran. */
  run: number;
  /** ms this daemon has run tasks, and has been up, so far. */
  busy: number;
  uptime: number;
  /** Tasks this daemon has run. */
  done: number;
  pid: number;
}

/** The parts of one message (gathered into one NNG message by the native send). */
export type MessageParts = (Buffer | ArrayBufferView)[];

/** First byte of every message. */
export const Kind = {
  /** host → daemon, on the task socket (req → rep). */
  Task: 1,
  /** daemon → host replies to a task. */
  Value: 2,
  Error: 3,
  Interrupt: 4,
  /** daemon → host on the control socket (req → rep): a long poll, carrying reports. */
  Poll: 5,
  /** host → daemon: the answer to a poll. */
  Control: 6,
  /** daemon → host: a task cancelled while it ran was abandoned (its result is not wanted). */
  Abandoned: 7,
  // Between host and dispatcher (pair), besides tasks and their replies, tagged by task id:
  /** host → dispatcher: drop or abandon task `tag`. */
  Cancel: 8,
  /** dispatcher → host: task `tag` failed with an NNG error (payload: { code }). */
  Failed: 9,
  /** host → dispatcher: a request (payload: DispatcherRequest), answered by a Response with the same tag. */
  Request: 10,
  Response: 11,
  /** dispatcher → host: the daemons online changed, or the dispatcher is ready. */
  Event: 12,
  /** daemon → host: a value the running task `tag` emitted (emit(value) in the task). */
  Emit: 13,
  /** daemon → host: task `tag` emits no more; its reply follows. */
  EmitEnd: 14,
  /** dispatcher → daemon, on the task channel: a long poll answered by a batch of Emit and
   * EmitEnd messages once the running task has emitted. */
  EmitPoll: 15,
  /** daemon → host (direct), as a task's reply: the daemon retires, and did not run it; the
   * host sends it again. Flagged as the daemon's last reply. */
  Declined: 16,
  /** Several messages in one (host <-> dispatcher link). */
  Batch: 255,
} as const;

export interface Header {
  kind: number;
  flags: number;
  payloadLength: number;
  /** Out-of-band parts (a batch: messages). */
  count: number;
  tag: number;
}

/** The header of a message; room for `count` out-of-band lengths follows, for the caller. */
export function writeHeader(header: Header): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER + 8 * header.count);
  fillHeader(buffer, header);
  return buffer;
}

/** Writes `header` over the first HEADER bytes of `buffer` (a message made in one piece). */
export function fillHeader(buffer: Buffer, header: Header): void {
  buffer.writeUInt8(header.kind, 0);
  buffer.writeUInt8(header.flags, 1);
  buffer.writeUInt16LE(0, 2);
  buffer.writeUInt32LE(header.payloadLength, 4);
  buffer.writeUInt32LE(header.count, 8);
  buffer.writeUInt32LE(header.tag >>> 0, TAG_OFFSET);
}

/** Sets `flag` (FLAG_*) in an encoded message, whose first part is its header. */
function setFlag(parts: MessageParts, flag: number): void {
  (parts[0] as Buffer)[FLAGS_OFFSET] |= flag;
}

/** Whether `flag` (FLAG_*) is set in a message, read without decoding it. */
export function hasFlag(message: Buffer, flag: number): boolean {
  return (message[FLAGS_OFFSET] & flag) !== 0;
}

/** Whether a reply says its daemon declined the task (it retires, and did not run it). */
export function isDeclined(reply: Buffer): boolean {
  return reply.length >= HEADER && reply[0] === Kind.Declined;
}

/** Marks an encoded reply as its daemon's last; `declines`: it runs nothing of what it holds. */
export function markLast(parts: MessageParts, declines: boolean): void {
  setFlag(parts, declines ? FLAG_LAST | FLAG_DECLINES : FLAG_LAST);
}

export function readHeader(message: Buffer, offset = 0): Header {
  checkLength(message, offset);
  return {
    kind: message.readUInt8(offset),
    flags: message.readUInt8(offset + 1),
    payloadLength: message.readUInt32LE(offset + 4),
    count: message.readUInt32LE(offset + 8),
    tag: message.readUInt32LE(offset + 12),
  };
}

/** The kind and tag of a message, read without decoding it; `offset` for one inside a batch. */
export function peek(message: Buffer, offset = 0): { kind: number; tag: number } {
  checkLength(message, offset);
  return { kind: message.readUInt8(offset), tag: message.readUInt32LE(offset + 12) };
}

function checkLength(message: Buffer, offset: number): void {
  if (message.length < offset + HEADER) throw new Error(`mirai: malformed message of ${message.length - offset} bytes`);
}

/** Bytes of padding after `n` bytes, to the next multiple of 8. */
export const pad8 = (n: number): number => (8 - (n % 8)) % 8;
const ZEROS = Buffer.alloc(8);

/** `n` (< 8) zero bytes of padding. */
export function padding(n: number): Buffer {
  return ZEROS.subarray(0, n);
}

export function byteLength(parts: MessageParts): number {
  let n = 0;
  for (const part of parts) n += part.byteLength;
  return n;
}

/** The parts as one message, as NNG would deliver it: at offset 0 of its own memory, so the
 * 8-byte alignment the layout keeps holds (a pooled Buffer may start anywhere). */
export function gather(parts: MessageParts): Buffer {
  const message = Buffer.alloc(byteLength(parts));
  let at = 0;
  for (const part of parts) {
    message.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return message;
}

// --- batches -------------------------------------------------------------------------------

/** One message holding `messages`. */
export function batch(messages: MessageParts[]): MessageParts {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(Kind.Batch, 0);
  header.writeUInt32LE(messages.length, 8);
  const parts: MessageParts = [header];
  for (const message of messages) {
    const length = byteLength(message);
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32LE(length, 0);
    parts.push(prefix, ...message);
    const pad = pad8(length);
    if (pad) parts.push(padding(pad));
  }
  return parts;
}

/** Calls `each` with the offset and length of every message in a batch, in order. */
export function eachInBatch(message: Buffer, each: (offset: number, length: number) => void): void {
  const count = message.readUInt32LE(8);
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    const length = message.readUInt32LE(at);
    at += 8;
    each(at, length);
    at += length + pad8(length);
  }
}

/** The messages in a batch, as views of it (no copy). */
export function unbatch(message: Buffer): Buffer[] {
  const out: Buffer[] = [];
  eachInBatch(message, (offset, length) => out.push(message.subarray(offset, offset + length)));
  return out;
}

/** Marks a task's reply (its first part is the header) as following events (FLAG_EVENTS). */
export function markEvents(parts: MessageParts): void {
  setFlag(parts, FLAG_EVENTS);
}

/** Appends `timing` to a task's reply, and flags it. */
export function addTiming(parts: MessageParts, timing: Timing): void {
  const trailer = Buffer.allocUnsafe(TIMING);
  trailer.writeDoubleLE(timing.run, 0);
  trailer.writeDoubleLE(timing.busy, 8);
  trailer.writeDoubleLE(timing.uptime, 16);
  trailer.writeUInt32LE(timing.done >>> 0, 24);
  trailer.writeUInt32LE(timing.pid >>> 0, 28);
  setFlag(parts, FLAG_TIMED);
  parts.push(trailer);
}

/** The Timing a reply ends with, if it has one. */
export function readTiming(reply: Buffer): Timing | undefined {
  if (reply.length < HEADER + TIMING || !hasFlag(reply, FLAG_TIMED)) return undefined;
  const at = reply.length - TIMING;
  const [run, busy, uptime] = [0, 8, 16].map((offset) => reply.readDoubleLE(at + offset));
  return { run, busy, uptime, done: reply.readUInt32LE(at + 24), pid: reply.readUInt32LE(at + 28) };
}

export function isBatch(message: Buffer): boolean {
  return message.length >= HEADER && message.readUInt8(0) === Kind.Batch;
}

/** One evaluation. */
export interface Task {
  /** Unique per host process; names the task in cancellations. */
  id: number;
  /** A function's source, or a string of code. */
  src: string;
  /** `src` is a function (called with `args`), rather than code. */
  fn: boolean;
  /** For code: the names `args` are bound to. */
  names: string[] | null;
  /** Set as globals for the evaluation. */
  data: Record<string, unknown> | null;
  /** Arguments (functions) or values for `names` (code). */
  args: unknown[] | null;
  /** The custom serialisers, when registered. */
  serial: SerializationSpecs | null;
  /** The host listens to this task's events (options.onEvent): emit() sends them. */
  events?: true;
  /** With a seed: the mirai's own random stream (its sequence number in its profile). */
  rs?: { seed: number; index: number };
  /** A cancellation or SIGINT may end this task's synchronous code: it has a timeout or a
   * signal, or its profile interrupts every task (daemons(n, { interrupt: true })). */
  interrupt?: true;
}

/** An error thrown by an evaluation, as it crosses the wire. */
export interface ErrorInfo {
  name: string;
  message: string;
  stack: string;
  props: Record<string, unknown>;
}

/** An `everywhere` evaluation and its id. */
export interface EverywhereTask {
  id: number;
  task: Task;
}

/** An `everywhere` evaluation finished, and its error if it failed. */
export interface EverywhereDone {
  id: number;
  error: ErrorInfo | null;
}

/** daemon → host (control). */
export interface Poll {
  /** First poll of a daemon: it waits for the answer before taking tasks. */
  hello?: { pid: number };
  /** `everywhere` evaluations finished since the last report. */
  done?: EverywhereDone[];
  /** A daemon's cancellation watcher (a thread that stays free while a task runs): not a
   * daemon of its own; answered with cancellations only. */
  watch?: true;
}

/** host → daemon (control). */
export interface Control {
  /** In answer to a hello, with a seed: the random stream of this daemon. */
  rs?: { seed: number; index: number };
  everywhere?: EverywhereTask[];
  cancel?: number[];
  exit?: boolean;
}

/** host → dispatcher requests. */
export type DispatcherRequest =
  | { op: 'status' }
  | { op: 'everywhere'; task: Task }
  | { op: 'exit' }
  | { op: 'saisei'; i: number; force: boolean };

/** A dispatcher's row for one daemon URL (the answer to a status request). */
export interface DaemonStatus {
  /** The URL a daemon dials for this row. */
  url: string;
  /** The row's index, from 1. */
  i: number;
  /** 1 while a daemon is connected at the URL, else 0. */
  online: number;
  /** Connections made at the URL so far; negative after saisei() replaced the URL, until a
   * daemon connects to the new one. */
  instance: number;
  /** Tasks sent to the URL's current daemon (after saisei(), its predecessor's until one
   * connects). */
  assigned: number;
  /** Of those, tasks it has replied to. */
  complete: number;
  /** Where the daemon online at the URL connected from, as `tcp://10.0.0.2:41234` (the
   * address of its machine, whatever the scheme above tcp); for ipc, the URL's own path.
   * Absent while none is online. */
  address?: string;
}

/** dispatcher → host events. */
export interface DispatcherEvent {
  /** Daemons online now. */
  online: number;
  /** Messages from daemons the dispatcher refused since its last event (event answers that
   * are not events). */
  refused?: number;
  /** Sent once, when every URL listens: the URLs daemons dial. */
  ready?: string[];
}

// --- shapes: what a peer sent is used only once it reads as what it claims to be -----------

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isArrayOf = (value: unknown, each: (item: unknown) => boolean): boolean => Array.isArray(value) && value.every(each);
const isNumber = (value: unknown): boolean => typeof value === 'number';
const isStream = (value: unknown): boolean => value === undefined || (isObject(value) && isNumber(value.seed) && isNumber(value.index));

export function isTask(value: unknown): value is Task {
  return (
    isObject(value) &&
    isNumber(value.id) &&
    typeof value.src === 'string' &&
    typeof value.fn === 'boolean' &&
    (value.names === null || isArrayOf(value.names, (name) => typeof name === 'string')) &&
    (value.data === null || isObject(value.data)) &&
    (value.args === null || Array.isArray(value.args)) &&
    (value.interrupt === undefined || value.interrupt === true) &&
    isStream(value.rs)
  );
}

export function isControl(value: unknown): value is Control {
  return (
    isObject(value) &&
    isStream(value.rs) &&
    (value.everywhere === undefined || isArrayOf(value.everywhere, (item) => isObject(item) && isNumber(item.id) && isTask(item.task))) &&
    (value.cancel === undefined || isArrayOf(value.cancel, isNumber)) &&
    (value.exit === undefined || typeof value.exit === 'boolean')
  );
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  return isObject(value) && typeof value.name === 'string' && typeof value.message === 'string';
}

export function isPoll(value: unknown): value is Poll {
  return (
    isObject(value) &&
    (value.hello === undefined || isObject(value.hello)) &&
    (value.done === undefined || isArrayOf(value.done, (d) => isObject(d) && isNumber(d.id) && (d.error === null || isErrorInfo(d.error))))
  );
}

/** A task's events as a daemon sends them (one Emit or EmitEnd, or a batch of them), each
 * within the message; undefined for anything else. */
export function eventMessages(message: Buffer): Buffer[] | undefined {
  if (message.length < HEADER) return undefined;
  if (!isBatch(message)) return isEvent(message) ? [message] : undefined;
  // A batch has no payload of its own.
  if (message.readUInt32LE(4) !== 0) return undefined;
  const inner: Buffer[] = [];
  const count = message.readUInt32LE(8);
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    if (at + 8 > message.length) return undefined;
    const length = message.readUInt32LE(at);
    at += 8;
    if (at + length > message.length) return undefined;
    const one = message.subarray(at, at + length);
    if (!isEvent(one)) return undefined;
    inner.push(one);
    at += length + pad8(length);
  }
  return inner;
}

function isEvent(message: Buffer): boolean {
  if (message.length < HEADER) return false;
  const kind = message.readUInt8(0);
  return (kind === Kind.Emit || kind === Kind.EmitEnd) && lengthsFit(message);
}

/** Whether the payload and parts a message declares are all within it. */
function lengthsFit(message: Buffer): boolean {
  const { payloadLength, count } = readHeader(message);
  if (count > (message.length - HEADER) / 8) return false;
  let at = HEADER + 8 * count + payloadLength;
  for (let i = 0; i < count && at <= message.length; i++) {
    const length = message.readDoubleLE(HEADER + 8 * i);
    if (!Number.isSafeInteger(length) || length < 0) return false;
    at += pad8(at) + length;
  }
  return at <= message.length;
}
