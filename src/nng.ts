// The NNG layer, a small nanonext: typed sockets, contexts, endpoints and TLS over the native
// addon. The library is built on it, and it is public on its own as `mirai/nng`.
import {
  native,
  type Context as NativeContext,
  type Cv,
  type Dialer,
  type Listener,
  type OptionValue,
  type PipeEvent,
  type Protocol,
  type SendData,
  type Socket as NativeSocket,
  type TlsConfig,
} from './native';
import { NNG } from './errors';
import { isSecureUrl, parseUrl } from './url';
import {
  expectBoolean,
  expectDuration,
  expectFunction,
  expectInteger,
  expectKnownKeys,
  expectObject,
  expectSignal,
  expectString,
  typeName,
} from './validate';

export type { Cv, Dialer, Listener, OptionValue, PipeEvent, Protocol, SendData, TlsAuthMode, TlsConfig, TlsMode } from './native';
export type { CertificateOptions, GeneratedCertificate } from './native';
export { generateCertificate, tlsConfig, type TlsOptions } from './tls';
export { isNngError, NNG, type NngError } from './errors';

// --- options ---------------------------------------------------------------------------

type OptionKind = 'size' | 'count' | 'ms' | 'bool' | 'string';

/** Options of one kind of value, by their TypeScript names, each with NNG's name. */
function ofKind<K extends string, V extends OptionKind>(kind: V, names: Record<K, string>): Record<K, readonly [string, V]> {
  return Object.fromEntries(Object.entries(names).map(([name, nngName]) => [name, [nngName, kind] as const])) as Record<K, readonly [string, V]>;
}

/** Socket options by their TypeScript names, with NNG's name and the kind of value. */
const SOCKET_OPTIONS = {
  ...ofKind('size', { recvSizeMax: 'recv-size-max' }),
  ...ofKind('count', { recvBuffer: 'recv-buffer', sendBuffer: 'send-buffer', ttlMax: 'ttl-max', tcpKeepaliveCount: 'tcp-keepalive-count' }),
  ...ofKind('ms', {
    recvTimeout: 'recv-timeout', sendTimeout: 'send-timeout', resendTime: 'req:resend-time', surveyTime: 'surveyor:survey-time',
    reconnectTimeMin: 'reconnect-time-min', reconnectTimeMax: 'reconnect-time-max',
    tcpKeepaliveIdle: 'tcp-keepalive-idle', tcpKeepaliveInterval: 'tcp-keepalive-interval', tcpUserTimeout: 'tcp-user-timeout',
  }),
  ...ofKind('bool', { tcpNodelay: 'tcp-nodelay', tcpKeepalive: 'tcp-keepalive' }),
  ...ofKind('string', { socketName: 'socket-name' }),
} satisfies Record<SocketOptionName, readonly [string, OptionKind]>;

/** The name of a socket option for {@link NngSocket.setOption} and {@link NngSocket.getOption}
 * (every key of {@link SocketOptions} but `raw`). */
export type SocketOptionName = Exclude<keyof SocketOptions, 'raw'>;

/** Options of {@link openSocket}: NNG socket options by camel-case names (durations in ms,
 * sizes in bytes), and `raw`. */
export interface SocketOptions {
  /** Largest message accepted, bytes; 0 for no limit (the default here; NNG's own is 1 MiB). */
  recvSizeMax?: number;
  /** Messages buffered for receiving (NNG's recv-buffer), 0 to 8192. */
  recvBuffer?: number;
  /** Messages buffered for sending (NNG's send-buffer), 0 to 8192. */
  sendBuffer?: number;
  /** Default receive timeout, ms (-1: none), used when an operation gives none. */
  recvTimeout?: number;
  /** Default send timeout, ms (-1: none), used when an operation gives none. */
  sendTimeout?: number;
  /** Shortest wait before a dialer reconnects, ms. */
  reconnectTimeMin?: number;
  /** Longest wait between reconnection attempts as they back off, ms (0: no back-off). */
  reconnectTimeMax?: number;
  /** req: resend an unanswered request after this many ms (0: never). */
  resendTime?: number;
  /** surveyor: how long a survey collects responses, ms. */
  surveyTime?: number;
  /** TCP: send without Nagle's delay. */
  tcpNodelay?: boolean;
  /** TCP: keep-alive probes on idle connections. */
  tcpKeepalive?: boolean;
  /** TCP: silence before the first keep-alive probe, ms, in whole seconds rounded up (0: the system's
   * default, two hours on Linux). Applies to connections made after it is set, over tcp, tls+tcp, ws and wss. */
  tcpKeepaliveIdle?: number;
  /** TCP: time between keep-alive probes, ms, in whole seconds rounded up (0: the system's default). */
  tcpKeepaliveInterval?: number;
  /** TCP: unanswered keep-alive probes before the connection is dropped, 0 to 1000 (0: the system's default). */
  tcpKeepaliveCount?: number;
  /** TCP: longest time sent data may stay unacknowledged, or keep-alive probes unanswered, before the
   * connection is dropped, ms (0: the system's default). Linux only; ignored elsewhere. */
  tcpUserTimeout?: number;
  /** Hops a message may take through devices before it is dropped. */
  ttlMax?: number;
  /** A name for the socket, for diagnostics. */
  socketName?: string;
  /** Raw mode (no protocol state machine). */
  raw?: boolean;
}

