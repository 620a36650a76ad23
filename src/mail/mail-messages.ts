import type { Lang } from '../core/lang.ts';
import { defineCatalog, type MessageArgsOf, type Translator } from '../i18n/catalog.ts';

/**
 * Every text of the e-mails the portal writes itself (the invoice link, notifications, the reasons a
 * template is refused), in the wording a Belgian, French, Dutch or German business uses. Invoice e-mail
 * templates are not here: the business writes those (defaults in `default-templates.ts`).
 *
 * Placeholders are written `{name}`; {@link mailMessage} fills them and type-checks their names against
 * the English text (the mechanism is `i18n/catalog.ts`, shared by every catalog). The English catalog
 * defines the keys and every other language is typed against it, so a missing or misspelt key is a
 * compile error. French puts a no-break space before `: ? !`, and never writes "de {name}": a name
 * starting with a vowel would need elision (d’Atelier).
 *
 * @module
 */
const en = {
  // The invoice link (R2) and picture (R3)
  // Back-office sign-in
  signInSubject: 'Sign in to the back office of {organization}',
  signInIntro: 'Someone asked to sign in to the back office of {organization} with this address.',
  signInButton: 'Sign in',
  signInWithUrl: 'Sign in: {url}',
  signInExpiry: 'The link works once, within 15 minutes.',
  signInIgnore: 'If it was not you, ignore this e-mail: without the link nobody can sign in.',
  signInFooter: 'You receive this e-mail because you are an administrator of {organization}.',
  invitedSubject: 'You are invited to the back office of {organization}',
  invitedIntro: '{inviter} added you as an administrator of {organization}. Sign in to its back office:',
  invitedLater: 'Once the link has expired, ask for a new one on the sign-in page with this address.',
  viewInvoice: 'View this invoice',
  viewInvoiceWithUrl: 'View this invoice: {url}',
  invoiceImageAlt: 'Invoice {number}',
  // Shared by notifications
  greeting: 'Dear {customer},',
  signOff: 'Kind regards,',
  openInvoice: 'Open the invoice',
  openInvoiceWithUrl: 'Open the invoice: {url}',
  adminFooter: 'You receive this e-mail because you are an administrator of {organization}.',
  labelValue: '{label}: {value}',
  labelInvoice: 'Invoice',
  labelCustomer: 'Customer',
  labelAmountPaid: 'Amount paid',
  labelAmountRefunded: 'Amount refunded',
  labelAmountDisputed: 'Amount disputed',
  labelPaymentMethod: 'Payment method',
  labelPaymentDate: 'Payment date',
  labelRefundDate: 'Refund date',
  labelChargebackDate: 'Chargeback date',
  labelAmountStillDue: 'Still due',
  // Customer comment, to every admin (R12)
  commentSubject: 'New comment from {customer} on invoice {number}',
  commentIntro: '{customer} sent a comment about invoice {number}:',
  // The business's reply, to the customer (B8)
  commentReplySubject: 'Reply from {organization} about invoice {number}',
  commentReplyIntro: '{organization} replied in the comments on invoice {number}:',
  commentReplyAnswer: 'To answer, open the invoice and write a comment there.',
  commentReplyFooter:
    'You receive this e-mail because {organization} replied in the comments on one of your invoices.',
  // Payment received, to admins (R17)
  paymentReceivedSubject: 'Payment received: {amount} for invoice {number}',
  paymentReceivedIntro: '{customer} paid {amount} for invoice {number}.',
  paymentReceivedPaidInFull: 'The invoice is now paid in full.',
  paymentReceivedStillDue: 'The invoice is partly paid: {amount} is still due.',
  // Payment confirmation, to the customer (R17)
  paymentConfirmationSubject: 'Payment confirmation for invoice {number}',
  paymentConfirmationThanks: 'Thank you for your payment. We have received {amount} for invoice {number}.',
  paymentConfirmationPaidInFull: 'The invoice is now paid in full; there is nothing more for you to do.',
  paymentConfirmationStillDue: 'An amount of {amount} is still due on this invoice.',
  // Refund and chargeback, to admins
  refundSubject: 'Refund of {amount} on invoice {number}',
  refundIntro: 'A refund of {amount} to {customer} was recorded on invoice {number}.',
  transferReportedSubject: 'Bank transfer reported for invoice {number} ({amount})',
  transferReportedIntro:
    'Your payment provider reports that the bank transfer of {amount} announced by {customer} for invoice {number} was received.',
  transferReportedAdvice:
    'A transfer is not recorded as a payment by itself: check your bank account and, once you see the money, record the payment on the invoice.',
  chargebackSubject: 'Payment disputed on invoice {number} ({amount})',
  chargebackIntro:
    '{customer} disputed a payment of {amount} on invoice {number} with their bank or card issuer, and the payment was reversed.',
  chargebackAdvice:
    'The invoice is open again. Check the dispute with your payment provider and, if needed, contact the customer.',
  // Why a template is refused
  templateInSubject: 'in the subject',
  templateInBody: 'in the message',
  templateSubjectEmpty: 'The subject is empty.',
  templateSubjectTooLong: 'The subject is longer than {limit} characters.',
  templateSubjectLineBreak: 'The subject must fit on one line.',
  templateBodyEmpty: 'The message is empty.',
  templateBodyTooLong: 'The message is longer than {limit} characters.',
  templateBodyMissingLink:
    "The message must contain #LINK: it becomes the link to the invoice in the customer's portal.",
  templateControlCharacter: 'There is an invisible control character {where}.',
  templateUnknownShortcode: 'Unknown shortcode {token} {where}.',
  templateDidYouMean: 'Did you mean {suggestion}?',
  templateLiteralHash: 'To write # followed by letters as plain text, double it: ##.',
  templateLinkInSubject: '#LINK can only be used in the message, not in the subject.',
} as const;

