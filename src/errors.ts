// Every public error class and guard, and the NNG error numbers the library names.

/** An error from NNG, with its error number (5 timed out, 7 closed, 19 reset, 20 canceled ...). */
export interface NngError extends Error {
  /** Always 'NngError'. */
  name: 'NngError';
  /** NNG's error number; the message is `nng_strerror`'s text for it. */
  code: number;
  /** Of a request reset because its peer was lost (19): the id of that peer's pipe. */
  pipe?: number;
}

/** True for errors raised by the native layer with an NNG error number. */
export function isNngError(value: unknown): value is NngError {
  return value instanceof Error && value.name === 'NngError' && typeof (value as NngError).code === 'number';
}

/** NNG error numbers the library refers to by name. */
export const NNG = Object.freeze({
  /** Timed out. */
  ETIMEDOUT: 5,
  /** Object closed: the socket, context or endpoint was closed. */
  ECLOSED: 7,
  /** Address in use: another socket holds it. */
  EADDRINUSE: 10,
  /** Entry not found: e.g. no pipe of that id (any more). */
  ENOENT: 12,
  /** Connection reset by the peer. */
  ECONNRESET: 19,
  /** Operation canceled: stopped or aborted. */
  ECANCELED: 20,
} as const);

// --- the error values a mirai resolves to ------------------------------------------------

/** NNG's text for the codes an ErrorValue carries most often; others come from the addon. */
const ERROR_TEXT: Record<number, string> = {
  5: 'Timed out',
  7: 'Object closed',
  19: 'Connection reset',
  20: 'Operation canceled',
};

/** A mirai that failed for a reason other than the evaluation itself: `code` is NNG's number
 * (5 timed out, 7 object closed, 19 connection reset, 20 operation canceled). */
export class ErrorValue extends Error {
  /** NNG's error number. */
  readonly code: number;

  constructor(code: number, message?: string) {
    super(message ?? ERROR_TEXT[code] ?? `NNG error ${code}`);
    this.code = code;
    Error.captureStackTrace?.(this, ErrorValue);
  }
}
Object.defineProperty(ErrorValue.prototype, 'name', { value: 'ErrorValue', writable: true, configurable: true });

/** The evaluation threw in the daemon. `name` is the original error's name (TypeError ...),
 * `stackTrace` the daemon-side stack; the original's own enumerable properties are copied. */
export class MiraiError extends Error {
  /** The stack as it was in the daemon. */
  stackTrace: string;
  [key: string]: unknown;

  constructor(message: string, name = 'Error', stackTrace = '', properties: Record<string, unknown> = {}) {
    super(message);
    Object.assign(this, properties);
    this.name = name;
    this.stackTrace = stackTrace;
    Error.captureStackTrace?.(this, MiraiError);
  }
}
Object.defineProperty(MiraiError.prototype, 'name', { value: 'MiraiError', writable: true, configurable: true });

/** The evaluation was interrupted: the daemon received an interrupt (SIGINT) while running it. */
export class MiraiInterrupt extends Error {
  constructor(message = 'The evaluation was interrupted') {
    super(message);
    Error.captureStackTrace?.(this, MiraiInterrupt);
  }
}
Object.defineProperty(MiraiInterrupt.prototype, 'name', { value: 'MiraiInterrupt', writable: true, configurable: true });

/** True for a {@link MiraiError}: the evaluation threw in the daemon. */
export function isMiraiError(x: unknown): x is MiraiError {
  return x instanceof MiraiError;
}

/** True for a {@link MiraiInterrupt}: the evaluation was interrupted. */
export function isMiraiInterrupt(x: unknown): x is MiraiInterrupt {
  return x instanceof MiraiInterrupt;
}

/** True for every kind of error value: ErrorValue, MiraiError and MiraiInterrupt. */
export function isErrorValue(x: unknown): x is ErrorValue | MiraiError | MiraiInterrupt {
  return x instanceof ErrorValue || x instanceof MiraiError || x instanceof MiraiInterrupt;
}
