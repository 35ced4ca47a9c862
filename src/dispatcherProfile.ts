// A profile with a dispatcher in front of its daemons, run on a worker thread of this process
// and reached over inproc: tasks queue there, first in first out.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Batcher } from './batch';
import { openBroker, type Broker } from './broker';
import type { DispatcherOptions } from './dispatcher';
import type { DispatcherWorkerMessage } from './dispatcherWorker';
import { ErrorValue, NNG } from './errors';
import { settle, type CancelTask, type Mirai } from './miraiObject';
import { NngSocket } from './nng';
import { BaseProfile, EXIT_TIMEOUT_MS, type Counts, type Profile, type Status } from './profile';
import {
  FLAG_LAST,
  FLAGS_OFFSET,
  isBatch,
  Kind,
  peek,
  unbatch,
  type DaemonStatus,
  type DispatcherEvent,
  type DispatcherRequest,
  type ErrorInfo,
  type MessageParts,
  type Task,
} from './protocol';
import { settleFromReply } from './reply';
import { decode, encode } from './serial';
import { receiveEvents } from './taskEvents';

const READY_TIMEOUT_MS = 30_000;

export interface DispatcherProfileOptions {
  name: string;
  /** Where daemons dial: one URL each. */
  urls: string[];
  dispatcher: DispatcherOptions;
  /** For TLS URLs: what daemons trust and present (see Profile). */
  tls: { ca: string; identity?: [string, string] } | undefined;
  seed: number | undefined;
}

export class DispatcherProfile extends BaseProfile implements Profile {
  readonly dispatcher = true;
  /** As asked for until the dispatcher listens, then as bound (port 0 resolved). */
  urls: string[];
  private readonly link = new NngSocket('pair1');
  /** Tasks go into the broker's queue straight from this thread, and replies come back from
   * it the same way; the dispatcher's thread drives the broker's daemons. */
  private readonly broker: Broker;
  private readonly linkUrl = `inproc://mirai-dispatcher-${process.pid}-${Math.random().toString(36).slice(2)}`;
  private readonly worker: Worker;
  /** Mirai sent and not yet answered, by task id. */
  private readonly pending = new Map<number, Mirai<unknown>>();
  private readonly requests = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly outbox = new Batcher(this.link);
  private nextRequest = 1;
  /** Shared by every mirai of this profile: a million queued hold one function, not a million. */
  private readonly cancelTask: CancelTask = (id) => this.cancel(id);
  /** Daemons online, as the dispatcher last told. */
  online = 0;
  /** Replies refused here, and event answers the dispatcher refused (info()). */
  private refused = 0;
  private closed = false;
  /** Why the dispatcher is gone, once it is: what its requests reject with. */
  private lostError: ErrorValue | undefined;
  /** The dispatcher listens at every URL. */
  private listening = false;
  private readonly ready: Promise<void>;
  /** The thread has ended: kept, as close() may come after the 'exit' event (a crash). */
  private readonly ended: Promise<void>;

