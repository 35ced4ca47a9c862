// The daemon: dials the host (or dispatcher), evaluates tasks one at a time, replies, and
// exits when its limits or its host say so.
import { constants as osConstants } from 'node:os';
import { Kind, type Control, type ErrorInfo, type EverywhereTask, type Poll, type Task } from './protocol';
import { decode, encode, installSerializationSpec, type MessageParts } from './serial';
import { Cleanup, describeError, Evaluator, type Outcome } from './evaluate';
import { NngSocket, tlsConfig, type NngContext, type TlsConfig } from './nng';
import { isNngError, NNG } from './errors';
import { controlUrl, isSecureUrl, parseUrl } from './url';
import { randomFrom, streamState } from './random';
import { readFileIfPath } from './tls';
import {
  expectBoolean,
  expectDuration,
  expectInteger,
  expectKnownKeys,
  expectObject,
  expectString,
  typeName,
} from './validate';

export interface DaemonOptions {
  /** Exit when the connection to the host ends (default true); false persists and redials;
   * a signal name or number also raises that signal, interrupting a running evaluation. */
  autoexit?: boolean | NodeJS.Signals | number;
  /** Cleanup after each task: true (= 7), false (= 0) or a bitmask: 1 globals the task added,
   * 2 modules it loaded, 4 process settings (env, cwd, exitCode), 8 garbage collection. */
  cleanup?: boolean | number;
  /** Forward the daemon's stdout/stderr to the host (local daemons; read by the launchers). */
  output?: boolean;
  /** Exit after this many tasks. */
  maxtasks?: number;
  /** Exit after this many ms without a task. */
  idletime?: number;
  /** Exit once this many ms have passed (after the task in progress). */
  walltime?: number;
  /** Start the idletime and walltime clocks after this many completed tasks. */
  timerstart?: number;
  /** For tls+tcp:// and wss://: the CA certificate (PEM text or a file path) to trust. */
  tls?: string;
  /** Random stream for Math.random: `"seed:index"` (set by `daemons({ seed })`). */
  rs?: string;
  /** The control URL (cancellations, everywhere, exit); default derived from `url`; false: none. */
  control?: string | false;
  /** Behind a dispatcher (`control: false`): keep dialling for up to this many ms until it
   * listens (default 0: it must listen already). Set by daemons(n), which launches its local
   * daemons while its dispatcher starts. A persistent daemon (autoexit false) redials anyway. */
  dialwait?: number;
}

export const DAEMON_OPTION_KEYS = [
  'autoexit', 'cleanup', 'output', 'maxtasks', 'idletime', 'walltime', 'timerstart', 'tls', 'rs', 'control', 'dialwait',
] as const;

/** Options as the daemon uses them. */
export interface DaemonSettings {
  autoexit: boolean | NodeJS.Signals | number;
  cleanup: number;
  output: boolean;
  maxtasks: number;
  idletime: number;
  walltime: number;
  timerstart: number;
  tls: string | undefined;
  rs: { seed: number; index: number } | undefined;
  control: string | false | undefined;
  dialwait: number;
}

/** Validates daemon options (also used by daemons() and the launchers, before any work). */
export function readDaemonOptions(options: unknown, what: string): DaemonSettings {
  const o = expectObject(options ?? {}, what) as DaemonOptions;
  expectKnownKeys(o as Record<string, unknown>, DAEMON_OPTION_KEYS, what);
  return {
    autoexit: readAutoexit(o.autoexit, `${what}.autoexit`),
    cleanup: readCleanup(o.cleanup, `${what}.cleanup`),
    output: o.output === undefined ? false : expectBoolean(o.output, `${what}.output`),
    maxtasks: readLimit(o.maxtasks, `${what}.maxtasks`, 1),
    idletime: o.idletime === undefined || o.idletime === Infinity ? Infinity : expectDuration(o.idletime, `${what}.idletime`),
    walltime: o.walltime === undefined || o.walltime === Infinity ? Infinity : expectDuration(o.walltime, `${what}.walltime`),
    timerstart: o.timerstart === undefined ? 0 : expectInteger(o.timerstart, `${what}.timerstart`, 0),
    tls: o.tls === undefined ? undefined : expectString(o.tls, `${what}.tls`),
    rs: o.rs === undefined ? undefined : readStream(o.rs, `${what}.rs`),
    control: o.control === undefined || o.control === false ? o.control : expectString(o.control, `${what}.control`),
    dialwait: readDialwait(o, what),
  };
}

/** A daemon with a control channel cannot wait for its host: a control URL refused at start
 * means "no control channel here", which a host still starting would fake. */
