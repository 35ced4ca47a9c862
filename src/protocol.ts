// The wire messages between host (or dispatcher) and daemons, as types.
import type { SerializationSpec } from './serial';

/** First byte of every message. */
export const Kind = {
  /** host → daemon, on the task socket (req → rep). */
  Task: 1,
  /** daemon → host replies to a task. */
  Value: 2,
  Error: 3,
  Interrupt: 4,
  /** daemon → host on the control socket (req → rep): a long poll, carrying reports. */
  Poll: 5,
  /** host → daemon: the answer to a poll. */
  Control: 6,
  /** daemon → host: a task cancelled while it ran was abandoned (its result is not wanted). */
  Abandoned: 7,
  // Between host and dispatcher (pair), besides tasks and their replies, tagged by task id:
  /** host → dispatcher: drop or abandon task `tag`. */
  Cancel: 8,
  /** dispatcher → host: task `tag` failed with an NNG error (payload: { code }). */
  Failed: 9,
  /** host → dispatcher: a request (payload: DispatcherRequest), answered by a Response with the same tag. */
  Request: 10,
  Response: 11,
  /** dispatcher → host: the daemons online changed, or the dispatcher is ready. */
  Event: 12,
} as const;

/** One evaluation. */
export interface Task {
  /** Unique per host process; names the task in cancellations. */
  id: number;
  /** A function's source, or a string of code. */
  src: string;
  /** `src` is a function (called with `args`), rather than code. */
  fn: boolean;
  /** For code: the names `args` are bound to. */
  names: string[] | null;
  /** Set as globals for the evaluation. */
  data: Record<string, unknown> | null;
  /** Arguments (functions) or values for `names` (code). */
  args: unknown[] | null;
  /** The custom serialisers, when registered. */
  serial: SerializationSpec | null;
}

/** An error thrown by an evaluation, as it crosses the wire. */
export interface ErrorInfo {
  name: string;
  message: string;
  stack: string;
  props: Record<string, unknown>;
}

/** An `everywhere` evaluation and its id. */
export interface EverywhereTask {
  id: number;
  task: Task;
}

/** daemon → host (control). */
export interface Poll {
  /** First poll of a daemon: it waits for the answer before taking tasks. */
  hello?: { pid: number };
  /** `everywhere` evaluations finished since the last report. */
  done?: { id: number; error: ErrorInfo | null }[];
}

/** host → daemon (control). */
export interface Control {
  /** In answer to a hello, with a seed: the random stream of this daemon. */
  rs?: { seed: number; index: number };
  everywhere?: EverywhereTask[];
  cancel?: number[];
  exit?: boolean;
}

/** host → dispatcher requests. */
export type DispatcherRequest =
  | { op: 'status' }
  | { op: 'everywhere'; task: Task }
  | { op: 'exit' }
  | { op: 'saisei'; i: number; force: boolean };

/** dispatcher → host events. */
export interface DispatcherEvent {
  /** Daemons online now. */
  online: number;
  /** Sent once, when every URL listens: the URLs daemons dial. */
  ready?: string[];
}
