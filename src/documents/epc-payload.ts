import { describePaymentReference, formatMinorPlain, isValidIban } from '../domain/index.ts';

/** What {@link buildEpcPayload} needs to know about the transfer. */
export interface EpcPayloadInput {
  /** The account holder, as the payer's bank should show it. Truncated to 70 characters. */
  beneficiaryName: string;
  /** With or without spaces, any case. */
  iban: string;
  /** 8 or 11 characters; null or empty when unknown (allowed by version 002 inside the EEA). */
  bic: string | null;
  /** The amount to pay, in minor units of `currency`. */
  amountMinor: number;
  currency: string;
  /** An ISO 11649 RF reference or a Belgian structured communication; null when there is none. */
  reference: string | null;
  /** Free remittance text (≤ 140 characters) for payments without a reference; null when none. */
  text: string | null;
}

/** Why no EPC QR code can be given for a payment. */
export type EpcPayloadRefusal =
  /** EPC QR codes initiate SEPA credit transfers, which are in euro only. */
  | 'CURRENCY_NOT_EUR'
  /** The amount must be from EUR 0.01 to EUR 999 999 999.99, in whole cents. */
  | 'AMOUNT_OUT_OF_RANGE'
  | 'INVALID_IBAN'
  | 'INVALID_BIC'
  | 'MISSING_BENEFICIARY'
  /** Neither an ISO 11649 RF reference nor a Belgian structured communication. */
  | 'INVALID_REFERENCE'
  /** Only one of the structured and unstructured remittance may be filled. */
  | 'REFERENCE_AND_TEXT'
  | 'TEXT_TOO_LONG'
  /** Over the 331 bytes the guidelines allow (multi-byte characters in name and text can get there). */
  | 'PAYLOAD_TOO_LONG';

export type EpcPayloadResult = { ok: true; payload: string } | { ok: false; reason: EpcPayloadRefusal };

const MAX_AMOUNT_MINOR = 99_999_999_999;
const MAX_NAME_CHARACTERS = 70;
const MAX_TEXT_CHARACTERS = 140;
const MAX_PAYLOAD_BYTES = 331;
const BIC_PATTERN = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Line breaks (and other control characters) would shift every following element to the wrong line,
 * so they become spaces; NFC keeps an accented letter one character (and fewer bytes) for the limits.
 */
function singleLine(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** The user-perceived characters of `value` (an "é" written e + combining accent counts once). */
function characters(value: string): string[] {
  return Array.from(graphemes.segment(value), (s) => s.segment);
}

/**
 * The text of an EPC QR code ("GiroCode", guidelines EPC069-12, code version 002, UTF-8) that lets a
 * banking app fill in a SEPA credit transfer. Elements, one per line, separated by `\n`:
 *
 * ```
 * BCD · 002 · 1 (UTF-8) · SCT · BIC (may be empty) · name (≤ 70) · IBAN · EUR12.34 · purpose (empty)
 * · structured remittance (ISO 11649 RF) · unstructured remittance (≤ 140) · information (empty)
 * ```
 *
 * The guidelines forbid anything after the last populated element, so trailing empty elements are
 * left out: the payload ends with the remittance line, or with the amount when there is none.
 *
 * Where the reference goes:
 * - an ISO 11649 RF reference is a creditor reference, so it goes in the structured element, compact
 *   and upper-case (`RF18539007547034`);
 * - a Belgian structured communication (`+++010/8068/17183+++`) goes in the unstructured element,
 *   exactly as printed on the invoice. It is not an ISO 11649 reference, and unlike a SEPA XML file
 *   (issuer `BBA`) the code cannot say that 12 digits in the structured element are a Belgian reference,
 *   so a bank could refuse or mislabel them there. In the unstructured element the payer's app fills the
 *   communication with the `+++…+++` text, the form Belgian banks check and match. Some tools (Odoo,
 *   for one) put the digits in the structured element instead; we keep to what the guidelines define.
 *
 * @example
 * buildEpcPayload({ beneficiaryName: 'Atelier Lumière SRL', iban: 'BE71 0961 2345 6769', bic: 'GKCCBEBB',
 *   amountMinor: 123456, currency: 'EUR', reference: 'RF18 5390 0754 7034', text: null });
 * // { ok: true, payload:
 * //   'BCD\n002\n1\nSCT\nGKCCBEBB\nAtelier Lumière SRL\nBE71096123456769\nEUR1234.56\n\nRF18539007547034' }
 */
export function buildEpcPayload(input: EpcPayloadInput): EpcPayloadResult {
  if (input.currency !== 'EUR') return refuse('CURRENCY_NOT_EUR');
  if (
    !Number.isSafeInteger(input.amountMinor) ||
    input.amountMinor < 1 ||
    input.amountMinor > MAX_AMOUNT_MINOR
  ) {
    return refuse('AMOUNT_OUT_OF_RANGE');
  }
  const iban = input.iban.replace(/\s+/g, '').toUpperCase();
  if (!isValidIban(iban)) return refuse('INVALID_IBAN');
  const bic = (input.bic ?? '').replace(/\s+/g, '').toUpperCase();
  if (bic !== '' && !BIC_PATTERN.test(bic)) return refuse('INVALID_BIC');
  const name = characters(singleLine(input.beneficiaryName)).slice(0, MAX_NAME_CHARACTERS).join('').trim();
  if (name === '') return refuse('MISSING_BENEFICIARY');

  const reference = singleLine(input.reference ?? '');
  const text = singleLine(input.text ?? '');
  if (reference !== '' && text !== '') return refuse('REFERENCE_AND_TEXT');
  let structured = '';
  let unstructured = '';
  if (reference !== '') {
    const described = describePaymentReference(reference);
    if (described.kind === 'rf') structured = described.compact;
    else if (described.kind === 'belgian') unstructured = described.compact;
    else return refuse('INVALID_REFERENCE');
  } else if (text !== '') {
    if (characters(text).length > MAX_TEXT_CHARACTERS) return refuse('TEXT_TOO_LONG');
    unstructured = text;
  }

  const elements = [
    'BCD',
    '002',
    '1',
    'SCT',
    bic,
    name,
    iban,
    `EUR${formatMinorPlain(input.amountMinor, 'EUR')}`,
    '',
    structured,
    unstructured,
    '',
  ];
  while (elements.at(-1) === '') elements.pop();
  const payload = elements.join('\n');
  if (Buffer.byteLength(payload, 'utf8') > MAX_PAYLOAD_BYTES) return refuse('PAYLOAD_TOO_LONG');
  return { ok: true, payload };
}

function refuse(reason: EpcPayloadRefusal): EpcPayloadResult {
  return { ok: false, reason };
}
