// The daemon: dials the host (or dispatcher), evaluates tasks one at a time, replies, and
// exits when its limits or its host say so.
import { SocketCancelInterrupt, type CancelInterrupt } from './cancelInterrupt';
import { WatchCancelInterrupt } from './cancelWatch';
import { ControlClient } from './control';
import { readDaemonOptions, type DaemonOptions, type DaemonSettings } from './daemonOptions';
import { EventOutbox, ParkedPoll, type EventPath } from './emit';
import { describeError, Evaluator, type Outcome } from './evaluate';
import { isNngError, NNG } from './errors';
import { linkOptions } from './linkTimeout';
import { NngSocket, type NngContext } from './nng';
import { addTiming, isControl, isTask, Kind, markEvents, markLast, peek, type Control, type ErrorInfo, type EverywhereDone, type EverywhereTask, type MessageParts, type Poll, type Task } from './protocol';
import { randomFrom, streamState, taskStreamState } from './random';
import { RecentIds } from './recentIds';
import { decode, encode } from './serial';
import { installSerializationSpec } from './serialization';
import { SignalGate } from './signalGate';
import { LARGE_MESSAGE_BYTES, SpareStorage } from './spareStorage';
import { TaskAbort } from './taskSignal';
import { readCertKey, readFileIfPath, tlsConfig, type TlsConfig } from './tls';
import { controlUrl, isSecureUrl, parseUrl } from './url';

/** Runs a daemon in this process, dialling `url`, until it exits; resolves then. What
 * `mirai daemon <url>` runs. Bad arguments reject (TypeError, RangeError). */
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

/** Why an evaluation stopped being waited for (SIGINT, or its task was cancelled), or did not
 * start (the daemon retires: declined). */
type Stop = 'interrupt' | 'abandon' | 'decline';

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

/** Freed message storage a daemon keeps for its next large tasks and replies, and for how
 * long after the last: room for a task of 100 MB, its reply, and the messages of the last
 * tasks not yet collected, so that a stream of them reuses warm memory, not fresh pages. */
const SPARE_MESSAGE_BYTES = 512 * 1024 * 1024;
const SPARE_IDLE_MS = 5000;

class Daemon {
  private readonly evaluator: Evaluator;
  private readonly spares: SpareStorage;
  private readonly tasks: NngSocket;
  private control: ControlClient | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly cancelled = new RecentIds(65536);
  private completed = 0;
  /** Messages refused (not a task or an instruction): each refusal tells the count so far. */
  private refused = 0;
  /** For the timing at the end of each reply: when this daemon started, and ms it has run tasks. */
  private readonly since = performance.now();
  private busy = 0;
  private stopping = false;
  /** A reply marked last has gone: nothing runs after it. */
  private lastSent = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private hostLeft = false;
  private onHostLeft: (() => void) | undefined;
  private lastReplyBytes = 0;
  /** Messages received and not yet answered. */
  private inHand = 0;
  private interrupt: ((reason: Stop) => void) | undefined;
  /** An interrupted evaluation that has not ended yet: the next waits for it. */
  private ending: Promise<void> | undefined;
  /** How a cancellation stops a synchronous task (option interrupt). */
  private cancelInterrupt: CancelInterrupt | undefined;
  /** Where tasks the host marked are interruptible (option interrupt): see signalGate.ts. */
  private readonly gate: SignalGate | undefined;
  /** The host's control URL, once its control channel is up. */
  private controlAt: string | undefined;
  /** Behind a dispatcher, the poll it parks here for events. */
  private readonly eventPoll = new ParkedPoll(() => this.receiveNextPoll());
  private readonly events = new EventOutbox(() => this.eventPath());
  private current: number | undefined;
  private readonly stopped: Promise<void>;
  private stop!: () => void;

