// Every public error class and guard, and the wording of internal failures in one table.

/** An error from NNG, with its error number (5 timed out, 7 closed, 19 reset, 20 canceled ...). */
export interface NngError extends Error {
  name: 'NngError';
  code: number;
}

/** True for errors raised by the native layer with an NNG error number. */
export function isNngError(value: unknown): value is NngError {
  return value instanceof Error && value.name === 'NngError' && typeof (value as NngError).code === 'number';
}

/** NNG error numbers the library refers to by name. */
export const NNG = Object.freeze({
  ETIMEDOUT: 5,
  ECLOSED: 7,
  ESTATE: 11,
  ECONNREFUSED: 6,
  ECONNRESET: 19,
  ECANCELED: 20,
} as const);

/** The wording of failures raised by this library itself, kept in one place. */
export const messages = Object.freeze({
  aborted: () => 'The operation was aborted',
});
