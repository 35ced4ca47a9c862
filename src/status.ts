// status(): connections and daemons of a compute profile.
import { getProfile } from './profiles';
import { expectNonEmptyString } from './validate';

/** A dispatcher's row for one daemon URL. */
export interface DaemonStatus {
  url: string;
  i: number;
  online: number;
  instance: number;
  assigned: number;
  complete: number;
}

export interface Status {
  /** Active connections: daemons online (without dispatcher), 1 with dispatcher, 0 when not set. */
  connections: number;
  /** Rows per URL (dispatcher), the host URL (no dispatcher), or 0 (not set). */
  daemons: DaemonStatus[] | string | number;
}

/** The status of a compute profile, or of a cluster from makeCluster (one row per node). */
export async function status(compute: string | { status(): Promise<Status> } = 'default'): Promise<Status> {
  if (typeof compute === 'object' && compute !== null && typeof compute.status === 'function') return compute.status();
  const profile = getProfile(expectNonEmptyString(compute, 'compute'));
  if (!profile) return { connections: 0, daemons: 0 };
  return profile.status();
}
