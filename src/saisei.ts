// saisei(): regenerate one of a dispatcher's URLs.
import { getProfile } from './profiles';
import { expectBoolean, expectInteger, expectKnownKeys, expectNonEmptyString, expectObject } from './validate';

/** Options of {@link saisei}. */
export interface SaiseiOptions {
  /** Regenerate even while a daemon is connected there (it is cut off; a task waiting to be
   * retried there resolves to ErrorValue 7). */
  force?: boolean;
  /** The compute profile (default "default"). */
  compute?: string;
}

/** Regenerates dispatcher URL `i` (1-based): a new listener (and token, for ws). Resolves to
 * the new URL, or null if a daemon is online there and `force` is not set.
 * @throws TypeError or RangeError (as a rejection) for a bad `i` or option. */
export async function saisei(i: number, options: SaiseiOptions = {}): Promise<string | null> {
  expectInteger(i, 'i', 1, 1024);
  const opts = expectObject(options, 'options') as SaiseiOptions;
  expectKnownKeys(opts as Record<string, unknown>, ['force', 'compute'], 'options');
  const force = opts.force === undefined ? false : expectBoolean(opts.force, 'options.force');
  const compute = opts.compute === undefined ? 'default' : expectNonEmptyString(opts.compute, 'options.compute');
  const profile = getProfile(compute);
  if (!profile) throw new TypeError(`saisei: no daemons are set for compute profile '${compute}'`);
  if (!profile.dispatcher) throw new TypeError('saisei needs a dispatcher: these daemons were set with dispatcher: false');
  return profile.saisei(i, force);
}