function readDialwait(o: DaemonOptions, what: string): number {
  if (o.dialwait === undefined) return 0;
  const ms = expectDuration(o.dialwait, `${what}.dialwait`);
  if (ms > 0 && o.control !== false) {
    throw new TypeError(`${what}.dialwait is for a daemon behind a dispatcher: it needs ${what}.control = false`);
  }
  return ms;
}

function readAutoexit(value: unknown, what: string): boolean | NodeJS.Signals | number {
  if (value === undefined) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && value in osConstants.signals) return value as NodeJS.Signals;
  if (typeof value === 'number' && Object.values(osConstants.signals).includes(value)) return value;
  throw new TypeError(`${what} must be true, false or a signal name or number such as 'SIGINT', got ${typeName(value)}`);
}

function readCleanup(value: unknown, what: string): number {
  if (value === undefined || value === true) return Cleanup.Default;
  if (value === false) return 0;
  return expectInteger(value, what, 0, 15);
}

function readLimit(value: unknown, what: string, min: number): number {
  if (value === undefined || value === Infinity) return Infinity;
  return expectInteger(value, what, min);
}

function readStream(value: string, what: string): { seed: number; index: number } {
  const match = /^(-?\d+):(\d+)$/.exec(expectString(value, what));
  if (!match) throw new TypeError(`${what} must look like "seed:index", got ${typeName(value)}`);
  return { seed: Number(match[1]), index: Number(match[2]) };
}

/** Runs a daemon in this process until it exits; resolves then. */
export function daemon(url: string, options: DaemonOptions = {}): Promise<void> {
  try {
    parseUrl(url, 'url');
    const settings = readDaemonOptions(options, 'options');
    return new Daemon(url, settings).run();
  } catch (error) {
    return Promise.reject(error);
  }
}

// --- the daemon ------------------------------------------------------------------------

/** Why an evaluation stopped being waited for: SIGINT, or its task was cancelled. */
type Stop = 'interrupt' | 'abandon';

/** How soon a daemon waiting for its dispatcher (dialwait) dials again: a refused dial costs
 * little, and a dispatcher still starting is usually a few ms away. */
const WAITING_REDIAL_MS = { reconnectTimeMin: 5, reconnectTimeMax: 20 };

/** Receive loops of a daemon without a task limit: 8 measured 20-25% more throughput than 2
 * in the direct mode; a direct host's tasks queue at the daemon's pipe either way. */
const RECEIVE_LOOPS = 8;

/** How long a daemon waits, after dialling a derived control URL, to hear that the peer took
 * the connection: NNG has added an accepted peer before the dial returns, so its event is
 * already queued; the margin is for a loaded machine. */
const PEER_ACCEPT_MS = 500;

class Daemon {
  private readonly evaluator: Evaluator;
  private readonly tasks: NngSocket;
  private control: ControlClient | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly cancelled = new RecentIds(65536);
  private completed = 0;
  private stopping = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private hostLeft = false;
  private onHostLeft: (() => void) | undefined;
  private lastReplyBytes = 0;
  /** Messages received and not yet answered. */
  private inHand = 0;
  private interrupt: ((reason: Stop) => void) | undefined;
  private current: number | undefined;
  private readonly stopped: Promise<void>;
  private stop!: () => void;

  constructor(
    private readonly url: string,
    private readonly settings: DaemonSettings,
  ) {
    this.evaluator = new Evaluator(settings.cleanup);
    this.tasks = new NngSocket('rep', this.waitsToConnect() ? WAITING_REDIAL_MS : { reconnectTimeMin: 100, reconnectTimeMax: 2000 });
    this.stopped = new Promise((resolve) => (this.stop = resolve));
  }

  async run(): Promise<void> {
    if (this.settings.rs) Math.random = randomFrom(streamState(this.settings.rs.seed, this.settings.rs.index));
    const onInterrupt = () => this.interrupt?.('interrupt');
    process.on('SIGINT', onInterrupt);
    try {
      const tls = this.clientTls();
      await this.connect(tls);
      if (this.settings.timerstart === 0) this.startClocks();
      await Promise.race([this.serve(), this.stopped]);
      await this.linger();
    } finally {
      process.off('SIGINT', onInterrupt);
      this.shutdown();
    }
  }

  private clientTls(): TlsConfig | undefined {
    if (!isSecureUrl(this.url)) return undefined;
    if (this.settings.tls === undefined) {
      throw new TypeError(`options.tls is required for ${this.url}: the CA certificate (PEM, or a file path) to trust`);
    }
    const { host } = parseUrl(this.url);
    return tlsConfig('client', { ca: readFileIfPath(this.settings.tls), serverName: host });
  }

