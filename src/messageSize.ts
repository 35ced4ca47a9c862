// The largest message a socket of this package accepts from a peer: NNG drops the connection
// of a peer that announces a longer one, before allocating for it, so that a peer cannot make
// a host, dispatcher or daemon allocate without bound.
import { expectInteger } from './validate';

/** The default limit, 2 GiB: above any payload V8 serialises in one piece, yet a bound. */
export const DEFAULT_MAX_MESSAGE_SIZE = 2 ** 31;

/** Reads `maxMessageSize`: bytes, 0 for no limit; default DEFAULT_MAX_MESSAGE_SIZE. */
export function readMaxMessageSize(value: unknown, what: string): number {
  return value === undefined ? DEFAULT_MAX_MESSAGE_SIZE : expectInteger(value, what, 0);
}