const PROTOCOLS: readonly Protocol[] = [
  'req', 'rep', 'pair0', 'pair1', 'pair1poly', 'bus', 'push', 'pull', 'pub', 'sub', 'surveyor', 'respondent',
];

function checkOptionValue(name: SocketOptionName, value: unknown, what: string): OptionValue {
  const kind = SOCKET_OPTIONS[name][1];
  const path = `${what}.${name}`;
  switch (kind) {
    case 'bool':
      return expectBoolean(value, path);
    case 'string':
      return expectString(value, path);
    case 'ms':
      if (value === -1) return -1;
      return expectDuration(value, path);
    default:
      return expectInteger(value, path, 0);
  }
}

// --- operations -----------------------------------------------------------------------

/** Options of a receive (and the base of the others). */
export interface OperationOptions {
  /** ms; the operation rejects with NngError 5 (timed out) past it. */
  timeout?: number;
  /** Aborting rejects the operation with NngError 20 (canceled). */
  signal?: AbortSignal;
}

/** Options of a send. */
export interface SendOptions extends OperationOptions {
  /** Hand a Buffer received from this library back to NNG without a copy; it is detached. */
  transfer?: boolean;
  /** pair1poly: the pipe (peer) to send to. */
  pipe?: number;
}

/** Options of {@link NngSocket.request}. */
export interface RequestOptions extends Omit<SendOptions, 'pipe'> {
  /** Names the request, 1 to 0x7fffffff, for cancel(tag) to stop it (with any other request
   * given the same tag). */
  tag?: number;
}

const OPERATION_KEYS = ['timeout', 'signal'] as const;
const REQUEST_KEYS = ['timeout', 'signal', 'transfer', 'tag'] as const;
const SEND_KEYS = ['timeout', 'signal', 'transfer', 'pipe'] as const;
const CONTEXT_SEND_KEYS = ['timeout', 'signal', 'transfer'] as const;

function readOperation(options: OperationOptions | undefined, what: string, keys: readonly string[] = OPERATION_KEYS): number | undefined {
  if (options === undefined) return undefined;
  expectObject(options, what);
  expectKnownKeys(options as Record<string, unknown>, keys, what);
  if (options.signal !== undefined) expectSignal(options.signal, `${what}.signal`);
  return options.timeout === undefined ? undefined : expectDuration(options.timeout, `${what}.timeout`);
}

function abortError(): Error {
  return Object.assign(new Error('Operation canceled'), { name: 'NngError', code: NNG.ECANCELED });
}

/** Tags this module picks (for AbortSignals) come from above those callers may give, so that
 * aborting one never cancels a caller's request. */
const AUTO_TAG_FIRST = 0x80000000;
const AUTO_TAG_LAST = 0xfffffffe;
/** The largest tag a caller may give a request (tags above it are the library's own). */
export const USER_TAG_MAX = 0x7fffffff;
let nextTag = AUTO_TAG_FIRST;

/** Starts `operation`, tied to `signal` when there is one: aborting cancels this operation
 * alone (by its tag). Bad arguments and closed handles reject rather than throw. */
function operate<T>(options: OperationOptions | undefined, start: (tag: number) => Promise<T>, cancel: (tag: number) => void): Promise<T> {
  try {
    const signal = options?.signal;
    if (signal === undefined) return start(0);
    if (signal.aborted) return Promise.reject(abortError());
    const tag = nextTag;
    nextTag = nextTag >= AUTO_TAG_LAST ? AUTO_TAG_FIRST : nextTag + 1;
    const promise = start(tag);
    const onAbort = () => cancel(tag);
    signal.addEventListener('abort', onAbort, { once: true });
    const release = () => signal.removeEventListener('abort', onAbort);
    promise.then(release, release);
    return promise;
  } catch (error) {
    return Promise.reject(error);
  }
}

