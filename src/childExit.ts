// Waiting for a child process to end, with a bound: past it, the child is sent a signal.
import type { ChildProcess } from 'node:child_process';

/** Resolves once `child` emits `event` ('exit', or 'close' once its output streams are shut
 * too), sending it `signal` if that has not happened within `ms`; at once if it has exited. */
export function exitWithin(child: ChildProcess, ms: number, signal: NodeJS.Signals, event: 'exit' | 'close' = 'exit'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(signal), ms);
    child.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
