// info() and requireDaemons(): R 2.x's task counts of a compute profile, and the check that
// daemons are set before work that needs them.
import { noMetrics } from './metrics';
import type { Info } from './profile';
import { getProfile } from './profiles';
import { expectNonEmptyString } from './validate';

export type { DaemonMetrics, Metrics, Quantiles } from './metrics';
export type { Info } from './profile';

/** Connections, and tasks waiting, assigned and complete, for a compute profile, with its
 * metrics and its daemons'; all 0 when no daemons are set (as status() reports 0). A
 * `compute` that is not a non-empty string rejects with a TypeError. */
export async function info(compute = 'default'): Promise<Info> {
  expectNonEmptyString(compute, 'compute');
  const profile = getProfile(compute);
  if (!profile) return { connections: 0, waiting: 0, assigned: 0, complete: 0, refused: 0, metrics: noMetrics() };
  const counts = await profile.info();
  // Tasks held back by a full queue (maxQueued) wait too.
  return { ...counts, waiting: counts.waiting + (profile.gate?.size ?? 0), metrics: profile.metrics.snapshot(profile.online) };
}

/** Resolves if daemons are set for `compute`; rejects, saying how to set them, if not. Without
 * daemons, mirai() runs each task in a new process, which a function may not want.
 * @throws Error (as a rejection) when no daemons are set; TypeError for a bad `compute`. */
export async function requireDaemons(compute = 'default'): Promise<void> {
  expectNonEmptyString(compute, 'compute');
  if (getProfile(compute)) return;
  const where = compute === 'default' ? '' : `, { compute: ${JSON.stringify(compute)} }`;
  throw new Error(`no daemons are set for compute profile '${compute}': set them first, e.g. await daemons(4${where}), or wrap the work in withDaemons(4, async () => …${where})`);
}
