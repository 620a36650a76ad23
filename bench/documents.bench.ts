/**
 * Invoice PDFs: fresh renders with `renderDocumentPdf` (no database), then downloads through the API on
 * PGlite and PostgreSQL: the first download of an invoice (render + store), stored PDFs, and the zip of an
 * invoice with two credit notes.
 */
import { unzipSync } from 'fflate';
import { DEMO_LOGO_SVG } from '../src/app/demo/demo-logo.ts';
import { DEMO_CUSTOMERS, DEMO_ORGANIZATION } from '../src/app/demo/seed-demo.ts';
import { createOrganization } from '../src/app/organizations/create-organization.ts';
import type { DatabaseHandle } from '../src/db/connect-database.ts';
import type { DocumentModel } from '../src/documents/document-model.ts';
import { buildEpcPayload } from '../src/documents/epc-payload.ts';
import { pooledPdfRenderer } from '../src/documents/pooled-pdf-renderer.ts';
import { renderDocumentPdf } from '../src/documents/render-document-pdf.ts';
import { computeInvoiceTotals, type InvoiceLineInput } from '../src/domain/index.ts';
import { buildApp } from '../src/http/build-app.ts';
import {
  listen,
  loadDetails,
  measureServer,
  type ServerMeasurement,
  sendJson,
  serverDetails,
  statementCounter,
} from './support/api-bench.ts';
import { withPglite, withPostgres } from './support/bench-database.ts';
import type { BenchResult } from './support/bench-result.ts';
import { type HttpLoad, type LoadSpec, startHttpLoad } from './support/http-load.ts';
import { seededRandom } from './support/seeded-random.ts';
import { formatMs, formatNumber, median, quantile } from './support/stats.ts';

/** Timed renders per variant, after WARM_UP_RENDERS untimed ones. */
const RENDERS = 200;
const WARM_UP_RENDERS = 20;
const LONG_INVOICE_LINES = 40;
/** Fresh invoices whose first download is timed one at a time, and more downloaded 8 at a time. */
const FIRST_DOWNLOADS_SEQUENTIAL = 40;
const FIRST_DOWNLOADS_CONCURRENT = 80;
/** Invoices with two credit notes each, for the zip download. */
const ZIP_INVOICES = 4;
const CONCURRENCY_LEVELS = [1, 8] as const;
/** Long enough to time even a slow first download, which stops after its last request anyway. */
const ONE_OFF_DURATION_MS = 300_000;

// --- the document model ----------------------------------------------------------------------------

const LOGO: NonNullable<DocumentModel['logo']> = {
  mimeType: 'image/svg+xml',
  data: new TextEncoder().encode(DEMO_LOGO_SVG),
};
const SUPPLIER = 'Atelier Lumière SRL';
const IBAN = 'BE71096123456769';
const BIC = 'GKCCBEBB';
const REFERENCE = '+++010/8068/17183+++';

/** The common invoice: 5 lines at 21 % and 6 % VAT, one with a discount, one with a decimal quantity. */
const FIVE_LINES: InvoiceLineInput[] = [
  {
    description: 'Étude d’éclairage de façade — relevé, simulation 3D et note de calcul',
    quantity: '1',
    unitPriceMinor: 185_000,
    vatRateBp: 2100,
  },
  {
    description: 'Luminaires LED encastrés (série Nova, 3000 K, IP44)',
    quantity: '12',
    unitPriceMinor: 8950,
    discountBp: 1000,
    vatRateBp: 2100,
  },
  {
    description: 'Projecteurs extérieurs 40 W, IP66',
    quantity: '4',
    unitPriceMinor: 23_900,
    vatRateBp: 2100,
  },
  {
    description: 'Installation et mise en service (logement de plus de 10 ans)',
    quantity: '6.5',
    unitPriceMinor: 7200,
    vatRateBp: 600,
  },
  { description: 'Déplacement et petit matériel', quantity: '1', unitPriceMinor: 4500, vatRateBp: 600 },
];

