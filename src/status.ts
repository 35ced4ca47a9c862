// status(): connections and daemons of a compute profile.
import type { Status } from './profile';
import { getProfile } from './profiles';
import { expectNonEmptyString } from './validate';

export type { DaemonStatus } from './protocol';
export type { Status } from './profile';

/** The status of a compute profile, or of a cluster from makeCluster (one row per node):
 * `{ connections: 0, daemons: 0 }` when no daemons are set. A `compute` that is not a
 * non-empty string rejects with a TypeError. */
export async function status(compute: string | { status(): Promise<Status> } = 'default'): Promise<Status> {
  if (typeof compute === 'object' && compute !== null && typeof compute.status === 'function') return compute.status();
  const profile = getProfile(expectNonEmptyString(compute, 'compute'));
  if (!profile) return { connections: 0, daemons: 0 };
  return profile.status();
}