  // --- connections ---

  /** A TLS handshake that fails is explained (NNG says only "Cryptographic error"); the code
   * that explains it loads only then. */
  private async connect(tls: TlsConfig | undefined): Promise<void> {
    try {
      if (this.settings.control !== false) await this.connectControl(tls);
      await this.connectTasks(tls);
    } catch (error) {
      if (tls === undefined) throw error;
      const { explainTlsFailure } = await import('./tlsDiagnosis');
      throw await explainTlsFailure(error, this.url, readFileIfPath(this.settings.tls as string));
    }
  }

  /** A host (without dispatcher) listens for control beside the task URL; a dispatcher does
   * not, as it speaks to each daemon alone on the task channel. So a derived control URL that
   * refuses the connection is simply not used; one given explicitly must answer. */
  private async connectControl(tls: TlsConfig | undefined): Promise<void> {
    const explicit = typeof this.settings.control === 'string';
    const url = explicit ? (this.settings.control as string) : controlUrl(this.url);
    const persistent = this.settings.autoexit === false;
    let client: ControlClient;
    try {
      client = new ControlClient(url, tls, !persistent, (c) => this.onControl(c));
    } catch (error) {
      if (explicit) throw error;
      return;
    }
    this.control = client;
    // A persistent daemon may start before its host: it catches up once connected.
    const hello = client.hello().then((control) => {
      this.onControl(control);
      client.poll();
    });
    if (persistent) {
      hello.catch(() => undefined);
      return;
    }
    // A derived URL may be something else that accepts the connection and then refuses the
    // protocol (with a dispatcher on tcp, port + 1 is the next daemon's task URL): no peer
    // is ever added, and the daemon goes on without a control channel.
    if (!explicit && !(await client.accepted(PEER_ACCEPT_MS))) {
      hello.catch(() => undefined);
      client.close();
      this.control = undefined;
      return;
    }
    await hello;
  }

  private async connectTasks(tls: TlsConfig | undefined): Promise<void> {
    let connected!: () => void;
    const first = new Promise<void>((resolve) => (connected = resolve));
    this.tasks.onPipe((event) => {
      if (event === 'add') return connected();
      this.hostLeft = true;
      this.onHostLeft?.();
      if (this.settings.autoexit !== false) this.hostGone();
    });
    // A daemon that exits with its host must find it now, or within dialwait; a persistent one
    // keeps redialling.
    const wait = this.waitsToConnect();
    this.tasks.dial(this.url, { tls, block: this.settings.autoexit !== false && !wait });
    if (wait) await withinDialwait(first, this.url, this.settings.dialwait);
  }

  private waitsToConnect(): boolean {
    return this.settings.dialwait > 0 && this.settings.autoexit !== false;
  }

