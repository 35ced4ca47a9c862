// Entry point of the dispatcher's worker thread: runs dispatcher() with what the host passed.
import { workerData } from 'node:worker_threads';
import { dispatcher, type DispatcherOptions } from './dispatcher';

interface DispatcherWorkerData {
  host: string;
  urls: string[];
  options: DispatcherOptions;
}

const { host, urls, options } = workerData as DispatcherWorkerData;
dispatcher(host, urls, urls.length, options).catch((error: unknown) => {
  // Reaches the host as the worker's 'error' event.
  throw error;
});
