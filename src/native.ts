// The one door to the native addon: loads it and declares its every type.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Protocols a native socket can speak (NNG's scalability protocols). */
export type Protocol =
  | 'req' | 'rep'
  | 'pair0' | 'pair1' | 'pair1poly'
  | 'bus'
  | 'push' | 'pull'
  | 'pub' | 'sub'
  | 'surveyor' | 'respondent';

/** What can be sent: bytes, a string (sent as UTF-8), or parts gathered into one message. */
export type SendData = ArrayBufferView | ArrayBuffer | string | ReadonlyArray<ArrayBufferView | ArrayBuffer | string>;

/** Option values: durations and sizes are numbers (ms, bytes), flags booleans. */
export type OptionValue = number | boolean | string | Uint8Array;

/** A JavaScript Error carrying NNG's error number and `nng_strerror` text. */
export interface NngError extends Error {
  /** NNG's error number: 5 timed out, 7 object closed, 19 connection reset, 20 canceled, ... */
  code: number;
}

/** A pipe event: a peer connected ('add') or left ('remove'). */
export type PipeEvent = 'add' | 'remove';

/** Options read when an endpoint is created, before it starts. */
export interface NativeEndpointOptions {
  tls?: TlsConfig;
  /** Start at once (default true); with false, call `start()` after setting options. */
  start?: boolean;
}

export interface NativeDialOptions extends NativeEndpointOptions {
  /** Wait for the first connection (synchronous dial) rather than connecting in the background. */
  block?: boolean;
}

/** An NNG socket. Pending operations keep the event loop alive; idle sockets do not. */
export declare class Socket {
  constructor(protocol: Protocol, raw?: boolean);
  /** NNG's socket id. */
  readonly id: number;
  readonly protocol: Protocol;
  readonly closed: boolean;
  /** Sends a message. `timeout` in ms (-1 forever, -2 the socket's default). With `transfer`,
   * a whole Buffer received from this addon is handed to NNG without a copy and detached
   * (a part of one is copied). `pipe`
   * addresses one peer where the protocol allows (pair1poly). */
  send(data: SendData, timeout?: number, transfer?: boolean, pipe?: number, tag?: number): Promise<void>;
  /** Receives one message body as a Buffer backed by NNG's message (no copy). `tag` (any
   * number but 0) lets `cancel(tag)` cancel this operation alone. */
  recv(timeout?: number, tag?: number): Promise<Buffer>;
  /** As `recv`, with the id of the pipe the message came from. */
  recvFrom(timeout?: number, tag?: number): Promise<[Buffer, number]>;
  setOption(name: string, value: OptionValue): void;
  getOption(name: string): OptionValue;
  /** Calls `listener` on the JavaScript thread whenever a pipe is added or removed; null stops. */
  onPipe(listener: ((event: PipeEvent, pipe: number) => void) | null): void;
  /** Signals `cv` on pipe events (add and/or remove); null stops. */
  notify(cv: Cv | null, add?: boolean, remove?: boolean): void;
  /** Closes one pipe (one connected peer) by id. */
  closePipe(pipe: number): void;
  /** At most `limit` peers at once (0: any): one over it is closed as it connects, before the
   * protocol can use it, and no listener hears of it. Set before listen or dial. */
  limitPipes(limit: number): void;
  /** Once a dialer of this socket connects, it never dials again (set on NNG's thread as the
   * connection is added, before this thread hears of it). A connection refused before it is
   * added (the wrong protocol) is redialled as usual; one a peer turns away after taking it
   * (over its limitPipes) was added first, and is not. Set before dial. */
  dialOnce(): void;
  /** Raises `signal` (a number; 0 removes the rule) in this process, on the NNG thread that
   * receives it, when a message arrives whose first bytes masked by `mask` equal `pattern`
   * (same length, at most 64): it reaches a process whose JavaScript thread is busy. With a
   * `gate`, only through it, for `key` (see {@link NativeModule.raiseThroughGate}). */
  signalOnMessage(signal: number, pattern?: Buffer, mask?: Buffer, gate?: BigInt64Array, key?: number): void;
  /** Signals this socket's rule has raised. */
  readonly signalsRaised: number;
  /** Where the peer on `pipe` connected from: `tcp://10.0.0.2:41234`, `tcp://[::1]:41234`,
   * `ipc:///path`, `abstract://name` or `inproc://name`; undefined once the pipe is gone (or if
   * it is not this socket's). */
  remoteAddress(pipe: number): string | undefined;
  /** Sends `data` on a context of the socket's own pool and receives the reply (req): any
   * number in flight, no context object to manage; the timeout covers both. With `from`,
   * the reply comes with the id of the pipe it came on. */
  request(data: SendData, timeout?: number, transfer?: boolean, tag?: number, from?: false): Promise<Buffer>;
  request(data: SendData, timeout: number | undefined, transfer: boolean, tag: number, from: true): Promise<[Buffer, number]>;
  /** Cancels the pending operations started on the socket itself with `tag`, or all of them
   * (not those on its contexts). A pending operation keeps its socket from being collected. */
  cancel(tag?: number): void;
  /** Closes the socket: every pending operation rejects with code 7. Safe to call twice. */
  close(): void;
}

