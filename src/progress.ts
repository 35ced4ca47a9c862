// A progress display for collecting many results: a redrawn bar on a terminal, plain lines
// otherwise; on stderr, as R's, so that it never mixes with a program's output.

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** How often the display changes at most (ms): a terminal redraw, or a plain line. */
const TTY_INTERVAL_MS = 100;
const LINE_INTERVAL_MS = 1000;

export class Progress {
  private readonly started = Date.now();
  private lastDrawn = 0;
  private drawnAt = -1;
  private done = 0;
  private finished = false;

  constructor(
    private total: number | undefined,
    private readonly stream: ProgressStream = process.stderr,
  ) {}

  /** The total, once a lazy source has been read to its end. */
  setTotal(total: number): void {
    this.total = total;
  }

  tick(): void {
    this.done++;
    const now = Date.now();
    const interval = this.stream.isTTY ? TTY_INTERVAL_MS : LINE_INTERVAL_MS;
    if (now - this.lastDrawn >= interval || this.done === this.total) this.draw(now);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.drawnAt !== this.done) this.draw(Date.now());
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private draw(now: number): void {
    this.lastDrawn = now;
    this.drawnAt = this.done;
    const text = this.describe(now);
    if (this.stream.isTTY) this.stream.write(`\r${this.bar()} ${text}\u001b[K`);
    else this.stream.write(`progress: ${text}\n`);
  }

  private describe(now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const rate = this.done / seconds;
    const count = this.total === undefined ? `${this.done}` : `${this.done}/${this.total}`;
    const percent = this.total ? ` ${Math.floor((100 * this.done) / this.total)}%` : '';
    const eta = this.total && rate > 0 ? ` ETA ${formatSeconds((this.total - this.done) / rate)}` : '';
    return `${count}${percent} ${rate.toFixed(1)}/s${eta}`;
  }

  private bar(): string {
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 40));
    const filled = this.total ? Math.round((width * this.done) / this.total) : 0;
    return `[${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}]`;
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}
