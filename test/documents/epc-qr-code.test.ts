import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../src/documents/document-model.ts';
import { buildEpcPayload } from '../../src/documents/epc-payload.ts';
import { renderDocumentPdf } from '../../src/documents/render-document-pdf.ts';
import { documentFixture } from './document-fixtures.ts';

const hasTools = ['pdftoppm', 'zbarimg'].every((tool) => spawnSync('which', [tool]).status === 0);
const directory = mkdtempSync(join(tmpdir(), 'epc-qr-'));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Rasterises page 1 at 200 dpi and returns what zbarimg reads there, as raw bytes (null: no code). */
async function scanFirstPage(model: DocumentModel, name: string): Promise<Buffer | null> {
  const pdf = join(directory, `${name}.pdf`);
  writeFileSync(pdf, await renderDocumentPdf(model));
  execFileSync('pdftoppm', [
    '-r',
    '200',
    '-png',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    pdf,
    join(directory, name),
  ]);
  const scan = spawnSync('zbarimg', ['-q', '--raw', '-Sbinary', join(directory, `${name}.png`)]);
  if (scan.status === 4) return null; // zbarimg: no symbol found
  expect(scan.status).toBe(0);
  return scan.stdout;
}

/** An invoice whose beneficiary name needs UTF-8, with its EPC payload. */
function invoiceWithPayment(
  currency: string,
  reference: string,
): { model: DocumentModel; payload: string | null } {
  const model = documentFixture({ language: 'fr', currency, reference });
  const beneficiaryName = 'Éclairages Łódź & Fils SRL';
  const epc = buildEpcPayload({
    beneficiaryName,
    iban: 'BE71096123456769',
    bic: 'GKCCBEBB',
    amountMinor: model.totalMinor,
    currency,
    reference,
    text: null,
  });
  const payload = epc.ok ? epc.payload : null;
  model.payment = {
    beneficiaryName,
    iban: 'BE71096123456769',
    bic: 'GKCCBEBB',
    reference,
    epcPayload: payload,
  };
  return { model, payload };
}

// NOTE: only a laptop without poppler-utils/zbar-tools skips this; in CI (.ci/run installs them) it always runs.
describe.skipIf(!hasTools && !process.env.CI)(
  'the EPC QR code on a rendered invoice (pdftoppm + zbarimg)',
  () => {
    it('scans back to the exact payload, UTF-8 name and Belgian structured communication included', async () => {
      const { model, payload } = invoiceWithPayment('EUR', '+++010/8068/17183+++');
      expect(payload).toBe(
        'BCD\n002\n1\nSCT\nGKCCBEBB\nÉclairages Łódź & Fils SRL\nBE71096123456769\nEUR3904.17\n\n\n+++010/8068/17183+++',
      );
      const scanned = await scanFirstPage(model, 'belgian');
      expect(scanned?.toString('utf8')).toBe(payload);
    });

    it('scans back to the exact payload with an RF reference', async () => {
      const { model, payload } = invoiceWithPayment('EUR', 'RF18539007547034');
      expect(payload).toContain('\nRF18539007547034');
      expect((await scanFirstPage(model, 'rf'))?.toString('utf8')).toBe(payload);
    });

    it('has no QR code on a non-euro invoice', async () => {
      const { model, payload } = invoiceWithPayment('USD', 'RF18539007547034');
      expect(payload).toBeNull();
      expect(await scanFirstPage(model, 'usd')).toBeNull();
    });
  },
);
