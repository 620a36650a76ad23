import { z } from 'zod';
import { renderCommentsPage } from '../../back-office/views/comments-page.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../../db/keyset-cursor.ts';
import { listCommentInbox } from '../../db/repositories/comment.repository.ts';
import { backOfficeRoute } from './back-office-kit.ts';

const PAGE_SIZE = 50;

export const commentPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/comments',
    name: 'comments',
    query: z.object({ unread: z.string().max(5).optional(), before: z.string().max(200).optional() }),
    handler: async (ctx) => {
      const unreadOnly = ctx.query.unread === '1';
      const before = decodeCreatedAtCursor(ctx.query.before);
      if (before === null) return { notFound: true };
      const rows = await listCommentInbox(ctx.deps.db, ctx.organization.id, {
        limit: PAGE_SIZE + 1,
        unreadOnly,
        ...(before ? { before } : {}),
      });
      const page = rows.slice(0, PAGE_SIZE);
      const last = page.at(-1);
      const url = (cursor: string | null) => {
        const params = new URLSearchParams();
        if (unreadOnly) params.set('unread', '1');
        if (cursor) params.set('before', cursor);
        const query = params.toString();
        return query ? `${adminPaths.comments}?${query}` : adminPaths.comments;
      };
      return {
        page: renderCommentsPage({
          chrome: ctx.chrome('comments'),
          comments: page,
          unreadOnly,
          nextUrl:
            rows.length > PAGE_SIZE && last
              ? url(encodeCreatedAtCursor({ created_at: last.createdAt, id: last.id }))
              : null,
          firstUrl: before ? url(null) : null,
        }),
      };
    },
  }),
];
