// daemons({ sync: true }): tasks evaluated in this process, one at a time, for debugging with
// breakpoints (R 2.x). They still cross the wire format, so values arrive as copies, as from
// a daemon, and nothing of the caller's scope is shared.
import { ErrorValue, NNG } from './errors';
import { emitTo } from './emit';
import { describeError, Evaluator, type Outcome } from './evaluate';
import { settle, type CancelTask, type Mirai } from './miraiObject';
import { BaseProfile, type Counts, type Profile, type Status } from './profile';
import { gather, Kind, type ErrorInfo, type MessageParts, type Task } from './protocol';
import { settleFromReply } from './reply';
import { decode, encode } from './serial';
import { receiveEvents } from './taskEvents';
import { codecOf, type Codec } from './serialization';

export class SyncProfile extends BaseProfile implements Profile {
  readonly dispatcher = false;
  /** This process, one task at a time. */
  readonly online = 1;
  /** No cleanup: the host's own globals and modules are not the task's to remove. */
  private readonly evaluator = new Evaluator(0);
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Set<Mirai<unknown>>();
  private waiting = 0;
  private started = 0;
  private complete = 0;
  private closed = false;
  private readonly cancelTask: CancelTask = () => undefined;

  constructor(name: string) {
    super(name, undefined, undefined);
  }

  daemonUrl(): string {
    throw new RangeError('daemons({ sync: true }) has no URL: its tasks run in this process');
  }

  /** Queued behind the tasks before it; a stopped mirai is skipped when its turn comes. */
  submit(m: Mirai<unknown>, parts: MessageParts): CancelTask {
    this.pending.add(m);
    this.waiting++;
    this.queue = this.queue.then(() => this.run(m, gather(parts)));
    return this.cancelTask;
  }

  private async run(m: Mirai<unknown>, message: Buffer): Promise<void> {
    this.waiting--;
    if (this.closed || !m.unresolved) {
      this.pending.delete(m);
      return;
    }
    this.started++;
    const { value, tag } = decode(message);
    // Events cross the wire format too, and reach onEvent at once.
    if ((value as Task).events) emitTo((event) => receiveEvents(gather(encode(Kind.Emit, event, 'emit(value)', tag))));
    const outcome = await this.evaluator.run(value as Task).finally(() => emitTo(undefined));
    this.complete++;
    this.pending.delete(m);
    settleFromReply(m, gather(encodeOutcome(outcome, tag, codecOf((value as Task).serial))));
  }

  async everywhere(task: Task): Promise<ErrorInfo[]> {
    const outcome = await this.evaluator.run(task, true);
    return outcome.ok ? [] : [outcome.error];
  }

  async status(): Promise<Status> {
    return { connections: 0, daemons: 'sync' };
  }

  async info(): Promise<Counts> {
    return { connections: 0, waiting: this.waiting, assigned: this.started, complete: this.complete, refused: 0 };
  }

  protected hasOnline(): boolean {
    return true;
  }

  protected describeOnline(): string {
    return 'sync';
  }

  async saisei(): Promise<string | null> {
    throw new TypeError('saisei() needs a dispatcher: these tasks run in this process (sync: true)');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const m of this.pending) settle(m, true, new ErrorValue(NNG.ECONNRESET));
    this.pending.clear();
  }
}

/** The result as a daemon would send it, registered classes written with the task's codec. */
function encodeOutcome(outcome: Outcome, id: number, codec: Codec | null): MessageParts {
  if (!outcome.ok) return encode(Kind.Error, outcome.error, 'the error', id);
  try {
    return encode(Kind.Value, outcome.value, 'the result', id, codec ?? undefined);
  } catch (error) {
    return encode(Kind.Error, describeError(error), 'the error', id);
  }
}

