// Outcomes: a daemon's reply, or an NNG failure, becomes what a mirai settles to.
import { ErrorValue, isNngError, MiraiError, MiraiInterrupt, NNG } from './errors';
import { settle, type Mirai } from './miraiObject';
import { Kind, type ErrorInfo } from './protocol';
import { decode } from './serial';
import { recordReply } from './metrics';
import { afterEvents } from './taskEvents';

/** Settles `m` from a daemon's reply, after the task's events (options.onEvent). */
export function settleFromReply(m: Mirai<unknown>, reply: Buffer): void {
  afterEvents(reply, () => settleNow(m, reply));
}

function settleNow(m: Mirai<unknown>, reply: Buffer): void {
  recordReply(m, reply);
  let decoded;
  try {
    decoded = decode(reply);
  } catch (error) {
    settle(m, true, new MiraiError(`the result could not be read: ${(error as Error).message}`, 'Error'));
    return;
  }
  if (decoded.kind === Kind.Value) settle(m, false, decoded.value);
  else if (decoded.kind === Kind.Interrupt) settle(m, true, new MiraiInterrupt());
  else if (decoded.kind === Kind.Abandoned) settle(m, true, new ErrorValue(NNG.ECANCELED));
  else settle(m, true, miraiErrorFrom(decoded.value as ErrorInfo));
}

/** Settles `m` with the ErrorValue an NNG failure stands for. */
export function settleFromFailure(m: Mirai<unknown>, error: unknown): void {
  settle(m, true, failureFrom(error));
}

export function miraiErrorFrom(info: ErrorInfo): MiraiError {
  return new MiraiError(info.message, info.name, info.stack, info.props ?? {});
}

/** An NNG failure as the ErrorValue a mirai resolves to: a socket closed by a reset reads
 * as connection reset (19), as in R. */
export function failureFrom(error: unknown): ErrorValue {
  if (isNngError(error)) return new ErrorValue(error.code === NNG.ECLOSED ? NNG.ECONNRESET : error.code);
  return new ErrorValue(NNG.ECONNRESET, `Connection reset (${error instanceof Error ? error.message : String(error)})`);
}
