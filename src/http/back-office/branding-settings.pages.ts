import { z } from 'zod';
import { loadUsableLogo } from '../../app/organizations/usable-logo.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import {
  BRANDING_FIELD_LABELS,
  type BrandingLogo,
  type BrandingNotice,
  renderBrandingSettingsPage,
} from '../../back-office/views/branding-settings-page.ts';
import { settingsPath } from '../../back-office/views/settings-layout.ts';
import { LOGO_LIMITS } from '../../documents/check-logo.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { describeFormIssues } from '../api/error-table.ts';
import { OrganizationUpdateSchema } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';
import { saved, saveOrganizationForm, settingsLabelIn } from './settings.pages.ts';

/**
 * Branding (issue 12): the logo as a file upload, the colours with a preview of every surface. The rules
 * are the API's: `PATCH /organization`'s schema and logo checks, saved by the same use case.
 */

type BrandingContext = BackOfficeContext<unknown, { done?: BrandingNotice | undefined } | undefined>;

/** The branding page with the colours and errors given (saved colours when none). */
async function brandingPage(
  ctx: BrandingContext,
  options: {
    colors?: { primaryColor: string; accentColor: string };
    colorErrors?: FieldError[];
    logoErrors?: FieldError[];
  },
  status = 200,
): Promise<BackOfficeResult> {
  const logo = await loadUsableLogo(ctx.deps.db, ctx.deps.log, ctx.organization.id);
  const chrome = ctx.chrome('settings');
  return {
    status,
    page: renderBrandingSettingsPage({
      chrome,
      organizationName: chrome.organizationName,
      logo: logo
        ? {
            mimeType: logo.mimeType as BrandingLogo['mimeType'],
            base64: Buffer.from(logo.data).toString('base64'),
          }
        : null,
      colors: options.colors ?? {
        primaryColor: ctx.organization.primary_color,
        accentColor: ctx.organization.accent_color,
      },
      previewing: options.colors !== undefined && status === 200,
      colorErrors: options.colorErrors ?? [],
      logoErrors: options.logoErrors ?? [],
      maxLogoSize: displayFormat(chrome.locale).fileSize(LOGO_LIMITS.maxBytes),
      notice: status === 200 && !options.colors ? (ctx.query?.done ?? null) : null,
    }),
  };
}

/** What an uploaded file is by its first bytes: the logo rules then check it really is that. */
function logoTypeOf(bytes: Buffer): BrandingLogo['mimeType'] | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<') && /<svg[\s>]/.test(head) ? 'image/svg+xml' : null;
}

export const brandingPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/branding',
    name: 'brandingSettings',
    query: z.object({ done: z.enum(['saved', 'logoSaved', 'logoRemoved']).optional().catch(undefined) }),
    handler: async (ctx) => brandingPage(ctx, {}),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/branding',
    name: 'saveBranding',
    handler: async (ctx) => {
      const colors = {
        primaryColor: (ctx.form.primaryColor ?? '').trim(),
        accentColor: (ctx.form.accentColor ?? '').trim(),
      };
      const label = settingsLabelIn(ctx.lang, BRANDING_FIELD_LABELS);
      const parsed = OrganizationUpdateSchema.safeParse(colors);
      if (!parsed.success) {
        return brandingPage(
          ctx,
          { colors, colorErrors: describeFormIssues(parsed.error, ctx.lang, label) },
          422,
        );
      }
      // Preview: the typed colours shown as every surface would draw them, nothing saved.
      if (ctx.form.intent === 'preview') return brandingPage(ctx, { colors });
      const result = await saveOrganizationForm(ctx, colors, BRANDING_FIELD_LABELS);
      if (!result.ok) return brandingPage(ctx, { colors, colorErrors: result.errors }, 422);
      return saved('branding');
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/branding/logo',
    name: 'uploadLogo',
    upload: { field: 'logo', maxBytes: LOGO_LIMITS.maxBytes },
    handler: async (ctx) => {
      const { upload, lang } = ctx;
      const refused = (message: string, status = 422) =>
        brandingPage(ctx, { logoErrors: [{ field: 'logo', message }] }, status);
      if (upload.kind === 'none') return refused(backOfficeMessage(lang, 'logoFileMissing'));
      const file = upload.fileName.length > 80 ? `${upload.fileName.slice(0, 79)}…` : upload.fileName;
      if (upload.kind === 'too-large') {
        const max = displayFormat(ctx.chrome('settings').locale).fileSize(LOGO_LIMITS.maxBytes);
        return refused(backOfficeMessage(lang, 'logoFileTooLarge', { file, max }), 413);
      }
      const mimeType = logoTypeOf(upload.bytes);
      if (!mimeType) return refused(backOfficeMessage(lang, 'logoFileUnknownType', { file }));
      const result = await saveOrganizationForm(
        ctx,
        { logo: { mimeType, dataBase64: upload.bytes.toString('base64') } },
        BRANDING_FIELD_LABELS,
      );
      if (!result.ok) return brandingPage(ctx, { logoErrors: result.errors }, 422);
      return { redirect: `${settingsPath('branding')}?done=logoSaved` };
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/branding/logo/remove',
    name: 'removeLogo',
    handler: async (ctx) => {
      const result = await saveOrganizationForm(ctx, { logo: null }, BRANDING_FIELD_LABELS);
      if (!result.ok) throw new Error('Removing the logo was refused');
      return { redirect: `${settingsPath('branding')}?done=logoRemoved` };
    },
  }),
];