  /** NNG does not linger on close: give the last reply time to leave before the socket goes,
   * unless the host is already gone. */
  private async linger(): Promise<void> {
    if (this.hostLeft || this.lastReplyBytes === 0) return;
    const ms = Math.max(200, this.lastReplyBytes / 50_000);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.onHostLeft = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private hostGone(): void {
    const autoexit = this.settings.autoexit;
    if (autoexit !== true && autoexit !== false) {
      process.removeAllListeners(typeof autoexit === 'string' ? autoexit : 'SIGINT');
      process.kill(process.pid, autoexit);
    }
    this.exitWhenIdle();
  }

  /** Stops now if no message is in hand, else once its reply has gone. */
  private exitWhenIdle(): void {
    this.stopping = true;
    if (this.inHand === 0) this.stop();
  }

  private shutdown(): void {
    clearTimeout(this.idleTimer);
    this.control?.close();
    this.tasks.close();
  }

  // --- tasks ---

  /** Several receive loops: the next messages are already here when a task finishes (several
   * arrive per wake-up, which is most of the direct mode's throughput), and a dispatcher's
   * cancellation reaches the daemon while a task runs, even behind a queued everywhere().
   * Evaluations still run one at a time. A daemon with a task limit takes one message at a
   * time, so it never takes a task it will not run. */
  private async serve(): Promise<void> {
    const loops = this.settings.maxtasks === Infinity ? RECEIVE_LOOPS : 1;
    await Promise.all(Array.from({ length: loops }, () => this.receiveLoop(this.tasks.context())));
  }

  private async receiveLoop(ctx: NngContext): Promise<void> {
    while (!this.stopping) {
      const message = await received(ctx.recv());
      if (message === undefined) return;
      this.inHand++;
      try {
        const reply = await this.handleMessage(message);
        if (reply !== undefined) {
          this.lastReplyBytes = reply.reduce((n, part) => n + part.byteLength, 0);
          await ctx.send(reply).catch(() => undefined);
        }
      } finally {
        this.inHand--;
      }
      // A limit reached during the task ends the daemon once its reply has gone.
      if (this.stopping && this.inHand === 0) this.stop();
    }
  }

  private handleMessage(message: Buffer): Promise<MessageParts | undefined> {
    // Serialisers travel inside the task: install them before its values are read.
    const { kind, value } = decode(message, (raw) => this.installSerialisers(raw as Task));
    if (kind === Kind.Task) return this.handleTask(value as Task);
    if (kind === Kind.Control) return this.handleDirectControl(value as Control);
    return Promise.resolve(undefined);
  }

  private installSerialisers(raw: Task): void {
    if (raw !== null && typeof raw === 'object' && 'serial' in raw) {
      installSerializationSpec(raw.serial, (source) => this.evaluator.compile({ src: source, fn: true, names: null } as Task));
    }
  }

  /** A task cancelled before it starts (checked when it arrives and again when its turn
   * comes) is skipped, but still answered (abandoned): a dispatcher gives this daemon no
   * other task until the reply comes, and a host without one discards a reply to a request
   * it cancelled (NNG matches replies by request id). */
  private async handleTask(task: Task): Promise<MessageParts> {
    if (this.cancelled.has(task.id)) return encodeOutcome('abandon', task.id);
    clearTimeout(this.idleTimer);
    const outcome = await this.runExclusive(() => (this.cancelled.has(task.id) ? Promise.resolve(undefined) : this.evaluate(task, false)));
    if (outcome === undefined) {
      // Skipped, not run: the idle clock stopped above starts again, or idletime never ends it.
      if (this.completed >= this.settings.timerstart) this.restartIdleClock();
      return encodeOutcome('abandon', task.id);
    }
    this.afterTask();
    return encodeOutcome(outcome, task.id);
  }

  /** Control sent on the task channel (by a dispatcher, which talks to this daemon alone):
   * answered once its everywhere() evaluations have run. */
  private async handleDirectControl(control: Control): Promise<MessageParts> {
    for (const id of control.cancel ?? []) this.cancel(id);
    const done = await Promise.all((control.everywhere ?? []).map((item) => this.everywhereOutcome(item)));
    if (control.exit) this.exitWhenIdle();
    return encode(Kind.Poll, { done } satisfies Poll);
  }

  private afterTask(): void {
    this.completed++;
    if (this.completed === this.settings.timerstart) this.startClocks();
    else if (this.completed > this.settings.timerstart) this.restartIdleClock();
    if (this.completed >= this.settings.maxtasks) this.exitWhenIdle();
  }

  /** Evaluations never interleave: tasks and everywhere() run one after another. */
  private runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs a task; an interrupt (SIGINT) or a cancellation of this very task stops waiting
   * for it. An async evaluation is then dropped; a synchronous one cannot be stopped. */
  private async evaluate(task: Task, persist: boolean): Promise<Outcome | Stop> {
    this.current = persist ? undefined : task.id;
    try {
      const stopped = new Promise<Stop>((resolve) => (this.interrupt = resolve));
      return await Promise.race([this.evaluator.run(task, persist), stopped]);
    } finally {
      this.interrupt = undefined;
      this.current = undefined;
    }
  }

  // --- clocks ---

  private startClocks(): void {
    this.restartIdleClock();
    if (this.settings.walltime !== Infinity) {
      setTimeout(() => this.exitWhenIdle(), this.settings.walltime).unref();
    }
  }

  private restartIdleClock(): void {
    if (this.settings.idletime === Infinity) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.exitWhenIdle(), this.settings.idletime);
    this.idleTimer.unref();
  }

  // --- control ---

  private onControl(control: Control): void {
    // The host hands out random streams in the order daemons connect, which is the order its
    // round robin follows: with a seed, results then repeat run after run.
    if (control.rs && this.settings.rs === undefined) Math.random = randomFrom(streamState(control.rs.seed, control.rs.index));
    for (const id of control.cancel ?? []) this.cancel(id);
    for (const item of control.everywhere ?? []) {
      void this.everywhereOutcome(item).then((done) => this.control?.report(done));
    }
    if (control.exit) this.exitWhenIdle();
  }

