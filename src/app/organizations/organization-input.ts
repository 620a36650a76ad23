import type { Updateable } from 'kysely';
import type { OrganizationsTable } from '../../db/schema.ts';

/** Organization settings as the API and CLI take them (validated at the edge). */
export interface OrganizationSettingsInput {
  legalName?: string;
  tradeName?: string | null;
  vatNumber?: string | null;
  enterpriseNumber?: string | null;
  addressLine1?: string;
  addressLine2?: string | null;
  postalCode?: string;
  city?: string;
  country?: string;
  timeZone?: string;
  defaultLanguage?: string;
  defaultCurrency?: string;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  logo?: { mimeType: string; dataBase64: string } | null;
  primaryColor?: string;
  accentColor?: string;
  iban?: string | null;
  bic?: string | null;
  paymentReferenceKind?: 'be' | 'rf';
  /** R4: designed HTML e-mails (with a plain-text alternative), or plain text only. */
  emailDesignedLayout?: boolean;
  lateFeePolicy?: {
    lateFeeBp: number;
    lateFeeMinimumMinor: number;
    annualInterestRateBp: number;
    fixedCompensationB2B: boolean;
  };
}

export type NewOrganizationInput = OrganizationSettingsInput & {
  legalName: string;
  country: string;
  timeZone: string;
  defaultLanguage: string;
  defaultCurrency: string;
  isDemo?: boolean;
};

/** Maps settings input onto organization columns; undefined fields are left untouched. */
export function organizationColumns(input: OrganizationSettingsInput): Updateable<OrganizationsTable> {
  const iban = input.iban?.replace(/\s+/g, '').toUpperCase();
  const columns: Updateable<OrganizationsTable> = {
    legal_name: input.legalName,
    trade_name: input.tradeName,
    vat_number: input.vatNumber,
    enterprise_number: input.enterpriseNumber,
    address_line1: input.addressLine1,
    address_line2: input.addressLine2,
    postal_code: input.postalCode,
    city: input.city,
    country: input.country?.toUpperCase(),
    time_zone: input.timeZone,
    default_language: input.defaultLanguage,
    default_currency: input.defaultCurrency?.toUpperCase(),
    email: input.email,
    phone: input.phone,
    website: input.website,
    primary_color: input.primaryColor?.toLowerCase(),
    accent_color: input.accentColor?.toLowerCase(),
    iban: input.iban === null ? null : iban,
    bic: input.bic === null ? null : input.bic?.toUpperCase(),
    payment_reference_kind: input.paymentReferenceKind,
    email_designed_layout: input.emailDesignedLayout,
    late_fee_bp: input.lateFeePolicy?.lateFeeBp,
    late_fee_minimum_minor: input.lateFeePolicy?.lateFeeMinimumMinor,
    interest_rate_bp: input.lateFeePolicy?.annualInterestRateBp,
    fixed_compensation_b2b: input.lateFeePolicy?.fixedCompensationB2B,
  };
  if (input.logo !== undefined) {
    columns.logo = input.logo ? Buffer.from(input.logo.dataBase64, 'base64') : null;
    columns.logo_mime = input.logo?.mimeType ?? null;
  }
  // Kysely would write an explicit undefined as DEFAULT; drop them so untouched fields stay as they are.
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}
