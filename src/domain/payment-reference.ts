/**
 * Payment references that banks check, so a mistyped reference is refused at the bank instead of
 * landing as an unmatched transfer: the Belgian structured communication (OGM/VCS) and the international
 * creditor reference ISO 11649 ("RF").
 *
 * @module
 */

const BELGIAN_BASE_MAX = 9_999_999_999n;

/**
 * The Belgian structured communication for a base number: the base as 10 digits, then base mod 97 as
 * two check digits (97 when the remainder is 0), written `+++ddd/dddd/ddddd+++`.
 *
 * @example belgianStructuredReference(108068171); // '+++010/8068/17183+++'
 * @throws RangeError when `base` is not an integer from 0 to 9999999999.
 */
export function belgianStructuredReference(base: number | bigint): string {
  if (typeof base === 'number' && !Number.isSafeInteger(base)) {
    throw new RangeError(`The base must be an integer, got ${String(base)}`);
  }
  const baseNumber = BigInt(base);
  if (baseNumber < 0n || baseNumber > BELGIAN_BASE_MAX) {
    throw new RangeError(`The base must be from 0 to 9999999999, got ${baseNumber.toString()}`);
  }
  const check = baseNumber % 97n === 0n ? 97n : baseNumber % 97n;
  const digits = baseNumber.toString().padStart(10, '0') + check.toString().padStart(2, '0');
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}

/**
 * Whether `s` is a valid Belgian structured communication: 12 digits whose last two are the first ten
 * mod 97 (97 for 0). Accepts `+++…+++`, `***…***` or no wrapper, with or without slashes and spaces:
 * `'+++010/8068/17183+++'`, `'***010/8068/17183***'`, `'010806817183'`.
 */
export function isValidBelgianStructuredReference(s: string): boolean {
  const match = /^(\+{3}|\*{3})?([\d/ ]+)\1$/.exec(s.trim());
  if (match === null) {
    return false;
  }
  const digits = (match[2] ?? '').replace(/[/ ]/g, '');
  if (!/^\d{12}$/.test(digits)) {
    return false;
  }
  const remainder = BigInt(digits.slice(0, 10)) % 97n;
  return BigInt(digits.slice(10)) === (remainder === 0n ? 97n : remainder);
}

/** ISO 7064 MOD 97-10 of an alphanumeric string, letters counting as A = 10 … Z = 35. */
function mod97(alphanumeric: string): bigint {
  let digits = '';
  for (const character of alphanumeric) {
    digits += Number.parseInt(character, 36).toString();
  }
  return BigInt(digits) % 97n;
}

function normalizeRfInput(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

/**
 * The ISO 11649 creditor reference for `reference`: `RF`, two check digits, then the reference
 * (spaces removed, upper-cased). The check digits are 98 − mod97(reference + 'RF00').
 *
 * @example rfReference('539007547034'); // 'RF18539007547034'
 * @throws RangeError when the reference is not 1 to 21 letters and digits.
 */
export function rfReference(reference: string): string {
  const normalized = normalizeRfInput(reference);
  if (!/^[A-Z0-9]{1,21}$/.test(normalized)) {
    throw new RangeError(`An RF reference needs 1 to 21 letters or digits, got ${JSON.stringify(reference)}`);
  }
  const check = 98n - mod97(`${normalized}RF00`);
  return `RF${check.toString().padStart(2, '0')}${normalized}`;
}

/**
 * Whether `s` is a valid ISO 11649 creditor reference (spaces ignored, any case):
 * `'RF18 5390 0754 7034'` is, `'RF19539007547034'` is not. Check digits 00, 01 and 99 are never valid.
 */
export function isValidRfReference(s: string): boolean {
  const normalized = normalizeRfInput(s);
  const match = /^RF(\d{2})[A-Z0-9]{1,21}$/.exec(normalized);
  if (match === null) {
    return false;
  }
  const check = Number(match[1]);
  if (check < 2 || check > 98) {
    return false;
  }
  return mod97(normalized.slice(4) + normalized.slice(0, 4)) === 1n;
}

/**
 * Writes an RF reference in groups of four for print: `'RF18539007547034'` → `'RF18 5390 0754 7034'`.
 * Does not validate.
 */
export function formatRfReference(s: string): string {
  return (normalizeRfInput(s).match(/.{1,4}/g) ?? []).join(' ');
}

/** The longest reference part of an ISO 11649 reference. */
const RF_REFERENCE_MAX_LENGTH = 21;

/**
 * The payment reference printed on an invoice.
 * - `'be'`: the Belgian structured communication of `seq` (a per-organization counter, 0..9999999999).
 * - `'rf'`: the ISO 11649 reference of the invoice number's letters and digits, upper-cased; when there
 *   are more than 21, the last 21 are kept, since the distinguishing part of an invoice number (its
 *   sequence) is at its end; when there are none, `seq` is used.
 *
 * @example
 * paymentReferenceFromNumber('be', 'INV-1', 108068171); // '+++010/8068/17183+++'
 * paymentReferenceFromNumber('rf', 'inv-2026/0042', 7); // 'RF' + check digits + 'INV20260042'
 * @throws RangeError when `seq` is needed and is not a non-negative integer in range.
 */
export function paymentReferenceFromNumber(kind: 'be' | 'rf', invoiceNumber: string, seq: number): string {
  if (kind === 'be') {
    return belgianStructuredReference(seq);
  }
  const alphanumeric = invoiceNumber.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (alphanumeric !== '') {
    return rfReference(alphanumeric.slice(-RF_REFERENCE_MAX_LENGTH));
  }
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new RangeError(`seq must be a non-negative integer, got ${String(seq)}`);
  }
  return rfReference(String(seq));
}

/** What kind of reference a payer types, and how it is written for people and for machines. */
export interface DescribedPaymentReference {
  /**
   * `belgian`: a valid structured communication (OGM/VCS); `rf`: a valid ISO 11649 creditor reference;
   * `free`: anything else (a reference the business typed, printed as is, never put in a QR code).
   */
  kind: 'belgian' | 'rf' | 'free';
  /** As people read and copy it: `+++ddd/dddd/ddddd+++`, `RF18 5390 0754 7034`, or the text trimmed. */
  display: string;
  /** As a banking app takes it: `+++ddd/dddd/ddddd+++`, `RF18539007547034`, or the text trimmed. */
  compact: string;
}

/**
 * The one rule for a payment reference on every surface (PDF payment slip, portal, EPC QR payload): which
 * kind it is, its printed form and its compact form.
 *
 * @example
 * describePaymentReference('rf18 5390 0754 7034');
 * // { kind: 'rf', display: 'RF18 5390 0754 7034', compact: 'RF18539007547034' }
 * describePaymentReference('***010/8068/17183***');
 * // { kind: 'belgian', display: '+++010/8068/17183+++', compact: '+++010/8068/17183+++' }
 */
export function describePaymentReference(reference: string): DescribedPaymentReference {
  const trimmed = reference.trim();
  if (isValidRfReference(trimmed)) {
    return { kind: 'rf', display: formatRfReference(trimmed), compact: normalizeRfInput(trimmed) };
  }
  if (isValidBelgianStructuredReference(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    const canonical = `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
    return { kind: 'belgian', display: canonical, compact: canonical };
  }
  return { kind: 'free', display: trimmed, compact: trimmed };
}
