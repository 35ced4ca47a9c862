// mirai(): send an evaluation to a daemon (or a fresh process) and get back a Mirai.
import { submitEphemeral } from './ephemeral';
import { startTiming } from './metrics';
import { Mirai, track, type CancelTask } from './miraiObject';
import type { Profile } from './profile';
import type { MessageParts } from './protocol';
import { getProfile } from './profiles';
import { listen, unlisten } from './taskEvents';
import { encodeTask, prepareTask, type ArgsOf, type Expr, type MiraiOptions } from './task';

/** What a mirai evaluating `F` resolves to: a function's awaited return type; `unknown` for a
 * string of code or a module task. */
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : unknown;

/**
 * Evaluates `expr` asynchronously in a daemon (or, with no daemons set, in a new process).
 * `data` entries become globals there; `options.args` the arguments. A timeout counts from
 * this call, including any wait for a daemon. `options.onEvent` hears what the task passes to
 * the global `emit(value)`, in order, before the mirai resolves.
 *
 * A function is sent as source, so it must be self-contained: it sees its arguments, the
 * globals from `data`, and what the daemon has loaded, never the caller's closure.
 *
 * @param expr - A function, a string of code, or a {@link ModuleTask} naming a module's export.
 * @param data - Globals for the evaluation.
 * @param options - Arguments, timeout, compute profile and abort signal.
 * @returns A {@link Mirai} of the function's awaited return type: await it for the value (it
 *   rejects with the failure), or read its `data`.
 * @throws TypeError before anything is sent, for a bad `expr`, `data` or option.
 * @example
 * ```ts
 * const m = mirai((a: number, b: number) => a + b, {}, { args: [1, 2] });
 * const sum = await m; // number
 * ```
 */
export function mirai<F extends Expr>(
  expr: F,
  data?: Record<string, unknown>,
  options?: MiraiOptions<ArgsOf<F>>,
): Mirai<ResultOf<F>> {
  const { timeout, compute, signal, task, onEvent } = prepareTask(expr, data, options);
  const profile = getProfile(compute);
  // Streams follow the order mirai are made, not which daemon runs them or when; a mirai
  // refused by encoding takes none.
  if (profile?.seed !== undefined) task.rs = { seed: profile.seed, index: profile.nextTaskStream };
  if (timeout !== undefined || signal !== undefined || profile?.interruptAll) task.interrupt = true;
  const parts = encodeTask(task);
  if (task.rs) profile!.nextTaskStream++;
  const m = new Mirai<ResultOf<F>>();
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