const LONG_DESCRIPTIONS = [
  'Spot encastré orientable, 7 W, 2700 K',
  'Réglette LED 120 cm pour atelier',
  'Suspension « Nordlicht » laiton brossé',
  'Câble d’alimentation 3 × 2,5 mm², au mètre',
  'Driver DALI 60 W avec variation',
  'Détecteur de présence plafond 360°',
  'Main-d’œuvre électricien, heure',
  'Ruban LED 24 V, 14,4 W/m, bobine de 5 m, profilé aluminium et diffuseur opale inclus',
  'Applique murale extérieure anthracite',
  'Programmation de la centrale d’éclairage et formation de l’utilisateur sur place',
];

/** `count` varied lines, the same every run. */
function longLines(count: number): InvoiceLineInput[] {
  const random = seededRandom(40);
  return Array.from({ length: count }, (_, index) => ({
    description: `${random.pick(LONG_DESCRIPTIONS)} — poste ${index + 1}`,
    quantity: random.chance(0.2) ? `${random.int(1, 40)}.5` : String(random.int(1, 24)),
    unitPriceMinor: random.int(450, 48_000),
    ...(random.chance(0.15) ? { discountBp: 500 } : {}),
    vatRateBp: random.chance(0.25) ? 600 : 2100,
  }));
}

/** A consistent invoice model: totals by the domain rules, the EPC payload by `buildEpcPayload`. */
function invoiceModel(lines: InvoiceLineInput[], logo: DocumentModel['logo']): DocumentModel {
  const priced = computeInvoiceTotals('EUR', lines);
  if (!priced.ok) throw new Error(`benchmark lines are invalid: ${priced.message}`);
  const { totals } = priced;
  const epc = buildEpcPayload({
    beneficiaryName: SUPPLIER,
    iban: IBAN,
    bic: BIC,
    amountMinor: totals.totalMinor,
    currency: 'EUR',
    reference: REFERENCE,
    text: null,
  });
  if (!epc.ok) throw new Error(`no EPC payload for the benchmark invoice: ${epc.reason}`);
  return {
    kind: 'invoice',
    language: 'fr',
    locale: 'fr-BE',
    number: '2026-0142',
    issueDate: '2026-11-20',
    dueDate: '2026-12-20',
    currency: 'EUR',
    supplier: {
      name: SUPPLIER,
      addressLines: ['Rue des Tanneurs 42', '1000 Bruxelles', 'Belgique'],
      vatNumber: 'BE0456789034',
      enterpriseNumber: '0456.789.034',
      email: 'factures@atelier-lumiere.example',
      phone: '+32 2 123 45 67',
      website: 'https://atelier-lumiere.example',
    },
    logo,
    brand: { primaryColor: '#0f5257', accentColor: '#f2b134' },
    customer: {
      name: 'Société Générale de Façades SA',
      addressLines: ['Rue de l’Église 8', '5000 Namur', 'Belgique'],
      vatNumber: 'BE0712345630',
      enterpriseNumber: '0712.345.630',
      email: 'comptabilite@facades.example',
      phone: null,
      website: null,
    },
    lines: lines.map((line, index) => ({
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountBp: line.discountBp ?? 0,
      vatRateBp: line.vatRateBp,
      vatCategory: line.vatCategory ?? 'standard',
      netMinor: totals.lines[index]?.netMinor ?? 0,
    })),
    vatBreakdown: totals.vatBreakdown,
    netTotalMinor: totals.netTotalMinor,
    vatTotalMinor: totals.vatTotalMinor,
    totalMinor: totals.totalMinor,
    legalNotes: totals.legalNotes,
    vatExemptionReason: null,
    notes: 'Merci pour votre confiance.',
    creditedInvoice: null,
    reason: null,
    payment: {
      beneficiaryName: SUPPLIER,
      iban: IBAN,
      bic: BIC,
      reference: REFERENCE,
      epcPayload: epc.payload,
    },
  };
}

/** Page objects in a pdfkit PDF (uncompressed dictionaries; `/Type /Pages` does not match). */
function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

// --- fresh renders ---------------------------------------------------------------------------------

async function timedRender(model: DocumentModel): Promise<{ ms: number; pdf: Buffer }> {
  const started = performance.now();
  const pdf = await renderDocumentPdf(model);
  return { ms: performance.now() - started, pdf };
}