  constructor(
    private readonly url: string,
    private readonly settings: DaemonSettings,
  ) {
    this.gate = settings.interrupt ? new SignalGate() : undefined;
    this.evaluator = new Evaluator(settings.cleanup, this.gate);
    this.spares = new SpareStorage(SPARE_MESSAGE_BYTES, SPARE_IDLE_MS);
    const redial = this.waitsToConnect() ? WAITING_REDIAL_MS : { reconnectTimeMin: 100, reconnectTimeMax: 2000 };
    this.tasks = new NngSocket('rep', { ...redial, recvSizeMax: settings.maxMessageSize, ...linkOptions(settings.linkTimeout) });
    this.stopped = new Promise((resolve) => (this.stop = resolve));
  }

  async run(): Promise<void> {
    if (this.settings.rs) Math.random = randomFrom(streamState(this.settings.rs.seed, this.settings.rs.index));
    // Cancellations raise SIGINT only while vm watches for it (signalGate.ts): one heard here
    // came from outside.
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

  /** Behind a dispatcher, cancellations come on the task socket, which raises SIGINT itself;
   * with a control channel, a watcher thread hears them. */
  private interruptOnCancel(): CancelInterrupt | undefined {
    const gate = this.gate;
    if (gate === undefined) return undefined;
    const at = this.controlAt;
    if (at === undefined) return new SocketCancelInterrupt(this.tasks, gate);
    if (!isSecureUrl(at)) return new WatchCancelInterrupt(at, undefined, gate);
    const [cert, key] = this.identity() ?? [];
    return new WatchCancelInterrupt(at, { ca: readFileIfPath(this.settings.tls as string), serverName: parseUrl(this.url).host, cert, key }, gate);
  }

  private clientTls(): TlsConfig | undefined {
    if (!isSecureUrl(this.url)) return undefined;
    if (this.settings.tls === undefined) {
      throw new TypeError(`options.tls is required for ${this.url}: the CA certificate (PEM, or a file path) to trust`);
    }
    const { host } = parseUrl(this.url);
    const [cert, key] = this.identity() ?? [];
    return tlsConfig('client', { ca: readFileIfPath(this.settings.tls), serverName: host, cert, key });
  }

  /** The client certificate and key this daemon presents, if given (mutual TLS). */
  private identity(): [string, string] | undefined {
    return this.settings.identity === undefined ? undefined : readCertKey(this.settings.identity);
  }

  // --- connections ---

  /** A TLS handshake that fails is explained (NNG says only "Cryptographic error"); the code
   * that explains it loads only then. */
  private async connect(tls: TlsConfig | undefined): Promise<void> {
    try {
      if (this.settings.control !== false) await this.connectControl(tls);
      this.cancelInterrupt = this.interruptOnCancel();
      // A daemon that persists does not wait: its host may not be there yet.
      if (this.settings.autoexit !== false) await this.cancelInterrupt?.ready;
      await this.connectTasks(tls);
    } catch (error) {
      if (tls === undefined) throw error;
      const { explainTlsFailure } = await import('./tlsDiagnosis');
      throw await explainTlsFailure(error, this.url, readFileIfPath(this.settings.tls as string), this.identity());
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
      client = new ControlClient(url, tls, !persistent, (c) => this.onControl(c), linkOptions(this.settings.linkTimeout));
    } catch (error) {
      if (explicit) throw error;
      return;
    }
    this.control = client;
    this.controlAt = url;
    // A persistent daemon may start before its host, and its host may go while it says hello:
    // its poll loop greets whichever host it meets next, and catches up then.
    if (persistent) {
      client.poll(true);
      return;
    }
    const hello = client.hello().then((control) => {
      this.onControl(control);
      client.poll();
    });
    // A derived URL may be something else that accepts the connection and then refuses the
    // protocol (with a dispatcher on tcp, port + 1 is the next daemon's task URL): no peer
    // is ever added, and the daemon goes on without a control channel.
    if (!explicit && !(await client.accepted(PEER_ACCEPT_MS))) {
      hello.catch(() => undefined);
      client.close();
      this.control = undefined;
      this.controlAt = undefined;
      return;
    }
    await hello;
  }

  private async connectTasks(tls: TlsConfig | undefined): Promise<void> {
    let connected!: () => void;
    const first = new Promise<void>((resolve) => (connected = resolve));
    const exitsWithHost = this.settings.autoexit !== false;
    // Once connected, a daemon that exits with its host never dials again: NNG would redial
    // within 100 ms of a dropped connection (a message over the size limit, a dead link), before
    // this thread hears of the drop, and a dispatcher would hand the redialled daemon a task it
    // exits without running. Until then it redials: a dispatcher may turn a connection away.
    if (exitsWithHost) this.tasks.native.dialOnce();
    this.tasks.onPipe((event) => {
      if (event === 'add') return connected();
      this.events.abort();
      this.eventPoll.reset();
      this.hostLeft = true;
      this.onHostLeft?.();
      if (exitsWithHost) this.hostGone();
    });
    // A daemon that exits with its host must find it now, or within dialwait; a persistent one
    // keeps redialling.
    const wait = this.waitsToConnect();
    this.tasks.dial(this.url, { tls, block: exitsWithHost && !wait });
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
    // A retiring daemon's host closes the connection after its last reply: nothing runs then.
    if (autoexit !== true && autoexit !== false && !this.lastSent) {
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
    this.spares.release();
    this.cancelInterrupt?.close();
    this.cancelInterrupt = undefined;
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
    await Promise.all(Array.from({ length: loops }, () => this.receiveLoop()));
  }

  /** A dispatcher's event poll stays with its context, parked; the loop goes on with a new one. */
  private async receiveLoop(): Promise<void> {
    let ctx: NngContext = this.tasks.context();
    while (!this.stopping) {
      const taken = await this.takeNext(ctx);
      if (taken === undefined) return;
      if (taken) ctx = this.tasks.context();
    }
  }

  /** The next message on `ctx`, handled (undefined once the socket closed). A function of its
   * own, so that no loop holds a message while it waits for the next: a message's storage (a
   * large task's, and its arguments') is freed only once nothing refers to it. */
  private async takeNext(ctx: NngContext): Promise<boolean | undefined> {
    const message = await received(ctx.recv());
    return message === undefined ? undefined : this.take(ctx, message);
  }

  /** Handles a message received on `ctx` and replies on it; true if `ctx` was kept (a parked
   * event poll). */
  private async take(ctx: NngContext, message: Buffer): Promise<boolean> {
    if (isEmitPoll(message)) {
      this.eventPoll.park(ctx);
      return true;
    }
    this.inHand++;
    try {
      const reply = await this.handleMessage(message);
      // A limit reached with this task: a dispatcher must send nothing more here.
      const last = this.stopping;
      if (last) markLast(reply, this.declines());
      this.lastReplyBytes = reply.reduce((n, part) => n + part.byteLength, 0);
      if (message.byteLength >= LARGE_MESSAGE_BYTES || this.lastReplyBytes >= LARGE_MESSAGE_BYTES) this.spares.used();
      await ctx.send(reply).catch(() => undefined);
      if (last) this.lastSent = true;
    } finally {
      this.inHand--;
    }
    // A limit reached during the task ends the daemon once its reply has gone.
    if (this.stopping && this.inHand === 0) this.stop();
    return false;
  }

  /** After an event poll is answered, the next poll (the receipt its task waits for) must be
   * heard while the task is in hand: a daemon with a task limit has one receive loop, which
   * is waiting on that task, so it receives once more beside it (the dispatcher sends it no
   * task before the reply). */
  private receiveNextPoll(): void {
    if (this.settings.maxtasks === Infinity) return;
    const ctx = this.tasks.context();
    void received(ctx.recv()).then(async (message) => {
      if (message === undefined || !(await this.take(ctx, message))) ctx.close();
    }, () => ctx.close());
  }

  private handleMessage(message: Buffer): Promise<MessageParts> {
    let decoded: { kind: number; value: unknown };
    try {
      // Serialisers travel inside the task: install them before its values are read.
      decoded = decode(message, (raw) => this.installSerialisers(raw as Task));
    } catch (error) {
      return Promise.resolve(refusal(error, ++this.refused));
    }
    if (decoded.kind === Kind.Task && isTask(decoded.value)) return this.handleTask(decoded.value);
    if (decoded.kind === Kind.Control && isControl(decoded.value)) return this.handleDirectControl(decoded.value);
    const why = decoded.kind === Kind.Task || decoded.kind === Kind.Control ? 'a payload of the wrong shape' : `kind ${decoded.kind}`;
    return Promise.resolve(refusal(new Error(why), ++this.refused));
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
    let emitted = false;
    let ran = 0;
    const outcome = await this.runExclusive(async () => {
      if (this.cancelled.has(task.id)) return undefined;
      if (this.declines()) return 'decline';
      this.events.open(task);
      const start = performance.now();
      const result = await this.evaluate(task, false);
      ran = performance.now() - start;
      // Its events go before the next task starts, and before its reply.
      emitted = await this.events.close();
      return result;
    });
    if (outcome === undefined) {
      // Skipped, not run: the idle clock stopped above starts again, or idletime never ends it.
      if (this.completed >= this.settings.timerstart) this.restartIdleClock();
      return encodeOutcome('abandon', task.id);
    }
    if (outcome === 'decline') return encodeOutcome(outcome, task.id);
    this.afterTask();
    this.busy += ran;
    const reply = encodeOutcome(outcome, task.id);
    if (emitted) markEvents(reply);
    addTiming(reply, { run: ran, busy: this.busy, uptime: performance.now() - this.since, done: this.completed, pid: process.pid });
    return reply;
  }

  /** A retiring daemon runs no task after its last reply. A direct host may have sent some
   * already (NNG's req spreads tasks over every daemon connected): each is declined, and the
   * host sends it again. A dispatcher sends none after the last reply, and could not read a
   * decline: only a daemon whose control channel found a host (no dispatcher has one) declines. */
  private declines(): boolean {
    return this.stopping && this.control?.peered === true;
  }

  /** How a task's events reach the host: the control channel, or (behind a dispatcher, which
   * has no such channel) the poll it parks here before the first task; none if neither. */
  private eventPath(): EventPath | undefined {
    const control = this.control;
    if (control) return (message) => control.sendEvents(message);
    return this.eventPoll.polled ? this.eventPoll.send : undefined;
  }

  /** Control sent on the task channel (by a dispatcher, which talks to this daemon alone):
   * answered once its everywhere() evaluations have run. */
  private async handleDirectControl(control: Control): Promise<MessageParts> {
    const done = await this.applyControl(control);
    return encode(Kind.Poll, { done } satisfies Poll);
  }

  private afterTask(): void {
    this.completed++;
    if (this.completed === this.settings.timerstart) this.startClocks();
    else if (this.completed > this.settings.timerstart) this.restartIdleClock();
    if (this.completed >= this.settings.maxtasks) this.exitWhenIdle();
  }

  /** Evaluations never interleave: tasks and everywhere() run one after another, and an
   * interrupted one still ending holds the next (see evaluate). */
  private runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined).then(() => this.ending);
    return result;
  }

