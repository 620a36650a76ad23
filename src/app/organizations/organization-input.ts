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
export function organizationColumns(input: OrganizationSettingsInput) {
  const cols: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) cols[column] = value;
  };
  set('legal_name', input.legalName);
  set('trade_name', input.tradeName);
  set('vat_number', input.vatNumber);
  set('enterprise_number', input.enterpriseNumber);
  set('address_line1', input.addressLine1);
  set('address_line2', input.addressLine2);
  set('postal_code', input.postalCode);
  set('city', input.city);
  set('country', input.country?.toUpperCase());
  set('time_zone', input.timeZone);
  set('default_language', input.defaultLanguage);
  set('default_currency', input.defaultCurrency?.toUpperCase());
  set('email', input.email);
  set('phone', input.phone);
  set('website', input.website);
  if (input.logo === null) {
    cols.logo = null;
    cols.logo_mime = null;
  } else if (input.logo) {
    cols.logo = Buffer.from(input.logo.dataBase64, 'base64');
    cols.logo_mime = input.logo.mimeType;
  }
  set('primary_color', input.primaryColor?.toLowerCase());
  set('accent_color', input.accentColor?.toLowerCase());
  set(
    'iban',
    input.iban === undefined || input.iban === null
      ? input.iban
      : input.iban.replace(/\s+/g, '').toUpperCase(),
  );
  set('bic', input.bic?.toUpperCase());
  set('payment_reference_kind', input.paymentReferenceKind);
  if (input.lateFeePolicy) {
    cols.late_fee_bp = input.lateFeePolicy.lateFeeBp;
    cols.late_fee_minimum_minor = input.lateFeePolicy.lateFeeMinimumMinor;
    cols.interest_rate_bp = input.lateFeePolicy.annualInterestRateBp;
    cols.fixed_compensation_b2b = input.lateFeePolicy.fixedCompensationB2B;
  }
  return cols;
}
