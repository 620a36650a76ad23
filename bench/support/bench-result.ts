/** One measured number, as every `bench/*.bench.ts` file returns it and `bench/run.ts` prints it. */
export interface BenchResult {
  /** What was measured, e.g. `'computeAmountDue, 100,000 invoices'`. */
  name: string;
  /** The unit of `value`, e.g. `'invoices/s'`, `'req/s'`. */
  unit: string;
  value: number;
  /** How the number was obtained and what else is worth seeing next to it (rounds, latency, errors). */
  details: string;
}

/** What a benchmark file exports; `bench/run.ts` imports every `bench/*.bench.ts` and calls `run()`. */
export interface BenchModule {
  run(): Promise<BenchResult[]>;
}