  /** Runs a task. An interrupt (SIGINT) or a cancellation of this very task stops it: SIGINT
   * ends its synchronous part (behind a dispatcher a cancellation raises one); its taskSignal
   * aborts; and it has `grace` ms to end before the daemon exits, so that it never overlaps
   * the next evaluation. */
  private async evaluate(task: Task, persist: boolean): Promise<Outcome | Stop> {
    this.current = persist ? undefined : task.id;
    const daemonRandom = Math.random;
    if (task.rs) Math.random = randomFrom(taskStreamState(task.rs.seed, task.rs.index));
    const abort = new TaskAbort();
    // Only a task its host marked runs interruptibly: no cancellation raises SIGINT for another.
    if (!persist) this.cancelInterrupt?.arm(task.interrupt ? task.id : 0);
    try {
      // Cancelled as it arrived, by a message this thread has not read yet.
      if (!persist && this.cancelInterrupt?.heardOf(task.id)) return 'abandon';
      const started = this.evaluator.start(task, persist, abort);
      // A task that returned no promise has ended: nothing can have stopped it meanwhile.
      const first = started instanceof Promise ? await Promise.race([started, new Promise<Stop>((resolve) => (this.interrupt = resolve))]) : started;
      if (typeof first !== 'string' && (first.ok || !first.interrupted)) return first;
      abort.abort();
      if (typeof first !== 'string') return this.stopReason();
      // Stopped from outside: only a task still running (a promise) can be.
      const ending = this.settleWithinGrace(started as Promise<Outcome>, task.id, first);
      // A cancelled task's reply waits for its end (a dispatcher sends nothing more here
      // meanwhile); an interrupted one's goes at once (its host waits for it), and the next
      // evaluation waits instead.
      if (first === 'abandon') await ending;
      else this.ending = ending;
      return first;
    } finally {
      this.cancelInterrupt?.disarm();
      Math.random = daemonRandom;
      this.interrupt = undefined;
      this.current = undefined;
    }
  }

