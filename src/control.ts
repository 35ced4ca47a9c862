// The control channel, both ends: each daemon keeps one request waiting at its host (a long
// poll), so the host can reach any daemon at once with cancellations, everywhere() and exit.
// (Behind a dispatcher there is no such channel: the dispatcher sends the same Control
// messages on each daemon's task channel, as it talks to each daemon alone.)
import { isNngError, NNG } from './errors';
import { NngSocket, type NngContext, type SocketOptions } from './nng';
import { HEADER, isPoll, Kind, peek, type Control, type ErrorInfo, type EverywhereDone, type EverywhereTask, type MessageParts, type Poll, type Task } from './protocol';
import { decode, encode } from './serial';
import { receiveEvents } from './taskEvents';
import type { TlsConfig } from './tls';

const HELLO_WAIT_MS = 2000;
/** Cancellations kept for a watcher that has not polled again yet. */
const WATCH_BACKLOG = 4096;
/** Cancellations a watcher is told when it starts. */
const RECENT_CANCELS = 256;

interface DaemonLink {
  /** The daemon's waiting poll, if it is waiting. */
  parked: NngContext | undefined;
  /** What to tell it at its next poll. */
  outbox: Control;
}

interface PendingEverywhere {
  waitingFor: Set<number>;
  errors: ErrorInfo[];
  settle: (errors: ErrorInfo[]) => void;
}

// --- the host's end -----------------------------------------------------------------------------

export class ControlServer {
  private readonly links = new Map<number, DaemonLink>();
  private readonly history: EverywhereTask[] = [];
  private readonly pending = new Map<number, PendingEverywhere>();
  private cancelBatch: number[] = [];
  private nextId = 1;
  private closed = false;
  private exiting = false;
  /** Daemons' cancellation watchers: each waiting poll, and the cancellations it has yet to hear. */
  private readonly watchers = new Map<number, { parked: NngContext | undefined; cancel: number[] }>();
  /** The last cancellations, for a watcher that starts after them (its daemon may be running
   * one of those tasks already). */
  private readonly recentCancels: number[] = [];
  /** Pipes recently removed (bounded). */
  private readonly gone = new Set<number>();
  /** With a seed, hellos are answered one at a time, each with the next random stream, the next
   * only once the daemon before has connected for tasks: streams then follow connection order,
   * which is the order NNG's round robin serves. */
  private readonly hellos: NngContext[] = [];
  private helloInFlight: NodeJS.Timeout | undefined;
  /** Messages that read neither as a poll nor as events (info()). */
  refused = 0;

  /** `onLinks` hears each daemon's control link come and go: a daemon counts as online only
   * with both channels up, and its task channel may well connect first (a persistent one dials
   * both at once). */
  constructor(
    private readonly socket: NngSocket,
    private readonly seed?: number,
    private readonly onLinks: () => void = () => undefined,
    /** The next random stream's index: the profile's counter, shared with nextStream(). */
    private readonly takeStream: () => number = counter(),
  ) {
    socket.onPipe((event, pipe) => {
      if (event === 'remove') this.forget(pipe);
    });
    void this.accept();
  }

  /** Daemons connected to the control channel. */
  get size(): number {
    return this.links.size;
  }

  /** Runs `task` on every connected daemon, and on every daemon that connects later before its
   * first task; resolves with the errors of those that failed once all have run it. */
  everywhere(task: Task): Promise<ErrorInfo[]> {
    const item: EverywhereTask = { id: this.nextId++, task };
    this.history.push(item);
    const targets = new Set(this.links.keys());
    if (targets.size === 0) return Promise.resolve([]);
    const done = new Promise<ErrorInfo[]>((settle) => this.pending.set(item.id, { waitingFor: targets, errors: [], settle }));
    for (const pipe of targets) this.send(pipe, { everywhere: [item] });
    return done;
  }

  /** Tells every daemon to skip these tasks if they have not started them; batched per tick. */
  cancel(id: number): void {
    if (this.cancelBatch.length === 0) setImmediate(() => this.flushCancels());
    this.cancelBatch.push(id);
  }

