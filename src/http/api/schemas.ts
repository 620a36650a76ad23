import { z } from 'zod';
import { LANGS } from '../../core/lang.ts';
import { LOGO_TYPES } from '../../documents/check-logo.ts';
import { isValidIban } from '../../domain/iban.ts';
import { isCurrencyCode, isIsoDate, isTimeZone } from '../../domain/index.ts';

/** Schemas for everything the API takes, named after what they validate. */

export const Uuid = z.uuid();
export const IsoDateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date')
  .refine(isIsoDate, { message: 'date' })
  .meta({ format: 'date', example: '2026-11-25' });
export const CurrencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'currency')
  .refine((c) => isCurrencyCode(c.toUpperCase()), { message: 'currency' })
  .meta({ example: 'EUR' });
export const CountryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'country')
  .meta({ example: 'BE' });
export const Language = z.enum(LANGS);
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { message: 'timeZone' })
  .meta({ example: 'Europe/Brussels' });
export const Email = z.email().max(254);
export const MinorAmount = z.int().min(-9_000_000_000_000).max(9_000_000_000_000).meta({
  description: 'Amount in the currency’s minor unit (cents for EUR).',
});
export const PositiveMinorAmount = z.int().min(1).max(9_000_000_000_000);
export const BasisPoints = z
  .int()
  .min(0)
  .max(10_000)
  .meta({ description: '1/100 of a percent: 2100 = 21 %.' });
export const HexColor = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, 'color')
  .meta({ example: '#1f4e79' });
export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
export const DocumentNumber = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/#-]*$/u, 'documentNumber')
  .meta({ example: '2026-0042' });

export const LineSchema = z.strictObject({
  description: text(1000),
  quantity: z
    .union([
      z.string().regex(/^-?\d{1,12}(\.\d{1,4})?$/, 'quantity'),
      z.int().min(-999_999_999_999).max(999_999_999_999),
    ])
    .transform((q) => String(q))
    .meta({ description: 'Decimal string with up to 4 decimals, or an integer.', example: '2.5' }),
  unitPriceMinor: MinorAmount,
  discountBp: BasisPoints.optional(),
  vatRateBp: BasisPoints,
  vatCategory: z.enum(['standard', 'zero', 'exempt', 'reverse_charge']).optional(),
});

export const CustomerCreateSchema = z.strictObject({
  externalId: optionalText(100),
  kind: z.enum(['company', 'person']),
  name: text(200),
  vatNumber: optionalText(32),
  enterpriseNumber: optionalText(32),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: CountryCode.nullable().optional(),
  language: Language,
  emails: z.array(Email).max(10),
});
export const CustomerUpdateSchema = CustomerCreateSchema.partial();

export const ImportedPaymentSchema = z.strictObject({
  amountMinor: PositiveMinorAmount,
  paidOn: IsoDateString,
  method: text(50),
  note: optionalText(500),
});

export const InvoiceCreateSchema = z.strictObject({
  number: DocumentNumber,
  customerId: Uuid,
  state: z.enum(['draft', 'issued']).optional(),
  issueDate: IsoDateString,
  dueDate: IsoDateString,
  currency: CurrencyCode.optional(),
  lines: z.array(LineSchema).min(1).max(500),
  vatExemptionReason: optionalText(500),
  notes: optionalText(2000),
  paymentReference: optionalText(40),
  payments: z.array(ImportedPaymentSchema).max(100).optional(),
});
export const InvoiceUpdateSchema = InvoiceCreateSchema.omit({ state: true, payments: true }).partial();

