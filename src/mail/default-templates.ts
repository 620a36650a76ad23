import type { Lang } from '../core/lang.ts';
import type { EmailTemplate } from './validate-email-template.ts';

/**
 * The invoice e-mail every organization starts with, one per language (R1): what a Belgian business
 * would write by hand. The business edits them or adds its own; they follow the same rules
 * (`validateEmailTemplate`), `#LINK` on a line of its own so the designed layout shows a button there.
 *
 * They point customers to the invoice page for questions (R12) rather than to "reply to this e-mail",
 * which only works when the sender address is a mailbox someone reads.
 *
 * @module
 */
export const DEFAULT_INVOICE_TEMPLATES: Readonly<Record<Lang, EmailTemplate>> = {
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
    // No "de #COMPANY_NAME": it would need elision before a vowel (d’Atelier…).
    subject: 'Facture #INVOICE_NUMBER – #COMPANY_NAME',
    body: `Bonjour #CUSTOMER_NAME,

Veuillez trouver ci-joint la facture #INVOICE_NUMBER d’un montant de #AMOUNT_DUE, payable au plus tard le #DUE_DATE.

Vous pouvez consulter, télécharger et payer cette facture en ligne\u00a0:

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

/** The default invoice template of `lang`. */
export function defaultInvoiceTemplate(lang: Lang): EmailTemplate {
  return DEFAULT_INVOICE_TEMPLATES[lang];
}