/** An NNG context: an independent request/reply state machine on a socket. */
export declare class Context {
  constructor(socket: Socket);
  readonly id: number;
  readonly closed: boolean;
  /** Sends `data` and receives the reply in one operation (req contexts); the timeout covers both. */
  request(data: SendData, timeout?: number, transfer?: boolean, tag?: number): Promise<Buffer>;
  send(data: SendData, timeout?: number, transfer?: boolean, tag?: number): Promise<void>;
  recv(timeout?: number, tag?: number): Promise<Buffer>;
  /** As `recv`, with the id of the pipe the message came from. */
  recvFrom(timeout?: number, tag?: number): Promise<[Buffer, number]>;
  setOption(name: string, value: OptionValue): void;
  getOption(name: string): OptionValue;
  /** Cancels the pending operations started with `tag`, or all of them: they reject with code 20. */
  cancel(tag?: number): void;
  close(): void;
}

/** A first-in-first-out queue of requests in front of workers, each a request context on
 * its own socket: a request goes to a worker only when that worker is free (the lowest
 * worker id first), and each reply is delivered as it arrives. Scheduling runs on NNG's
 * threads. One broker can be driven from several threads of a process: `new Broker(keep)`
 * makes one, `new Broker(id)` joins it from another thread. */
export declare class Broker {
  /** `keep`: hold a copy of each request in flight, handed to the failure listener if its
   * worker fails (for sending again). A number joins the broker with that id. */
  constructor(keepOrId: boolean | number);
  readonly id: number;
  /** Requests queued and not cancelled. */
  readonly queued: number;
  /** Queues a request. Tags should increase from one push to the next (cancelQueued
   * searches by tag). */
  push(data: SendData, tag: number, transfer?: boolean): void;
  /** Replies come to `listener`, on this thread, with the tag of the request each answers. */
  onReply(listener: (reply: Buffer, tag: number) => void): void;
  /** A delivered request that got no reply (its worker went away) comes to `listener`. */
  onFailure(listener: (worker: number, tag: number, code: number, request: Buffer | null) => void): void;
  /** Replies go out on `socket` while no reply listener is set. */
  forward(socket: Socket): void;
  /** A worker over a new context on `socket`; paused until resumed. */
  attach(worker: number, socket: Socket): void;
  /** The worker takes requests again: `data` (tagged `tag`) first, if given; to a worker
   * already taking requests, `data` goes in line by its tag. */
  resume(worker: number, data?: SendData, tag?: number): void;
  /** The worker takes no new request; one not yet delivered goes back in line. */
  pause(worker: number): void;
  /** Closes the worker; returns the tag of its request in flight (dropped), or null. */
  detach(worker: number): number | null;
  /** Drops request `tag` if it is still queued; false if it is not. */
  cancelQueued(tag: number): boolean;
  /** The worker holding request `tag` in flight, or null. */
  workerOf(tag: number): number | null;
  /** [assigned, complete] of a worker since it was attached or last reset. */
  counts(worker: number, reset?: boolean): [number, number];
  /** A reply whose byte at `offset` has a bit of `mask` set is its worker's last: the worker
   * is paused before any other request is sent to it. */
  markLast(offset: number, mask: number): void;
  /** Shuts the broker for every thread: workers stop, queued requests are dropped. */
  close(): void;
}

/** An NNG listener: accepts connections at a URL for its socket. */
export declare class Listener {
  constructor(socket: Socket, url: string, options?: NativeEndpointOptions);
  /** NNG's listener id. */
  readonly id: number;
  /** The URL, with a port 0 replaced by the port actually bound. */
  readonly url: string;
  /** Starts listening, for a listener made with `start: false`. */
  start(): void;
  /** Sets an option by NNG's name (such as 'recv-size-max'). */
  setOption(name: string, value: OptionValue): void;
  /** Reads an option by NNG's name. */
  getOption(name: string): OptionValue;
  /** Stops listening and closes the pipes it accepted. */
  close(): void;
}