export const InvoiceListQuerySchema = z.strictObject({
  customerId: Uuid.optional(),
  state: z.enum(['draft', 'issued']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  asOf: IsoDateString.optional(),
});

export const AsOfQuerySchema = z.strictObject({ asOf: IsoDateString.optional() });

export const CreditNoteCreateSchema = z.strictObject({
  number: DocumentNumber,
  invoiceId: Uuid,
  issueDate: IsoDateString,
  lines: z.array(LineSchema).min(1).max(500),
  reason: optionalText(1000),
});

export const CreditNoteListQuerySchema = z.strictObject({
  invoiceId: Uuid.optional(),
  customerId: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});

export const PaymentCreateSchema = z.strictObject({
  amountMinor: PositiveMinorAmount,
  currency: CurrencyCode.optional(),
  paidOn: IsoDateString,
  method: z.enum(['bank_transfer', 'cash', 'card', 'cheque', 'direct_debit', 'other']),
  note: optionalText(500),
});

export const FeeWaiversSchema = z
  .strictObject({
    lateFee: z.boolean().optional(),
    interest: z.boolean().optional(),
    compensation: z.boolean().optional(),
  })
  .refine((w) => Object.keys(w).length > 0, { message: 'empty' });

export const AdminUserCreateSchema = z.strictObject({ name: text(200), email: Email, language: Language });
export const AdminUserUpdateSchema = AdminUserCreateSchema.partial().refine(
  (v) => Object.keys(v).length > 0,
  {
    message: 'empty',
  },
);

export const ApiKeyCreateSchema = z.strictObject({ name: text(100) });

export const LogoSchema = z.strictObject({
  mimeType: z.enum(LOGO_TYPES),
  dataBase64: z
    .string()
    .max(700_000)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
    .meta({
      description:
        'The image, base64-encoded, at most 512 KiB: PNG or JPEG of at most 4096 pixels a side and 8 megapixels, or SVG without scripts, event handlers, external references or DOCTYPE, of at most 2000 elements, 32 levels and 10,000 elements drawn once <use> is expanded.',
    }),
});

export const LateFeePolicySchema = z.strictObject({
  lateFeeBp: BasisPoints,
  lateFeeMinimumMinor: z.int().min(0).max(100_000_000),
  annualInterestRateBp: BasisPoints,
  fixedCompensationB2B: z.boolean(),
});

export const OrganizationUpdateSchema = z
  .strictObject({
    legalName: text(200),
    tradeName: optionalText(200),
    vatNumber: optionalText(32),
    enterpriseNumber: optionalText(32),
    addressLine1: z.string().trim().max(200),
    addressLine2: optionalText(200),
    postalCode: z.string().trim().max(20),
    city: z.string().trim().max(100),
    country: CountryCode,
    timeZone: TimeZone,
    defaultLanguage: Language,
    defaultCurrency: CurrencyCode,
    email: Email.nullable(),
    phone: optionalText(40),
    website: z.url().max(200).nullable(),
    logo: LogoSchema.nullable(),
    primaryColor: HexColor,
    accentColor: HexColor,
    iban: z
      .string()
      .max(42)
      .refine(isValidIban, { message: 'iban' })
      .meta({ example: 'BE71 0961 2345 6769' })
      .nullable(),
    bic: z
      .string()
      .regex(/^[A-Za-z]{6}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$/, 'bic')
      .nullable(),
    paymentReferenceKind: z.enum(['be', 'rf']),
    emailDesignedLayout: z.boolean().meta({
      description:
        'R4: true sends designed HTML e-mails (logo, brand colour, invoice picture) with a plain-text alternative; false sends plain text only.',
    }),
    lateFeePolicy: LateFeePolicySchema,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'empty' });

export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  search: z.string().max(100).optional(),
});

export const IdParams = <K extends string>(name: K) =>
  z.strictObject({ [name]: Uuid } as Record<K, typeof Uuid>);

/** The credentials of a Stripe account (`PUT /payment-accounts/stripe`, the back office's form). */
export const StripeAccountSchema = z.strictObject({
  secretKey: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/, 'stripe_secret_key')
    .max(300)
    .meta({ description: 'A secret (`sk_…`) or restricted (`rk_…`) key of the Stripe account.' }),
  webhookSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=_]{8,}$/, 'stripe_webhook_secret')
    .max(300)
    .meta({
      description:
        'The signing secret (`whsec_…`) of the webhook endpoint you add in Stripe for the `webhookUrl` this call returns.',
    }),
});

/** The credentials of a Mollie account (`PUT /payment-accounts/mollie`, the back office's form). */
export const MollieAccountSchema = z.strictObject({
  apiKey: z
    .string()
    .regex(/^(test|live)_[A-Za-z0-9]{20,}$/, 'mollie_api_key')
    .max(300)
    .meta({ description: 'The Mollie API key (`live_…` or `test_…`) of the website profile.' }),
});
