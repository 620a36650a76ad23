import type { Lang } from '../core/lang.ts';
import { defineCatalog, type MessageArgsOf, type MessageParamsOf, type Translator } from './catalog.ts';
import { SHARED_LABELS, SHARED_LABELS_SAME_IN_EVERY_LANGUAGE } from './shared-labels.ts';

/**
 * Every text of the customer portal, in the wording a Belgian, French, Dutch or German customer expects.
 * Placeholders are written `{name}`; {@link portalMessage} fills them and type-checks their names
 * against the English text (the mechanism is `catalog.ts`, shared by every catalog). The labels the PDF
 * prints too are written once, in `shared-labels.ts`.
 *
 * The English catalog defines the keys; every other language is typed against it, so a missing or
 * misspelt key is a compile error. French uses a no-break space before `? : !` as French typography does.
 *
 * @module
 */
const en = {
  // Page chrome
  skipToContent: 'Skip to content',
  customerPortal: 'Customer portal',
  portalNavigation: 'Portal',
  languageNavigation: 'Language',
  footerQuestions: 'Questions about an invoice? Contact {organization}.',
  // Invoice page
  invoiceTitle: 'Invoice {number}',
  creditNoteTitle: 'Credit note {number}',
  issuedOn: 'Issued on {date}',
  documentTabs: 'Invoice and credit notes',
  amountDue: 'Amount due',
  creditBalance: 'Credit balance',
  creditBalanceNote:
    'You paid or were credited {amount} more than this invoice. Contact {organization} to have it refunded or deducted from another invoice.',
  nothingDue: 'Nothing left to pay.',
  amountDueAsOf: 'As of {date}',
  interestAccrues: 'Interest accrues every day until the invoice is paid.',
  dueDate: 'Due date',
  overdueBy: 'Overdue by {duration}',
  paidOn: 'Paid on {date}',
  statusUnpaid: 'Unpaid',
  statusOverdue: 'Overdue',
  statusPartiallyPaid: 'Partially paid',
  statusPaid: 'Paid',
  statusCredited: 'Credited',
  viewCalculation: 'View calculation',
  calculationCaption: 'How the amount due is calculated',
  calcItem: 'Item',
  calcAmount: 'Amount',
  calcInvoiceTotal: 'Invoice total',
  calcCreditNote: 'Credit note {number} of {date}',
  calcPayment: 'Payment of {date} ({method})',
  calcPaymentNoMethod: 'Payment of {date}',
  calcRefund: 'Refund of {date}',
  calcLateFee: 'Late fee: {rate} of {base}, minimum {minimum}',
  calcLateFeeRate: 'Late fee: {rate} of {base}',
  calcLateFeeFixed: 'Late fee (fixed amount)',
  calcCompensation: 'Fixed compensation for recovery costs',
  calcInterest: 'Interest at {rate} a year from {from} to {to} ({days}) on {base}',
  calcTotalDue: 'Amount due',
  calcTotalCredit: 'Credit balance in your favour',
  methodBankTransfer: 'bank transfer',
  methodCash: 'cash',
  methodCard: 'card',
  methodCheque: 'cheque',
  methodDirectDebit: 'direct debit',
  methodOther: 'other',
  payInvoice: 'Pay invoice',
  pay: 'Pay',
  payInvoiceNumber: 'Pay invoice {number}',
  payMethodCard: 'Card',
  payMethodBankTransfer: 'Bank transfer',
  payMethodDirectDebit: 'SEPA Direct Debit',
  payChooseMethod: 'Choose how to pay',
  payAmountToPay: 'Amount to pay',
  payContinue: 'Continue to payment',
  payNotAvailable:
    'Online payment is not available for this invoice. You can pay it by bank transfer with the details on the invoice.',
  payNothingDue: 'Nothing is left to pay on this invoice.',
  payLocked:
    'Online payment of this invoice is blocked after five failed attempts. You can try again from {time}.',
  payProviderUnavailable:
    'The payment service cannot be reached right now. Nothing was charged; please try again in a few minutes.',
  payUnknownMethod: 'Please choose one of the payment methods shown.',
  payStatusPaid: 'Thank you! Your payment of {amount} was received.',
  payStatusProcessing: 'Your payment is being processed. This page updates by itself.',
  payStatusOpen: 'Waiting for the payment service to confirm your payment. This page updates by itself.',
  payStatusUnfinished:
    'The payment was not completed. You can return to the payment page, or choose another method below.',
  payStatusStillWaiting:
    'We have not heard from the payment service yet. If you paid, you will receive a confirmation by e-mail as soon as it arrives; you do not need to pay again.',
  payResume: 'Back to the payment page',
  payStatusFailed: 'The payment failed. No money was taken. You can try again or choose another method.',
  payStatusCanceled: 'The payment was cancelled. No money was taken.',
  payStatusExpired: 'The payment page expired before the payment was made. No money was taken.',
  payStatusUnavailable: 'The payment service could not be reached. Nothing was charged; please try again.',
  payTransferTitle: 'Waiting for your bank transfer',
  payTransferBody:
    'Please transfer {amount} with the details below. The invoice stays open until {organization} has received the money.',
  payBackToInvoice: 'Back to the invoice',
  awaitingTransfer: 'Bank transfer announced: the invoice stays open until the money is received.',
  downloadPdf: 'Download PDF',
  downloadZip: 'Download with credit notes (zip)',
  partyFrom: 'From',
  partyTo: 'To',
  // Numbers, dates, the line table, VAT and totals, bank details: the PDF's words too
  ...SHARED_LABELS.en,
  linesCaption: 'Invoice lines',
  creditNoteLinesCaption: 'Credit note lines',
  totalInclVat: 'Total incl. VAT',
  creditNoteFor: 'Credits invoice {number}',
  // Bank transfer (B1)
  payByTransfer: 'Pay by bank transfer',
  transferReferenceHint: 'Use this reference so your payment is matched to this invoice.',
  scanToPay: 'Scan with your banking app to pay',
  qrCodeLabel: 'QR code for a bank transfer of {amount} to {iban}',
  // Comments (R12)
  commentsHeading: 'Comments',
  noComments: 'No comments yet.',
  sendComment: 'Send a comment',
  commentLabel: 'Your comment',
  commentHint: 'At most {max} characters. {organization} receives it by e-mail.',
  commentSubmit: 'Send comment',
  commentSent: 'Thank you, your comment was sent to {organization}.',
  commentFromBusiness: 'Reply from {organization}',
  commentErrorEmpty: 'Write a comment before sending it.',
  commentErrorTooLong: 'Your comment is too long: at most {max} characters.',
  commentErrorInvalidCharacters:
    'Your comment contains a control character that cannot be saved; remove it and send it again.',
  commentErrorInvalidForm: 'The form had expired. Please send your comment again.',
  errorPrefix: 'Error:',
  // History (R13)
  historyTitle: 'Your invoices',
  historyIntro: 'Every invoice {organization} has sent to {customer}.',
  historyTabs: 'Invoice history',
  tabOpen: 'Open',
  tabPaid: 'Paid',
  tabCreditNotes: 'Credit notes',
  openCaption: 'Open invoices',
  paidCaption: 'Paid invoices',
  creditNotesCaption: 'Credit notes',
  colInvoice: 'Invoice',
  colIssued: 'Invoice date',
  colDue: 'Due date',
  colAmountDue: 'Amount due',
  colTotal: 'Total',
  colPaidOn: 'Paid on',
  colCreditNote: 'Credit note',
  colDate: 'Date',
  colAmount: 'Amount',
  colForInvoice: 'For invoice',
  colPay: 'Payment',
  emptyOpen: 'No open invoices: everything is paid.',
  emptyPaid: 'No paid invoices yet.',
  emptyCreditNotes: 'No credit notes.',
  olderPage: 'Older',
  newestPage: 'Newest',
  pagination: 'More invoices',
  // Error pages
  notFoundTitle: "This link doesn't work",
  notFoundBody: 'It may be incomplete, or it may no longer be valid.',
  notFoundAction:
    'Ask the business that sent it to you for a new link. If you copied it from an e-mail, check that you copied all of it.',
  documentUnavailableTitle: 'The PDF is not available right now',
  documentUnavailableBody:
    'It could not be produced just now. Please try again in {duration}; the business can see what went wrong.',
  documentUnavailableBack: 'Back to the invoice',
  rateLimitedTitle: 'Too many attempts',
  rateLimitedBody:
    'For your security, access is paused for a while after too many attempts. Please try again in {duration}.',
  busyTitle: 'Too many visitors right now',
  busyBody: 'The portal is busy and could not open this page in time. Please try again in {duration}.',
} as const;

