// A daemon's spare message storage: large tasks and replies reuse the storage of the last ones
// while they keep coming, and the daemon gives it back once they stop.
import { reuseMessageStorage } from './nng';

/** Messages from this size up reuse storage (NNG keeps no smaller ones). */
export const LARGE_MESSAGE_BYTES = 1024 * 1024;

export class SpareStorage {
  private timer: NodeJS.Timeout | undefined;

  /** Keeps up to `bytes` of freed storage from the first large message on, until `idleMs`
   * pass with none. The setting is NNG's, for the whole process. */
  constructor(
    private readonly bytes: number,
    private readonly idleMs: number,
  ) {}

  /** A large message came or went: the spares are kept a while longer. */
  used(): void {
    if (this.timer !== undefined) {
      this.timer.refresh();
      return;
    }
    reuseMessageStorage(this.bytes);
    this.timer = setTimeout(() => this.release(), this.idleMs);
    this.timer.unref();
  }

  /** Frees the spares, and keeps none until the next large message: storage freed later (a
   * message collected late, a reply still leaving) is freed, not kept. */
  release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    reuseMessageStorage(0);
  }
}
