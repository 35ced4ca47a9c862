// A profile whose daemons connect straight to this host: requests go out round-robin, as
// NNG's request/reply spreads them.
import { ControlServer } from './control';
import { ErrorValue, isNngError, NNG } from './errors';
import { linkOptions } from './linkTimeout';
import { settle, type CancelTask, type Mirai } from './miraiObject';
import { NngSocket, USER_TAG_MAX } from './nng';
import { BaseProfile, EXIT_TIMEOUT_MS, type Counts, type Profile, type Status } from './profile';
import { FLAG_DECLINES, FLAG_LAST, hasFlag, isDeclined, type ErrorInfo, type MessageParts, type Task } from './protocol';
import { RecentIds } from './recentIds';
import { settleFromFailure, settleFromReply } from './reply';
import type { ServerTls, TlsConfig } from './tls';
import { controlUrl, parseUrl } from './url';

/** Pairs of ports tried for a tcp URL on port 0 before its control port's refusal stands. */
const PORT_PAIR_ATTEMPTS = 20;

/** Pipes of retiring daemons remembered: far more than ever retire between a task's sending
 * and its reset. */
const RETIRED_PIPES = 4096;

/** The request tag of task `id`, for cancelling it alone. */
function tagOf(id: number): number {
  return ((id - 1) % USER_TAG_MAX) + 1;
}

export interface DirectProfileOptions {
  name: string;
  url: string;
  tls: ServerTls | undefined;
  seed: number | undefined;
  /** The largest message accepted from a daemon, bytes (0: no limit). */
  maxMessageSize: number;
  /** How soon a silent link to a daemon is dropped, ms (0: TCP's own timing). */
  linkTimeout: number;
}

export class DirectProfile extends BaseProfile implements Profile {
  readonly dispatcher = false;
  /** Where daemons dial in (port 0 resolved). */
  readonly url: string;
  private readonly tasks: NngSocket;
  private readonly control: ControlServer;
  private readonly inFlight = new Set<Mirai<unknown>>();
  private connections = 0;
  /** Where each connected daemon connected from, by pipe (status()). */
  private readonly addresses = new Map<number, string>();
  /** Tasks sent, and replies received, for info(). */
  private submitted = 0;
  private replied = 0;
  /** Replies that did not read as a task's outcome (info()). */
  private refused = 0;
  /** Shared by every mirai of this profile. */
  private readonly cancelTask: CancelTask = (id) => this.cancel(id);
  /** Pipes of daemons whose last reply came, and that decline what they hold: they run nothing
   * more, so a task reset by the loss of one never ran there. */
  private readonly retired = new RecentIds(RETIRED_PIPES);

  constructor(options: DirectProfileOptions) {
    super(options.name, options.tls, options.seed);
    // Tasks queue at a busy daemon, which may not read them for longer than the bound.
    this.tasks = new NngSocket('req', { resendTime: 0, recvSizeMax: options.maxMessageSize, ...linkOptions(options.linkTimeout, false) });
    const control = new NngSocket('rep', { recvSizeMax: options.maxMessageSize, ...linkOptions(options.linkTimeout) });
    // Pipe events are heard from the moment a listener is set, not before: both sockets listen
    // only once heard, or a daemon dialling in at once (a persistent one, redialling) is missed.
    this.control = new ControlServer(control, options.seed, () => this.onlineChanged(), () => this.nextStream++);
    this.tasks.onPipe((event, pipe) => {
      this.connections += event === 'add' ? 1 : -1;
      this.notePipe(event, pipe);
      if (event === 'add') this.control.taskConnected();
      this.onlineChanged();
    });
    try {
      this.url = this.listenBoth(control, options.url, options.tls?.config);
    } catch (error) {
      this.control.close();
      this.tasks.close();
      throw error;
    }
  }

  /** Listens for tasks at `url` and for control beside it. On tcp, control takes the next port:
   * for port 0 (any free port) that neighbour may be some other socket's, often an outgoing
   * connection's, so the pair is tried again on other ports. A port given is the user's: its
   * neighbour in use is an error. */
  private listenBoth(control: NngSocket, url: string, tls: TlsConfig | undefined): string {
    const anyPort = parseUrl(url).port === 0;
    for (let attempt = 1; ; attempt++) {
      const listener = this.tasks.listen(url, { tls });
      try {
        control.listen(controlUrl(listener.url), { tls });
        return listener.url;
      } catch (error) {
        if (!anyPort || !isNngError(error) || error.code !== NNG.EADDRINUSE || attempt === PORT_PAIR_ATTEMPTS) throw error;
        listener.close();
      }
    }
  }

