function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Prints "done/total, rate, ETA" for a long step: rewritten in place on a
 * terminal, one line every `logIntervalMs` otherwise (CI logs, pipes).
 */
export class Progress {
  private readonly started = Date.now();
  private lastPrinted = 0;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit = 'images',
    private readonly logIntervalMs = 10_000,
  ) {}

  advance(count = 1): void {
    this.done += count;
    const now = Date.now();
    const interval = process.stderr.isTTY ? 250 : this.logIntervalMs;
    if (now - this.lastPrinted >= interval && this.done < this.total) {
      this.lastPrinted = now;
      this.print(false);
    }
  }

  finish(): void {
    this.print(true);
  }

  /** Items per second since the start. */
  rate(): number {
    return this.done / Math.max(0.001, (Date.now() - this.started) / 1000);
  }

  elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  private print(final: boolean): void {
    const rate = this.rate();
    const eta = (this.total - this.done) / rate;
    const line = final
      ? `${this.label}: ${this.done}/${this.total} ${this.unit} in ${formatDuration(this.elapsedSeconds())} (${rate.toFixed(1)} ${this.unit}/s)`
      : `${this.label}: ${this.done}/${this.total} ${this.unit}, ${rate.toFixed(1)} ${this.unit}/s, ETA ${formatDuration(eta)}`;

    if (process.stderr.isTTY) {
      process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    } else {
      process.stderr.write(`${line}\n`);
    }
  }
}