  private cancel(id: number): void {
    this.cancelled.add(id);
    if (id === this.current) this.interrupt?.('abandon');
  }

  private async everywhereOutcome(item: EverywhereTask): Promise<{ id: number; error: ErrorInfo | null }> {
    const outcome = await this.runExclusive(() => this.evaluate(item.task, true));
    const error: ErrorInfo | null =
      typeof outcome === 'string' ? { name: 'MiraiInterrupt', message: 'interrupted', stack: '', props: {} } : outcome.ok ? null : outcome.error;
    return { id: item.id, error };
  }
}

function withinDialwait(connected: Promise<void>, url: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no dispatcher listened at ${url} within dialwait (${ms} ms)`)), ms);
  });
  return Promise.race([connected, expired]).finally(() => clearTimeout(timer));
}

async function received(next: Promise<Buffer>): Promise<Buffer | undefined> {
  try {
    return await next;
  } catch (error) {
    if (isNngError(error) && error.code === NNG.ECLOSED) return undefined;
    throw error;
  }
}

/** The reply to a task, tagged with its id; a result that cannot cross the wire becomes the
 * error saying why. */
function encodeOutcome(outcome: Outcome | Stop, id: number): MessageParts {
  if (outcome === 'interrupt') return encode(Kind.Interrupt, null, 'the result', id);
  if (outcome === 'abandon') return encode(Kind.Abandoned, null, 'the result', id);
  if (outcome.ok) {
    try {
      return encode(Kind.Value, outcome.value, 'the result', id);
    } catch (error) {
      return encode(Kind.Error, describeError(error), 'the error', id);
    }
  }
  try {
    return encode(Kind.Error, outcome.error, 'the error', id);
  } catch {
    return encode(Kind.Error, { ...outcome.error, props: {} }, 'the error', id);
  }
}

/** A bounded set of recent ids: old cancellations are forgotten first. */
class RecentIds {
  private readonly ids = new Set<number>();
  constructor(private readonly limit: number) {}
  add(id: number): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as number);
  }
  has(id: number): boolean {
    return this.ids.has(id);
  }
}

// --- the control channel (daemon side) ----------------------------------------------------

/** A long poll to the host: one request always waits there for instructions; reports go
 * on a second context and are answered at once. */
class ControlClient {
  private readonly socket = new NngSocket('req', { resendTime: 0, reconnectTimeMin: 100, reconnectTimeMax: 2000 });
  private readonly pollContext: NngContext;
  private readonly reportContext: NngContext;
  private reports: Promise<unknown> = Promise.resolve();
  private closed = false;
  private added = false;
  private onAccepted: (() => void) | undefined;

  constructor(
    url: string,
    tls: TlsConfig | undefined,
    block: boolean,
    private readonly onControl: (control: Control) => void,
  ) {
    this.pollContext = this.socket.context();
    this.reportContext = this.socket.context();
    // Without resends, a poll caught in a connection's teardown could wait forever: when the
    // connection goes, the poll is cancelled, and the loop greets the next connection. Heard
    // before dialling, so that no connection's end goes unheard.
    this.socket.onPipe((event) => {
      if (event === 'remove') return this.pollContext.cancel();
      this.added = true;
      this.onAccepted?.();
    });
    this.socket.dial(url, { tls, block });
  }

  /** True once a peer of the right protocol is connected, false if none is within `ms` of a
   * blocking dial (which returns once the transport connects, before the peer is checked). */
  accepted(ms: number): Promise<boolean> {
    if (this.added) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.onAccepted = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  async hello(): Promise<Control> {
    return this.ask(this.pollContext, { hello: { pid: process.pid } });
  }

  /** Polls until closed. A poll fails only when its connection drops (no resends); a
   * persistent daemon then says hello again, which waits for the next connection. */
  poll(): void {
    const loop = async () => {
      let greet = false;
      while (!this.closed) {
        try {
          this.onControl(await this.ask(this.pollContext, greet ? { hello: { pid: process.pid } } : {}));
          greet = false;
        } catch (error) {
          if (isNngError(error) && error.code === NNG.ECLOSED) return;
          greet = true;
        }
      }
    };
    void loop();
  }

  report(done: { id: number; error: ErrorInfo | null }): void {
    this.reports = this.reports
      .then(() => this.ask(this.reportContext, { done: [done] }))
      .then((control) => this.onControl(control))
      .catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }

  private async ask(ctx: NngContext, poll: Poll): Promise<Control> {
    const reply = await ctx.request(encode(Kind.Poll, poll));
    return decode(reply).value as Control;
  }
}