  private notePipe(event: 'add' | 'remove', pipe: number): void {
    const address = event === 'add' ? this.tasks.remoteAddress(pipe) : undefined;
    if (address === undefined) this.addresses.delete(pipe);
    else this.addresses.set(pipe, address);
  }

  get online(): number {
    return this.connections;
  }

  daemonUrl(index: number): string {
    if (index !== 1) throw new RangeError(`the index must be 1 (the host URL) without dispatcher, got ${index}`);
    return this.url;
  }

  /** Each request goes on a context of the socket's own (no context object per task). */
  submit(m: Mirai<unknown>, parts: MessageParts, id: number): CancelTask {
    this.inFlight.add(m);
    this.submitted++;
    this.send(m, parts, id);
    return this.cancelTask;
  }

  /** NNG's req hands tasks to every daemon connected, a retiring one too: a task it declines,
   * or that is reset as it goes, never ran, and is sent again to whichever daemon is next. */
  private send(m: Mirai<unknown>, parts: MessageParts, id: number): void {
    // Cancelled (or timed out) while it came back to be sent again.
    if (!m.unresolved) return void this.inFlight.delete(m);
    this.tasks.requestTaggedFrom(parts, tagOf(id)).then(
      ([reply, pipe]) => {
        const declined = isDeclined(reply);
        // A decline always ends the daemon's turn: a peer that declines and stays would have
        // each task sent back and forth. A daemon that does not decline (no control channel)
        // may run what it holds after its last reply: its connection is left to end.
        if (declined || (hasFlag(reply, FLAG_LAST) && hasFlag(reply, FLAG_DECLINES))) this.retire(pipe);
        if (declined) return this.send(m, parts, id);
        this.inFlight.delete(m);
        this.replied++;
        if (!settleFromReply(m, reply, id)) this.refused++;
      },
      (error: unknown) => {
        if (isNngError(error) && error.code === NNG.ECONNRESET && error.pipe !== undefined && this.retired.has(error.pipe)) return this.send(m, parts, id);
        this.inFlight.delete(m);
        settleFromFailure(m, error);
      },
    );
  }

  /** A daemon's last reply came on `pipe`, and it runs nothing more: no task goes there any
   * more. Those already sent are declined, or reset as it closes, and sent again. */
  private retire(pipe: number): void {
    if (this.retired.has(pipe)) return;
    this.retired.add(pipe);
    try {
      this.tasks.closePipe(pipe);
    } catch {
      // Already gone: the daemon closed it first.
    }
  }

  /** The request stops waiting here; the daemon running the task is told to abandon it. */
  private cancel(id: number): void {
    this.tasks.cancel(tagOf(id));
    this.control.cancel(id);
  }

  everywhere(task: Task): Promise<ErrorInfo[]> {
    return this.control.everywhere(task);
  }

  async status(): Promise<Status> {
    return { connections: this.connections, daemons: this.url, addresses: [...this.addresses.values()] };
  }

  /** NNG hands a request to a connected daemon at once: tasks wait here only while none is. */
  async info(): Promise<Counts> {
    const waiting = this.connections === 0 ? this.inFlight.size : 0;
    return { connections: this.connections, waiting, assigned: this.submitted - waiting, complete: this.replied, refused: this.refused + this.control.refused };
  }

  /** Online means connected for tasks and for control, so that everywhere() and exit reach it. */
  protected hasOnline(n: number): boolean {
    return this.connections >= n && this.control.size >= n;
  }

  protected describeOnline(n: number): string {
    return `only ${this.connections} of ${n} daemons connected (${this.control.size} of them for control)`;
  }

  async saisei(): Promise<string | null> {
    throw new TypeError('saisei() needs a dispatcher: these daemons were set with dispatcher: false');
  }

  async close(tellPersistent: boolean): Promise<void> {
    if (tellPersistent) await this.control.exitAll(EXIT_TIMEOUT_MS, () => this.connections > 0);
    this.control.close();
    this.tasks.close();
    // Settled now, not when the closed socket's operations come back: once a reset resolves,
    // nothing of it is pending.
    for (const m of this.inFlight) settle(m, true, new ErrorValue(NNG.ECONNRESET));
    this.inFlight.clear();
    await this.processesExited();
  }
}
