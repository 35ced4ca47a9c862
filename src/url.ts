// URLs: which transports NNG accepts, checked before any socket is touched.

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