/** A text of the portal. */
export type PortalMessageKey = keyof typeof en;

/** One language's texts: exactly the English keys. */
export type PortalMessages = Readonly<Record<PortalMessageKey, string>>;

const fr: PortalMessages = {
  skipToContent: 'Aller au contenu',
  customerPortal: 'Espace client',
  portalNavigation: 'Navigation du portail',
  languageNavigation: 'Langue',
  footerQuestions: 'Une question sur une facture\u00a0? Contactez {organization}.',
  invoiceTitle: 'Facture {number}',
  creditNoteTitle: 'Note de crédit {number}',
  issuedOn: 'Émise le {date}',
  documentTabs: 'Facture et notes de crédit',
  amountDue: 'Montant dû',
  creditBalance: 'Solde en votre faveur',
  creditBalanceNote:
    'Vous avez payé ou reçu en crédit {amount} de plus que cette facture. Contactez {organization} pour un remboursement ou une déduction sur une autre facture.',
  nothingDue: 'Plus rien à payer.',
  amountDueAsOf: 'Au {date}',
  interestAccrues: "Les intérêts courent chaque jour jusqu'au paiement.",
  dueDate: 'Échéance',
  overdueBy: 'En retard de {duration}',
  paidOn: 'Payée le {date}',
  statusUnpaid: 'Non payée',
  statusOverdue: 'En retard',
  statusPartiallyPaid: 'Partiellement payée',
  statusPaid: 'Payée',
  statusCredited: 'Créditée',
  viewCalculation: 'Voir le calcul',
  calculationCaption: 'Détail du montant dû',
  calcItem: 'Élément',
  calcAmount: 'Montant',
  calcInvoiceTotal: 'Total de la facture',
  calcCreditNote: 'Note de crédit {number} du {date}',
  calcPayment: 'Paiement du {date} ({method})',
  calcPaymentNoMethod: 'Paiement du {date}',
  calcRefund: 'Remboursement du {date}',
  calcLateFee: 'Indemnité de retard\u00a0: {rate} de {base}, minimum {minimum}',
  calcLateFeeRate: 'Indemnité de retard\u00a0: {rate} de {base}',
  calcLateFeeFixed: 'Indemnité de retard forfaitaire',
  calcCompensation: 'Indemnité forfaitaire pour frais de recouvrement',
  calcInterest: "Intérêts de retard à {rate} l'an du {from} au {to} ({days}) sur {base}",
  calcTotalDue: 'Montant dû',
  calcTotalCredit: 'Solde en votre faveur',
  methodBankTransfer: 'virement',
  methodCash: 'espèces',
  methodCard: 'carte',
  methodCheque: 'chèque',
  methodDirectDebit: 'domiciliation',
  methodOther: 'autre',
  payInvoice: 'Payer la facture',
  pay: 'Payer',
  payInvoiceNumber: 'Payer la facture {number}',
  payMethodCard: 'Carte bancaire',
  payMethodBankTransfer: 'Virement bancaire',
  payMethodDirectDebit: 'Domiciliation SEPA',
  payChooseMethod: 'Choisissez comment payer',
  payAmountToPay: 'Montant à payer',
  payContinue: 'Continuer vers le paiement',
  payNotAvailable:
    'Le paiement en ligne n’est pas disponible pour cette facture. Vous pouvez la payer par virement avec les coordonnées indiquées sur la facture.',
  payNothingDue: 'Il ne reste rien à payer sur cette facture.',
  payLocked:
    'Le paiement en ligne de cette facture est bloqué après cinq tentatives échouées. Vous pourrez réessayer à partir de {time}.',
  payProviderUnavailable:
    'Le service de paiement est injoignable pour le moment. Rien n’a été débité ; réessayez dans quelques minutes.',
  payUnknownMethod: 'Choisissez l’un des moyens de paiement proposés.',
  payStatusPaid: 'Merci ! Votre paiement de {amount} a bien été reçu.',
  payStatusProcessing: 'Votre paiement est en cours de traitement. Cette page se met à jour toute seule.',
  payStatusOpen:
    'Nous attendons la confirmation du service de paiement. Cette page se met à jour toute seule.',
  payStatusUnfinished:
    'Le paiement n’a pas été finalisé. Vous pouvez revenir à la page de paiement ou choisir un autre moyen ci-dessous.',
  payStatusStillWaiting:
    'Le service de paiement ne nous a pas encore répondu. Si vous avez payé, vous recevrez une confirmation par e-mail dès réception ; inutile de payer à nouveau.',
  payResume: 'Revenir à la page de paiement',
  payStatusFailed:
    'Le paiement a échoué. Aucun montant n’a été débité. Vous pouvez réessayer ou choisir un autre moyen de paiement.',
  payStatusCanceled: 'Le paiement a été annulé. Aucun montant n’a été débité.',
  payStatusExpired: 'La page de paiement a expiré avant le paiement. Aucun montant n’a été débité.',
  payStatusUnavailable: 'Le service de paiement n’a pas pu être joint. Rien n’a été débité ; réessayez.',
  payTransferTitle: 'En attente de votre virement',
  payTransferBody:
    'Veuillez virer {amount} avec les coordonnées ci-dessous. La facture reste ouverte jusqu’à ce que {organization} ait reçu le montant.',
  payBackToInvoice: 'Retour à la facture',
  awaitingTransfer: 'Virement annoncé : la facture reste ouverte jusqu’à réception du montant.',
  downloadPdf: 'Télécharger le PDF',
  downloadZip: 'Télécharger avec les notes de crédit (zip)',
  partyFrom: 'De',
  partyTo: 'À',
  ...SHARED_LABELS.fr,
  linesCaption: 'Détail de la facture',
  creditNoteLinesCaption: 'Détail de la note de crédit',
  totalInclVat: 'Total TVAC',
  creditNoteFor: 'Crédite la facture {number}',
  payByTransfer: 'Payer par virement',
  transferReferenceHint:
    'Indiquez cette communication pour que votre paiement soit rattaché à cette facture.',
  scanToPay: 'Scannez avec votre app bancaire pour payer',
  qrCodeLabel: 'Code QR pour un virement de {amount} vers {iban}',
  commentsHeading: 'Commentaires',
  noComments: 'Aucun commentaire pour le moment.',
  sendComment: 'Envoyer un commentaire',
  commentLabel: 'Votre commentaire',
  commentHint: '{max} caractères maximum. {organization} le reçoit par e-mail.',
  commentSubmit: 'Envoyer le commentaire',
  commentSent: 'Merci, votre commentaire a été envoyé à {organization}.',
  commentFromBusiness: 'Réponse\u00a0: {organization}',
  commentErrorEmpty: "Écrivez un commentaire avant de l'envoyer.",
  commentErrorTooLong: 'Votre commentaire est trop long\u00a0: {max} caractères maximum.',
  commentErrorInvalidCharacters:
    'Votre commentaire contient un caractère de contrôle qui ne peut pas être enregistré\u00a0; retirez-le et renvoyez-le.',
  commentErrorInvalidForm: 'Le formulaire a expiré. Veuillez renvoyer votre commentaire.',
  errorPrefix: 'Erreur\u00a0:',
  historyTitle: 'Vos factures',
  historyIntro: 'Toutes les factures de {organization} adressées à {customer}.',
  historyTabs: 'Historique des factures',
  tabOpen: 'À payer',
  tabPaid: 'Payées',
  tabCreditNotes: 'Notes de crédit',
  openCaption: 'Factures à payer',
  paidCaption: 'Factures payées',
  creditNotesCaption: 'Vos notes de crédit',
  colInvoice: 'Facture',
  colIssued: 'Date de facture',
  colDue: 'Échéance',
  colAmountDue: 'Montant dû',
  colTotal: 'Total TVAC',
  colPaidOn: 'Payée le',
  colCreditNote: 'Note de crédit',
  colDate: "Date d'émission",
  colAmount: 'Montant',
  colForInvoice: 'Pour la facture',
  colPay: 'Paiement',
  emptyOpen: 'Aucune facture à payer\u00a0: tout est réglé.',
  emptyPaid: 'Aucune facture payée pour le moment.',
  emptyCreditNotes: 'Aucune note de crédit.',
  olderPage: 'Plus anciennes',
  newestPage: 'Plus récentes',
  pagination: 'Autres factures',
  notFoundTitle: 'Ce lien ne fonctionne pas',
  notFoundBody: "Il est peut-être incomplet, ou n'est plus valable.",
  notFoundAction:
    "Demandez un nouveau lien à l'entreprise qui vous l'a envoyé. Si vous l'avez copié depuis un e-mail, vérifiez qu'il est complet.",
  documentUnavailableTitle: 'Le PDF n’est pas disponible pour le moment',
  documentUnavailableBody:
    'Il n’a pas pu être produit à l’instant. Veuillez réessayer dans {duration} ; l’entreprise voit ce qui s’est passé.',
  documentUnavailableBack: 'Retour à la facture',
  rateLimitedTitle: 'Trop de tentatives',
  rateLimitedBody:
    "Par sécurité, l'accès est suspendu un moment après trop de tentatives. Veuillez réessayer dans {duration}.",
  busyTitle: 'Trop de visiteurs en ce moment',
  busyBody:
    'Le portail est très sollicité et n’a pas pu ouvrir cette page à temps. Veuillez réessayer dans {duration}.',
};

