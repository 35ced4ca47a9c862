// The dispatcher: queues the host's tasks and hands each to a daemon only when that daemon can
// start it at once, first in first out; one URL per daemon.
import { Batcher } from './batch';
import { joinBroker, type Broker } from './broker';
import { isNngError, NNG } from './errors';
import { linkOptions, readLinkTimeout } from './linkTimeout';
import { NngSocket, type Listener, type NngContext, type SocketOptions } from './nng';
import {
  eachInBatch,
  eventMessages,
  isBatch,
  Kind,
  peek,
  type Control,
  type DaemonStatus,
  type DispatcherEvent,
  type DispatcherRequest,
  type ErrorInfo,
  type EverywhereTask,
  type MessageParts,
  type Poll,
} from './protocol';
import { decode, encode } from './serial';
import { pollEvents } from './taskEvents';
import { expectCertKey, serverTls, type TlsConfig } from './tls';
import { isSecureUrl, localUrl, parseUrl, withToken } from './url';
import { readMaxMessageSize } from './messageSize';
import { expectBoolean, expectKnownKeys, expectObject, expectString } from './validate';

export interface DispatcherOptions {
  /** Re-send a task whose daemon died to the next daemon that connects at its URL (default
   * false: it resolves to ErrorValue 19). */
  retry?: boolean;
  /** Append a unique 24-character token to each ws path. */
  token?: boolean;
  /** For TLS URLs: a file with certificate and key, or `[cert, key]` PEM. */
  tls?: string | [string, string];
  /** Password of an encrypted key in `tls`. */
  pass?: string;
  /** The largest message accepted from a daemon, bytes (default 2 GiB; 0: no limit). */
  maxMessageSize?: number;
  /** How soon a silent link to a daemon is dropped, ms (default 10000; 0: TCP's own timing). */
  linkTimeout?: number;
  /** Require of each daemon a client certificate that this certificate (PEM) verifies. */
  clientCa?: string;
}

interface DispatcherSettings {
  retry: boolean;
  token: boolean;
  tls: string | [string, string] | undefined;
  pass: string | undefined;
  maxMessageSize: number;
  linkTimeout: number;
  clientCa: string | undefined;
}

/** Where a dispatcher tells of an error it recovered from (a message for a warning). */
export type Report = (message: string) => void;

