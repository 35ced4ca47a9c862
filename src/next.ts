// nextStream(), nextGet() and nextCode(): R's helpers for launchers written by users, which
// start daemons by their own means and need what daemons(n) would have given them.
import { native } from './native';
import { getProfile } from './profiles';
import { expectInteger, expectNonEmptyString, expectString } from './validate';

/** The next random stream of a profile set with a seed, as the daemon option `rs` takes it
 * (`"seed:index"`, CLI `--rs`); undefined without a seed or without daemons. Each call hands
 * out a stream no daemon of the profile has had or will get.
 * @throws TypeError for a `compute` that is not a non-empty string. */
export function nextStream(compute = 'default'): string | undefined {
  expectNonEmptyString(compute, 'compute');
  const profile = getProfile(compute);
  if (!profile || profile.seed === undefined) return undefined;
  return `${profile.seed}:${profile.nextStream++}`;
}

/** What nextGet() can read. */
export interface NextGetValues {
  /** The number of URLs daemons dial: one per daemon with a dispatcher, 1 without. */
  n: number;
  /** The URLs daemons dial (port 0 resolved). */
  urls: string[];
  /** The CA certificate (PEM) a daemon must trust, for TLS URLs. */
  tls: string | undefined;
  /** Whether a dispatcher sits in front of the daemons. */
  dispatcher: boolean;
}

const NEXT_GET_KEYS = ['n', 'urls', 'tls', 'dispatcher'] as const;

/** One setting of a compute profile, for a launcher; undefined when no daemons are set.
 * @throws TypeError for an unknown key `x` or a bad `compute`.
 * @example
 * ```ts
 * const urls = nextGet('urls'); // string[] | undefined
 * ```
 */
export function nextGet<K extends keyof NextGetValues>(x: K, compute = 'default'): NextGetValues[K] | undefined {
  expectString(x, 'x');
  if (!(NEXT_GET_KEYS as readonly string[]).includes(x)) {
    throw new TypeError(`x must be one of ${NEXT_GET_KEYS.map((k) => `'${k}'`).join(', ')}, got ${JSON.stringify(x)}`);
  }
  expectNonEmptyString(compute, 'compute');
  const profile = getProfile(compute);
  if (!profile) return undefined;
  const values: { [K in keyof NextGetValues]: () => NextGetValues[K] } = {
    n: () => urlsOf(profile.daemonUrl.bind(profile)).length,
    urls: () => urlsOf(profile.daemonUrl.bind(profile)),
    tls: () => profile.ca,
    dispatcher: () => profile.dispatcher,
  };
  return values[x]();
}

/** Every URL, by index from 1 until the profile has no more. */
function urlsOf(daemonUrl: (index: number) => string): string[] {
  const urls: string[] = [];
  for (;;) {
    try {
      urls.push(daemonUrl(urls.length + 1));
    } catch {
      return urls;
    }
  }
}

/** An error code as text, as R's nextcode(): `"5 | Timed out"` (NNG's wording).
 * @throws TypeError or RangeError unless `code` is a positive integer. */
export function nextCode(code: number): string {
  expectInteger(code, 'code', 1, 2147483647);
  const text = native.strerror(code);
  return `${code} | ${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