// --- endpoints --------------------------------------------------------------------------

/** Options of {@link NngSocket.listen}. */
export interface ListenOptions {
  /** Required for tls+tcp:// and wss:// URLs. */
  tls?: TlsConfig;
}

/** Options of {@link NngSocket.dial}. */
export interface DialOptions extends ListenOptions {
  /** Wait for the first connection, throwing if refused; default false (connect in the background). */
  block?: boolean;
}

function readEndpoint(options: DialOptions | undefined, what: string, allowBlock: boolean): DialOptions {
  if (options === undefined) return {};
  expectObject(options, what);
  expectKnownKeys(options as Record<string, unknown>, allowBlock ? ['tls', 'block'] : ['tls'], what);
  if (options.tls !== undefined && !(options.tls instanceof native.TlsConfig)) {
    throw new TypeError(`${what}.tls must be a TlsConfig (see tlsConfig()), got ${typeName(options.tls)}`);
  }
  if (options.block !== undefined) expectBoolean(options.block, `${what}.block`);
  return options;
}

function requireTls(url: string, tls: TlsConfig | undefined): void {
  if (tls === undefined && isSecureUrl(url)) {
    throw new TypeError(`options.tls is required for ${url}: a TlsConfig (see tlsConfig())`);
  }
}

// --- sockets ----------------------------------------------------------------------------

/**
 * An NNG socket speaking one protocol. Pending operations keep the event loop alive; an idle
 * socket does not. Operations reject with an {@link NngError} (code 5 timed out, 7 closed,
 * 20 canceled, ...); a bad argument to one rejects with a TypeError or RangeError.
 *
 * @example
 * ```ts
 * const rep = openSocket('rep');
 * rep.listen('tcp://127.0.0.1:5555');
 * const req = openSocket('req');
 * req.dial('tcp://127.0.0.1:5555');
 * const reply = req.request('ping');
 * await rep.send(await rep.recv());
 * console.log((await reply).toString()); // ping
 * ```
 */
export class NngSocket {
  /** @internal The native socket, for the library's own layers (a dispatcher's broker). */
  readonly native: NativeSocket;

  /**
   * @param protocol - One of NNG's protocols: 'req', 'rep', 'pair0', 'pair1', 'pair1poly',
   *   'bus', 'push', 'pull', 'pub', 'sub', 'surveyor', 'respondent'.
   * @param options - Socket options, set before the socket is used.
   * @throws TypeError for an unknown protocol or option, or an option of the wrong type;
   *   RangeError for an option out of range.
   */
  constructor(protocol: Protocol, options: SocketOptions = {}) {
    if (!PROTOCOLS.includes(protocol)) {
      throw new TypeError(`protocol must be one of ${PROTOCOLS.join(', ')}, got ${typeName(protocol)}`);
    }
    expectObject(options, 'options');
    expectKnownKeys(options as Record<string, unknown>, [...Object.keys(SOCKET_OPTIONS), 'raw'], 'options');
    const { raw = false, ...settings } = options;
    expectBoolean(raw, 'options.raw');
    const values = Object.entries({ recvSizeMax: 0, ...settings }).map(
      ([name, value]) => [name, checkOptionValue(name as SocketOptionName, value, 'options')] as const,
    );
    this.native = new native.Socket(protocol, raw);
    for (const [name, value] of values) this.native.setOption(SOCKET_OPTIONS[name as SocketOptionName][0], value);
  }

  /** NNG's socket id. */
  get id(): number {
    return this.native.id;
  }

  /** The protocol the socket speaks. */
  get protocol(): Protocol {
    return this.native.protocol;
  }

  /** True once {@link NngSocket.close} has been called. */
  get closed(): boolean {
    return this.native.closed;
  }

  /** Listens on `url`; port 0 binds a free port, readable from the listener's `url`.
   * @throws TypeError for a malformed URL, an unknown option, or a tls+tcp:// or wss:// URL
   *   without `options.tls`; an {@link NngError} if NNG cannot listen (address in use, ...). */
  listen(url: string, options?: ListenOptions): Listener {
    parseUrl(url, 'url');
    const { tls } = readEndpoint(options, 'options', false);
    requireTls(url, tls);
    return new native.Listener(this.native, url, { tls });
  }

  /** Dials `url`, in the background unless `block` asks to wait for the connection.
   * @throws TypeError for a malformed URL, an unknown option, or a tls+tcp:// or wss:// URL
   *   without `options.tls`; an {@link NngError} if NNG refuses the dial (with `block`: if
   *   the connection fails). */
  dial(url: string, options?: DialOptions): Dialer {
    parseUrl(url, 'url');
    const { tls, block = false } = readEndpoint(options, 'options', true);
    requireTls(url, tls);
    return new native.Dialer(this.native, url, { tls, block });
  }