/** A text of the e-mails. */
export type MailMessageKey = keyof typeof en;

/** One language's texts: exactly the English keys. */
export type MailMessages = Readonly<Record<MailMessageKey, string>>;

const fr: MailMessages = {
  signInSubject: 'Connexion à l’espace de gestion\u00a0: {organization}',
  signInIntro: 'Une connexion à l’espace de gestion a été demandée avec cette adresse pour {organization}.',
  signInButton: 'Se connecter',
  signInWithUrl: 'Se connecter\u00a0: {url}',
  signInExpiry: 'Le lien fonctionne une seule fois, pendant 15\u00a0minutes.',
  signInIgnore:
    'Si ce n’était pas vous, ignorez cet e-mail\u00a0: sans le lien, personne ne peut se connecter.',
  signInFooter: 'Vous recevez cet e-mail en tant qu’administrateur pour {organization}.',
  invitedSubject: 'Invitation à l’espace de gestion\u00a0: {organization}',
  invitedIntro:
    '{inviter} vous a ajouté comme administrateur pour {organization}. Connectez-vous à son espace de gestion\u00a0:',
  invitedLater:
    'Une fois le lien expiré, demandez-en un nouveau avec cette adresse sur la page de connexion.',
  viewInvoice: 'Voir cette facture',
  viewInvoiceWithUrl: 'Voir cette facture\u00a0: {url}',
  invoiceImageAlt: 'Facture {number}',
  greeting: 'Bonjour {customer},',
  signOff: 'Cordialement,',
  openInvoice: 'Ouvrir la facture',
  openInvoiceWithUrl: 'Ouvrir la facture\u00a0: {url}',
  adminFooter: 'Vous recevez cet e-mail parce que vous êtes administrateur du compte {organization}.',
  labelValue: '{label}\u00a0: {value}',
  labelInvoice: 'Facture',
  labelCustomer: 'Client',
  labelAmountPaid: 'Montant payé',
  labelAmountRefunded: 'Montant remboursé',
  labelAmountDisputed: 'Montant contesté',
  labelPaymentMethod: 'Moyen de paiement',
  labelPaymentDate: 'Date du paiement',
  labelRefundDate: 'Date du remboursement',
  labelChargebackDate: 'Date de la contestation',
  labelAmountStillDue: 'Reste à payer',
  commentSubject: 'Nouveau commentaire sur la facture {number} ({customer})',
  commentIntro: '{customer} a envoyé un commentaire sur la facture {number}\u00a0:',
  commentReplySubject: '{organization} vous a répondu au sujet de la facture {number}',
  commentReplyIntro: '{organization} a répondu dans les commentaires de la facture {number}\u00a0:',
  commentReplyAnswer: 'Pour répondre, ouvrez la facture et écrivez-y un commentaire.',
  commentReplyFooter:
    'Vous recevez cet e-mail car {organization} a répondu dans les commentaires d’une de vos factures.',
  paymentReceivedSubject: 'Paiement reçu\u00a0: {amount} pour la facture {number}',
  paymentReceivedIntro: '{customer} a payé {amount} pour la facture {number}.',
  paymentReceivedPaidInFull: 'La facture est maintenant entièrement payée.',
  paymentReceivedStillDue: 'La facture est partiellement payée\u00a0: il reste {amount} à payer.',
  paymentConfirmationSubject: 'Confirmation de paiement de la facture {number}',
  paymentConfirmationThanks:
    'Nous vous remercions pour votre paiement. Nous avons bien reçu {amount} pour la facture {number}.',
  paymentConfirmationPaidInFull:
    'La facture est maintenant entièrement payée\u00a0; vous n’avez plus rien à faire.',
  paymentConfirmationStillDue: 'Il reste {amount} à payer sur cette facture.',
  refundSubject: 'Remboursement de {amount} sur la facture {number}',
  refundIntro: 'Un remboursement de {amount} à {customer} a été enregistré sur la facture {number}.',
  transferReportedSubject: 'Virement signalé pour la facture {number} ({amount})',
  transferReportedIntro:
    'Votre prestataire de paiement signale la réception du virement de {amount} annoncé par {customer} pour la facture {number}.',
  transferReportedAdvice:
    'Un virement n’est pas enregistré comme paiement automatiquement : vérifiez votre compte bancaire et, dès que vous voyez le montant, enregistrez le paiement sur la facture.',
  chargebackSubject: 'Paiement contesté sur la facture {number} ({amount})',
  chargebackIntro:
    '{customer} a contesté un paiement de {amount} sur la facture {number} auprès de sa banque ou de l’émetteur de sa carte, et le paiement a été annulé.',
  chargebackAdvice:
    'La facture est de nouveau ouverte. Vérifiez la contestation auprès de votre prestataire de paiement et, si nécessaire, contactez le client.',
  templateInSubject: 'dans l’objet',
  templateInBody: 'dans le message',
  templateSubjectEmpty: 'L’objet est vide.',
  templateSubjectTooLong: 'L’objet dépasse {limit} caractères.',
  templateSubjectLineBreak: 'L’objet doit tenir sur une seule ligne.',
  templateBodyEmpty: 'Le message est vide.',
  templateBodyTooLong: 'Le message dépasse {limit} caractères.',
  templateBodyMissingLink:
    'Le message doit contenir #LINK\u00a0: il devient le lien vers la facture dans l’espace client.',
  templateControlCharacter: 'Il y a un caractère de contrôle invisible {where}.',
  templateUnknownShortcode: 'Code court inconnu {token} {where}.',
  templateDidYouMean: 'Vouliez-vous dire {suggestion}\u00a0?',
  templateLiteralHash: 'Pour écrire # suivi de lettres comme simple texte, doublez-le\u00a0: ##.',
  templateLinkInSubject: '#LINK ne peut être utilisé que dans le message, pas dans l’objet.',
};

