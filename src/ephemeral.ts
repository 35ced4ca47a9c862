// With no daemons set: each mirai runs in a new Node process that exits after its one task.
import { spawnDaemon } from './daemonProcess';
import { readDaemonOptions } from './daemonOptions';
import { ErrorValue, NNG } from './errors';
import { settle, type CancelTask, type Mirai } from './miraiObject';
import { NngSocket } from './nng';
import type { MessageParts } from './protocol';
import { settleFromFailure, settleFromReply } from './reply';
import { pollEvents, receiveEvents } from './taskEvents';
import { localUrl } from './url';

/** Sends the task to a process of its own; stopping the mirai ends the process, started or not. */
export function submitEphemeral(m: Mirai<unknown>, parts: MessageParts): CancelTask {
  const url = localUrl();
  const socket = new NngSocket('req', { resendTime: 0 });
  socket.listen(url);
  const child = spawnDaemon(url, { ...readDaemonOptions({}, 'options'), maxtasks: 1, control: false });
  const finish = () => {
    socket.close();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  child.once('exit', (code, signal) => {
    settle(m, true, new ErrorValue(NNG.ECONNRESET, `Connection reset (the process exited with ${signal ?? `code ${code}`} before replying)`));
    socket.close();
  });
  child.once('error', (error) => settle(m, true, new ErrorValue(NNG.ECONNRESET, `Connection reset (${error.message})`)));
  // Sent first, so the process has it before its task: its events come back this way.
  void pollEvents(socket, receiveEvents, () => true);
  socket
    .context()
    .request(parts)
    .then(
      (reply) => settleFromReply(m, reply),
      (error: unknown) => settleFromFailure(m, error),
    )
    .finally(finish);
  return finish;
}
