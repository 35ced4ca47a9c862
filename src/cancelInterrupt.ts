// How a cancellation interrupts a daemon's running synchronous task: it reaches the daemon while
// its JavaScript thread is busy (and would read it only once the task ended), and raises
// SIGINT there, which ends the task's script (run with vm's breakOnSigint). Behind a dispatcher
// the task socket raises it as the message arrives (on NNG's thread); without one, a watcher
// thread does (cancelWatch.ts).
import { constants } from 'node:os';
import type { NngSocket } from './nng';
import { Kind, TAG_OFFSET } from './protocol';

const MATCHED = TAG_OFFSET + 4;

/** How a daemon's running task is interrupted when cancelled, while its thread is busy; and
 * which SIGINTs were the daemon's own. A SIGINT raised as a task ended reaches the daemon's
 * listener later, perhaps during the next task: it is counted, and not taken for that task's. */
export abstract class CancelInterrupt {
  private seen = 0;
  private atArm = 0;
  private unseen = 0;

  /** Resolves once cancellations can interrupt (or it is clear they cannot). */
  ready: Promise<void> = Promise.resolve();

  /** SIGINTs raised for cancellations so far. */
  protected abstract raisedTotal(): number;
  /** Task `id` runs (0: none): its cancellation is to raise SIGINT. */
  protected abstract watch(id: number): void;
  abstract close(): void;

  /** Task `id` starts (0: one that is not to be interrupted). */
  arm(id: number): void {
    this.atArm = this.raisedTotal();
    this.unseen = Math.max(0, this.atArm - this.seen);
    this.watch(id);
  }

  disarm(): void {
    this.watch(0);
  }

  /** Whether task `id` was cancelled in a message not read yet (as arm() ran). */
  heardOf(_id: number): boolean {
    return false;
  }

  /** A SIGINT reached the daemon's listener: false if it was raised for an earlier task. */
  heard(): boolean {
    this.seen++;
    if (this.unseen === 0) return true;
    this.unseen--;
    return false;
  }

  /** A SIGINT ended the running task's script (it never reaches the listener). */
  ended(): void {
    this.seen++;
  }

  /** Whether the running task's cancellation raised SIGINT (else someone else sent it). */
  get raised(): boolean {
    return this.raisedTotal() > this.atArm;
  }
}

/** Behind a dispatcher: SIGINT on the arrival of one task's cancellation, a Control message
 * tagged with its id, raised by the task socket itself. */
export class SocketCancelInterrupt extends CancelInterrupt {
  private readonly pattern = Buffer.alloc(MATCHED);
  private readonly mask = Buffer.alloc(MATCHED);

  constructor(private readonly socket: NngSocket) {
    super();
    this.pattern[0] = Kind.Control;
    this.mask[0] = 0xff;
    this.mask.fill(0xff, TAG_OFFSET, MATCHED);
  }

  protected raisedTotal(): number {
    return this.socket.native.signalsRaised;
  }

  protected watch(id: number): void {
    if (id === 0) return this.socket.native.signalOnMessage(0);
    this.pattern.writeUInt32LE(id >>> 0, TAG_OFFSET);
    this.socket.native.signalOnMessage(constants.signals.SIGINT, this.pattern, this.mask);
  }

  close(): void {
    this.disarm();
  }
}
