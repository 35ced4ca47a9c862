// Entry point of the dispatcher's worker thread: runs dispatcher() with what the host passed.
import { workerData } from 'node:worker_threads';
import { dispatcherOnBroker, type DispatcherOptions } from './dispatcher';

interface DispatcherWorkerData {
  host: string;
  urls: string[];
  options: DispatcherOptions;
  broker: number;
}

const { host, urls, options, broker } = workerData as DispatcherWorkerData;
dispatcherOnBroker(host, urls, options, broker).catch((error: unknown) => {
  // Reaches the host as the worker's 'error' event.
  throw error;
});
