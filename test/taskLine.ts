// A line from running tasks back to the test: a task reports its pid and waits until the test
// releases it, so that a test acts exactly while the task runs.
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'uvu';

/** A task that calls `holdTask(path)` reports its pid on the line, then runs until the test
 * releases it: a handshake, so a test acts exactly while the task is running. */
export interface Held {
  pid: number;
  release(): void;
}

/** A task body: report this daemon's pid to `path`, wait for release, return `result`. */
export const holdTask = async (path: string, result: unknown = 'released'): Promise<unknown> => {
  const socket = require('node:net').connect(path);
  socket.on('error', () => undefined);
  socket.write(String(process.pid));
  await new Promise((resolve) => socket.once('close', resolve));
  return result;
};

let lineCount = 0;

export class TaskLine {
  private readonly arrived: Held[] = [];
  private readonly waiting: ((held: Held) => void)[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly path: string,
    private readonly server: net.Server,
    readonly listening: Promise<void>,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => this.sockets.delete(socket));
      socket.once('data', (chunk) => {
        const held: Held = { pid: Number(chunk.toString()), release: () => socket.destroy() };
        const waiter = this.waiting.shift();
        if (waiter) waiter(held);
        else this.arrived.push(held);
      });
    });
  }

  /** A line listening (once `listening` resolves) at a new path. */
  static start(): TaskLine {
    const path = join(tmpdir(), `mirai-line-${process.pid}-${++lineCount}.sock`);
    const server = net.createServer();
    const listening = new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, resolve);
    });
    return new TaskLine(path, server, listening);
  }

  static async open(): Promise<TaskLine> {
    const line = TaskLine.start();
    await line.listening;
    return line;
  }

  /** A line for the tests of suite `test`: listening before the first, closed after the last. */
  static forSuite(test: Test): TaskLine {
    const line = TaskLine.start();
    test.before(() => line.listening);
    test.after(() => line.close());
    return line;
  }

  /** The next task to report in. */
  next(ms = 15_000, label = 'a task reports in'): Promise<Held> {
    const held = this.arrived.shift();
    if (held) return Promise.resolve(held);
    // A wait that timed out leaves the queue: a later arrival is kept for the next wait.
    return new Promise<Held>((resolve, reject) => {
      const waiter = (arrived: Held) => {
        clearTimeout(timer);
        resolve(arrived);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new Error(`${label}: not settled within ${ms} ms`));
      }, ms);
      this.waiting.push(waiter);
    });
  }

  /** Releases every task still held and stops listening. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
