import { type Kysely, sql } from 'kysely';

/**
 * The default templates as this migration wrote them, frozen here: a migration never reads live code, so
 * what it inserts does not change when `mail/default-templates.ts` does.
 */
const DEFAULT_INVOICE_TEMPLATES: Record<string, { subject: string; body: string }> = {
  en: {
    subject: 'Invoice #INVOICE_NUMBER from #COMPANY_NAME',
    body: `Dear #CUSTOMER_NAME,

Please find attached invoice #INVOICE_NUMBER of #AMOUNT_DUE, payable by #DUE_DATE.

You can view, download and pay the invoice online:

#LINK

If you have a question about this invoice, you can send us a comment from the same page.

Kind regards,
#COMPANY_NAME`,
  },
  fr: {
    subject: 'Facture #INVOICE_NUMBER – #COMPANY_NAME',
    body: `Bonjour #CUSTOMER_NAME,

Veuillez trouver ci-joint la facture #INVOICE_NUMBER d’un montant de #AMOUNT_DUE, payable au plus tard le #DUE_DATE.

Vous pouvez consulter, télécharger et payer cette facture en ligne :

#LINK

Pour toute question concernant cette facture, vous pouvez nous envoyer un commentaire depuis cette même page.

Cordialement,
#COMPANY_NAME`,
  },
  nl: {
    subject: 'Factuur #INVOICE_NUMBER van #COMPANY_NAME',
    body: `Beste #CUSTOMER_NAME,

In bijlage vindt u factuur #INVOICE_NUMBER van #AMOUNT_DUE, te betalen uiterlijk op #DUE_DATE.

U kunt de factuur online bekijken, downloaden en betalen:

#LINK

Hebt u een vraag over deze factuur? Dan kunt u ons via dezelfde pagina een opmerking sturen.

Met vriendelijke groeten
#COMPANY_NAME`,
  },
  de: {
    subject: 'Rechnung #INVOICE_NUMBER von #COMPANY_NAME',
    body: `Guten Tag #CUSTOMER_NAME,

anbei erhalten Sie die Rechnung #INVOICE_NUMBER über #AMOUNT_DUE, zahlbar bis zum #DUE_DATE.

Sie können die Rechnung online ansehen, herunterladen und bezahlen:

#LINK

Haben Sie eine Frage zu dieser Rechnung? Dann können Sie uns auf derselben Seite einen Kommentar senden.

Mit freundlichen Grüßen
#COMPANY_NAME`,
  },
};

/**
 * Invoice e-mail templates per organization (R1). Every organization has one default template per
 * language, which it can edit but not delete, and may add more. Organizations that exist when this
 * migration runs get the default templates of this version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_templates (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      name text not null,
      language text not null,
      subject text not null,
      body text not null,
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, id),
      unique (organization_id, name)
    )`.execute(db);
  await sql`
    create unique index email_templates_default on email_templates (organization_id, language) where is_default`.execute(
    db,
  );
  for (const [language, template] of Object.entries(DEFAULT_INVOICE_TEMPLATES)) {
    await sql`
      insert into email_templates (organization_id, name, language, subject, body, is_default)
      select id, ${`Default (${language})`}, ${language}, ${template.subject}, ${template.body}, true
      from organizations`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists email_templates`.execute(db);
}