/** An NNG dialer: connects its socket to a URL, and reconnects when the connection drops. */
export declare class Dialer {
  constructor(socket: Socket, url: string, options?: NativeDialOptions);
  /** NNG's dialer id. */
  readonly id: number;
  /** The URL dialled. */
  readonly url: string;
  /** Starts dialling, for a dialer made with `start: false`; `block` waits for the connection. */
  start(block?: boolean): void;
  /** Sets an option by NNG's name (such as 'reconnect-time-min'). */
  setOption(name: string, value: OptionValue): void;
  /** Reads an option by NNG's name. */
  getOption(name: string): OptionValue;
  /** Stops dialling and closes its pipe. */
  close(): void;
}

/** Which side of a TLS connection a configuration is for. */
export type TlsMode = 'client' | 'server';
/** Whether the peer must present a certificate that verifies. */
export type TlsAuthMode = 'none' | 'optional' | 'required';

/** A TLS configuration for dialers (client) or listeners (server). */
export declare class TlsConfig {
  constructor(mode: TlsMode);
  /** Client (for dialers) or server (for listeners). */
  readonly mode: TlsMode;
  /** Own certificate chain and private key, PEM, with the key's password if it has one. */
  setCertKey(certPem: string, keyPem: string, password?: string): void;
  /** Certificates to verify the peer against, PEM, with an optional CRL. */
  setCaChain(caPem: string, crlPem?: string): void;
  /** Whether the peer must present a certificate that verifies against the CA chain. */
  setAuthMode(mode: TlsAuthMode): void;
  /** The name the server's certificate must carry (clients). */
  setServerName(name: string): void;
}

/** A mutex + condition variable with a counter: `signal` adds one, a wait takes one. */
export declare class Cv {
  constructor();
  /** Signals waiting so far. */
  readonly value: number;
  /** Blocks this thread until signalled or `timeout` ms pass (-1 forever); true if signalled. */
  wait(timeout?: number): boolean;
  /** As `wait`, off the JavaScript thread. */
  waitAsync(timeout?: number): Promise<boolean>;
  /** Adds one to the counter and wakes a waiter. */
  signal(): void;
  /** Sets the counter back to 0. */
  reset(): void;
}

/** Options of {@link generateCertificate}. */
export interface CertificateOptions {
  /** Subject common name (a host name), default "localhost". */
  commonName?: string;
  /** Days of validity, default 365. */
  validDays?: number;
  /** 'ec' (P-256, default: fast) or 'rsa'. */
  keyType?: 'ec' | 'rsa';
  /** RSA modulus size, default 4096. */
  bits?: number;
}

/** A self-signed certificate and its private key, as {@link generateCertificate} makes them. */
export interface GeneratedCertificate {
  /** The certificate, PEM. */
  cert: string;
  /** The private key, PEM. */
  key: string;
}

export interface NativeVersions {
  nng: string;
  mbedtls: string;
  tlsEngine: string;
}

interface NativeModule {
  Socket: typeof Socket;
  Context: typeof Context;
  Broker: typeof Broker;
  Listener: typeof Listener;
  Dialer: typeof Dialer;
  TlsConfig: typeof TlsConfig;
  Cv: typeof Cv;
  generateCertificate(options?: CertificateOptions): Promise<GeneratedCertificate>;
  strerror(code: number): string;
  /** Keeps up to `bytes` of freed message storage (messages of 1 MiB and more) for reuse,
   * process-wide; 0 keeps none. */
  reuseMessageStorage(bytes: number): void;
  /** A gated signal: `gate[0]` holds key * 8 + state (0 outside, 1 inside, 2 raising, 3 raised,
   * 4 early). For `key` inside, raises `signal` in the calling thread (its handler has run on
   * return), through raising to raised, and returns true; for `key` outside, marks it early;
   * otherwise does nothing. No-op for the signal on Windows. */
  raiseThroughGate(gate: BigInt64Array, key: number, signal: number): boolean;
  versions: NativeVersions;
  /** Closes everything this addon instance has open; at process exit. */
  shutdown(): void;
}

function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'CMakeLists.txt'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`mirai: cannot find the package root above ${from}`);
    dir = parent;
  }
  return dir;
}

function loadAddon(): NativeModule {
  const explicit = process.env.MIRAI_NATIVE_BINDING;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (explicit) return require(explicit) as NativeModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = require('node-gyp-build') as (dir: string) => NativeModule;
  return load(packageRoot(__dirname));
}

export const native: NativeModule = loadAddon();

// The addon's own cleanup does not run when the main thread calls process.exit(): close
// sockets (ipc files are removed) and end blocked waits then too.
process.once('exit', () => native.shutdown());
