// taskSignal inside a task: an AbortSignal that aborts when the running task is cancelled
// (stopMirai, an AbortSignal of its mirai, a timeout) or interrupted, so that the task can pass
// it on (`fetch(url, { signal: taskSignal })`) and stop.
import { processWide } from './processWide';

/** A task's abort: its AbortController is made only when the task reads `taskSignal`, as most
 * tasks never do and a controller with its signal costs more than a trivial task's call. */
export class TaskAbort {
  private controller: AbortController | undefined;
  private aborted = false;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  /** Aborts the signal, or the one made later if the task reads it only after this. */
  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}

/** The running task's abort, shared through globalThis as the global itself is. */
const current = processWide<{ abort: TaskAbort | undefined }>('mirai.taskSignal', () => ({ abort: undefined }));

/** Outside a task: a signal that never aborts. */
let idle: AbortSignal | undefined;

/** Defines the global `taskSignal` that task code reads: a getter, not enumerable, so a
 * cleanup of globals leaves it, as it leaves `emit` and `require`. */
export function installTaskSignal(): void {
  if (Object.prototype.hasOwnProperty.call(globalThis, 'taskSignal')) return;
  Object.defineProperty(globalThis, 'taskSignal', {
    get: () => current.abort?.signal ?? (idle ??= new AbortController().signal),
    enumerable: false,
    configurable: true,
  });
}

/** Whose signal `taskSignal` gives from now on (undefined once the task has ended). */
export function signalTo(abort: TaskAbort | undefined): void {
  current.abort = abort;
}