const nl: MailMessages = {
  signInSubject: 'Aanmelden bij de backoffice van {organization}',
  signInIntro: 'Iemand vroeg met dit adres om aan te melden bij de backoffice van {organization}.',
  signInButton: 'Aanmelden',
  signInWithUrl: 'Aanmelden: {url}',
  signInExpiry: 'De link werkt één keer, binnen 15 minuten.',
  signInIgnore: 'Was u het niet? Negeer dan deze e-mail: zonder de link kan niemand aanmelden.',
  signInFooter: 'U ontvangt deze e-mail omdat u beheerder bent van {organization}.',
  invitedSubject: 'Uitnodiging voor de backoffice van {organization}',
  invitedIntro:
    '{inviter} heeft u toegevoegd als beheerder van {organization}. Meld u aan bij de backoffice:',
  invitedLater: 'Is de link verlopen? Vraag met dit adres een nieuwe aan op de aanmeldpagina.',
  viewInvoice: 'Bekijk deze factuur',
  viewInvoiceWithUrl: 'Bekijk deze factuur: {url}',
  invoiceImageAlt: 'Factuur {number}',
  greeting: 'Beste {customer},',
  signOff: 'Met vriendelijke groeten',
  openInvoice: 'Factuur openen',
  openInvoiceWithUrl: 'Factuur openen: {url}',
  adminFooter: 'U ontvangt deze e-mail omdat u beheerder bent van {organization}.',
  labelValue: '{label}: {value}',
  labelInvoice: 'Factuur',
  labelCustomer: 'Klant',
  labelAmountPaid: 'Betaald bedrag',
  labelAmountRefunded: 'Terugbetaald bedrag',
  labelAmountDisputed: 'Betwist bedrag',
  labelPaymentMethod: 'Betaalmethode',
  labelPaymentDate: 'Betaaldatum',
  labelRefundDate: 'Datum terugbetaling',
  labelChargebackDate: 'Datum terugboeking',
  labelAmountStillDue: 'Nog te betalen',
  commentSubject: 'Nieuwe opmerking van {customer} bij factuur {number}',
  commentIntro: '{customer} stuurde een opmerking bij factuur {number}:',
  commentReplySubject: 'Antwoord van {organization} over factuur {number}',
  commentReplyIntro: '{organization} antwoordde bij factuur {number}:',
  commentReplyAnswer: 'Wilt u reageren? Open de factuur en stuur daar een bericht.',
  commentReplyFooter:
    'U ontvangt deze e-mail omdat {organization} antwoordde op een bericht bij een van uw facturen.',
  paymentReceivedSubject: 'Betaling ontvangen: {amount} voor factuur {number}',
  paymentReceivedIntro: '{customer} heeft {amount} betaald voor factuur {number}.',
  paymentReceivedPaidInFull: 'De factuur is nu volledig betaald.',
  paymentReceivedStillDue: 'De factuur is gedeeltelijk betaald: er staat nog {amount} open.',
  paymentConfirmationSubject: 'Betalingsbevestiging voor factuur {number}',
  paymentConfirmationThanks: 'Bedankt voor uw betaling. We hebben {amount} ontvangen voor factuur {number}.',
  paymentConfirmationPaidInFull: 'De factuur is nu volledig betaald; u hoeft niets meer te doen.',
  paymentConfirmationStillDue: 'Op deze factuur staat nog {amount} open.',
  refundSubject: 'Terugbetaling van {amount} op factuur {number}',
  refundIntro: 'Er werd een terugbetaling van {amount} aan {customer} geboekt op factuur {number}.',
  transferReportedSubject: 'Overschrijving gemeld voor factuur {number} ({amount})',
  transferReportedIntro:
    'Uw betaalprovider meldt dat de overschrijving van {amount} die {customer} aankondigde voor factuur {number} is ontvangen.',
  transferReportedAdvice:
    'Een overschrijving wordt niet vanzelf als betaling geboekt: controleer uw bankrekening en registreer de betaling op de factuur zodra u het bedrag ziet.',
  chargebackSubject: 'Betaling betwist op factuur {number} ({amount})',
  chargebackIntro:
    '{customer} heeft een betaling van {amount} op factuur {number} betwist bij de bank of kaartuitgever, en de betaling werd teruggeboekt.',
  chargebackAdvice:
    'De factuur staat weer open. Bekijk het geschil bij uw betaalprovider en neem zo nodig contact op met de klant.',
  templateInSubject: 'in het onderwerp',
  templateInBody: 'in het bericht',
  templateSubjectEmpty: 'Het onderwerp is leeg.',
  templateSubjectTooLong: 'Het onderwerp is langer dan {limit} tekens.',
  templateSubjectLineBreak: 'Het onderwerp moet op één regel passen.',
  templateBodyEmpty: 'Het bericht is leeg.',
  templateBodyTooLong: 'Het bericht is langer dan {limit} tekens.',
  templateBodyMissingLink:
    'Het bericht moet #LINK bevatten: dat wordt de link naar de factuur in het klantenportaal.',
  templateControlCharacter: 'Er staat een onzichtbaar stuurteken {where}.',
  templateUnknownShortcode: 'Onbekende shortcode {token} {where}.',
  templateDidYouMean: 'Bedoelde u {suggestion}?',
  templateLiteralHash: 'Om # gevolgd door letters als gewone tekst te schrijven, typt u het twee keer: ##.',
  templateLinkInSubject: '#LINK kan alleen in het bericht staan, niet in het onderwerp.',
};