const nl: PortalMessages = {
  skipToContent: 'Naar de inhoud',
  customerPortal: 'Klantenportaal',
  portalNavigation: 'Portaalnavigatie',
  languageNavigation: 'Taal',
  footerQuestions: 'Vragen over een factuur? Neem contact op met {organization}.',
  invoiceTitle: 'Factuur {number}',
  creditNoteTitle: 'Creditnota {number}',
  issuedOn: 'Opgemaakt op {date}',
  documentTabs: "Factuur en creditnota's",
  amountDue: 'Openstaand bedrag',
  creditBalance: 'Tegoed',
  creditBalanceNote:
    'U hebt {amount} meer betaald of gecrediteerd gekregen dan deze factuur. Neem contact op met {organization} voor een terugbetaling of een verrekening met een andere factuur.',
  nothingDue: 'Er valt niets meer te betalen.',
  amountDueAsOf: 'Op {date}',
  interestAccrues: 'Er lopen elke dag intresten tot de factuur betaald is.',
  dueDate: 'Vervaldatum',
  overdueBy: '{duration} te laat',
  paidOn: 'Betaald op {date}',
  statusUnpaid: 'Onbetaald',
  statusOverdue: 'Vervallen',
  statusPartiallyPaid: 'Gedeeltelijk betaald',
  statusPaid: 'Betaald',
  statusCredited: 'Gecrediteerd',
  viewCalculation: 'Berekening bekijken',
  calculationCaption: 'Berekening van het openstaand bedrag',
  calcItem: 'Omschrijving',
  calcAmount: 'Bedrag',
  calcInvoiceTotal: 'Factuurtotaal',
  calcCreditNote: 'Creditnota {number} van {date}',
  calcPayment: 'Betaling van {date} ({method})',
  calcPaymentNoMethod: 'Betaling van {date}',
  calcRefund: 'Terugbetaling van {date}',
  calcLateFee: 'Schadevergoeding: {rate} van {base}, minimum {minimum}',
  calcLateFeeRate: 'Schadevergoeding: {rate} van {base}',
  calcLateFeeFixed: 'Forfaitaire schadevergoeding',
  calcCompensation: 'Forfaitaire vergoeding voor invorderingskosten',
  calcInterest: 'Verwijlintresten aan {rate} per jaar van {from} tot {to} ({days}) op {base}',
  calcTotalDue: 'Openstaand bedrag',
  calcTotalCredit: 'Tegoed in uw voordeel',
  methodBankTransfer: 'overschrijving',
  methodCash: 'contant',
  methodCard: 'kaart',
  methodCheque: 'per cheque',
  methodDirectDebit: 'domiciliëring',
  methodOther: 'andere',
  payInvoice: 'Factuur betalen',
  pay: 'Betalen',
  payInvoiceNumber: 'Factuur {number} betalen',
  payMethodCard: 'Kaart',
  payMethodBankTransfer: 'Overschrijving',
  payMethodDirectDebit: 'SEPA-domiciliëring',
  payChooseMethod: 'Kies hoe u betaalt',
  payAmountToPay: 'Te betalen bedrag',
  payContinue: 'Verder naar betalen',
  payNotAvailable:
    'Online betalen is niet mogelijk voor deze factuur. U kunt ze betalen met een overschrijving met de gegevens op de factuur.',
  payNothingDue: 'Er staat niets meer open op deze factuur.',
  payLocked:
    'Online betalen van deze factuur is geblokkeerd na vijf mislukte pogingen. U kunt het opnieuw proberen vanaf {time}.',
  payProviderUnavailable:
    'De betaaldienst is momenteel niet bereikbaar. Er werd niets aangerekend; probeer het over enkele minuten opnieuw.',
  payUnknownMethod: 'Kies een van de getoonde betaalmethoden.',
  payStatusPaid: 'Bedankt! Uw betaling van {amount} is ontvangen.',
  payStatusProcessing: 'Uw betaling wordt verwerkt. Deze pagina wordt vanzelf bijgewerkt.',
  payStatusOpen: 'We wachten op de bevestiging van de betaaldienst. Deze pagina wordt vanzelf bijgewerkt.',
  payStatusUnfinished:
    'De betaling werd niet voltooid. U kunt teruggaan naar de betaalpagina of hieronder een andere methode kiezen.',
  payStatusStillWaiting:
    'We hebben nog niets van de betaaldienst gehoord. Als u betaald hebt, ontvangt u een bevestiging per e-mail zodra die binnenkomt; u hoeft niet opnieuw te betalen.',
  payResume: 'Terug naar de betaalpagina',
  payStatusFailed:
    'De betaling is mislukt. Er werd niets afgeschreven. U kunt het opnieuw proberen of een andere methode kiezen.',
  payStatusCanceled: 'De betaling werd geannuleerd. Er werd niets afgeschreven.',
  payStatusExpired: 'De betaalpagina is verlopen voordat er betaald werd. Er werd niets afgeschreven.',
  payStatusUnavailable:
    'De betaaldienst was niet bereikbaar. Er werd niets aangerekend; probeer het opnieuw.',
  payTransferTitle: 'Wachten op uw overschrijving',
  payTransferBody:
    'Schrijf {amount} over met de gegevens hieronder. De factuur blijft openstaan tot {organization} het bedrag heeft ontvangen.',
  payBackToInvoice: 'Terug naar de factuur',
  awaitingTransfer: 'Overschrijving aangekondigd: de factuur blijft openstaan tot het bedrag is ontvangen.',
  downloadPdf: 'PDF downloaden',
  downloadZip: "Downloaden met creditnota's (zip)",
  partyFrom: 'Van',
  partyTo: 'Aan',
  ...SHARED_LABELS.nl,
  linesCaption: 'Factuurregels',
  creditNoteLinesCaption: 'Regels van de creditnota',
  totalInclVat: 'Totaal incl. btw',
  creditNoteFor: 'Crediteert factuur {number}',
  payByTransfer: 'Betalen via overschrijving',
  transferReferenceHint: 'Vermeld deze mededeling, zodat uw betaling aan deze factuur gekoppeld wordt.',
  scanToPay: 'Scan met uw bankapp om te betalen',
  qrCodeLabel: 'QR-code voor een overschrijving van {amount} naar {iban}',
  commentsHeading: 'Berichten',
  noComments: 'Nog geen berichten.',
  sendComment: 'Een bericht sturen',
  commentLabel: 'Uw bericht',
  commentHint: 'Maximaal {max} tekens. {organization} ontvangt uw bericht per e-mail.',
  commentSubmit: 'Bericht versturen',
  commentSent: 'Bedankt, uw bericht is naar {organization} verstuurd.',
  commentFromBusiness: 'Antwoord van {organization}',
  commentErrorEmpty: 'Schrijf eerst een bericht.',
  commentErrorTooLong: 'Uw bericht is te lang: maximaal {max} tekens.',
  commentErrorInvalidCharacters:
    'Uw bericht bevat een stuurteken dat niet kan worden opgeslagen; verwijder het en verstuur het opnieuw.',
  commentErrorInvalidForm: 'Het formulier is verlopen. Verstuur uw bericht opnieuw.',
  errorPrefix: 'Fout:',
  historyTitle: 'Uw facturen',
  historyIntro: 'Alle facturen van {organization} aan {customer}.',
  historyTabs: 'Factuuroverzicht',
  tabOpen: 'Openstaand',
  tabPaid: 'Betaald',
  tabCreditNotes: "Creditnota's",
  openCaption: 'Openstaande facturen',
  paidCaption: 'Betaalde facturen',
  creditNotesCaption: "Uw creditnota's",
  colInvoice: 'Factuur',
  colIssued: 'Factuurdatum',
  colDue: 'Vervaldatum',
  colAmountDue: 'Openstaand bedrag',
  colTotal: 'Totaal',
  colPaidOn: 'Betaald op',
  colCreditNote: 'Creditnota',
  colDate: 'Datum',
  colAmount: 'Bedrag',
  colForInvoice: 'Voor factuur',
  colPay: 'Betaling',
  emptyOpen: 'Geen openstaande facturen: alles is betaald.',
  emptyPaid: 'Nog geen betaalde facturen.',
  emptyCreditNotes: "Geen creditnota's.",
  olderPage: 'Oudere',
  newestPage: 'Nieuwste',
  pagination: 'Meer facturen',
  notFoundTitle: 'Deze link werkt niet',
  notFoundBody: 'Misschien is hij onvolledig, of niet meer geldig.',
  notFoundAction:
    'Vraag het bedrijf dat u de link stuurde om een nieuwe link. Hebt u hem uit een e-mail gekopieerd, controleer dan of hij volledig is.',
  documentUnavailableTitle: 'De pdf is nu niet beschikbaar',
  documentUnavailableBody:
    'Hij kon zonet niet worden aangemaakt. Probeer het opnieuw over {duration}; het bedrijf ziet wat er misging.',
  documentUnavailableBack: 'Terug naar de factuur',
  rateLimitedTitle: 'Te veel pogingen',
  rateLimitedBody:
    'Voor uw veiligheid is de toegang na te veel pogingen even geblokkeerd. Probeer het over {duration} opnieuw.',
  busyTitle: 'Op dit moment te veel bezoekers',
  busyBody:
    'Het portaal is druk bezet en kon deze pagina niet op tijd openen. Probeer het over {duration} opnieuw.',
};

