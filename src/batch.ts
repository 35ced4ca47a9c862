// Batching on the host ↔ dispatcher link: messages that queue while a send is in flight leave
// together as one NNG message. Each NNG message costs thread hand-offs in NNG; this pays them
// once per batch, and adds no delay to a message sent while the link is idle.
import { Fifo } from './fifo';
import type { NngSocket } from './nng';
import type { MessageParts } from './serial';

/** First byte of a batch (beyond the kinds in protocol.ts). */
export const BATCH_KIND = 255;
const HEADER = 16;
/** Bytes gathered into one batch at most; a larger message goes alone. */
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

/** The messages in a batch, as views of it (no copy). */
export function unbatch(message: Buffer): Buffer[] {
  const count = message.readUInt32LE(8);
  const out: Buffer[] = [];
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    const length = message.readUInt32LE(at);
    at += 8;
    out.push(message.subarray(at, at + length));
    at += length + ((8 - (length % 8)) % 8);
  }
  return out;
}

export function isBatch(message: Buffer): boolean {
  return message.length >= HEADER && message.readUInt8(0) === BATCH_KIND;
}

/** Sends on `socket` one at a time; what arrives meanwhile is batched. */
export class Batcher {
  private waiting = new Fifo<MessageParts>();
  private busy = false;
  private closed = false;

  constructor(
    private readonly socket: NngSocket,
    private readonly transfer = false,
  ) {}

  send(parts: MessageParts | Buffer): void {
    if (this.closed) return;
    const message = Buffer.isBuffer(parts) ? [parts] : parts;
    if (this.busy) {
      this.waiting.push(message);
      return;
    }
    this.transmit(message);
  }

  /** Messages not yet handed to NNG. */
  get backlog(): number {
    return this.waiting.length;
  }

  close(): void {
    this.closed = true;
    this.waiting = new Fifo<MessageParts>();
  }

  private transmit(message: MessageParts): void {
    this.busy = true;
    // A lone Buffer received from NNG goes back out without a copy.
    const data = message.length === 1 ? message[0] : message;
    this.socket.send(data, { transfer: this.transfer && message.length === 1 }).then(
      () => this.next(),
      () => this.next(),
    );
  }

  private next(): void {
    this.busy = false;
    if (this.closed || this.waiting.length === 0) return;
    const taken: MessageParts[] = [];
    let bytes = 0;
    while (this.waiting.length > 0 && (taken.length === 0 || bytes + size(this.waiting.peek()!) <= BATCH_BYTES)) {
      const message = this.waiting.shift()!;
      bytes += size(message);
      taken.push(message);
    }
    this.transmit(taken.length === 1 ? taken[0] : batch(taken));
  }
}
