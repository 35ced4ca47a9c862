// The dispatcher: queues the host's tasks and hands each to a daemon only when that daemon can
// start it at once, first in first out; one URL per daemon.
import { Batcher, eachInBatch, isBatch } from './batch';
import { Fifo } from './fifo';
import { NngSocket, type NngContext, type Listener } from './nng';
import { isNngError, NNG } from './errors';
import { Kind, type Control, type DispatcherEvent, type DispatcherRequest, type EverywhereTask, type Poll, type ErrorInfo } from './protocol';
import { decode, encode, peek, type MessageParts } from './serial';
import type { DaemonStatus } from './status';
import { serverTls } from './tls';
import { dispatcherUrls, isSecureUrl, localUrl, parseUrl, withToken } from './url';
import { expectBoolean, expectInteger, expectKnownKeys, expectObject, expectString, typeName } from './validate';
import type { TlsConfig } from './native';

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
}

interface DispatcherSettings {
  retry: boolean;
  token: boolean;
  tls: string | [string, string] | undefined;
  pass: string | undefined;
}

/** Runs a dispatcher in this thread until its host goes away: dials `host`, listens at `url`
 * (or `n` local URLs) for daemons. Users do not normally call it: daemons(n) does. */
export async function dispatcher(host: string, url?: string | string[], n?: number, options: DispatcherOptions = {}): Promise<void> {
  parseUrl(host, 'host');
  const count = readCount(url, n);
  const settings = readDispatcherOptions(options);
  const urls = dispatcherUrls(url, count, settings.token);
  const tls = urls.some(isSecureUrl) ? await serverTls(parseUrl(urls.find(isSecureUrl)!).host, settings.tls, settings.pass) : undefined;
  await new Dispatcher(host, urls, settings, tls?.config).run();
}

function readCount(url: unknown, n: unknown): number {
  if (Array.isArray(url)) {
    if (url.length === 0) throw new RangeError('url must not be an empty array');
    url.forEach((u, i) => parseUrl(u, `url[${i}]`));
    if (n !== undefined && n !== url.length) throw new RangeError(`n (${String(n)}) must match the ${url.length} URLs given`);
    return url.length;
  }
  if (url !== undefined) parseUrl(expectString(url, 'url'), 'url');
  return n === undefined ? 1 : expectInteger(n, 'n', 1, 1024);
}

export function readDispatcherOptions(options: unknown): DispatcherSettings {
  const o = expectObject(options ?? {}, 'options') as DispatcherOptions;
  expectKnownKeys(o as Record<string, unknown>, ['retry', 'token', 'tls', 'pass'], 'options');
  const tls = o.tls;
  if (tls !== undefined && typeof tls !== 'string' && !(Array.isArray(tls) && tls.length === 2 && tls.every((t) => typeof t === 'string'))) {
    throw new TypeError(`options.tls must be a file path or [cert, key] PEM strings, got ${typeName(tls)}`);
  }
  return {
    retry: o.retry === undefined ? false : expectBoolean(o.retry, 'options.retry'),
    token: o.token === undefined ? false : expectBoolean(o.token, 'options.token'),
    tls,
    pass: o.pass === undefined ? undefined : expectString(o.pass, 'options.pass'),
  };
}

// --- the queue --------------------------------------------------------------------------

/** A task as the dispatcher holds it: where its bytes are (a message from the host, or a
 * part of a batch), never decoded here. A million of them must stay small: no Buffer view is
 * made until the task goes to a daemon. */
interface Entry {
  id: number;
  source: Buffer;
  offset: number;
  length: number;
  cancelled: boolean;
}

function bytesOf(entry: Entry): Buffer {
  const { source, offset, length } = entry;
  return offset === 0 && length === source.length ? source : source.subarray(offset, offset + length);
}

// --- one URL, one daemon ----------------------------------------------------------------------

