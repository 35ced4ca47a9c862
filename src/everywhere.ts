// everywhere(): run an expression on every daemon of a profile, keeping what it sets up.
import type { MiraiError } from './errors';
import { getProfile } from './profiles';
import { miraiErrorFrom } from './reply';
import { prepareTask, type ArgsOf, type Expr, type MiraiOptions } from './task';

/** Options of {@link everywhere}: `args` and `compute` as for {@link mirai}; `A` is the
 * function's parameter list. */
export type EverywhereOptions<A extends unknown[] = unknown[]> = Pick<MiraiOptions<A>, 'args' | 'compute'>;

/**
 * Evaluates `expr` on every connected daemon (and on those that connect later, before their
 * first task). Globals it sets and modules it loads persist whatever the daemons' cleanup.
 * Resolves once every daemon has run it; with no daemons set on the profile, at once.
 *
 * @param expr - A self-contained function, a string of code, or a {@link ModuleTask}.
 * @param data - Globals set on each daemon before `expr` runs.
 * @param options - `args` for `expr`, and the compute profile.
 * @throws TypeError (as a rejection) for a bad `expr`, `data` or option.
 * @throws MiraiError (as a rejection) with the first daemon's error if any failed; its
 *   message counts the others.
 * @example
 * ```ts
 * await daemons(4);
 * await everywhere((dir: string) => process.chdir(dir), {}, { args: ['/srv/data'] });
 * ```
 */
export async function everywhere<F extends Expr>(
  expr: F,
  data?: Record<string, unknown>,
  options?: EverywhereOptions<ArgsOf<F>>,
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
