import { accountPages } from './account.pages.ts';
import { accountSecurityPages } from './account-security.pages.ts';
import { adminSettingsPages } from './admin-settings.pages.ts';
import type { BackOfficeRoute } from './back-office-kit.ts';
import { brandingPages } from './branding-settings.pages.ts';
import { commentPages } from './comments.pages.ts';
import { creditNotePages } from './credit-note.pages.ts';
import { customerPages } from './customer.pages.ts';
import { developerSettingsPages } from './developer-settings.pages.ts';
import { emailSettingsPages } from './email-settings.pages.ts';
import { homePages } from './home.pages.ts';
import { invoicePages, sendEmailPages } from './invoice.pages.ts';
import { invoicePdfPages } from './invoice-pdf.pages.ts';
import { newInvoicePages } from './new-invoice.pages.ts';
import { outboxPages } from './outbox.pages.ts';
import { paymentSettingsPages } from './payment-settings.pages.ts';
import { settingsPages } from './settings.pages.ts';

/**
 * Every signed-in back-office route (the sign-in pages are the only others). The tests that every route
 * refuses a request without a session, reaches nothing of another organization, and changes nothing on a
 * cross-site post are generated from this table.
 */
export const backOfficeRoutes: readonly BackOfficeRoute[] = [
  ...homePages,
  ...newInvoicePages,
  ...invoicePages,
  ...invoicePdfPages,
  ...sendEmailPages,
  ...creditNotePages,
  ...customerPages,
  ...commentPages,
  ...settingsPages,
  ...brandingPages,
  ...paymentSettingsPages,
  ...developerSettingsPages,
  ...outboxPages,
  ...emailSettingsPages,
  ...adminSettingsPages,
  ...accountSecurityPages,
  ...accountPages,
];
