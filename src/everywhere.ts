// everywhere(): run an expression on every daemon of a profile, keeping what it sets up.
import type { MiraiError } from './errors';
import { getProfile } from './profiles';
import { miraiErrorFrom } from './reply';
import { prepareTask, type Expr, type MiraiOptions } from './task';

export type EverywhereOptions = Pick<MiraiOptions, 'args' | 'compute'>;

/** Evaluates `expr` on every connected daemon (and on those that connect later, before their
 * first task). Globals it sets and modules it loads persist whatever the daemons' cleanup.
 * Resolves once every daemon has run it; rejects with the first daemon's error if any failed. */
export async function everywhere(
  expr: Expr,
  data?: Record<string, unknown>,
  options?: EverywhereOptions,
): Promise<void> {
  const { task, compute } = prepareTask(expr, data, options, ['args', 'compute']);
  const profile = getProfile(compute);
  if (!profile) return;
  const errors = await profile.everywhere(task);
  if (errors.length > 0) {
    const first: MiraiError = miraiErrorFrom(errors[0]);
    if (errors.length > 1) first.message += ` (and ${errors.length - 1} more daemon(s) failed)`;
    throw first;
  }
}