async function measureRenders(name: string, model: DocumentModel): Promise<BenchResult> {
  for (let index = 0; index < WARM_UP_RENDERS; index += 1) await renderDocumentPdf(model);
  const times: number[] = [];
  let pdf: Buffer = Buffer.alloc(0);
  const started = performance.now();
  for (let index = 0; index < RENDERS; index += 1) {
    const render = await timedRender(model);
    times.push(render.ms);
    pdf = render.pdf;
  }
  const elapsedMs = performance.now() - started;
  const sorted = Float64Array.from(times).sort();
  const pages = pageCount(pdf);
  const result: BenchResult = {
    name: `renderDocumentPdf, ${name} (${plural(pages, 'page')})`,
    unit: 'renders/s',
    value: (RENDERS * 1000) / elapsedMs,
    details: [
      `median ${formatMs(quantile(sorted, 0.5))}`,
      `p90 ${formatMs(quantile(sorted, 0.9))}`,
      `max ${formatMs(quantile(sorted, 1))}`,
      `${RENDERS} renders in ${(elapsedMs / 1000).toFixed(1)} s after ${WARM_UP_RENDERS} warm-up renders`,
      `${formatNumber(pdf.length / 1024)} KiB`,
    ].join(', '),
  };
  console.log(`  ${result.name}: ${formatNumber(result.value)} renders/s, median ${formatMs(median(times))}`);
  return result;
}

/** The same renders through the worker pool the service uses (bounded time and memory, issue 17). */
async function measurePooledRenders(name: string, model: DocumentModel): Promise<BenchResult> {
  const pool = pooledPdfRenderer({ workers: 2, timeoutMs: 60_000, memoryMb: 512 });
  try {
    const coldStarted = performance.now();
    await pool.render(model);
    const coldMs = performance.now() - coldStarted;
    for (let index = 0; index < WARM_UP_RENDERS; index += 1) await pool.render(model);
    const times: number[] = [];
    const started = performance.now();
    for (let index = 0; index < RENDERS; index += 1) {
      const one = performance.now();
      await pool.render(model);
      times.push(performance.now() - one);
    }
    const elapsedMs = performance.now() - started;
    const sorted = Float64Array.from(times).sort();
    const result: BenchResult = {
      name: `pooled PDF renderer (worker thread), ${name}`,
      unit: 'renders/s',
      value: (RENDERS * 1000) / elapsedMs,
      details: `one at a time; median ${formatMs(quantile(sorted, 0.5))}, p90 ${formatMs(quantile(sorted, 0.9))}; the pool's first render (worker start, tsx, fonts) ${formatMs(coldMs)}`,
    };
    console.log(
      `  ${result.name}: ${formatNumber(result.value)} renders/s, median ${formatMs(median(times))}`,
    );
    return result;
  } finally {
    await pool.close();
  }
}

async function measureFreshRenders(): Promise<BenchResult[]> {
  const common = invoiceModel(FIVE_LINES, LOGO);
  // The first render of the process parses the fonts (2 body faces, and the logo's faces for its text)
  // and runs pdfkit, fontkit and svg-to-pdfkit's code for the first time.
  const first = await timedRender(common);
  const second = await timedRender(common);
  console.log(`  first render in the process: ${formatMs(first.ms)}, second ${formatMs(second.ms)}`);
  return [
    {
      name: 'renderDocumentPdf, first render in the process (5 lines, SVG logo)',
      unit: 'ms',
      value: first.ms,
      details: `font parsing and cold code included; the second render took ${formatMs(second.ms)}; ${formatNumber(first.pdf.length / 1024)} KiB, ${plural(pageCount(first.pdf), 'page')}`,
    },
    await measureRenders('5 lines, SVG logo, EPC QR', common),
    await measurePooledRenders('5 lines, SVG logo, EPC QR', common),
    await measureRenders('5 lines, no logo, EPC QR', invoiceModel(FIVE_LINES, null)),
    await measureRenders(
      `${LONG_INVOICE_LINES} lines, SVG logo, EPC QR`,
      invoiceModel(longLines(LONG_INVOICE_LINES), LOGO),
    ),
  ];
}

// --- downloads through the API ---------------------------------------------------------------------

function isoDateDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The demo's non-English customers (French, Dutch, German, and a person with ł/ő/ı in her name). */
const CUSTOMERS = DEMO_CUSTOMERS.slice(1);

