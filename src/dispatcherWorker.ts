// Entry point of the dispatcher's worker thread: runs dispatcher() with what the host passed.
import { parentPort, workerData } from 'node:worker_threads';
import { dispatcherOnBroker, errorLine, type DispatcherOptions } from './dispatcher';

interface DispatcherWorkerData {
  host: string;
  urls: string[];
  options: DispatcherOptions;
  broker: number;
}

/** What the worker posts to the host: a warning it emits (see dispatcherProfile.ts). */
export interface DispatcherWorkerMessage {
  warning: string;
}

const { host, urls, options, broker } = workerData as DispatcherWorkerData;

function report(message: string): void {
  parentPort?.postMessage({ warning: message } satisfies DispatcherWorkerMessage);
}

// An error no handler of the dispatcher caught (an async path, a native callback): once it
// runs, the dispatcher serves its daemons and tasks however it can, so it is told to the host
// and the thread goes on, rather than ending and failing every task it holds.
function recover(error: unknown): void {
  report(`mirai: the dispatcher recovered from an uncaught error: ${errorLine(error)}`);
}
process.on('uncaughtException', recover);
process.on('unhandledRejection', recover);

dispatcherOnBroker(host, urls, options, broker, report).catch((error: unknown) => {
  // It could not start, or stopped: nothing to recover. Reaches the host as the worker's
  // 'error' event.
  process.off('uncaughtException', recover);
  process.off('unhandledRejection', recover);
  throw error;
});
