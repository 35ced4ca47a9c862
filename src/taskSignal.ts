// taskSignal inside a task: an AbortSignal that aborts when the running task is cancelled
// (stopMirai, an AbortSignal of its mirai, a timeout) or interrupted, so that the task can pass
// it on (`fetch(url, { signal: taskSignal })`) and stop.
import { processWide } from './processWide';

/** The running task's signal, shared through globalThis as the global itself is. */
const current = processWide<{ signal: AbortSignal | undefined }>('mirai.taskSignal', () => ({ signal: undefined }));

/** Outside a task: a signal that never aborts. */
let idle: AbortSignal | undefined;

/** Defines the global `taskSignal` that task code reads: a getter, not enumerable, so a
 * cleanup of globals leaves it, as it leaves `emit` and `require`. */
export function installTaskSignal(): void {
  if (Object.prototype.hasOwnProperty.call(globalThis, 'taskSignal')) return;
  Object.defineProperty(globalThis, 'taskSignal', {
    get: () => current.signal ?? (idle ??= new AbortController().signal),
    enumerable: false,
    configurable: true,
  });
}

/** The signal `taskSignal` gives from now on (undefined once the task has ended). */
export function signalTo(signal: AbortSignal | undefined): void {
  current.signal = signal;
}