/** An error as one line for a warning: its message, or what was thrown. */
export function errorLine(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Runs a dispatcher on this thread (the worker thread of a dispatcher profile) until its host
 * goes away: dials `host`, listens at `urls` for daemons, and drives the broker `brokerId` that
 * the host made in this process: the host pushes tasks into it and hears replies from it
 * directly (see dispatcherProfile.ts). What went wrong and was recovered from goes to `report`. */
export async function dispatcherOnBroker(host: string, urls: string[], options: DispatcherOptions, brokerId: number, report: Report): Promise<void> {
  parseUrl(host, 'host');
  const settings = readDispatcherOptions(options);
  const secure = urls.find(isSecureUrl);
  const tls = secure ? await serverTls(parseUrl(secure).host, settings.tls, settings.pass, settings.clientCa) : undefined;
  await new Dispatcher(host, urls, settings, tls?.config, brokerId, report).run();
}

export function readDispatcherOptions(options: unknown): DispatcherSettings {
  const o = expectObject(options ?? {}, 'options') as DispatcherOptions;
  expectKnownKeys(o as Record<string, unknown>, ['retry', 'token', 'tls', 'pass', 'maxMessageSize', 'linkTimeout', 'clientCa'], 'options');
  const tls = expectCertKey(o.tls, 'options.tls');
  return {
    retry: o.retry === undefined ? false : expectBoolean(o.retry, 'options.retry'),
    token: o.token === undefined ? false : expectBoolean(o.token, 'options.token'),
    tls,
    pass: o.pass === undefined ? undefined : expectString(o.pass, 'options.pass'),
    maxMessageSize: readMaxMessageSize(o.maxMessageSize, 'options.maxMessageSize'),
    linkTimeout: readLinkTimeout(o.linkTimeout, 'options.linkTimeout'),
    clientCa: o.clientCa === undefined ? undefined : expectString(o.clientCa, 'options.clientCa'),
  };
}

// --- one URL, one daemon ----------------------------------------------------------------------

/** A task whose daemon died, kept to be sent again to the next daemon at its URL (retry). */
interface Retry {
  id: number;
  request: Buffer;
}

class Slot {
  socket!: NngSocket;
  listener!: Listener;
  controls!: NngContext;
  url: string;
  pipe: number | undefined;
  /** Where the daemon online here connected from (status()). */
  address: string | undefined;
  online = 0;
  instance = 0;
  /** Caught up on everywhere() and taking tasks. */
  ready = false;
  retry: Retry | undefined;
  /** Counts of a daemon cut off by saisei(): shown until the next daemon connects here. */
  carried: [number, number] = [0, 0];
  /** Control requests to this daemon go one after another. */
  chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly i: number,
    url: string,
    private readonly tls: TlsConfig | undefined,
    private readonly socketOptions: SocketOptions,
    private readonly onPipe: (slot: Slot, event: 'add' | 'remove', pipe: number) => void,
  ) {
    this.url = url;
    this.open(url);
  }

  /** Listens at `url`; the bound URL (port 0 resolved) becomes this slot's. Tasks reach the
   * daemon through the broker's own context on this socket; control through `controls`. */
  open(url: string): void {
    this.socket = new NngSocket('req', { resendTime: 0, ...this.socketOptions });
    // One daemon per URL, enforced by NNG's thread as a peer connects: a second one is closed
    // before req can send it a task, and is never heard of here (see onPipe).
    this.socket.native.limitPipes(1);
    this.socket.onPipe((event, pipe) => this.onPipe(this, event, pipe));
    this.listener = this.socket.listen(url, { tls: this.tls });
    this.url = this.listener.url;
    this.controls = this.socket.context();
  }

  close(): void {
    this.socket.close();
  }

  /** Asks the daemon to abandon task `id` at once, on a context of its own: not behind an
   * everywhere() the daemon is still waiting to run (it runs after the task it would stop).
   * Tagged with the id: the daemon's socket knows it on arrival, while its task still runs. */
  cancel(id: number): void {
    const ctx = this.socket.context();
    ctx
      .request(encode(Kind.Control, { cancel: [id] } satisfies Control, 'cancel', id))
      .catch(() => undefined)
      .finally(() => ctx.close());
  }

  /** Sends control to this daemon, after whatever was sent before; resolves with its report. */
  control(control: Control): Promise<Poll> {
    const result = this.chain.then(async () => decode(await this.controls.request(encode(Kind.Control, control))).value as Poll);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

/** `url` with the port of `first` when both are ws(s) on the same host and `url` asks for port 0. */
function sharedWsPort(url: string, first: string | undefined): string {
  if (first === undefined) return url;
  const a = parseUrl(url);
  const b = parseUrl(first);
  if (!a.scheme.startsWith('ws') || a.port !== 0 || a.scheme !== b.scheme || a.host !== b.host) return url;
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return `${a.scheme}://${host}:${b.port}${a.path}`;
}

/** Closes `pipe` if NNG still has it: a peer can hang up before its 'add' is heard here. */
function closePipeIfThere(socket: NngSocket, pipe: number): void {
  try {
    socket.closePipe(pipe);
  } catch (error) {
    if (!isNngError(error) || error.code !== NNG.ENOENT) throw error;
  }
}

// --- the dispatcher ---------------------------------------------------------------------------

/** Queueing and the hot path live in the native broker: a task goes from the host into its
 * queue, to a daemon and back to the host without this thread running. This class wires
 * daemons in and out, and answers for what JavaScript must decide: cancellation, retries,
 * everywhere(), status and saisei. */
class Dispatcher {
  private readonly link = new NngSocket('pair1');
  private readonly toHostBatcher = new Batcher(this.link, true);
  private readonly broker: Broker;
  private readonly slots: Slot[];
  /** Running tasks the host cancelled: their daemons abandon them, and they are never retried. */
  private readonly abandoned = new Set<number>();
  private readonly history: EverywhereTask[] = [];
  private nextEverywhere = 1;
  private closing = false;
  private hostLeft!: () => void;
  /** Resolves when the connection to the host ends. */
  private readonly gone = new Promise<void>((resolve) => (this.hostLeft = resolve));

  constructor(
    host: string,
    urls: string[],
    private readonly settings: DispatcherSettings,
    tls: TlsConfig | undefined,
    brokerId: number,
    private readonly report: Report,
  ) {
    // Heard before dialling: a host gone before run() began must still end this dispatcher.
    this.link.onPipe((event) => {
      if (event === 'remove') this.hostLeft();
    });
    this.link.dial(host, { block: true });
    this.broker = joinBroker(brokerId);
    this.broker.onFailure((i, id, code, request) => this.guard('on a task lost', () => this.failed(i, id, code, request)));
    const slots: Slot[] = [];
    const slotOptions = { recvSizeMax: this.settings.maxMessageSize, ...linkOptions(this.settings.linkTimeout) };
    try {
      for (const [index, url] of urls.entries()) {
        // ws URLs on port 0 share the port the first of them bound: one port, n paths.
        const shared = sharedWsPort(url, slots[0]?.url);
        const slot = new Slot(index + 1, shared, tls, slotOptions, (s, event, pipe) =>
          this.guard(`on a daemon ${event === 'add' ? 'connecting' : 'leaving'} at ${s.url}`, () => this.onPipe(s, event, pipe)),
        );
        slots.push(slot);
        this.broker.attach(slot.i, slot.socket.native);
      }
      this.slots = slots;
    } catch (error) {
      this.broker.close();
      for (const slot of slots) slot.close();
      this.link.close();
      throw error;
    }
  }

  async run(): Promise<void> {
    this.emit({ online: 0, ready: this.slots.map((s) => s.url) });
    void this.receive();
    await this.gone;
    this.shutdown();
  }

  private shutdown(): void {
    this.closing = true;
    this.toHostBatcher.close();
    this.broker.close();
    for (const slot of this.slots) slot.close();
    this.link.close();
  }

  // --- from the host ---

  private async receive(): Promise<void> {
    for (;;) {
      let message: Buffer;
      try {
        message = await this.link.recv();
      } catch (error) {
        if (isNngError(error) && error.code === NNG.ECLOSED) return;
        continue;
      }
      this.guard('on a message from the host', () => {
        if (isBatch(message)) eachInBatch(message, (offset, length) => this.fromHost(message, offset, length));
        else this.fromHost(message, 0, message.length);
      });
    }
  }

  private fromHost(source: Buffer, offset: number, length: number): void {
    const { kind, tag } = peek(source, offset);
    if (kind === Kind.Task) this.enqueue(source, offset, length, tag);
    else if (kind === Kind.Cancel) this.cancel(tag);
    else if (kind === Kind.Request) void this.answerOrFail(tag, decode(source.subarray(offset, offset + length)).value as DispatcherRequest);
  }

  private enqueue(source: Buffer, offset: number, length: number, id: number): void {
    const whole = offset === 0 && length === source.length;
    // A lone task message goes into the queue without a copy.
    this.broker.push(whole ? source : source.subarray(offset, offset + length), id, whole);
  }

  /** A queued task is dropped; a running one is abandoned by its daemon; one waiting for a
   * retry is dropped. */
  private cancel(id: number): void {
    if (this.broker.cancelQueued(id)) return;
    const i = this.broker.workerOf(id);
    if (i !== null) {
      this.abandoned.add(id);
      this.slots[i - 1].cancel(id);
      return;
    }
    const waiting = this.slots.find((s) => s.retry?.id === id);
    if (waiting) waiting.retry = undefined;
  }

  /** Answers a request; one that fails is answered with its error, which the host throws. */
  private async answerOrFail(tag: number, request: DispatcherRequest): Promise<void> {
    let value: unknown;
    try {
      value = await this.answer(request);
    } catch (error) {
      this.report(`mirai: the dispatcher could not answer '${request.op}': ${errorLine(error)}`);
      value = error instanceof Error ? error : new Error(String(error));
    }
    this.toHost(encode(Kind.Response, value, 'response', tag));
  }

  private async answer(request: DispatcherRequest): Promise<unknown> {
    let value: unknown;
    switch (request.op) {
      case 'status':
        value = this.slots.map((s) => this.row(s));
        break;
      case 'everywhere':
        value = await this.everywhere(request.task);
        break;
      case 'exit':
        await Promise.all(this.slots.filter((s) => s.online).map((s) => s.control({ exit: true }).catch(() => undefined)));
        value = null;
        break;
      case 'saisei':
        value = this.saisei(request.i, request.force);
        break;
    }
    return value;
  }

  private row(slot: Slot): DaemonStatus {
    const [assigned, complete] = this.broker.counts(slot.i);
    const [carriedAssigned, carriedComplete] = slot.carried;
    return {
      url: slot.url,
      i: slot.i,
      online: slot.online,
      instance: slot.instance,
      assigned: assigned + carriedAssigned,
      complete: complete + carriedComplete,
      ...(slot.address !== undefined && { address: slot.address }),
    };
  }

  // --- failures ---

  /** A task reached daemon `i`, which went away (or whose URL closed) before replying. */
  private failed(i: number, id: number, code: number, request: Buffer | null): void {
    const abandoned = this.abandoned.delete(id);
    const lost = code === NNG.ECONNRESET || code === NNG.ECLOSED;
    const slot = this.slots[i - 1];
    // The daemon is gone, though NNG may tell of its pipe only later: status() says so before
    // the task's ErrorValue 19 reaches the host, so that what the user hears agrees.
    if (lost && slot?.pipe !== undefined) {
      this.offline(slot);
      this.emitOnline();
    }
    if (lost && this.settings.retry && !abandoned && !this.closing && request && slot) {
      slot.retry = { id, request };
      return;
    }
    this.fail(id, code === NNG.ECLOSED ? NNG.ECONNRESET : code);
  }

  private fail(id: number, code: number): void {
    this.toHost(encode(Kind.Failed, { code }, 'failure', id));
  }

  // --- daemons coming and going ---

  /** Runs `body`, the handling of one event from NNG or the host: what it throws is reported,
   * and the dispatcher goes on to the next event rather than ending with every task it holds. */
  private guard(what: string, body: () => void): void {
    try {
      body();
    } catch (error) {
      this.report(`mirai: the dispatcher recovered from an error ${what}: ${errorLine(error)}`);
    }
  }

  private onPipe(slot: Slot, event: 'add' | 'remove', pipe: number): void {
    if (event === 'add') {
      // The socket admits one peer (limitPipes): a second is not expected, and is turned away.
      if (slot.pipe !== undefined) {
        closePipeIfThere(slot.socket, pipe);
        this.report(`mirai: a second daemon connected at ${slot.url} and was turned away late`);
        return;
      }
      slot.pipe = pipe;
      slot.address = slot.socket.remoteAddress(pipe);
      slot.online = 1;
      slot.instance = Math.abs(slot.instance) + 1;
      this.broker.counts(slot.i, true);
      slot.carried = [0, 0];
      void this.welcome(slot, pipe);
    } else if (slot.pipe === pipe) {
      this.offline(slot);
    } else {
      return;
    }
    this.emitOnline();
  }

  private offline(slot: Slot): void {
    slot.pipe = undefined;
    slot.address = undefined;
    slot.online = 0;
    slot.ready = false;
    this.broker.pause(slot.i);
  }

  /** A newcomer first runs every everywhere() so far, then takes a retried task or the queue. */
  private async welcome(slot: Slot, pipe: number): Promise<void> {
    if (this.history.length > 0) {
      try {
        await slot.control({ everywhere: this.history });
      } catch {
        return;
      }
    }
    if (slot.pipe !== pipe || this.closing) return;
    slot.ready = true;
    void this.pollEvents(slot, pipe);
    const retry = slot.retry;
    slot.retry = undefined;
    if (retry) this.broker.resume(slot.i, retry.request, retry.id);
    else this.broker.resume(slot.i);
  }

  /** Keeps a poll parked at the daemon at `pipe`, which answers it with its running task's
   * events. Each answer goes to the host before the next poll, and the daemon replies to its
   * task only once that next poll has come: the events are then on their way, and the host
   * holds the reply (marked) until their end has arrived. */
  private pollEvents(slot: Slot, pipe: number): Promise<void> {
    return pollEvents(slot.socket, (answer) => this.passEvents(answer), () => slot.pipe === pipe && !this.closing);
  }

  /** Events go to the host as they came; an answer that is not events is refused here, and
   * counted there. */
  private passEvents(answer: Buffer): void {
    if (eventMessages(answer) !== undefined) this.toHost(answer);
    else this.emit({ online: this.online(), refused: 1 });
  }

  // --- requests ---

  private async everywhere(task: EverywhereTask['task']): Promise<ErrorInfo[]> {
    const item = { id: this.nextEverywhere++, task };
    this.history.push(item);
    const reports = await Promise.all(
      this.slots.filter((s) => s.ready).map((s) => s.control({ everywhere: [item] }).catch((): Poll => ({}))),
    );
    return reports.flatMap((report) => (report.done ?? []).flatMap((d) => (d.error ? [d.error] : [])));
  }

  /** A new URL for slot `i`: a daemon there is cut off (only with `force`, else null), and its
   * task, or one waiting to be retried there, resolves to ErrorValue 7. */
  private saisei(i: number, force: boolean): string | null {
    const slot = this.slots[i - 1];
    if (!slot) return null;
    if (slot.online && !force) return null;
    const [assigned, complete] = this.broker.counts(i);
    slot.carried = [assigned + slot.carried[0], complete + slot.carried[1]];
    const busy = this.broker.detach(i);
    const retry = slot.retry;
    slot.retry = undefined;
    slot.close();
    if (busy !== null && !this.abandoned.delete(busy)) this.fail(busy, NNG.ECLOSED);
    if (retry) this.fail(retry.id, NNG.ECLOSED);
    slot.pipe = undefined;
    slot.address = undefined;
    slot.online = 0;
    slot.ready = false;
    slot.instance = -Math.abs(slot.instance);
    slot.open(this.regenerate(slot.url));
    this.broker.attach(i, slot.socket.native);
    this.emitOnline();
    return slot.url;
  }

  private regenerate(url: string): string {
    const parsed = parseUrl(url);
    if (parsed.port === undefined) return localUrl();
    if (parsed.scheme.startsWith('ws')) return withToken(url.replace(/\/[0-9a-f]{24}$/, ''), true);
    return url;
  }

  // --- to the host ---

  private toHost(parts: MessageParts | Buffer): void {
    this.toHostBatcher.send(parts);
  }

  private emitOnline(): void {
    this.emit({ online: this.online() });
  }

  private online(): number {
    return this.slots.reduce((n, s) => n + s.online, 0);
  }

  private emit(event: DispatcherEvent): void {
    this.toHost(encode(Kind.Event, event, 'event'));
  }
}
