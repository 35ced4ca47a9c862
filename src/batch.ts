// Batching on the host ↔ dispatcher link: messages that queue while a send is in flight leave
// together as one NNG message. Each NNG message costs thread hand-offs in NNG; this pays them
// once per batch, and adds no delay to a message sent while the link is idle.
import type { NngSocket } from './nng';
import { batch, byteLength, type MessageParts } from './protocol';

/** Messages handed to NNG one by one at most at a time; past that they are batched. */
const WINDOW = 64;
/** A batch leaves once it holds this many messages or bytes. */
const BATCH_COUNT = 256;
const BATCH_BYTES = 1 << 20;

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
    this.waitingBytes += byteLength(message);
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
    // A lone Buffer received from NNG goes back out without a copy (any other is copied, as
    // transfer takes only the Buffers NNG lent).
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
