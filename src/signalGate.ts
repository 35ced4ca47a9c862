// The JavaScript side of a gated signal (binding/signal_rule.h): a cell shared with the threads
// that raise SIGINT for a cancellation, so that one is raised only while the task's watched code
// runs, and that code, as it ends, waits for one being raised. A SIGINT raised just after vm's
// breakOnSigint has stopped watching would meet SIGINT's default action, which ends the process.

/** States of the cell, as `key * 8 + state`. */
export const Gate = { Outside: 0, Inside: 1, Raising: 2, Raised: 3, Early: 4 } as const;

const cell = (key: number, state: number): bigint => BigInt(key) * 8n + BigInt(state);

export class SignalGate {
  /** Shared with the raising threads (the native rule, or a watcher worker). */
  readonly cells = new BigInt64Array(new SharedArrayBuffer(8));

  /** Task `key` is about to run: nothing raised for it yet. */
  reset(key: number): void {
    Atomics.store(this.cells, 0, cell(key, Gate.Outside));
  }

  /** The watched code begins; false if a cancellation came first (nothing is to run). */
  enter(key: number): boolean {
    return Atomics.compareExchange(this.cells, 0, cell(key, Gate.Outside), cell(key, Gate.Inside)) === cell(key, Gate.Outside);
  }

  /** The watched code ends. A signal being raised now has its handler run before this returns
   * (the watcher ends the code right there, as asked). */
  leave(key: number): void {
    if (Atomics.compareExchange(this.cells, 0, cell(key, Gate.Inside), cell(key, Gate.Outside)) === cell(key, Gate.Inside)) return;
    while (Atomics.load(this.cells, 0) === cell(key, Gate.Raising));
  }

  /** Whether a cancellation of task `key` raised the signal, or came before it began. */
  cancelled(key: number): boolean {
    const now = Atomics.load(this.cells, 0);
    return now === cell(key, Gate.Raised) || now === cell(key, Gate.Early);
  }
}
