// How long a link that died silently (no FIN, no RST: a cable pulled, a firewall dropping, a
// machine frozen) may hold a connection between a host and a daemon. TCP alone notices such a
// link after hours: keep-alive probes start after two idle hours, and data left unacknowledged
// is retransmitted for about fifteen minutes. Here the kernel probes an idle connection and
// bounds unacknowledged data (TCP_USER_TIMEOUT), so that either end drops the connection
// within the bound; its task then resolves or is retried as when a daemon dies, and a
// persistent daemon redials. The kernel does the probing, so a daemon busy in a synchronous
// task still answers.
import type { SocketOptions } from './nng';
import { expectDuration } from './validate';

/** The default bound, ms: seconds, not TCP's hours, yet above the pauses of a loaded machine. */
export const DEFAULT_LINK_TIMEOUT = 10_000;

/** Keep-alive timers count whole seconds: a shorter bound could not be kept. */
const MIN_LINK_TIMEOUT = 1_000;

/** Unanswered probes before the drop: a lost probe or two is not a dead link. */
const PROBES = 3;

/** Reads `linkTimeout`: ms, 0 for off (TCP's own timing); default DEFAULT_LINK_TIMEOUT. */
export function readLinkTimeout(value: unknown, what: string): number {
  if (value === undefined) return DEFAULT_LINK_TIMEOUT;
  const ms = expectDuration(value, what);
  if (ms > 0 && ms < MIN_LINK_TIMEOUT) {
    throw new RangeError(`${what} must be 0 (off) or at least ${MIN_LINK_TIMEOUT} ms, got ${value}`);
  }
  return ms;
}

/** The socket options that drop a silent connection within about `ms` (none for 0). Half the
 * bound idle, then probes over the other half; the user timeout caps both the probing and
 * unacknowledged data at the bound itself. */
export function linkOptions(ms: number): SocketOptions {
  if (ms === 0) return {};
  const idle = Math.max(MIN_LINK_TIMEOUT, Math.floor(ms / 2));
  const interval = Math.max(MIN_LINK_TIMEOUT, Math.floor(ms / 2 / PROBES));
  return { tcpKeepalive: true, tcpKeepaliveIdle: idle, tcpKeepaliveInterval: interval, tcpKeepaliveCount: PROBES, tcpUserTimeout: ms };
}
