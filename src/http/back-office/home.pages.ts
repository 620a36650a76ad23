import { z } from 'zod';
import { homeFigures } from '../../app/back-office/home-figures.ts';
import { listBackOfficeInvoices } from '../../app/back-office/list-back-office-invoices.ts';
import { renderHomePage } from '../../back-office/views/home-page.ts';
import { renderInvoiceListPage } from '../../back-office/views/invoice-list-page.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../domain/index.ts';
import { backOfficeRoute } from './back-office-kit.ts';

export const INVOICE_LIST_PAGE_SIZE = 25;

export const homePages = [
  backOfficeRoute({
    method: 'GET',
    path: '/',
    name: 'home',
    handler: async (ctx) => {
      const figures = await homeFigures(ctx.deps.db, {
        organizationId: ctx.organization.id,
        today: ctx.today,
      });
      if (!figures.ok) throw new Error(`Home figures refused: ${figures.code}`);
      return { page: renderHomePage({ chrome: ctx.chrome('home'), figures: figures.value }) };
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/invoices',
    name: 'invoices',
    query: z.object({
      q: z.string().max(100).optional(),
      status: z.string().max(20).optional(),
      cursor: z.string().max(200).optional(),
    }),
    handler: async (ctx) => {
      const search = (ctx.query.q ?? '').trim();
      const status = INVOICE_STATUSES.includes(ctx.query.status as InvoiceStatus)
        ? (ctx.query.status as InvoiceStatus)
        : null;
      const page = await listBackOfficeInvoices(ctx.deps.db, {
        organizationId: ctx.organization.id,
        search,
        status: status ?? undefined,
        cursor: ctx.query.cursor,
        limit: INVOICE_LIST_PAGE_SIZE,
        today: ctx.today,
      });
      if (!page.ok) return { notFound: true };
      const url = (cursor: string | null) => {
        const params = new URLSearchParams();
        if (search) params.set('q', search);
        if (status) params.set('status', status);
        if (cursor) params.set('cursor', cursor);
        const query = params.toString();
        return query ? `${adminPaths.invoices}?${query}` : adminPaths.invoices;
      };
      return {
        page: renderInvoiceListPage({
          chrome: ctx.chrome('invoices'),
          search,
          status,
          rows: page.value.rows,
          nextUrl: page.value.nextCursor ? url(page.value.nextCursor) : null,
          firstUrl: ctx.query.cursor ? url(null) : null,
        }),
      };
    },
  }),
];
