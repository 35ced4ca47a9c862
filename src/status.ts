// status(): connections and daemons of a compute profile.
import type { Status } from './profile';
import { getProfile } from './profiles';
import { expectNonEmptyString } from './validate';

export type { DaemonStatus } from './protocol';
export type { Status } from './profile';

export async function status(compute = 'default'): Promise<Status> {
  expectNonEmptyString(compute, 'compute');
  const profile = getProfile(compute);
  if (!profile) return { connections: 0, daemons: 0 };
  return profile.status();
}
