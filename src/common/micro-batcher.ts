/**
 * Gathers items submitted within a short window into one batch, handed to `flush` at once: the
 * group commit of intake (many contacts, one statement, one commit). A batch goes when its window
 * has passed or it is full; at most `maxInFlight` batches run at a time, and while that many run,
 * new items keep gathering, so a busy moment makes bigger batches instead of a queue of small ones.
 *
 * `flush` answers one result per item, in order (a result may be a promise: that item then settles
 * on its own); when it throws, every item of the batch fails with that error. No framework, no I/O: time comes from the injected scheduler.
 */
export interface MicroBatcherOptions {
  /** How long the first item of a batch waits for company, in milliseconds (0: the next turn). */
  windowMs: number;
  /** A batch never holds more than this many items. */
  maxSize: number;
  /** Batches flushing at the same time, at most. */
  maxInFlight: number;
  /** Runs `task` after `ms` milliseconds; setTimeout unless a spec drives time itself. */
  schedule?: (task: () => void, ms: number) => void;
}

interface Entry<I, O> {
  item: I;
  resolve: (value: O | PromiseLike<O>) => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<I, O> {
  private pending: Entry<I, O>[] = [];
  private timerSet = false;
  private inFlight = 0;
  private readonly schedule: (task: () => void, ms: number) => void;

  constructor(
    private readonly flush: (items: I[]) => Promise<(O | PromiseLike<O>)[]>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (options.maxSize < 1) throw new Error('maxSize must be at least 1');
    if (options.maxInFlight < 1) throw new Error('maxInFlight must be at least 1');
    this.schedule =
      options.schedule ??
      ((task, ms) => {
        setTimeout(task, ms);
      });
  }

  /** Batches flushing right now (for metrics and specs). */
  get running(): number {
    return this.inFlight;
  }

  /** Items waiting for their batch to go. */
  get waiting(): number {
    return this.pending.length;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxSize) this.drain();
      else if (!this.timerSet) {
        this.timerSet = true;
        this.schedule(() => {
          this.timerSet = false;
          this.drain();
        }, this.options.windowMs);
      }
    });
  }

  /** Starts batches while some are waiting and a flush slot is free. */
  private drain(): void {
    while (this.pending.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.pending.splice(0, this.options.maxSize);
      this.inFlight++;
      void this.run(batch);
    }
  }

  private async run(batch: Entry<I, O>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((e) => e.item));
      if (results.length !== batch.length) {
        throw new Error(`flush answered ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((entry, i) => entry.resolve(results[i]));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      this.inFlight--;
      // Items that gathered while every slot was busy have waited long enough: go now.
      if (this.pending.length > 0 && !this.timerSet) this.drain();
    }
  }
}
