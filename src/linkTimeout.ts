// How long a link that died silently (no FIN, no RST: a cable pulled, a firewall dropping, a
// machine frozen) may hold a connection between a host and a daemon. TCP alone notices such a
// link after hours: keep-alive probes start after two idle hours, and data left unacknowledged
// is retransmitted for about fifteen minutes. Here the kernel probes an idle connection and,
// where the peer always reads, bounds unacknowledged data (TCP_USER_TIMEOUT), so that either
// end drops the connection within the bound; its task then resolves or is retried as when a daemon dies, and a
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

/** The socket options that drop a silent connection within about `ms` (none for 0): the bound
 * in whole seconds, at least half of it idle, then up to PROBES probes. With `boundSends`, the user timeout also caps
 * data left unacknowledged at the bound. Linux applies that cap to a peer that advertises a
 * zero window too, that is a live peer that stops reading: so it is only for sockets whose
 * peers always read (NNG reads replies and control messages as they come, and a daemon behind
 * a dispatcher holds one task at a time), not for a direct host's tasks, which queue at a busy
 * daemon beyond what it reads. */
export function linkOptions(ms: number, boundSends = true): SocketOptions {
  if (ms === 0) return {};
  const seconds = Math.max(1, Math.floor(ms / 1000));
  const interval = Math.max(1, Math.floor(seconds / 2 / PROBES));
  const count = Math.max(1, Math.min(PROBES, Math.floor((seconds - 1) / interval)));
  const idle = Math.max(1, seconds - count * interval);
  const keepalive = { tcpKeepalive: true, tcpKeepaliveIdle: idle * 1000, tcpKeepaliveInterval: interval * 1000, tcpKeepaliveCount: count };
  return boundSends ? { ...keepalive, tcpUserTimeout: ms } : keepalive;
}
