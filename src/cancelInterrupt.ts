// Behind a dispatcher, the cancellation of a running task reaches its daemon on the task
// channel, where a JavaScript thread busy with a synchronous task would read it only once the
// task ended. So the socket raises SIGINT itself as that message arrives (on NNG's thread),
// which ends the task's script (run with vm's breakOnSigint).
import { constants } from 'node:os';
import type { NngSocket } from './nng';
import { Kind, TAG_OFFSET } from './protocol';

const MATCHED = TAG_OFFSET + 4;

/** SIGINT on the arrival of one task's cancellation: a Control message tagged with its id. */
export class CancelInterrupt {
  private readonly pattern = Buffer.alloc(MATCHED);
  private readonly mask = Buffer.alloc(MATCHED);
  private before = 0;

  constructor(private readonly socket: NngSocket) {
    this.pattern[0] = Kind.Control;
    this.mask[0] = 0xff;
    this.mask.fill(0xff, TAG_OFFSET, MATCHED);
  }

  /** While task `id` runs, its cancellation raises SIGINT. */
  arm(id: number): void {
    this.before = this.socket.native.signalsRaised;
    this.pattern.writeUInt32LE(id >>> 0, TAG_OFFSET);
    this.socket.native.signalOnMessage(constants.signals.SIGINT, this.pattern, this.mask);
  }

  disarm(): void {
    this.socket.native.signalOnMessage(0);
  }

  /** Whether a SIGINT since arm() was this task's cancellation (not one sent from outside). */
  get raised(): boolean {
    return this.socket.native.signalsRaised > this.before;
  }
}