  /** Tells every daemon to exit, including any that connects (or reconnects) meanwhile;
   * resolves once none is connected (`connected` says so for the task side) or `timeout` ms
   * passed. */
  async exitAll(timeout: number, connected: () => boolean): Promise<void> {
    this.exiting = true;
    for (const pipe of this.links.keys()) this.send(pipe, { exit: true });
    const deadline = Date.now() + timeout;
    await new Promise<void>((resolve) => {
      const check = () => {
        if ((this.links.size === 0 && !connected()) || Date.now() >= deadline) resolve();
        else setTimeout(check, 20).unref();
      };
      check();
    });
  }

  /** A daemon connected for tasks: the next hello may be answered. */
  taskConnected(): void {
    clearTimeout(this.helloInFlight);
    this.helloInFlight = undefined;
    this.answerHello();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.helloInFlight);
    this.socket.close();
    for (const entry of this.pending.values()) entry.settle(entry.errors);
    this.pending.clear();
  }

  // --- polls ---

  private async accept(): Promise<void> {
    while (!this.closed) {
      const ctx = this.socket.context();
      let message: Buffer;
      let pipe: number;
      try {
        [message, pipe] = await ctx.recvFrom();
      } catch (error) {
        ctx.close();
        if (isNngError(error) && error.code === NNG.ECLOSED) return;
        continue;
      }
      const poll = readPoll(message);
      if (poll !== undefined) this.onPoll(ctx, pipe, poll);
      // A running task's events: passed on before the answer, which the daemon waits for
      // before it replies to the task, so they reach onEvent ahead of the result.
      else if (receiveEvents(message)) this.reply(ctx, {});
      else this.refuse(ctx);
    }
  }

  /** The sender of a message that is neither a poll nor events hears so; nothing of it is used. */
  private refuse(ctx: NngContext): void {
    this.refused++;
    const error: ErrorInfo = { name: 'Error', message: 'mirai: the host refused a control message that is not a poll or events', stack: '', props: {} };
    ctx
      .send(encode(Kind.Error, error, 'the error'))
      .catch(() => undefined)
      .finally(() => ctx.close());
  }

  private onPoll(ctx: NngContext, pipe: number, poll: Poll): void {
    // A poll can reach JavaScript after its connection's removal did: no link for a dead pipe.
    if (this.gone.has(pipe)) {
      ctx.close();
      return;
    }
    if (poll.watch) {
      this.onWatch(ctx, pipe);
      return;
    }
    let link = this.links.get(pipe);
    if (!link) {
      link = { parked: undefined, outbox: {} };
      this.links.set(pipe, link);
      this.onLinks();
    }
    if (this.exiting) {
      this.reply(ctx, { exit: true });
      return;
    }
    if (poll.hello) {
      // Before its first task, a newcomer catches up on every everywhere() so far.
      if (this.seed === undefined) this.reply(ctx, { everywhere: [...this.history] });
      else {
        this.hellos.push(ctx);
        this.answerHello();
      }
      return;
    }
    for (const done of poll.done ?? []) this.settleEverywhere(done.id, pipe, done.error);
    if (poll.done || hasContent(link.outbox)) {
      this.reply(ctx, this.takeOutbox(link));
      return;
    }
    link.parked?.close();
    link.parked = ctx;
  }

  private onWatch(ctx: NngContext, pipe: number): void {
    let watcher = this.watchers.get(pipe);
    if (!watcher) this.watchers.set(pipe, (watcher = { parked: undefined, cancel: [...this.recentCancels] }));
    watcher.parked?.close();
    watcher.parked = ctx;
    this.tellWatcher(watcher);
  }

  private tellWatcher(watcher: { parked: NngContext | undefined; cancel: number[] }): void {
    if (!watcher.parked || watcher.cancel.length === 0) return;
    this.reply(watcher.parked, { cancel: watcher.cancel });
    watcher.parked = undefined;
    watcher.cancel = [];
  }

  private answerHello(): void {
    if (this.helloInFlight !== undefined || this.hellos.length === 0) return;
    const ctx = this.hellos.shift()!;
    this.reply(ctx, { everywhere: [...this.history], rs: { seed: this.seed!, index: this.takeStream() } });
    // A daemon that never connects for tasks must not hold the others back for long.
    this.helloInFlight = setTimeout(() => this.taskConnected(), HELLO_WAIT_MS);
    this.helloInFlight.unref();
  }

  private send(pipe: number, control: Control): void {
    const link = this.links.get(pipe);
    if (!link) return;
    const box = link.outbox;
    if (control.everywhere) box.everywhere = [...(box.everywhere ?? []), ...control.everywhere];
    if (control.cancel) box.cancel = [...(box.cancel ?? []), ...control.cancel];
    if (control.exit) box.exit = true;
    if (link.parked) {
      const ctx = link.parked;
      link.parked = undefined;
      this.reply(ctx, this.takeOutbox(link));
    }
  }

  private takeOutbox(link: DaemonLink): Control {
    const box = link.outbox;
    link.outbox = {};
    return box;
  }

  private reply(ctx: NngContext, control: Control): void {
    ctx
      .send(encode(Kind.Control, control))
      .catch(() => undefined)
      .finally(() => ctx.close());
  }

  private flushCancels(): void {
    const ids = this.cancelBatch;
    this.cancelBatch = [];
    this.recentCancels.push(...ids);
    if (this.recentCancels.length > RECENT_CANCELS) this.recentCancels.splice(0, this.recentCancels.length - RECENT_CANCELS);
    for (const pipe of this.links.keys()) this.send(pipe, { cancel: ids });
    for (const watcher of this.watchers.values()) {
      watcher.cancel.push(...ids);
      // A watcher polls again at once; one that does not must not make the host hold ids without bound.
      if (watcher.cancel.length > WATCH_BACKLOG) watcher.cancel.splice(0, watcher.cancel.length - WATCH_BACKLOG);
      this.tellWatcher(watcher);
    }
  }

  private settleEverywhere(id: number, pipe: number, error: ErrorInfo | null): void {
    const entry = this.pending.get(id);
    if (!entry || !entry.waitingFor.delete(pipe)) return;
    if (error) entry.errors.push(error);
    if (entry.waitingFor.size === 0) {
      this.pending.delete(id);
      entry.settle(entry.errors);
    }
  }

  private forget(pipe: number): void {
    this.gone.add(pipe);
    if (this.gone.size > 4096) this.gone.delete(this.gone.values().next().value as number);
    this.watchers.get(pipe)?.parked?.close();
    this.watchers.delete(pipe);
    const link = this.links.get(pipe);
    if (!link) return;
    link.parked?.close();
    this.links.delete(pipe);
    for (const id of [...this.pending.keys()]) this.settleEverywhere(id, pipe, null);
    this.onLinks();
  }
}