/** The demo organization's settings (src/app/demo/seed-demo.ts), SVG logo included. */
async function createBenchOrganization(db: DatabaseHandle['db']): Promise<string> {
  const { apiKey } = await createOrganization(db, {
    organization: DEMO_ORGANIZATION,
    admin: { name: 'Bench Admin', email: 'admin@bench.example', language: 'fr' },
    actor: 'bench',
  });
  return apiKey;
}

/** Download sizes and throughput in MB (10⁶ bytes) per second. */
function volumeDetails(measurement: ServerMeasurement): string[] {
  const { report } = measurement;
  const bytesPerResponse = report.bytes / Math.max(1, report.requests);
  return [
    `${formatNumber(bytesPerResponse / 1024)} KiB/response`,
    `${formatNumber((report.requestsPerSecond * bytesPerResponse) / 1e6)} MB/s`,
  ];
}

async function measureDocumentsApi(
  label: string,
  handle: DatabaseHandle,
  load: HttpLoad,
): Promise<BenchResult[]> {
  const counter = statementCounter();
  const db = handle.db.withPlugin(counter.plugin);
  const apiKey = await createBenchOrganization(db);
  const app = await buildApp({ db, clock: () => new Date(), publicBaseUrl: 'http://127.0.0.1' });
  const origin = await listen(app);
  const headers = { authorization: `Bearer ${apiKey}` };
  const results: BenchResult[] = [];
  const measureOnce = async (spec: Omit<LoadSpec, 'durationMs'>): Promise<ServerMeasurement> => {
    const before = counter.count();
    const loopBefore = performance.eventLoopUtilization();
    const report = await load.run({ ...spec, durationMs: ONE_OFF_DURATION_MS });
    const loop = performance.eventLoopUtilization(loopBefore);
    return {
      report,
      statementsPerRequest: (counter.count() - before) / Math.max(1, report.requests),
      loopUtilization: loop.utilization,
    };
  };
  try {
    const customerIds: string[] = [];
    for (const customer of CUSTOMERS) {
      customerIds.push((await sendJson('POST', origin, '/api/v1/customers', apiKey, customer)).id);
    }
    let invoiceCount = 0;
    const issueInvoice = async (): Promise<string> => {
      invoiceCount += 1;
      const invoice = await sendJson('POST', origin, '/api/v1/invoices', apiKey, {
        number: `2026-${String(invoiceCount).padStart(4, '0')}`,
        customerId: customerIds[invoiceCount % customerIds.length],
        issueDate: isoDateDaysFromToday(-5),
        dueDate: isoDateDaysFromToday(25),
        lines: FIVE_LINES,
      });
      return invoice.id;
    };
    const issueInvoices = async (count: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let index = 0; index < count; index += 1) ids.push(await issueInvoice());
      return ids;
    };

    // First downloads: each fresh invoice once; the PDF is rendered and stored.
    const sequential = await issueInvoices(FIRST_DOWNLOADS_SEQUENTIAL);
    const concurrent = await issueInvoices(FIRST_DOWNLOADS_CONCURRENT);
    const pdfPath = (id: string) => `/api/v1/invoices/${id}/pdf`;
    const firstOne = await measureOnce({
      origin,
      method: 'GET',
      paths: sequential.map(pdfPath),
      headers,
      concurrency: 1,
      maxRequests: sequential.length,
    });
    results.push({
      name: `API first GET /invoices/:id/pdf (render + store), ${label}, 1 in flight`,
      unit: 'ms',
      value: firstOne.report.p50Ms,
      details: [
        `median of ${firstOne.report.requests} fresh invoices`,
        `p99 ${formatMs(firstOne.report.p99Ms)}`,
        `max ${formatMs(firstOne.report.maxMs)}`,
        `${firstOne.report.errors} errors`,
        ...serverDetails(firstOne),
        ...volumeDetails(firstOne).slice(0, 1),
        ...(firstOne.report.firstError ? [`first error: ${firstOne.report.firstError}`] : []),
      ].join(', '),
    });
    console.log(`  first GET /pdf, ${label}, 1 in flight: median ${formatMs(firstOne.report.p50Ms)}`);
    const firstEight = await measureOnce({
      origin,
      method: 'GET',
      paths: concurrent.map(pdfPath),
      headers,
      concurrency: 8,
      maxRequests: concurrent.length,
    });
    results.push({
      name: `API first GET /invoices/:id/pdf (render + store), ${label}, 8 in flight`,
      unit: 'req/s',
      value: firstEight.report.requestsPerSecond,
      details: loadDetails(firstEight.report, undefined, [
        `${firstEight.report.requests} fresh invoices`,
        ...serverDetails(firstEight),
      ]),
    });
    console.log(
      `  first GET /pdf, ${label}, 8 in flight: ${formatNumber(firstEight.report.requestsPerSecond)} req/s`,
    );

    // Stored PDFs.
    const storedPaths = [...sequential, ...concurrent].map(pdfPath);
    for (const concurrency of CONCURRENCY_LEVELS) {
      const measurement = await measureServer(
        load,
        { origin, method: 'GET', paths: storedPaths, headers, concurrency },
        counter,
      );
      const name = `API GET /invoices/:id/pdf (stored), ${label}, ${concurrency} in flight`;
      results.push({
        name,
        unit: 'req/s',
        value: measurement.report.requestsPerSecond,
        details: loadDetails(measurement.report, undefined, [
          ...volumeDetails(measurement),
          ...serverDetails(measurement),
        ]),
      });
      console.log(`  ${name}: ${formatNumber(measurement.report.requestsPerSecond)} req/s`);
    }

    // Zips: an invoice with two credit notes, all three PDFs stored by a first download.
    const zipped: string[] = [];
    for (let index = 0; index < ZIP_INVOICES; index += 1) {
      const invoiceId = await issueInvoice();
      const creditLines = [[FIVE_LINES[1]], [FIVE_LINES[2], FIVE_LINES[4]]] as InvoiceLineInput[][];
      for (const [creditIndex, lines] of creditLines.entries()) {
        await sendJson('POST', origin, '/api/v1/credit-notes', apiKey, {
          number: `CN-2026-${index + 1}-${creditIndex + 1}`,
          invoiceId,
          issueDate: isoDateDaysFromToday(-2 + creditIndex),
          lines: lines.map((line) => ({ ...line, quantity: '1' })),
          reason: creditIndex === 0 ? 'Luminaire retourné (défaut de fabrication)' : 'Geste commercial',
        });
      }
      zipped.push(`/api/v1/invoices/${invoiceId}/download`);
    }
    const firstZips = await measureOnce({
      origin,
      method: 'GET',
      paths: zipped,
      headers,
      concurrency: 1,
      maxRequests: zipped.length,
    });
    const sample = await fetch(`${origin}${zipped[0]}`, { headers });
    const entries = Object.keys(unzipSync(new Uint8Array(await sample.arrayBuffer())));
    if (sample.headers.get('content-type') !== 'application/zip' || entries.length !== 3) {
      throw new Error(`expected a zip of 3 PDFs, got ${sample.headers.get('content-type')}: ${entries}`);
    }
    for (const concurrency of CONCURRENCY_LEVELS) {
      const measurement = await measureServer(
        load,
        { origin, method: 'GET', paths: zipped, headers, concurrency },
        counter,
      );
      const name = `API GET /invoices/:id/download (zip of 3 stored PDFs), ${label}, ${concurrency} in flight`;
      results.push({
        name,
        unit: 'req/s',
        value: measurement.report.requestsPerSecond,
        details: loadDetails(measurement.report, undefined, [
          ...volumeDetails(measurement),
          ...serverDetails(measurement),
          `the first download of each (rendering and storing its 3 PDFs) took ${formatMs(firstZips.report.p50Ms)} (median of ${firstZips.report.requests})`,
        ]),
      });
      console.log(
        `  ${name}: ${formatNumber(measurement.report.requestsPerSecond)} req/s, ${volumeDetails(measurement)[1]}`,
      );
    }
  } finally {
    await app.close();
  }
  return results;
}

export async function run(): Promise<BenchResult[]> {
  const results = await measureFreshRenders();
  const load = await startHttpLoad();
  try {
    results.push(...(await withPglite(({ handle }) => measureDocumentsApi('PGlite', handle, load))));
    results.push(
      ...((await withPostgres(({ handle }) => measureDocumentsApi('PostgreSQL', handle, load))) ?? []),
    );
    return results;
  } finally {
    await load.close();
  }
}
