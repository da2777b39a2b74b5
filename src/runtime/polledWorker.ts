import { PollingLoop, type PollingLoopOptions } from './pollingLoop.js';

/**
 * A background worker on the shared PollingLoop: a subclass says how to claim and run one batch;
 * starting, stopping, waking and draining are the loop's.
 */
export abstract class PolledWorker {
  private readonly polling: PollingLoop;

  constructor(options: Omit<PollingLoopOptions, 'runBatch'>) {
    this.polling = new PollingLoop({ ...options, runBatch: () => this.runBatch() });
  }

  /** Claims and runs one batch; resolves to how many items it claimed. */
  protected abstract runBatch(): Promise<number>;

  start(): void {
    this.polling.start();
  }

  /** Stops the loop and waits for the batches in flight. */
  stop(): Promise<void> {
    return this.polling.stop();
  }

  notify(): void {
    this.polling.notify();
  }

  /** Claims and runs one batch; returns how many items were claimed. */
  runOnce(): Promise<number> {
    return this.polling.runOnce();
  }

  /** runOnce until nothing is due (tests). */
  drain(timeoutMs = 30_000): Promise<void> {
    return this.polling.drain(timeoutMs);
  }
}
