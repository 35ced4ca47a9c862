// A profile whose daemons connect straight to this host: requests go out round-robin, as
// NNG's request/reply spreads them.
import type { ChildProcess } from 'node:child_process';
import { ControlServer } from './control';
import { ErrorValue, NNG } from './errors';
import { failureFrom, settle, settleFromReply, type Mirai } from './mirai';
import { NngSocket, USER_TAG_MAX, type TlsConfig } from './nng';
import type { ErrorInfo, Task } from './protocol';
import type { MessageParts } from './serial';
import type { Status } from './status';
import { waitForExit, waitUntil, type Profile } from './profiles';
import { controlUrl } from './url';

const EXIT_TIMEOUT_MS = 5_000;

/** The request tag of task `id`, for cancelling it alone. */
function tagOf(id: number): number {
  return ((id - 1) % USER_TAG_MAX) + 1;
}

export interface DirectProfileOptions {
  name: string;
  url: string;
  tls: { config: TlsConfig; ca: string } | undefined;
  seed: number | undefined;
}

export class DirectProfile implements Profile {
  readonly dispatcher = false;
  readonly processes = new Set<ChildProcess>();
  readonly name: string;
  readonly ca: string | undefined;
  readonly seed: number | undefined;
  nextStream = 0;
  /** Where daemons dial in (port 0 resolved). */
  readonly url: string;
  private readonly tasks: NngSocket;
  private readonly control: ControlServer;
  private readonly watchers = new Set<() => void>();
  private readonly inFlight = new Set<Mirai<unknown>>();
  private connections = 0;
  /** Shared by every mirai of this profile, as with the dispatcher's. */
  private readonly cancelTask = (id: number) => this.cancel(id);

  constructor(options: DirectProfileOptions) {
    this.name = options.name;
    this.ca = options.tls?.ca;
    this.seed = options.seed;
    this.tasks = new NngSocket('req', { resendTime: 0 });
    const control = new NngSocket('rep');
    // Pipe events are heard from the moment a listener is set, not before: both sockets listen
    // only once heard, or a daemon dialling in at once (a persistent one, redialling) is missed.
    this.control = new ControlServer(control, options.seed, () => this.notifyWatchers());
    this.tasks.onPipe((event) => {
      this.connections += event === 'add' ? 1 : -1;
      if (event === 'add') this.control.taskConnected();
      this.notifyWatchers();
    });
    try {
      this.url = this.tasks.listen(options.url, { tls: options.tls?.config }).url;
      control.listen(controlUrl(this.url), { tls: options.tls?.config });
    } catch (error) {
      this.control.close();
      this.tasks.close();
      throw error;
    }
  }

  private notifyWatchers(): void {
    for (const watcher of this.watchers) watcher();
  }

  daemonUrl(index: number): string {
    if (index !== 1) throw new RangeError(`the index must be 1 (the host URL) without dispatcher, got ${index}`);
    return this.url;
  }

  /** Each request goes on a context of the socket's own (no context object per task). */
  submit(m: Mirai<unknown>, parts: MessageParts, id: number, timeout: number | undefined): (id: number) => void {
    this.inFlight.add(m);
    this.tasks.request(parts, { timeout, tag: tagOf(id) }).then(
      (reply) => {
        this.inFlight.delete(m);
        settleFromReply(m, reply);
      },
      (error: unknown) => {
        this.inFlight.delete(m);
        const failure = failureFrom(error);
        if (failure.code === NNG.ETIMEDOUT) this.control.cancel(id);
        settle(m, true, failure);
      },
    );
    return this.cancelTask;
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
    return { connections: this.connections, daemons: this.url };
  }

  /** Online means connected for tasks and for control, so that everywhere() and exit reach it. */
  waitForDaemons(n: number, timeout: number): Promise<void> {
    return waitUntil(
      () => this.connections >= n && this.control.size >= n,
      (check) => {
        this.watchers.add(check);
        return () => this.watchers.delete(check);
      },
      this.processes,
      timeout,
      () => `only ${this.connections} of ${n} daemons connected (${this.control.size} of them for control)`,
    );
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
    await Promise.all([...this.processes].map((child) => waitForExit(child, EXIT_TIMEOUT_MS)));
  }
}
