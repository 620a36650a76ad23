import type { Updateable } from 'kysely';
import type { CustomersTable } from '../../db/schema.ts';

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

/** Maps customer input onto columns; undefined fields are left untouched. */
export function customerColumns(input: Partial<CustomerInput>): Updateable<CustomersTable> {
  const columns: Updateable<CustomersTable> = {
    external_id: input.externalId,
    kind: input.kind,
    name: input.name,
    vat_number: input.vatNumber,
    enterprise_number: input.enterpriseNumber,
    address_line1: input.addressLine1,
    address_line2: input.addressLine2,
    postal_code: input.postalCode,
    city: input.city,
    country: input.country === null ? null : input.country?.toUpperCase(),
    language: input.language,
    emails: input.emails?.map((e) => e.trim()),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}
