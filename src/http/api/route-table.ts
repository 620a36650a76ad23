import { commentRoutes } from './comments.routes.ts';
import { creditNoteRoutes } from './credit-notes.routes.ts';
import { customerRoutes } from './customers.routes.ts';
import { documentRoutes } from './documents.routes.ts';
import { emailTemplateRoutes } from './email-templates.routes.ts';
import { emailRoutes } from './emails.routes.ts';
import { invoiceRoutes } from './invoices.routes.ts';
import { organizationRoutes } from './organization.routes.ts';
import { paymentAccountRoutes } from './payment-accounts.routes.ts';
import { paymentRoutes } from './payments.routes.ts';
import { portalAccessRoutes } from './portal-access.routes.ts';
import type { ApiRoute } from './route-kit.ts';
import { webhookRoutes } from './webhooks.routes.ts';

/** Every JSON API route. OpenAPI, the docs page and the generated isolation/validation tests read this table. */
export const apiRoutes: readonly ApiRoute[] = [
  ...organizationRoutes,
  ...customerRoutes,
  ...invoiceRoutes,
  ...creditNoteRoutes,
  ...documentRoutes,
  ...portalAccessRoutes,
  ...commentRoutes,
  ...emailTemplateRoutes,
  ...emailRoutes,
  ...paymentAccountRoutes,
  ...paymentRoutes,
  ...webhookRoutes,
];