  constructor(options: DispatcherProfileOptions) {
    super(options.name, options.tls, options.seed);
    this.urls = [...options.urls];
    this.link.listen(this.linkUrl);
    this.broker = openBroker(options.dispatcher.retry === true);
    this.broker.markLast(FLAGS_OFFSET, FLAG_LAST);
    this.broker.onReply((reply, tag) => this.onBrokerReply(reply, tag));
    let onReady!: () => void;
    let onFailure!: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onFailure = reject;
    });
    this.ready.catch(() => undefined);
    void this.receive(onReady);
    this.worker = startWorker(this.linkUrl, this.broker.id, options);
    this.worker.once('error', (error) => {
      onFailure(error);
      this.lost(`the dispatcher failed: ${error.message}`, true);
    });
    this.worker.once('exit', () => this.lost('the dispatcher exited', true));
    // What the dispatcher recovered from, told as it happened.
    this.worker.on('message', (message: DispatcherWorkerMessage) => process.emitWarning(message.warning, 'MiraiWarning'));
    this.ended = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Resolves once the dispatcher listens at every URL. */
  async started(): Promise<void> {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`daemons: the dispatcher did not start within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS).unref(),
    );
    await Promise.race([this.ready, timeout]);
  }

  daemonUrl(index: number): string {
    const url = this.urls[index - 1];
    if (url === undefined) throw new RangeError(`the index must be from 1 to ${this.urls.length}, got ${index}`);
    return url;
  }

  submit(m: Mirai<unknown>, parts: MessageParts, id: number): CancelTask {
    this.pending.set(id, m);
    if (!this.closed) this.broker.push(parts, id);
    return this.cancelTask;
  }

  async everywhere(task: Task): Promise<ErrorInfo[]> {
    return (await this.request({ op: 'everywhere', task })) as ErrorInfo[];
  }

  async status(): Promise<Status> {
    return { connections: 1, daemons: (await this.request({ op: 'status' })) as DaemonStatus[] };
  }

  /** The dispatcher's rows summed; the queue is the broker's, read from this thread. */
  async info(): Promise<Counts> {
    const rows = (await this.request({ op: 'status' })) as DaemonStatus[] | undefined;
    const sum = (key: 'online' | 'assigned' | 'complete') => (rows ?? []).reduce((n, row) => n + row[key], 0);
    return { connections: sum('online'), waiting: this.closed ? 0 : this.broker.queued, assigned: sum('assigned'), complete: sum('complete'), refused: this.refused };
  }

  async saisei(i: number, force: boolean): Promise<string | null> {
    const url = (await this.request({ op: 'saisei', i, force })) as string | null;
    if (url !== null) this.urls[i - 1] = url;
    return url;
  }

  protected hasOnline(n: number): boolean {
    return this.online >= n;
  }

  protected describeOnline(n: number): string {
    return `only ${this.online} of ${n} daemons connected`;
  }

  async close(tellPersistent: boolean): Promise<void> {
    if (tellPersistent && !this.closed) await this.request({ op: 'exit' }).catch(() => undefined);
    this.lost('the daemons were reset');
    // Daemons launched while the dispatcher started may still be dialling (dialwait) for one
    // that will never listen: they are ended rather than waited for.
    if (!this.listening) for (const child of this.processes) child.kill();
    const timer = setTimeout(() => void this.worker.terminate(), EXIT_TIMEOUT_MS);
    await this.ended;
    clearTimeout(timer);
    await this.processesExited();
  }

  // --- sending ---

  private send(parts: MessageParts): void {
    if (!this.closed) this.outbox.send(parts);
  }

  /** Resolves with the dispatcher's answer; rejects with the error it could not answer for,
   * or with why it is gone. */
  private request(request: DispatcherRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(this.lostError ?? new ErrorValue(NNG.ECONNRESET));
    const tag = this.nextRequest++;
    const answer = new Promise<unknown>((resolve, reject) => this.requests.set(tag, { resolve, reject }));
    this.send(encode(Kind.Request, request, 'request', tag));
    return answer.then((value) => (value instanceof Error ? Promise.reject(value) : value));
  }

  /** A queued task is dropped here; the dispatcher stops one that has reached a daemon. */
  private cancel(id: number): void {
    if (!this.forget(id) || this.closed) return;
    if (!this.broker.cancelQueued(id)) this.send(encode(Kind.Cancel, null, 'cancel', id));
  }

  /** The mirai of task `id`, no longer pending. */
  private forget(id: number): Mirai<unknown> | undefined {
    const m = this.pending.get(id);
    if (m !== undefined) this.pending.delete(id);
    return m;
  }

  // --- receiving ---

  private async receive(onReady: () => void): Promise<void> {
    for (;;) {
      let message: Buffer;
      try {
        message = await this.link.recv();
      } catch {
        return;
      }
      if (isBatch(message)) for (const inner of unbatch(message)) this.fromDispatcher(inner, onReady);
      else this.fromDispatcher(message, onReady);
    }
  }

  private fromDispatcher(message: Buffer, onReady: () => void): void {
    const { kind, tag } = peek(message);
    if (kind === Kind.Event) this.onEvent(decode(message).value as DispatcherEvent, onReady);
    else if (kind === Kind.Response) this.onResponse(tag, decode(message).value);
    else if (kind === Kind.Batch || kind === Kind.Emit || kind === Kind.EmitEnd) this.refused += receiveEvents(message) ? 0 : 1;
    else this.onReply(kind, tag, message);
  }

  /** A daemon's reply to task `id` (the broker's tag for the request, not what the reply says). */
  private onBrokerReply(reply: Buffer, id: number): void {
    const m = this.forget(id);
    if (m && !settleFromReply(m, reply, id)) this.refused++;
  }

  private onReply(kind: number, id: number, message: Buffer): void {
    const m = this.forget(id);
    if (!m) return;
    if (kind === Kind.Failed) settle(m, true, new ErrorValue((decode(message).value as { code: number }).code));
    else settleFromReply(m, message);
  }

  private onResponse(tag: number, value: unknown): void {
    const request = this.requests.get(tag);
    this.requests.delete(tag);
    request?.resolve(value);
  }

  private onEvent(event: DispatcherEvent, onReady: () => void): void {
    if (event.ready) {
      this.listening = true;
      this.urls = event.ready;
      onReady();
    }
    this.refused += event.refused ?? 0;
    this.online = event.online;
    this.onlineChanged();
  }

  /** The dispatcher is gone: every pending mirai resolves to ErrorValue 19 saying why, and
   * every request rejects with it. When that was `unexpected` (not a reset), a warning says so
   * at once: the user may have no pending mirai to learn it from. */
  private lost(reason: string, unexpected = false): void {
    if (this.closed) return;
    this.closed = true;
    const error = new ErrorValue(NNG.ECONNRESET, `Connection reset (${reason})`);
    this.lostError = error;
    if (unexpected) process.emitWarning(`mirai: profile '${this.name}' lost its dispatcher (${reason}): its pending mirai resolve to ErrorValue 19`, 'MiraiWarning');
    this.outbox.close();
    this.broker.close();
    this.link.close();
    for (const m of this.pending.values()) settle(m, true, new ErrorValue(NNG.ECONNRESET, error.message));
    this.pending.clear();
    for (const request of this.requests.values()) request.reject(error);
    this.requests.clear();
  }
}

function startWorker(linkUrl: string, broker: number, options: DispatcherProfileOptions): Worker {
  const compiled = join(__dirname, 'dispatcherWorker.js');
  const file = existsSync(compiled) ? compiled : join(__dirname, 'dispatcherWorker.ts');
  // The URLs are final (tokens included): the dispatcher takes them as they are.
  const workerData = { host: linkUrl, urls: options.urls, options: { ...options.dispatcher, token: false }, broker };
  // From the TypeScript sources (the test suite) the worker registers tsx first.
  const worker = file.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData })
    : new Worker(file, { workerData });
  worker.unref();
  return worker;
}