const de: PortalMessages = {
  skipToContent: 'Zum Inhalt springen',
  customerPortal: 'Kundenportal',
  portalNavigation: 'Portalnavigation',
  languageNavigation: 'Sprache',
  footerQuestions: 'Fragen zu einer Rechnung? Wenden Sie sich an {organization}.',
  invoiceTitle: 'Rechnung {number}',
  creditNoteTitle: 'Gutschrift {number}',
  issuedOn: 'Ausgestellt am {date}',
  documentTabs: 'Rechnung und Gutschriften',
  amountDue: 'Offener Betrag',
  creditBalance: 'Guthaben',
  creditBalanceNote:
    'Sie haben {amount} mehr bezahlt oder gutgeschrieben bekommen, als diese Rechnung beträgt. Wenden Sie sich an {organization} für eine Erstattung oder eine Verrechnung mit einer anderen Rechnung.',
  nothingDue: 'Es ist nichts mehr zu zahlen.',
  amountDueAsOf: 'Stand: {date}',
  interestAccrues: 'Bis zur Zahlung fallen täglich Zinsen an.',
  dueDate: 'Fällig am',
  overdueBy: '{duration} überfällig',
  paidOn: 'Bezahlt am {date}',
  statusUnpaid: 'Offen',
  statusOverdue: 'Überfällig',
  statusPartiallyPaid: 'Teilweise bezahlt',
  statusPaid: 'Bezahlt',
  statusCredited: 'Gutgeschrieben',
  viewCalculation: 'Berechnung anzeigen',
  calculationCaption: 'Berechnung des offenen Betrags',
  calcItem: 'Posten',
  calcAmount: 'Betrag',
  calcInvoiceTotal: 'Rechnungsbetrag',
  calcCreditNote: 'Gutschrift {number} vom {date}',
  calcPayment: 'Zahlung vom {date} ({method})',
  calcPaymentNoMethod: 'Zahlung vom {date}',
  calcRefund: 'Erstattung vom {date}',
  calcLateFee: 'Verzugsgebühr: {rate} von {base}, mindestens {minimum}',
  calcLateFeeRate: 'Verzugsgebühr: {rate} von {base}',
  calcLateFeeFixed: 'Pauschale Verzugsgebühr',
  calcCompensation: 'Pauschale für Beitreibungskosten',
  calcInterest: 'Verzugszinsen von {rate} p. a. vom {from} bis {to} ({days}) auf {base}',
  calcTotalDue: 'Offener Betrag',
  calcTotalCredit: 'Guthaben zu Ihren Gunsten',
  methodBankTransfer: 'Überweisung',
  methodCash: 'bar',
  methodCard: 'Karte',
  methodCheque: 'Scheck',
  methodDirectDebit: 'Lastschrift',
  methodOther: 'sonstige',
  payInvoice: 'Rechnung bezahlen',
  pay: 'Bezahlen',
  payInvoiceNumber: 'Rechnung {number} bezahlen',
  payMethodCard: 'Karte',
  payMethodBankTransfer: 'Banküberweisung',
  payMethodDirectDebit: 'SEPA-Lastschrift',
  payChooseMethod: 'Wählen Sie, wie Sie bezahlen',
  payAmountToPay: 'Zu zahlender Betrag',
  payContinue: 'Weiter zur Zahlung',
  payNotAvailable:
    'Für diese Rechnung ist keine Online-Zahlung möglich. Sie können sie per Überweisung mit den Angaben auf der Rechnung bezahlen.',
  payNothingDue: 'Auf dieser Rechnung ist nichts mehr zu zahlen.',
  payLocked:
    'Die Online-Zahlung dieser Rechnung ist nach fünf fehlgeschlagenen Versuchen gesperrt. Sie können es ab {time} erneut versuchen.',
  payProviderUnavailable:
    'Der Zahlungsdienst ist gerade nicht erreichbar. Es wurde nichts belastet; versuchen Sie es in einigen Minuten erneut.',
  payUnknownMethod: 'Bitte wählen Sie eine der angezeigten Zahlungsarten.',
  payStatusPaid: 'Vielen Dank! Ihre Zahlung von {amount} ist eingegangen.',
  payStatusProcessing: 'Ihre Zahlung wird bearbeitet. Diese Seite aktualisiert sich von selbst.',
  payStatusOpen:
    'Wir warten auf die Bestätigung des Zahlungsdienstes. Diese Seite aktualisiert sich von selbst.',
  payStatusUnfinished:
    'Die Zahlung wurde nicht abgeschlossen. Sie können zur Zahlungsseite zurückkehren oder unten eine andere Zahlungsart wählen.',
  payStatusStillWaiting:
    'Der Zahlungsdienst hat sich noch nicht gemeldet. Wenn Sie bezahlt haben, erhalten Sie eine Bestätigung per E-Mail, sobald sie eintrifft; Sie müssen nicht erneut bezahlen.',
  payResume: 'Zurück zur Zahlungsseite',
  payStatusFailed:
    'Die Zahlung ist fehlgeschlagen. Es wurde nichts abgebucht. Sie können es erneut versuchen oder eine andere Zahlungsart wählen.',
  payStatusCanceled: 'Die Zahlung wurde abgebrochen. Es wurde nichts abgebucht.',
  payStatusExpired: 'Die Zahlungsseite ist abgelaufen, bevor bezahlt wurde. Es wurde nichts abgebucht.',
  payStatusUnavailable:
    'Der Zahlungsdienst war nicht erreichbar. Es wurde nichts belastet; bitte versuchen Sie es erneut.',
  payTransferTitle: 'Warten auf Ihre Überweisung',
  payTransferBody:
    'Bitte überweisen Sie {amount} mit den folgenden Angaben. Die Rechnung bleibt offen, bis {organization} den Betrag erhalten hat.',
  payBackToInvoice: 'Zurück zur Rechnung',
  awaitingTransfer: 'Überweisung angekündigt: Die Rechnung bleibt offen, bis der Betrag eingegangen ist.',
  downloadPdf: 'PDF herunterladen',
  downloadZip: 'Mit Gutschriften herunterladen (ZIP)',
  partyFrom: 'Von',
  partyTo: 'An',
  ...SHARED_LABELS.de,
  linesCaption: 'Rechnungspositionen',
  creditNoteLinesCaption: 'Positionen der Gutschrift',
  totalInclVat: 'Gesamtbetrag brutto',
  creditNoteFor: 'Gutschrift zur Rechnung {number}',
  payByTransfer: 'Per Überweisung bezahlen',
  transferReferenceHint: 'Geben Sie diese Referenz an, damit Ihre Zahlung dieser Rechnung zugeordnet wird.',
  scanToPay: 'Mit Ihrer Banking-App scannen und bezahlen',
  qrCodeLabel: 'QR-Code für eine Überweisung von {amount} an {iban}',
  commentsHeading: 'Kommentare',
  noComments: 'Noch keine Kommentare.',
  sendComment: 'Kommentar senden',
  commentLabel: 'Ihr Kommentar',
  commentHint: 'Höchstens {max} Zeichen. {organization} erhält ihn per E-Mail.',
  commentSubmit: 'Kommentar absenden',
  commentSent: 'Vielen Dank, Ihr Kommentar wurde an {organization} gesendet.',
  commentFromBusiness: 'Antwort von {organization}',
  commentErrorEmpty: 'Bitte schreiben Sie zuerst einen Kommentar.',
  commentErrorTooLong: 'Ihr Kommentar ist zu lang: höchstens {max} Zeichen.',
  commentErrorInvalidCharacters:
    'Ihr Kommentar enthält ein Steuerzeichen, das nicht gespeichert werden kann; entfernen Sie es und senden Sie ihn erneut.',
  commentErrorInvalidForm: 'Das Formular ist abgelaufen. Bitte senden Sie Ihren Kommentar erneut.',
  errorPrefix: 'Fehler:',
  historyTitle: 'Ihre Rechnungen',
  historyIntro: 'Alle Rechnungen von {organization} an {customer}.',
  historyTabs: 'Rechnungsübersicht',
  tabOpen: 'Offen',
  tabPaid: 'Bezahlt',
  tabCreditNotes: 'Gutschriften',
  openCaption: 'Offene Rechnungen',
  paidCaption: 'Bezahlte Rechnungen',
  creditNotesCaption: 'Ihre Gutschriften',
  colInvoice: 'Rechnung',
  colIssued: 'Rechnungsdatum',
  colDue: 'Fällig am',
  colAmountDue: 'Offener Betrag',
  colTotal: 'Gesamtbetrag',
  colPaidOn: 'Bezahlt am',
  colCreditNote: 'Gutschrift',
  colDate: 'Datum',
  colAmount: 'Betrag',
  colForInvoice: 'Zur Rechnung',
  colPay: 'Zahlung',
  emptyOpen: 'Keine offenen Rechnungen: alles ist bezahlt.',
  emptyPaid: 'Noch keine bezahlten Rechnungen.',
  emptyCreditNotes: 'Keine Gutschriften.',
  olderPage: 'Ältere',
  newestPage: 'Neueste',
  pagination: 'Weitere Rechnungen',
  notFoundTitle: 'Dieser Link funktioniert nicht',
  notFoundBody: 'Er ist möglicherweise unvollständig oder nicht mehr gültig.',
  notFoundAction:
    'Bitten Sie das Unternehmen, das Ihnen den Link geschickt hat, um einen neuen. Wenn Sie ihn aus einer E-Mail kopiert haben, prüfen Sie, ob er vollständig ist.',
  documentUnavailableTitle: 'Das PDF ist gerade nicht verfügbar',
  documentUnavailableBody:
    'Es konnte gerade nicht erstellt werden. Bitte versuchen Sie es in {duration} erneut; das Unternehmen sieht, was schiefging.',
  documentUnavailableBack: 'Zurück zur Rechnung',
  rateLimitedTitle: 'Zu viele Versuche',
  rateLimitedBody:
    'Zu Ihrer Sicherheit ist der Zugang nach zu vielen Versuchen vorübergehend gesperrt. Bitte versuchen Sie es in {duration} erneut.',
  busyTitle: 'Gerade zu viele Besucher',
  busyBody:
    'Das Portal ist ausgelastet und konnte diese Seite nicht rechtzeitig öffnen. Bitte versuchen Sie es in {duration} erneut.',
};

