/**
 * Counts bad portal links per client address in a sliding window. Over the limit, the address gets 429
 * on every portal request (valid links included, so a guess that hits cannot be told from one that
 * misses) until the window has moved past its bad attempts.
 *
 * NOTE: the count lives in this process. Behind a load balancer with N copies an address may get up to
 * N × limit attempts a minute; still far too few to guess a 128-bit MAC.
 */
export class BadLinkLimiter {
  readonly #attempts = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  #recent(address: string, now: number): number[] {
    const since = now - this.windowMs;
    const recent = (this.#attempts.get(address) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.#attempts.delete(address);
    else this.#attempts.set(address, recent);
    return recent;
  }

  /** Seconds until the address may try again, or 0 when it is not blocked. */
  blockedFor(address: string, now: number): number {
    const recent = this.#recent(address, now);
    if (recent.length < this.limit) return 0;
    const oldestThatCounts = recent[recent.length - this.limit] ?? now;
    return Math.max(1, Math.ceil((oldestThatCounts + this.windowMs - now) / 1000));
  }

  record(address: string, now: number): void {
    const recent = this.#recent(address, now);
    recent.push(now);
    this.#attempts.set(address, recent);
    if (this.#attempts.size > 100_000) this.#attempts.clear();
  }
}