const de: MailMessages = {
  signInSubject: 'Anmeldung im Backoffice von {organization}',
  signInIntro: 'Mit dieser Adresse wurde eine Anmeldung im Backoffice von {organization} angefordert.',
  signInButton: 'Anmelden',
  signInWithUrl: 'Anmelden: {url}',
  signInExpiry: 'Der Link funktioniert einmal, innerhalb von 15 Minuten.',
  signInIgnore: 'Waren Sie es nicht, ignorieren Sie diese E-Mail: Ohne den Link kann sich niemand anmelden.',
  signInFooter: 'Sie erhalten diese E-Mail, weil Sie Administrator von {organization} sind.',
  invitedSubject: 'Einladung in das Backoffice von {organization}',
  invitedIntro:
    '{inviter} hat Sie als Administrator von {organization} hinzugefügt. Melden Sie sich im Backoffice an:',
  invitedLater:
    'Ist der Link abgelaufen, fordern Sie mit dieser Adresse auf der Anmeldeseite einen neuen an.',
  viewInvoice: 'Diese Rechnung ansehen',
  viewInvoiceWithUrl: 'Diese Rechnung ansehen: {url}',
  invoiceImageAlt: 'Rechnung {number}',
  greeting: 'Guten Tag {customer},',
  signOff: 'Mit freundlichen Grüßen',
  openInvoice: 'Rechnung öffnen',
  openInvoiceWithUrl: 'Rechnung öffnen: {url}',
  adminFooter: 'Sie erhalten diese E-Mail, weil Sie Administrator von {organization} sind.',
  labelValue: '{label}: {value}',
  labelInvoice: 'Rechnung',
  labelCustomer: 'Kunde',
  labelAmountPaid: 'Gezahlter Betrag',
  labelAmountRefunded: 'Erstatteter Betrag',
  labelAmountDisputed: 'Angefochtener Betrag',
  labelPaymentMethod: 'Zahlungsart',
  labelPaymentDate: 'Zahlungsdatum',
  labelRefundDate: 'Erstattungsdatum',
  labelChargebackDate: 'Datum der Rückbuchung',
  labelAmountStillDue: 'Noch offen',
  commentSubject: 'Neuer Kommentar von {customer} zur Rechnung {number}',
  commentIntro: '{customer} hat einen Kommentar zur Rechnung {number} geschickt:',
  commentReplySubject: 'Antwort von {organization} zur Rechnung {number}',
  commentReplyIntro: '{organization} hat in den Kommentaren zur Rechnung {number} geantwortet:',
  commentReplyAnswer: 'Um zu antworten, öffnen Sie die Rechnung und schreiben Sie dort einen Kommentar.',
  commentReplyFooter:
    'Sie erhalten diese E-Mail, weil {organization} in den Kommentaren zu einer Ihrer Rechnungen geantwortet hat.',
  paymentReceivedSubject: 'Zahlung erhalten: {amount} für Rechnung {number}',
  paymentReceivedIntro: '{customer} hat {amount} für die Rechnung {number} bezahlt.',
  paymentReceivedPaidInFull: 'Die Rechnung ist jetzt vollständig bezahlt.',
  paymentReceivedStillDue: 'Die Rechnung ist teilweise bezahlt: Es sind noch {amount} offen.',
  paymentConfirmationSubject: 'Zahlungsbestätigung für Rechnung {number}',
  // German continues the letter in lower case after the greeting's comma.
  paymentConfirmationThanks:
    'vielen Dank für Ihre Zahlung. Wir haben {amount} für die Rechnung {number} erhalten.',
  paymentConfirmationPaidInFull: 'Die Rechnung ist damit vollständig bezahlt; Sie müssen nichts weiter tun.',
  paymentConfirmationStillDue: 'Für diese Rechnung sind noch {amount} offen.',
  refundSubject: 'Erstattung von {amount} zur Rechnung {number}',
  refundIntro: 'Eine Erstattung von {amount} an {customer} wurde zur Rechnung {number} verbucht.',
  transferReportedSubject: 'Überweisung gemeldet für Rechnung {number} ({amount})',
  transferReportedIntro:
    'Ihr Zahlungsanbieter meldet den Eingang der von {customer} angekündigten Überweisung von {amount} für Rechnung {number}.',
  transferReportedAdvice:
    'Eine Überweisung wird nicht automatisch als Zahlung erfasst: Prüfen Sie Ihr Bankkonto und erfassen Sie die Zahlung auf der Rechnung, sobald Sie den Betrag sehen.',
  chargebackSubject: 'Rückbuchung zur Rechnung {number} ({amount})',
  chargebackIntro:
    '{customer} hat eine Zahlung von {amount} zur Rechnung {number} bei der Bank oder dem Kartenaussteller angefochten; die Zahlung wurde zurückgebucht.',
  chargebackAdvice:
    'Die Rechnung ist wieder offen. Prüfen Sie den Fall bei Ihrem Zahlungsanbieter und wenden Sie sich bei Bedarf an den Kunden.',
  templateInSubject: 'im Betreff',
  templateInBody: 'in der Nachricht',
  templateSubjectEmpty: 'Der Betreff ist leer.',
  templateSubjectTooLong: 'Der Betreff ist länger als {limit} Zeichen.',
  templateSubjectLineBreak: 'Der Betreff muss in eine Zeile passen.',
  templateBodyEmpty: 'Die Nachricht ist leer.',
  templateBodyTooLong: 'Die Nachricht ist länger als {limit} Zeichen.',
  templateBodyMissingLink:
    'Die Nachricht muss #LINK enthalten: Daraus wird der Link zur Rechnung im Kundenportal.',
  templateControlCharacter: 'Es steht ein unsichtbares Steuerzeichen {where}.',
  templateUnknownShortcode: 'Unbekannter Platzhalter {token} {where}.',
  templateDidYouMean: 'Meinten Sie {suggestion}?',
  templateLiteralHash: 'Um # gefolgt von Buchstaben als normalen Text zu schreiben, verdoppeln Sie es: ##.',
  templateLinkInSubject: '#LINK kann nur in der Nachricht stehen, nicht im Betreff.',
};