/** Every portal text in every supported language. */
export const PORTAL_MESSAGES: Readonly<Record<Lang, PortalMessages>> = { en, fr, nl, de };

/**
 * Keys whose value is the same in every language because it is an international code, not a word.
 * Any other translation equal to the English text is a forgotten translation.
 */
export const PORTAL_MESSAGES_SAME_IN_EVERY_LANGUAGE: readonly PortalMessageKey[] = [
  ...SHARED_LABELS_SAME_IN_EVERY_LANGUAGE,
];

/** Each language's own name, for the language switcher (shown in that language, whatever the page's). */
export const PORTAL_LANGUAGE_NAMES: Readonly<Record<Lang, string>> = {
  en: 'English',
  fr: 'Français',
  nl: 'Nederlands',
  de: 'Deutsch',
};

const portal = defineCatalog({ en, fr, nl, de });

/** The parameters `key` needs, by name (from its English text). */
export type PortalMessageParams<K extends PortalMessageKey> = MessageParamsOf<(typeof en)[K]>;

/** No argument for a message without placeholders; the named parameters otherwise. */
export type PortalMessageArgs<K extends PortalMessageKey> = MessageArgsOf<(typeof en)[K]>;

/**
 * The text `key` in `lang`, with each `{name}` replaced by its parameter (`interpolate` in
 * `catalog.ts`). The parameter names are checked at compile time against the English text; a placeholder
 * without its parameter stays as written, so a mistake is visible instead of silently empty.
 *
 * @example portalMessage('fr', 'overdueBy', { duration: '3 semaines' }); // 'En retard de 3 semaines'
 */
export function portalMessage<K extends PortalMessageKey>(
  lang: Lang,
  key: K,
  ...args: PortalMessageArgs<K>
): string {
  return portal.message(lang, key, ...args);
}

/** `portalMessage` bound to one language: what a view calls `t`. */
export type PortalTranslator = Translator<typeof en>;

/** The translator of `lang`. */
export function portalTranslator(lang: Lang): PortalTranslator {
  return portal.translator(lang);
}