  /** Sends one message: bytes, a string (UTF-8), or parts gathered into one message. Resolves
   * once NNG has taken it. */
  send(data: SendData, options?: SendOptions): Promise<void> {
    return operate(
      options,
      (tag) => {
        const timeout = readOperation(options, 'options', SEND_KEYS);
        const transfer = options?.transfer ?? false;
        const pipe = options?.pipe === undefined ? 0 : expectInteger(options.pipe, 'options.pipe', 1, 0xffffffff);
        return this.native.send(data, timeout, transfer, pipe, tag);
      },
      (tag) => this.native.cancel(tag),
    );
  }

  /** Receives one message, as a Buffer over NNG's message (no copy). */
  recv(options?: OperationOptions): Promise<Buffer> {
    return operate(options, (tag) => this.native.recv(readOperation(options, 'options'), tag), (tag) => this.native.cancel(tag));
  }

  /** Receives a message with the id of the pipe (peer) it came from. */
  recvFrom(options?: OperationOptions): Promise<[Buffer, number]> {
    return operate(options, (tag) => this.native.recvFrom(readOperation(options, 'options'), tag), (tag) => this.native.cancel(tag));
  }

  /** Sends a request and resolves to the reply (req), on a context the socket keeps for it:
   * any number may be in flight at once. */
  request(data: SendData, options?: RequestOptions): Promise<Buffer> {
    const named = (tag: number) => (options?.tag === undefined ? tag : expectInteger(options.tag, 'options.tag', 1, USER_TAG_MAX));
    return operate(
      options,
      (tag) => this.native.request(data, readOperation(options, 'options', REQUEST_KEYS), options?.transfer ?? false, named(tag)),
      (tag) => this.native.cancel(named(tag)),
    );
  }

