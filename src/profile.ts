// A compute profile: what every set of daemons offers mirai, whether they connect straight to
// this host or sit behind a dispatcher, and the part both kinds share.
import type { ChildProcess } from 'node:child_process';
import { exitWithin } from './childExit';
import type { CancelTask, Mirai } from './miraiObject';
import type { DaemonStatus, ErrorInfo, MessageParts, Task } from './protocol';
import { ProfileMetrics, type Metrics } from './metrics';
import type { QueueGate } from './queueGate';

/** What {@link status} and `daemons()` report for a compute profile. */
export interface Status {
  /** Active connections: daemons online (without dispatcher), 1 with dispatcher, 0 when not set. */
  connections: number;
  /** Rows per URL (dispatcher), the host URL (no dispatcher), or 0 (not set). */
  daemons: DaemonStatus[] | string | number;
  /** Without dispatcher, where each connected daemon connected from (as a row's `address`). */
  addresses?: string[];
}

/** Task counts of a compute profile (R 2.x's info()), as each kind of profile keeps them. */
export interface Counts {
  /** Daemons connected now. */
  connections: number;
  /** Tasks not yet handed to a daemon: queued at the dispatcher, or (without dispatcher) held
   * by the host while no daemon is connected. */
  waiting: number;
  /** Tasks handed to a daemon since the daemons were set (completed ones included). */
  assigned: number;
  /** Tasks whose daemon replied (a value or an error) since the daemons were set. */
  complete: number;
  /** Messages from the daemons' side refused since the daemons were set, as they did not read
   * as what they claimed to be (a reply, a poll, events): nothing in them was used. A reply
   * refused settles its mirai to an error saying so. */
  refused: number;
}

/** R 2.x's info(): the counts, and the metrics of the profile and of each daemon. */
export interface Info extends Counts {
  /** Run and wait times, tasks done and utilisation, for the profile and each daemon. */
  metrics: Metrics;
}

/** A set of daemons that mirai can be sent to, by name ("default" unless `compute` says);
 * either daemons connected straight to this host, or a dispatcher in front of them. */
export interface Profile {
  readonly name: string;
  readonly dispatcher: boolean;
  /** Daemons this host launched, so a reset can wait for them to exit. */
  readonly processes: Set<ChildProcess>;
  /** For TLS URLs: the CA certificate (PEM) daemons must trust. */
  readonly ca: string | undefined;
  /** For zero-configuration TLS URLs: the client certificate and key (PEM) daemons present,
   * without which the listeners refuse them (mutual TLS). */
  readonly identity: [string, string] | undefined;
  /** The seed of the random streams, and the next stream to hand out. */
  readonly seed: number | undefined;
  nextStream: number;
  /** Daemons online now, each running one task at a time. */
  readonly online: number;
  /** The limit on queued tasks (daemons(n, { maxQueued })), if set. */
  gate: QueueGate | undefined;
  /** Every task may be interrupted (daemons(n, { interrupt: true })), not only those with a
   * timeout or a signal. */
  interruptAll: boolean;
  /** With a seed: the random stream of the next mirai (its sequence number in the profile). */
  nextTaskStream: number;
  /** The URL daemon `index` (1-based) dials. */
  daemonUrl(index: number): string;
  /** Sends an encoded task; returns how to stop it, given its id. */
  submit(m: Mirai<unknown>, parts: MessageParts, id: number): CancelTask;
  everywhere(task: Task): Promise<ErrorInfo[]>;
  status(): Promise<Status>;
  info(): Promise<Counts>;
  /** Tasks done, run and wait times, utilisation (info()). */
  readonly metrics: ProfileMetrics;
  /** Resolves once `n` daemons are online; rejects past `timeout` ms or if a launched one exits. */
  waitForDaemons(n: number, timeout: number): Promise<void>;
  /** Regenerates dispatcher URL `i` (dispatcher profiles only). */
  saisei(i: number, force: boolean): Promise<string | null>;
  /** Closes: pending mirai resolve to ErrorValue 19; with `tellPersistent`, daemons are told to exit. */
  close(tellPersistent: boolean): Promise<void>;
}

/** How long a reset waits for a launched daemon to exit before killing it. */
export const EXIT_TIMEOUT_MS = 5_000;

/** What both kinds of profile keep alike: identity, launched processes, random streams, and
 * waiting for daemons to come online. */
export abstract class BaseProfile implements Pick<Profile, 'name' | 'processes' | 'ca' | 'identity' | 'seed' | 'nextStream' | 'nextTaskStream' | 'gate' | 'interruptAll' | 'metrics' | 'waitForDaemons'> {
  readonly processes = new Set<ChildProcess>();
  nextStream = 0;
  nextTaskStream = 0;
  gate: QueueGate | undefined = undefined;
  interruptAll = false;
  readonly metrics = new ProfileMetrics();
  private readonly watchers = new Set<() => void>();

  readonly ca: string | undefined;
  readonly identity: [string, string] | undefined;

  constructor(
    readonly name: string,
    tls: { ca: string; identity?: [string, string] } | undefined,
    readonly seed: number | undefined,
  ) {
    this.ca = tls?.ca;
    this.identity = tls?.identity;
  }

  waitForDaemons(n: number, timeout: number): Promise<void> {
    return waitUntil(
      () => this.hasOnline(n),
      (check) => {
        this.watchers.add(check);
        return () => this.watchers.delete(check);
      },
      this.processes,
      timeout,
      () => this.describeOnline(n),
    );
  }

  /** True once `n` daemons are online. */
  protected abstract hasOnline(n: number): boolean;

  /** Why `n` are not online yet, for the timeout's message. */
  protected abstract describeOnline(n: number): string;

  /** Re-checks every waitForDaemons(): call when daemons come or go. */
  protected onlineChanged(): void {
    this.gate?.pump();
    for (const watcher of this.watchers) watcher();
  }

  /** Waits for every launched daemon to exit, killing those still running past the bound. */
  protected async processesExited(): Promise<void> {
    await Promise.all([...this.processes].map((child) => exitWithin(child, EXIT_TIMEOUT_MS, 'SIGKILL')));
  }
}

/** Resolves when `ready()` holds, re-checked whenever `subscribe`'s callback runs; rejects
 * past `timeout` ms or when a launched process exits first. */
function waitUntil(
  ready: () => boolean,
  subscribe: (check: () => void) => () => void,
  processes: Set<ChildProcess>,
  timeout: number,
  describe: () => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`daemons: a daemon exited before connecting (${signal ?? `exit code ${code}`})`));
    const done = (error?: Error) => {
      clearTimeout(timer);
      unsubscribe();
      for (const child of processes) child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (ready()) done();
    };
    const timer = setTimeout(() => done(new Error(`daemons: ${describe()} within ${timeout} ms`)), timeout);
    unsubscribe = subscribe(check);
    for (const child of processes) child.once('exit', onExit);
    check();
  });
}
