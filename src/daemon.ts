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
}

export const DAEMON_OPTION_KEYS = [
  'autoexit', 'cleanup', 'output', 'maxtasks', 'idletime', 'walltime', 'timerstart', 'tls', 'rs', 'control',
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
  };
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
  parseUrl(url, 'url');
  const settings = readDaemonOptions(options, 'options');
  return new Daemon(url, settings).run();
}

// --- the daemon ------------------------------------------------------------------------

class Daemon {
  private readonly evaluator: Evaluator;
  private readonly tasks: NngSocket;
  private control: ControlClient | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly cancelled = new RecentIds(65536);
  private completed = 0;
  private running = false;
  private stopping = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private hostLeft = false;
  private onHostLeft: (() => void) | undefined;
  private lastReplyBytes = 0;
  private interrupt: ((reason: 'interrupt') => void) | undefined;
  private readonly stopped: Promise<void>;
  private stop!: () => void;

  constructor(
    private readonly url: string,
    private readonly settings: DaemonSettings,
  ) {
    this.evaluator = new Evaluator(settings.cleanup);
    this.tasks = new NngSocket('rep', { reconnectTimeMin: 100, reconnectTimeMax: 2000 });
    this.stopped = new Promise((resolve) => (this.stop = resolve));
  }

  async run(): Promise<void> {
    if (this.settings.rs) Math.random = randomFrom(streamState(this.settings.rs.seed, this.settings.rs.index));
    const onInterrupt = () => this.interrupt?.('interrupt');
    process.on('SIGINT', onInterrupt);
    try {
      const tls = this.clientTls();
      if (this.settings.control !== false) await this.connectControl(tls);
      this.connectTasks(tls);
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

  private async connectControl(tls: TlsConfig | undefined): Promise<void> {
    const url = typeof this.settings.control === 'string' ? this.settings.control : controlUrl(this.url);
    this.control = new ControlClient(url, tls, this.settings.autoexit !== false, (c) => this.onControl(c));
    this.onControl(await this.control.hello());
    this.control.poll();
  }

  private connectTasks(tls: TlsConfig | undefined): void {
    this.tasks.onPipe((event) => {
      if (event !== 'remove') return;
      this.hostLeft = true;
      this.onHostLeft?.();
      if (this.settings.autoexit !== false) this.hostGone();
    });
    // A daemon that exits with its host must find it now; a persistent one keeps redialling.
    this.tasks.dial(this.url, { tls, block: this.settings.autoexit !== false });
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

  private exitWhenIdle(): void {
    this.stopping = true;
    if (!this.running) this.stop();
  }

  private shutdown(): void {
    clearTimeout(this.idleTimer);
    this.control?.close();
    this.tasks.close();
  }

  // --- tasks ---

  /** Receives on two contexts in turn, so the next task is already here when one finishes. */
  private async serve(): Promise<void> {
    const contexts = [this.tasks.context(), this.tasks.context()];
    const sends: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
    let turn = 0;
    let next: Promise<Buffer> | undefined = contexts[0].recv();
    while (!this.stopping && next) {
      const message = await received(next);
      if (message === undefined) return;
      const ctx = contexts[turn];
      turn ^= 1;
      next = this.completed + 1 < this.settings.maxtasks ? this.prefetch(contexts[turn], sends[turn]) : undefined;
      const reply = await this.handleTask(message);
      if (reply) {
        this.lastReplyBytes = reply.reduce((n, part) => n + part.byteLength, 0);
        sends[turn ^ 1] = ctx.send(reply).catch(() => undefined);
        this.afterTask();
      }
    }
    await Promise.all(sends);
  }

  private prefetch(ctx: NngContext, previousSend: Promise<void>): Promise<Buffer> {
    const next = previousSend.then(() => ctx.recv());
    next.catch(() => undefined); // a prefetch still pending at exit ends with the socket
    return next;
  }

  private async handleTask(message: Buffer): Promise<MessageParts | undefined> {
    const task = decodeTask(message);
    if (task === undefined || this.cancelled.has(task.id)) return undefined;
    clearTimeout(this.idleTimer);
    const outcome = await this.runExclusive(() => this.evaluate(task, false));
    return encodeOutcome(outcome);
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

  private async evaluate(task: Task, persist: boolean): Promise<Outcome | 'interrupt'> {
    this.running = true;
    try {
      installSerializationSpec(task.serial, (source) => this.evaluator.compile({ ...task, src: source, fn: true }));
      const interrupted = new Promise<'interrupt'>((resolve) => (this.interrupt = resolve));
      return await Promise.race([this.evaluator.run(task, persist), interrupted]);
    } finally {
      this.interrupt = undefined;
      this.running = false;
      if (this.stopping) this.stop();
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
    for (const id of control.cancel ?? []) this.cancelled.add(id);
    for (const item of control.everywhere ?? []) void this.runEverywhere(item);
    if (control.exit) this.exitWhenIdle();
  }

  private async runEverywhere(item: EverywhereTask): Promise<void> {
    const outcome = await this.runExclusive(() => this.evaluate(item.task, true));
    const error: ErrorInfo | null =
      outcome === 'interrupt' ? { name: 'MiraiInterrupt', message: 'interrupted', stack: '', props: {} } : outcome.ok ? null : outcome.error;
    this.control?.report({ id: item.id, error });
  }
}

async function received(next: Promise<Buffer>): Promise<Buffer | undefined> {
  try {
    return await next;
  } catch (error) {
    if (isNngError(error) && error.code === NNG.ECLOSED) return undefined;
    throw error;
  }
}

function decodeTask(message: Buffer): Task | undefined {
  const { kind, value } = decode(message);
  return kind === Kind.Task ? (value as Task) : undefined;
}

/** The reply to a task; a result that cannot cross the wire becomes the error saying why. */
function encodeOutcome(outcome: Outcome | 'interrupt'): MessageParts {
  if (outcome === 'interrupt') return encode(Kind.Interrupt, null);
  if (outcome.ok) {
    try {
      return encode(Kind.Value, outcome.value, 'the result');
    } catch (error) {
      return encode(Kind.Error, describeError(error));
    }
  }
  try {
    return encode(Kind.Error, outcome.error);
  } catch {
    return encode(Kind.Error, { ...outcome.error, props: {} });
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
  private readonly socket = new NngSocket('req', { resendTime: 0 });
  private readonly pollContext: NngContext;
  private readonly reportContext: NngContext;
  private reports: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    url: string,
    tls: TlsConfig | undefined,
    block: boolean,
    private readonly onControl: (control: Control) => void,
  ) {
    this.socket.dial(url, { tls, block });
    this.pollContext = this.socket.context();
    this.reportContext = this.socket.context();
  }

  async hello(): Promise<Control> {
    return this.ask(this.pollContext, { hello: { pid: process.pid } });
  }

  poll(): void {
    const loop = async () => {
      while (!this.closed) this.onControl(await this.ask(this.pollContext, {}));
    };
    loop().catch(() => undefined);
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
