/** Thrown when the gate's queue is full: the caller answers "busy" instead of waiting. */
export class GateFullError extends Error {
  constructor() {
    super("too many password checks in progress");
    this.name = "GateFullError";
  }
}

/** A small semaphore with a bounded queue: at most `limit` tasks run, at most `queue` wait. */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly queue: number,
  ) {}

  get active(): number {
    return this.running;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) throw new GateFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` never exceeds the limit.
      if (next) next();
      else this.running--;
    }
  }
}
