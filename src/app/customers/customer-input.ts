export interface CustomerInput {
  externalId?: string | null;
  kind: 'company' | 'person';
  name: string;
  vatNumber?: string | null;
  enterpriseNumber?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  language: string;
  emails: string[];
}

export function customerColumns(input: Partial<CustomerInput>) {
  const cols: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) cols[column] = value;
  };
  set('external_id', input.externalId);
  set('kind', input.kind);
  set('name', input.name);
  set('vat_number', input.vatNumber);
  set('enterprise_number', input.enterpriseNumber);
  set('address_line1', input.addressLine1);
  set('address_line2', input.addressLine2);
  set('postal_code', input.postalCode);
  set('city', input.city);
  set('country', input.country?.toUpperCase());
  set('language', input.language);
  set(
    'emails',
    input.emails?.map((e) => e.trim()),
  );
  return cols;
}
