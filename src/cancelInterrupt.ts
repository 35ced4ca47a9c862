// How a cancellation interrupts a daemon's running synchronous task: it reaches the daemon while
// its JavaScript thread is busy (and would read it only once the task ended), and raises
// SIGINT there, which ends the task's script (run with vm's breakOnSigint). Behind a dispatcher
// the task socket raises it as the message arrives (on NNG's thread); without one, a watcher
// thread does (cancelWatch.ts).
import { constants } from 'node:os';
import type { NngSocket } from './nng';
import { Kind, TAG_OFFSET } from './protocol';
import type { SignalGate } from './signalGate';

const MATCHED = TAG_OFFSET + 4;

/** How a daemon's running task is interrupted when cancelled, while its thread is busy: SIGINT
 * raised through the gate (signalGate.ts) that the task's watched code opens, so that it is
 * raised only while vm's breakOnSigint watches for it, and handled before that code has ended. */
export abstract class CancelInterrupt {
  private running = 0;

  constructor(readonly gate: SignalGate) {}

  /** Resolves once cancellations can interrupt (or it is clear they cannot). */
  ready: Promise<void> = Promise.resolve();

  /** Task `id` runs (0: none): its cancellation is to raise SIGINT. */
  protected abstract watch(id: number): void;
  abstract close(): void;

  /** Task `id` starts (0: one that is not to be interrupted). */
  arm(id: number): void {
    this.running = id;
    this.gate.reset(id);
    this.watch(id);
  }

  disarm(): void {
    this.watch(0);
  }

  /** Whether task `id` was cancelled in a message not read yet (as arm() ran). */
  heardOf(_id: number): boolean {
    return false;
  }

  /** Whether the running task's cancellation stopped it (else a SIGINT from outside did). */
  get raised(): boolean {
    return this.running !== 0 && this.gate.cancelled(this.running);
  }
}

/** Behind a dispatcher: SIGINT on the arrival of one task's cancellation, a Control message
 * tagged with its id, raised by the task socket itself. */
export class SocketCancelInterrupt extends CancelInterrupt {
  private readonly pattern = Buffer.alloc(MATCHED);
  private readonly mask = Buffer.alloc(MATCHED);

  constructor(
    private readonly socket: NngSocket,
    gate: SignalGate,
  ) {
    super(gate);
    this.pattern[0] = Kind.Control;
    this.mask[0] = 0xff;
    this.mask.fill(0xff, TAG_OFFSET, MATCHED);
  }

  protected watch(id: number): void {
    if (id === 0) return this.socket.native.signalOnMessage(0);
    this.pattern.writeUInt32LE(id >>> 0, TAG_OFFSET);
    this.socket.native.signalOnMessage(constants.signals.SIGINT, this.pattern, this.mask, this.gate.cells, id);
  }

  close(): void {
    this.disarm();
  }
}