/** Every e-mail text in every supported language. */
export const MAIL_MESSAGES: Readonly<Record<Lang, MailMessages>> = { en, fr, nl, de };

/**
 * Keys whose translation may equal the English text. Any other translation equal to the English text is
 * a forgotten translation. `labelValue` is punctuation only (French alone puts a space before the colon).
 */
export const MAIL_MESSAGES_SAME_AS_ENGLISH: readonly MailMessageKey[] = ['labelValue'];

const mail = defineCatalog({ en, fr, nl, de });

/** No argument for a message without placeholders; the named parameters otherwise. */
export type MailMessageArgs<K extends MailMessageKey> = MessageArgsOf<(typeof en)[K]>;

/**
 * The text `key` in `lang`, with each `{name}` replaced by its parameter (`interpolate` in
 * `i18n/catalog.ts`). The parameter names are checked at compile time against the English text; a
 * placeholder without its parameter stays as written, so a mistake is visible instead of silently empty.
 *
 * @example mailMessage('fr', 'invoiceImageAlt', { number: '2026-0042' }); // 'Facture 2026-0042'
 */
export function mailMessage<K extends MailMessageKey>(
  lang: Lang,
  key: K,
  ...args: MailMessageArgs<K>
): string {
  return mail.message(lang, key, ...args);
}

/** `mailMessage` bound to one language. */
export type MailTranslator = Translator<typeof en>;

/** The translator of `lang`. */
export function mailTranslator(lang: Lang): MailTranslator {
  return mail.translator(lang);
}