/** The poll in `message`, or undefined if it is not one (too short, another kind, unreadable). */
function readPoll(message: Buffer): Poll | undefined {
  if (message.length < HEADER || peek(message).kind !== Kind.Poll) return undefined;
  try {
    const { value } = decode(message);
    return isPoll(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function hasContent(control: Control): boolean {
  return Boolean(control.everywhere?.length || control.cancel?.length || control.exit);
}

// --- the daemon's end ---------------------------------------------------------------------------

/** A long poll to the host: one request always waits there for instructions; reports go
 * on a second context and are answered at once. */
export class ControlClient {
  private readonly socket: NngSocket;
  private readonly pollContext: NngContext;
  private readonly reportContext: NngContext;
  private readonly eventContext: NngContext;
  private reports: Promise<unknown> = Promise.resolve();
  private closed = false;
  private added = false;
  private onAccepted: (() => void) | undefined;

  constructor(
    url: string,
    tls: TlsConfig | undefined,
    block: boolean,
    private readonly onControl: (control: Control) => void,
    link: SocketOptions = {},
  ) {
    this.socket = new NngSocket('req', { resendTime: 0, reconnectTimeMin: 100, reconnectTimeMax: 2000, ...link });
    this.pollContext = this.socket.context();
    this.reportContext = this.socket.context();
    this.eventContext = this.socket.context();
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

  /** Whether a host's control channel has ever taken this connection: the daemon's host is
   * direct (a dispatcher has no control channel). */
  get peered(): boolean {
    return this.added;
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

  /** Polls until closed, saying hello first if `greet`. A poll fails only when its connection
   * drops (no resends); the daemon then says hello again, which waits for the next connection. */
  poll(greet = false): void {
    const loop = async () => {
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

  report(done: EverywhereDone[]): void {
    this.reports = this.reports
      .then(() => this.ask(this.reportContext, { done }))
      .then((control) => this.onControl(control))
      .catch(() => undefined);
  }

  /** Sends a batch of a task's events; resolves once the host has passed them on. */
  async sendEvents(message: MessageParts): Promise<void> {
    await this.eventContext.request(message);
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

/** 0, 1, 2 … on each call. */
function counter(): () => number {
  let next = 0;
  return () => next++;
}
