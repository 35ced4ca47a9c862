// URLs: which transports NNG accepts, checked before any socket is touched, and constructors.
import { hostname, networkInterfaces } from 'node:os';
import { expectKnownKeys, expectObject } from './validate';

/** Transports the vendored NNG is built with. */
export const SCHEMES = [
  'inproc', 'ipc', 'abstract',
  'tcp', 'tcp4', 'tcp6',
  'ws', 'ws4', 'ws6', 'wss', 'wss4', 'wss6',
  'tls+tcp', 'tls+tcp4', 'tls+tcp6',
] as const;

export type Scheme = (typeof SCHEMES)[number];

const NETWORK = new Set<string>(['tcp', 'tcp4', 'tcp6', 'ws', 'ws4', 'ws6', 'wss', 'wss4', 'wss6', 'tls+tcp', 'tls+tcp4', 'tls+tcp6']);
const SECURE = new Set<string>(['wss', 'wss4', 'wss6', 'tls+tcp', 'tls+tcp4', 'tls+tcp6']);

export interface ParsedUrl {
  scheme: Scheme;
  /** Host name or address, without IPv6 brackets; '' for inproc/ipc/abstract. */
  host: string;
  /** Port as a number, or undefined where the transport has none. */
  port: number | undefined;
  /** Path (ws) or name (inproc, ipc, abstract). */
  path: string;
}

/** Splits a URL, throwing a TypeError that names `what` and says what is wrong. */
export function parseUrl(url: unknown, what = 'url'): ParsedUrl {
  if (typeof url !== 'string') throw new TypeError(`${what} must be a string, got ${typeof url}`);
  const at = url.indexOf('://');
  if (at <= 0) throw new TypeError(`${what} '${url}' is not a URL: expected scheme://address, e.g. tcp://127.0.0.1:5555`);
  const scheme = url.slice(0, at);
  if (!(SCHEMES as readonly string[]).includes(scheme)) {
    throw new TypeError(`${what} '${url}' has an unsupported scheme '${scheme}' (expected one of ${SCHEMES.join(', ')})`);
  }
  const rest = url.slice(at + 3);
  if (!NETWORK.has(scheme)) {
    if (rest.length === 0) throw new TypeError(`${what} '${url}' needs a name or path after ${scheme}://`);
    return { scheme: scheme as Scheme, host: '', port: undefined, path: rest };
  }
  return parseNetworkUrl(url, scheme as Scheme, rest, what);
}

function parseNetworkUrl(url: string, scheme: Scheme, rest: string, what: string): ParsedUrl {
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  const match = /^(\[[0-9a-fA-F:.]*\]|[^:[\]]*):(\d+)$/.exec(authority);
  if (!match) throw new TypeError(`${what} '${url}' needs host:port (use [::1]:port for IPv6, port 0 for any free port)`);
  const port = Number(match[2]);
  if (port > 65535) throw new RangeError(`${what} '${url}' has port ${port}, above 65535`);
  const host = match[1].startsWith('[') ? match[1].slice(1, -1) : match[1];
  return { scheme, host, port, path };
}

/** True for tls+tcp and wss URLs. */
export function isSecureUrl(url: string): boolean {
  return SECURE.has(url.slice(0, url.indexOf('://')));
}

// --- constructors ------------------------------------------------------------------------

/** A random URL for the platform's default inter-process transport: abstract sockets on
 * Linux, Unix domain sockets elsewhere on POSIX, named pipes on Windows. */
export function localUrl(): string {
  const name = `mirai-${randomHex(12)}`;
  if (process.platform === 'linux') return `abstract://${name}`;
  if (process.platform === 'win32') return `ipc://${name}`;
  return `ipc:///tmp/${name}`;
}

/** Options of {@link hostUrl}. */
export interface HostUrlOptions {
  /** WebSockets (ws://, or wss:// with tls) rather than TCP. */
  ws?: boolean;
  /** TLS: tls+tcp:// or wss://. */
  tls?: boolean;
  /** Port; 0 (default) picks a free one when listening. */
  port?: number;
  /** One URL per address of every network interface but loopback (R 2.x), in place of the
   * host name. */
  all?: boolean;
}

