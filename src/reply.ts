// Outcomes: a daemon's reply, or an NNG failure, becomes what a mirai settles to.
import { ErrorValue, isNngError, MiraiError, MiraiInterrupt, NNG } from './errors';
import { settle, type Mirai } from './miraiObject';
import { isErrorInfo, Kind, type ErrorInfo } from './protocol';
import { decode } from './serial';
import { recordReply } from './metrics';
import { afterEvents } from './taskEvents';

/** Settles `m` from a daemon's reply to task `id`, after the task's events (options.onEvent).
 * False if the reply was refused: it does not read as a task's outcome (a peer that is not a
 * daemon, or a corrupted message), and `m` settles to an error saying so. */
export function settleFromReply(m: Mirai<unknown>, reply: Buffer, id?: number): boolean {
  const outcome = readOutcome(reply);
  if (typeof outcome === 'string') {
    settle(m, true, new MiraiError(`the result could not be read: ${outcome}`, 'Error'));
    return false;
  }
  afterEvents(reply, () => {
    recordReply(m, reply);
    settle(m, outcome.error, outcome.value);
  }, id);
  return true;
}

/** What a reply settles its mirai to, or why it was refused. */
function readOutcome(reply: Buffer): { error: boolean; value: unknown } | string {
  let decoded;
  try {
    decoded = decode(reply);
  } catch (error) {
    return (error as Error).message;
  }
  switch (decoded.kind) {
    case Kind.Value:
      return { error: false, value: decoded.value };
    case Kind.Interrupt:
      return { error: true, value: new MiraiInterrupt() };
    case Kind.Abandoned:
      return { error: true, value: new ErrorValue(NNG.ECANCELED) };
    case Kind.Error:
      return isErrorInfo(decoded.value) ? { error: true, value: miraiErrorFrom(decoded.value) } : 'an error reply without an error';
    default:
      return `a message of kind ${decoded.kind} is not a reply`;
  }
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