  /** A request named `tag` (1 to USER_TAG_MAX) with no other option: as `request(data, { tag })`
   * without an options object to make and check, for callers that send one per task. */
  requestTagged(data: SendData, tag: number): Promise<Buffer> {
    try {
      expectInteger(tag, 'tag', 1, USER_TAG_MAX);
      return this.native.request(data, undefined, false, tag);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** As {@link requestTagged}, with the id of the pipe the reply came on. A request reset
   * because its peer was lost rejects with that peer's pipe id as `error.pipe`. */
  requestTaggedFrom(data: SendData, tag: number): Promise<[Buffer, number]> {
    try {
      expectInteger(tag, 'tag', 1, USER_TAG_MAX);
      return this.native.request(data, undefined, false, tag, true);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Opens a context on this socket: its own request/reply state, for concurrent exchanges. */
  context(): NngContext {
    return new NngContext(this);
  }

  /** Sets a socket option by its {@link SocketOptions} name.
   * @throws TypeError for an unknown name or a value of the wrong type; RangeError for a
   *   value out of range. */
  setOption<K extends SocketOptionName>(name: K, value: NonNullable<SocketOptions[K]>): void {
    if (!(name in SOCKET_OPTIONS)) throw new TypeError(`unknown socket option '${String(name)}'`);
    this.native.setOption(SOCKET_OPTIONS[name][0], checkOptionValue(name, value, 'options'));
  }

  /** Reads a socket option by its {@link SocketOptions} name.
   * @throws TypeError for an unknown name. */
  getOption<K extends SocketOptionName>(name: K): NonNullable<SocketOptions[K]> {
    if (!(name in SOCKET_OPTIONS)) throw new TypeError(`unknown socket option '${String(name)}'`);
    return this.native.getOption(SOCKET_OPTIONS[name][0]) as NonNullable<SocketOptions[K]>;
  }

  /** Calls `listener` when a peer connects ('add') or leaves ('remove'); null stops. Events
   * are heard from the first listener on: set it before listen() or dial(). */
  onPipe(listener: ((event: PipeEvent, pipe: number) => void) | null): void {
    if (listener !== null) expectFunction(listener, 'listener');
    this.native.onPipe(listener);
  }

  /** Signals `cv` on pipe events, for code that blocks rather than listens. */
  notify(cv: Cv | null, events: { add?: boolean; remove?: boolean } = {}): void {
    this.native.notify(cv, events.add ?? true, events.remove ?? true);
  }

  /** Closes one pipe (one connected peer) by the id that pipe events and `recvFrom` give.
   * @throws TypeError or RangeError unless `pipe` is an integer from 1 to 2^32-1. */
  closePipe(pipe: number): void {
    this.native.closePipe(expectInteger(pipe, 'pipe', 1, 0xffffffff));
  }

  /** Where the peer on `pipe` connected from, as a URL: `tcp://10.0.0.2:41234` for tcp, ws
   * and tls peers alike (the address is the TCP one), `ipc:///path` for ipc (the listener's own
   * path: ipc peers have no address of their own). Undefined once the pipe is gone.
   * @throws TypeError or RangeError unless `pipe` is an integer from 1 to 2^32-1. */
  remoteAddress(pipe: number): string | undefined {
    return this.native.remoteAddress(expectInteger(pipe, 'pipe', 1, 0xffffffff));
  }

  /** Cancels the pending operations made on the socket itself with `tag`, or all of them
   * (not those of its contexts): they reject with NngError 20.
   * @throws TypeError or RangeError unless `tag` is an integer from 1 to {@link USER_TAG_MAX}. */
  cancel(tag?: number): void {
    this.native.cancel(tag === undefined ? 0 : expectInteger(tag, 'tag', 1, USER_TAG_MAX));
  }

  /** Closes the socket: pending operations reject with NngError 7. Safe to call twice. */
  close(): void {
    this.native.close();
  }
}

/** A context: its own request/reply state on a shared socket, for concurrent requests. */
export class NngContext {
  /** @internal The native context, for the library's own layers. */
  readonly native: NativeContext;

  /** Opens a context on `socket` (as {@link NngSocket.context} does). */
  constructor(socket: NngSocket) {
    this.native = new native.Context(socket.native);
  }

  /** NNG's context id. */
  get id(): number {
    return this.native.id;
  }

  /** Sends a request and resolves to the reply (req). */
  request(data: SendData, options?: Omit<SendOptions, 'pipe'>): Promise<Buffer> {
    return operate(
      options,
      (tag) => this.native.request(data, readOperation(options, 'options', CONTEXT_SEND_KEYS), options?.transfer ?? false, tag),
      (tag) => this.native.cancel(tag),
    );
  }

  /** Sends one message on the context (a rep context's reply, a req context's request). */
  send(data: SendData, options?: Omit<SendOptions, 'pipe'>): Promise<void> {
    return operate(
      options,
      (tag) => this.native.send(data, readOperation(options, 'options', CONTEXT_SEND_KEYS), options?.transfer ?? false, tag),
      (tag) => this.native.cancel(tag),
    );
  }

  /** Receives one message on the context, as a Buffer over NNG's message (no copy). */
  recv(options?: OperationOptions): Promise<Buffer> {
    return operate(options, (tag) => this.native.recv(readOperation(options, 'options'), tag), (tag) => this.native.cancel(tag));
  }

  /** Receives a message with the id of the pipe (peer) it came from. */
  recvFrom(options?: OperationOptions): Promise<[Buffer, number]> {
    return operate(options, (tag) => this.native.recvFrom(readOperation(options, 'options'), tag), (tag) => this.native.cancel(tag));
  }

  /** Cancels the context's pending operations: they reject with NngError 20. */
  cancel(): void {
    this.native.cancel();
  }

  /** Closes the context (not its socket). */
  close(): void {
    this.native.close();
  }
}

/**
 * Opens a socket: `openSocket('req', { resendTime: 0 })`. The same as `new NngSocket(...)`.
 * @throws TypeError for an unknown protocol or option, or an option of the wrong type;
 *   RangeError for an option out of range.
 */
export function openSocket(protocol: Protocol, options?: SocketOptions): NngSocket {
  return new NngSocket(protocol, options);
}

/**
 * Keeps up to `bytes` of freed message storage, from messages of 1 MiB and more, to hold the
 * next large messages, for this whole process (every socket, every thread); 0, the default,
 * keeps none. Storage of that size is otherwise fresh memory for each message, which the
 * kernel zeroes page by page as it is first written: for large messages sent or received again
 * and again, that costs more CPU than their copying. The memory kept stays resident. A mirai
 * daemon sets it to 512 MiB while large messages come, and back to 0 five seconds after the
 * last (in its own process; `daemon()` run in yours does so in yours).
 * @throws TypeError unless `bytes` is a number; RangeError unless it is an integer from 0 to
 *   2^53-1.
 */
export function reuseMessageStorage(bytes: number): void {
  native.reuseMessageStorage(expectInteger(bytes, 'bytes', 0, Number.MAX_SAFE_INTEGER));
}
