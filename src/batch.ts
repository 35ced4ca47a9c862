// Batching on the host ↔ dispatcher link: messages that queue while a send is in flight leave
// together as one NNG message. Each NNG message costs thread hand-offs in NNG; this pays them
// once per batch, and adds no delay to a message sent while the link is idle.
import type { NngSocket } from './nng';
import type { MessageParts } from './serial';

/** First byte of a batch (beyond the kinds in protocol.ts). */
export const BATCH_KIND = 255;
const HEADER = 16;
/** Messages handed to NNG one by one at most at a time; past that they are batched. */
const WINDOW = 64;
/** A batch leaves once it holds this many messages or bytes. */
const BATCH_COUNT = 256;
const BATCH_BYTES = 1 << 20;
const ZEROS = Buffer.alloc(8);

function size(parts: MessageParts): number {
  let n = 0;
  for (const part of parts) n += part.byteLength;
  return n;
}

/** One message holding `messages`: a header, then each as [u32 length, u32 0, bytes, pad to 8],
 * so every inner message starts 8-aligned, as its own layout expects. */
export function batch(messages: MessageParts[]): MessageParts {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(BATCH_KIND, 0);
  header.writeUInt32LE(messages.length, 8);
  const parts: MessageParts = [header];
  for (const message of messages) {
    const length = size(message);
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32LE(length, 0);
    parts.push(prefix, ...message);
    const pad = (8 - (length % 8)) % 8;
    if (pad) parts.push(ZEROS.subarray(0, pad));
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
    at += length + ((8 - (length % 8)) % 8);
  }
}

/** The messages in a batch, as views of it (no copy). */
export function unbatch(message: Buffer): Buffer[] {
  const out: Buffer[] = [];
  eachInBatch(message, (offset, length) => out.push(message.subarray(offset, offset + length)));
  return out;
}

export function isBatch(message: Buffer): boolean {
  return message.length >= HEADER && message.readUInt8(0) === BATCH_KIND;
}

/** Sends on `socket`: up to WINDOW messages go out at once, each as it comes; past that,
 * they are batched, and a batch leaves as soon as it is full. Every message is handed to NNG
 * in the call that sends it or in a batch that leaves in a later call, so a thread that blocks
 * right after sending leaves little behind (at most one partial batch, sent as soon as it
 * runs again). */
export class Batcher {
  private readonly waiting: MessageParts[] = [];
  private waitingBytes = 0;
  private inFlight = 0;
  private closed = false;

  constructor(
    private readonly socket: NngSocket,
    private readonly transfer = false,
  ) {}

  send(parts: MessageParts | Buffer): void {
    if (this.closed) return;
    const message = Buffer.isBuffer(parts) ? [parts] : parts;
    if (this.inFlight < WINDOW && this.waiting.length === 0) {
      this.transmit(message);
      return;
    }
    this.waiting.push(message);
    this.waitingBytes += size(message);
    if (this.waiting.length >= BATCH_COUNT || this.waitingBytes >= BATCH_BYTES) this.flush();
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
  }

  private flush(): void {
    if (this.waiting.length === 0) return;
    const taken = this.waiting.splice(0, this.waiting.length);
    this.waitingBytes = 0;
    this.transmit(taken.length === 1 ? taken[0] : batch(taken));
  }

  private transmit(message: MessageParts): void {
    this.inFlight++;
    // A lone Buffer received from NNG goes back out without a copy.
    const data = message.length === 1 ? message[0] : message;
    this.socket.send(data, { transfer: this.transfer && message.length === 1 }).then(
      () => this.sent(),
      () => this.sent(),
    );
  }

  private sent(): void {
    this.inFlight--;
    if (!this.closed) this.flush();
  }
}
