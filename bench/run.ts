/**
 * `npm run bench [-- --filter <text>]`: runs every `bench/*.bench.ts` (or those whose file name contains
 * the filter text) one after the other, then prints the machine and one table of results.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { BenchModule, BenchResult } from './support/bench-result.ts';
import { formatNumber } from './support/stats.ts';

const { values: options } = parseArgs({ options: { filter: { type: 'string' } }, strict: true });

function describeMachine(): string[] {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((cpu) => cpu.model.trim()))].join(' / ') || 'unknown CPU';
  const loadAverage = os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
  return [
    `CPU:  ${models}, ${cpus.length} logical cores (os.cpus())`,
    `RAM:  ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `Node: ${process.version}`,
    `OS:   ${os.type()} ${os.release()} ${os.arch()}`,
    `Date: ${new Date().toISOString()}`,
    `Load: ${loadAverage} (1, 5, 15 min load average before the run; other processes skew the numbers)`,
  ];
}

function printTable(rows: { file: string; result: BenchResult }[]): void {
  const header = ['benchmark', 'value', 'unit', 'details'];
  const cells = rows.map(({ result }) => [
    result.name,
    formatNumber(result.value),
    result.unit,
    result.details,
  ]);
  const widths = [0, 1, 2].map((column) =>
    Math.max((header[column] as string).length, ...cells.map((row) => (row[column] as string).length)),
  );
  const line = (row: string[]) =>
    [
      (row[0] as string).padEnd(widths[0] as number),
      (row[1] as string).padStart(widths[1] as number),
      (row[2] as string).padEnd(widths[2] as number),
      row[3] as string,
    ].join(' | ');
  console.log(line(header));
  console.log(`${widths.map((width) => '-'.repeat(width)).join('-|-')}-|--------`);
  for (const row of cells) console.log(line(row));
}

const benchDir = new URL('./', import.meta.url);
const files = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => options.filter === undefined || file.includes(options.filter))
  .sort();

const machine = describeMachine().join('\n');
console.log(machine);
if (files.length === 0) {
  console.log(`\nNo benchmark file matches ${JSON.stringify(options.filter)}.`);
  process.exit(1);
}

const rows: { file: string; result: BenchResult }[] = [];
const failures: string[] = [];
const started = performance.now();
for (const file of files) {
  console.log(`\n${file}`);
  const fileStarted = performance.now();
  try {
    const module = (await import(new URL(file, benchDir).href)) as BenchModule;
    for (const result of await module.run()) rows.push({ file, result });
    console.log(`  done in ${((performance.now() - fileStarted) / 1000).toFixed(1)} s`);
  } catch (error) {
    failures.push(file);
    console.error(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

console.log(`\nResults (${((performance.now() - started) / 1000).toFixed(0)} s in all)\n`);
console.log(machine);
console.log('');
printTable(rows);
if (failures.length > 0) {
  console.error(`\n${failures.length} benchmark file(s) failed: ${failures.join(', ')}`);
  process.exitCode = 1;
}
