// mirai(): send an evaluation to a daemon (or a fresh process) and get back a Mirai.
import { submitEphemeral } from './ephemeral';
import { startTiming } from './metrics';
import { Mirai, track, type CancelTask } from './miraiObject';
import type { Profile } from './profile';
import type { MessageParts } from './protocol';
import { getProfile } from './profiles';
import { listen, unlisten } from './taskEvents';
import { encodeTask, prepareTask, type Expr, type MiraiOptions } from './task';

type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/** Evaluates `expr` asynchronously in a daemon (or, with no daemons set, in a new process).
 * `data` entries become globals there; `options.args` the arguments. A timeout counts from
 * this call, including any wait for a daemon. `options.onEvent` hears what the task passes to
 * the global `emit(value)`, in order, before the mirai resolves. */
export function mirai<F extends Expr>(
  expr: F,
  data?: Record<string, unknown>,
  options?: MiraiOptions<F extends (...args: infer P) => unknown ? P : unknown[]>,
): Mirai<ResultOf<F>> {
  const { timeout, compute, signal, task, onEvent } = prepareTask(expr, data, options);
  const parts = encodeTask(task);
  const m = new Mirai<ResultOf<F>>();
  const profile = getProfile(compute);
  if (profile) startTiming(m, profile.metrics);
  // Past a full queue, a task is held unsent ('wait') or refused here ('error'); the events of
  // one sent now cannot arrive before this call returns.
  const cancel = profile ? submitTo(profile, m, parts, task.id) : submitEphemeral(m, parts);
  if (onEvent) {
    listen(task.id, onEvent);
    void m.settled().then(() => unlisten(task.id));
  }
  track(m, cancel, task.id, timeout);
  if (signal) watchSignal(m, signal);
  return m;
}

function submitTo(profile: Profile, m: Mirai<unknown>, parts: MessageParts, id: number): CancelTask {
  const send = () => profile.submit(m, parts, id);
  return profile.gate ? profile.gate.submit(m, id, send) : send();
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
