// mirai(): send an evaluation to a daemon (or a fresh process) and get back a Mirai.
import { submitEphemeral } from './ephemeral';
import { Mirai, track } from './miraiObject';
import { getProfile } from './profiles';
import { encodeTask, prepareTask, type Expr, type MiraiOptions } from './task';

type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/** Evaluates `expr` asynchronously in a daemon (or, with no daemons set, in a new process).
 * `data` entries become globals there; `options.args` the arguments. A timeout counts from
 * this call, including any wait for a daemon. */
export function mirai<F extends Expr>(
  expr: F,
  data?: Record<string, unknown>,
  options?: MiraiOptions<F extends (...args: infer P) => unknown ? P : unknown[]>,
): Mirai<ResultOf<F>> {
  const { timeout, compute, signal, task } = prepareTask(expr, data, options);
  const parts = encodeTask(task);
  const m = new Mirai<ResultOf<F>>();
  const profile = getProfile(compute);
  const cancel = profile ? profile.submit(m, parts, task.id) : submitEphemeral(m, parts);
  track(m, cancel, task.id, timeout);
  if (signal) watchSignal(m, signal);
  return m;
}

function watchSignal(m: Mirai<unknown>, signal: AbortSignal): void {
  if (signal.aborted) {
    m.stop();
    return;
  }
  const onAbort = () => m.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  void m.settled().then(() => signal.removeEventListener('abort', onAbort));
}