/**
 * A URL on this machine's host name for remote daemons to dial; with `all`, one per
 * non-loopback interface address (IPv6 in brackets).
 *
 * @throws TypeError for an unknown option or a flag that is not a boolean; RangeError for a
 *   port outside 0 to 65535.
 * @example
 * ```ts
 * hostUrl({ tls: true, port: 5555 }); // 'tls+tcp://myhost:5555'
 * ```
 */
export function hostUrl(options?: HostUrlOptions & { all?: false }): string;
export function hostUrl(options: HostUrlOptions & { all: true }): string[];
export function hostUrl(options: HostUrlOptions = {}): string | string[] {
  expectObject(options, 'options');
  expectKnownKeys(options as Record<string, unknown>, ['ws', 'tls', 'port', 'all'], 'options');
  const { ws = false, tls = false, port = 0, all = false } = options;
  if (typeof all !== 'boolean') throw new TypeError('options.all must be a boolean');
  if (typeof ws !== 'boolean') throw new TypeError('options.ws must be a boolean');
  if (typeof tls !== 'boolean') throw new TypeError('options.tls must be a boolean');
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`options.port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  const scheme = ws ? (tls ? 'wss' : 'ws') : tls ? 'tls+tcp' : 'tcp';
  if (!all) return `${scheme}://${hostname()}:${port}`;
  return interfaceAddresses().map((address) => `${scheme}://${address.includes(':') ? `[${address}]` : address}:${port}`);
}

/** Every address of the network interfaces but loopback and link-local IPv6 (which would need
 * a zone to dial). */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => !info.internal && !(info.family === 'IPv6' && info.address.toLowerCase().startsWith('fe80')))
    .map((info) => info.address);
}

/** The URL of the control channel beside a task URL (cancellations, everywhere, exit):
 * a suffixed name for inproc/ipc/abstract, a `/ctl` path for ws(s) on the same port, and the
 * next port for tcp and tls+tcp. */
export function controlUrl(url: string): string {
  const parsed = parseUrl(url);
  if (parsed.port === undefined) return `${url}.ctl`;
  if (parsed.scheme.startsWith('ws')) return `${url.replace(/\/$/, '')}/ctl`;
  if (parsed.port === 0) throw new RangeError(`controlUrl: ${url} has port 0; use the port actually bound`);
  if (parsed.port === 65535) throw new RangeError(`controlUrl: ${url} has no next port for the control channel`);
  const host = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
  return `${parsed.scheme}://${host}:${parsed.port + 1}${parsed.path}`;
}

/** The URLs a dispatcher listens at for `n` daemons: `n` local URLs by default; a ws(s) URL
 * gets paths /1 … /n (each with a 24-character token when `token`); a tcp URL the block of
 * ports from its own; an array is taken as it is. */
export function dispatcherUrls(url: string | string[] | undefined, n: number, token: boolean): string[] {
  if (Array.isArray(url)) return url.map((u) => withToken(u, token));
  if (url === undefined) return Array.from({ length: n }, () => localUrl());
  const parsed = parseUrl(url);
  if (parsed.scheme.startsWith('ws')) {
    const base = url.replace(/\/$/, '');
    return Array.from({ length: n }, (_, i) => withToken(`${base}/${i + 1}`, token));
  }
  if (parsed.port !== undefined) {
    const host = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
    if (parsed.port !== 0 && parsed.port + n - 1 > 65535) throw new RangeError(`url ${url}: ports ${parsed.port}…${parsed.port + n - 1} run past 65535`);
    return Array.from({ length: n }, (_, i) => `${parsed.scheme}://${host}:${parsed.port === 0 ? 0 : parsed.port! + i}`);
  }
  return Array.from({ length: n }, (_, i) => (n === 1 ? url : `${url}-${i + 1}`));
}

/** A ws(s) URL with a fresh 24-character token appended to its path (others unchanged). */
export function withToken(url: string, token: boolean): string {
  if (!token || !parseUrl(url).scheme.startsWith('ws')) return url;
  return `${url.replace(/\/$/, '')}/${randomHex(12)}`;
}

/** Web Crypto, loaded on first use: node:crypto at import would cost every daemon and
 * dispatcher thread 5 ms of start-up for URLs they never make. */
function randomHex(bytes: number): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');
}