class Slot {
  socket!: NngSocket;
  listener!: Listener;
  tasks!: NngContext;
  controls!: NngContext;
  url: string;
  pipe: number | undefined;
  online = 0;
  instance = 0;
  assigned = 0;
  complete = 0;
  /** Caught up on everywhere() and free for a task. */
  ready = false;
  busy: Entry | undefined;
  retry: Entry | undefined;
  /** Control requests to this daemon go one after another. */
  chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly i: number,
    url: string,
    private readonly tls: TlsConfig | undefined,
    private readonly onPipe: (slot: Slot, event: 'add' | 'remove', pipe: number) => void,
  ) {
    this.url = url;
    this.open(url);
  }

  /** Listens at `url`; the bound URL (port 0 resolved) becomes this slot's. */
  open(url: string): void {
    this.socket = new NngSocket('req', { resendTime: 0 });
    this.socket.onPipe((event, pipe) => this.onPipe(this, event, pipe));
    this.listener = this.socket.listen(url, { tls: this.tls });
    this.url = this.listener.url;
    this.tasks = this.socket.context();
    this.controls = this.socket.context();
  }

  close(): void {
    this.socket.close();
  }

  /** Sends control to this daemon, after whatever was sent before; resolves with its report. */
  control(control: Control): Promise<Poll> {
    const result = this.chain.then(async () => decode(await this.controls.request(encode(Kind.Control, control))).value as Poll);
    this.chain = result.catch(() => undefined);
    return result;
  }

  row(): DaemonStatus {
    return { url: this.url, i: this.i, online: this.online, instance: this.instance, assigned: this.assigned, complete: this.complete };
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

// --- the dispatcher ---------------------------------------------------------------------------

class Dispatcher {
  private readonly link = new NngSocket('pair1');
  private readonly toHostBatcher = new Batcher(this.link, true);
  private readonly slots: Slot[];
  private readonly queue = new Fifo<Entry>();
  /** Ids of queued tasks cancelled before their turn: skipped when it comes. */
  private readonly cancelledQueued = new Set<number>();
  private lastQueued = 0;
  private readonly history: EverywhereTask[] = [];
  private nextEverywhere = 1;
  private closing = false;
  private hostLeft!: () => void;

  constructor(
    host: string,
    urls: string[],
    private readonly settings: DispatcherSettings,
    tls: TlsConfig | undefined,
  ) {
    this.link.dial(host, { block: true });
    const slots: Slot[] = [];
    try {
      for (const [index, url] of urls.entries()) {
        // ws URLs on port 0 share the port the first of them bound: one port, n paths.
        const shared = sharedWsPort(url, slots[0]?.url);
        slots.push(new Slot(index + 1, shared, tls, (slot, event, pipe) => this.onPipe(slot, event, pipe)));
      }
      this.slots = slots;
    } catch (error) {
      for (const slot of slots) slot.close();
      this.link.close();
      throw error;
    }
  }

  async run(): Promise<void> {
    const gone = new Promise<void>((resolve) => (this.hostLeft = resolve));
    this.link.onPipe((event) => {
      if (event === 'remove') this.hostLeft();
    });
    this.emit({ online: 0, ready: this.slots.map((s) => s.url) });
    void this.receive();
    await gone;
    this.shutdown();
  }

  private shutdown(): void {
    this.closing = true;
    this.toHostBatcher.close();
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
      if (isBatch(message)) eachInBatch(message, (offset, length) => this.fromHost(message, offset, length));
      else this.fromHost(message, 0, message.length);
      this.dispatch();
    }
  }

  private fromHost(source: Buffer, offset: number, length: number): void {
    const { kind, tag } = peek(source, offset);
    if (kind === Kind.Task) this.enqueue({ id: tag, source, offset, length, cancelled: false });
    else if (kind === Kind.Cancel) this.cancel(tag);
    else if (kind === Kind.Request) void this.answer(tag, decode(source.subarray(offset, offset + length)).value as DispatcherRequest);
  }

  private enqueue(entry: Entry): void {
    this.queue.push(entry);
    this.lastQueued = entry.id;
  }

  /** A running task is abandoned by its daemon; one waiting for a retry is dropped; a queued
   * one is skipped when its turn comes. */
  private cancel(id: number): void {
    const busy = this.slots.find((s) => s.busy?.id === id);
    if (busy) {
      busy.busy!.cancelled = true;
      busy.control({ cancel: [id] }).catch(() => undefined);
      return;
    }
    const waiting = this.slots.find((s) => s.retry?.id === id);
    if (waiting) {
      waiting.retry!.cancelled = true;
      return;
    }
    const head = this.queue.peek();
    if (head !== undefined && id >= head.id && id <= this.lastQueued) this.cancelledQueued.add(id);
  }

  private async answer(tag: number, request: DispatcherRequest): Promise<void> {
    let value: unknown;
    switch (request.op) {
      case 'status':
        value = this.slots.map((s) => s.row());
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
    this.toHost(encode(Kind.Response, value, 'response', tag));
  }

  // --- scheduling ---

  /** Hands queued tasks to free daemons, in order of arrival and of URL. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.busy) continue;
      const entry = this.nextEntry();
      if (entry) this.assign(slot, entry);
    }
  }

  private nextEntry(): Entry | undefined {
    for (let entry = this.queue.shift(); entry; entry = this.queue.shift()) {
      if (!this.cancelledQueued.delete(entry.id)) return entry;
    }
    return undefined;
  }

  private assign(slot: Slot, entry: Entry): void {
    slot.busy = entry;
    slot.assigned++;
    // Without retry the bytes go to the daemon as they are; with retry they are kept to resend.
    slot.tasks.request(bytesOf(entry), { transfer: !this.settings.retry }).then(
      (reply) => this.finished(slot, entry, reply),
      (error: unknown) => this.failed(slot, entry, error),
    );
  }

  private finished(slot: Slot, entry: Entry, reply: Buffer): void {
    slot.busy = undefined;
    slot.complete++;
    if (!entry.cancelled) this.toHost(reply);
    this.dispatch();
  }

  private failed(slot: Slot, entry: Entry, error: unknown): void {
    if (slot.busy === entry) slot.busy = undefined;
    const code = isNngError(error) ? error.code : NNG.ECONNRESET;
    const lost = code === NNG.ECONNRESET || code === NNG.ECLOSED;
    if (lost && this.settings.retry && !entry.cancelled && !this.closing) {
      slot.retry = entry;
      return;
    }
    this.fail(entry, code === NNG.ECLOSED ? NNG.ECONNRESET : code);
    this.dispatch();
  }

  private fail(entry: Entry, code: number): void {
    if (!entry.cancelled) this.toHost(encode(Kind.Failed, { code }, 'failure', entry.id));
  }

  // --- daemons coming and going ---

  private onPipe(slot: Slot, event: 'add' | 'remove', pipe: number): void {
    if (event === 'add') {
      // At most one daemon per URL.
      if (slot.pipe !== undefined) {
        slot.socket.closePipe(pipe);
        return;
      }
      slot.pipe = pipe;
      slot.online = 1;
      slot.instance = Math.abs(slot.instance) + 1;
      slot.assigned = 0;
      slot.complete = 0;
      void this.welcome(slot, pipe);
    } else if (slot.pipe === pipe) {
      slot.pipe = undefined;
      slot.online = 0;
      slot.ready = false;
    } else {
      return;
    }
    this.emitOnline();
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
    if (slot.pipe !== pipe) return;
    slot.ready = true;
    const retry = slot.retry;
    slot.retry = undefined;
    if (retry && !retry.cancelled) this.assign(slot, retry);
    else this.dispatch();
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

  /** A new URL for slot `i`: a daemon there is cut off (only with `force`, else null), and a
   * task waiting to be retried there resolves to ErrorValue 7. */
  private saisei(i: number, force: boolean): string | null {
    const slot = this.slots[i - 1];
    if (!slot) return null;
    if (slot.online && !force) return null;
    const busy = slot.busy;
    const retry = slot.retry;
    slot.busy = undefined;
    slot.retry = undefined;
    slot.close();
    if (busy) this.fail(busy, NNG.ECLOSED);
    if (retry) this.fail(retry, NNG.ECLOSED);
    slot.pipe = undefined;
    slot.online = 0;
    slot.ready = false;
    slot.instance = -Math.abs(slot.instance);
    slot.open(this.regenerate(slot.url));
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
    this.emit({ online: this.slots.reduce((n, s) => n + s.online, 0) });
  }

  private emit(event: DispatcherEvent): void {
    this.toHost(encode(Kind.Event, event, 'event'));
  }
}