  /** Why SIGINT came: the running task's cancellation raised it, or someone sent it. */
  private stopReason(): Stop {
    return this.cancelInterrupt?.raised ? 'abandon' : 'interrupt';
  }

  /** Waits for a stopped evaluation to end; one still running after the grace period ends
   * the daemon (whoever started it replaces it), as it would overlap whatever runs next. */
  private async settleWithinGrace(running: Promise<unknown>, id: number, why: Stop): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.settings.grace)));
    const ended = await Promise.race([running.then(() => true), expired]);
    clearTimeout(timer);
    this.ending = undefined;
    if (ended) return;
    const what = why === 'abandon' ? 'cancelled' : 'interrupted';
    process.stderr.write(
      `mirai: daemon ${process.pid} exits: task ${id} was ${what} and still ran ${this.settings.grace} ms later (grace), ` +
        'so it would overlap the next task\n',
    );
    this.shutdown();
    process.exit(1);
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

  /** Control from the host's control channel: everywhere() outcomes are reported back on it. */
  private onControl(control: Control): void {
    void this.applyControl(control).then((done) => {
      if (done.length > 0) this.control?.report(done);
    });
  }

  /** Every instruction, by whichever channel it came (the host's control channel, or a
   * dispatcher's task channel): the same cancellation, everywhere() and exit. Resolves with
   * the outcomes of the everywhere() evaluations, once they have run. */
  private applyControl(control: Control): Promise<EverywhereDone[]> {
    // The host hands out random streams in the order daemons connect, which is the order its
    // round robin follows: with a seed, results then repeat run after run.
    if (control.rs && this.settings.rs === undefined) Math.random = randomFrom(streamState(control.rs.seed, control.rs.index));
    for (const id of control.cancel ?? []) this.cancel(id);
    const done = Promise.all((control.everywhere ?? []).map((item) => this.everywhereOutcome(item)));
    if (control.exit) this.exitWhenIdle();
    return done;
  }

  private cancel(id: number): void {
    this.cancelled.add(id);
    if (id === this.current) this.interrupt?.('abandon');
  }

  private async everywhereOutcome(item: EverywhereTask): Promise<EverywhereDone> {
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
  if (outcome === 'decline') return encode(Kind.Declined, null, 'the result', id);
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

/** Whether a message is a dispatcher's event poll; a message too short to tell is not. */
function isEmitPoll(message: Buffer): boolean {
  try {
    return peek(message).kind === Kind.EmitPoll;
  } catch {
    return false;
  }
}

/** The answer to a message that is not a task or an instruction: nothing in it runs, the
 * sender hears why (a request left unanswered would hold its sender) and how many this daemon
 * has refused (`refused`, in the error's props), and the daemon goes on. */
function refusal(error: unknown, refused: number): MessageParts {
  const why = error instanceof Error ? error.message : String(error);
  const refusedError = Object.assign(new Error(`mirai: a daemon refused a message that is not a task or an instruction (${why})`), { refused });
  return encode(Kind.Error, describeError(refusedError), 'the error', 0);
}
