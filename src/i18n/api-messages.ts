import type { Lang } from '../core/lang.ts';
import type { ErrorCode } from '../core/result.ts';
import { defineCatalog } from './catalog.ts';

type Catalog = Record<string, string>;

const en: Catalog = {
  INVALID_WEBHOOK_URL:
    'The webhook URL must be an absolute https:// URL without a user name or password (http:// is accepted only for localhost, 127.0.0.1 and [::1]).',
  WEBHOOK_ADDRESS_REFUSED:
    'The webhook URL’s host {host} is not a public internet address (it is on this machine, a private or link-local network, a cloud metadata service or a reserved range): webhooks are sent to public addresses only.',
  INVALID_WEBHOOK_EVENTS: 'Subscribe the endpoint to at least one event, each one of: {values}.',
  WEBHOOK_ENDPOINT_NOT_FOUND: 'No webhook endpoint with this id exists in your organization.',
  WEBHOOK_DELIVERY_NOT_FOUND: 'No webhook delivery with this id exists in your organization.',
  WEBHOOK_DELIVERY_PENDING:
    'This delivery is still pending and will be retried automatically; redeliver it once it has been delivered or has failed.',
  WEBHOOK_ENDPOINT_DISABLED: 'The endpoint of this delivery is disabled; enable it before redelivering.',
  INVALID_EMAIL_TEMPLATE: 'The template is not valid.',
  DEFAULT_TEMPLATE:
    'The default template of a language can be edited but not deleted, nor moved to another language.',
  DUPLICATE_NAME: 'Another template already has this name.',
  PORTAL_LINK_REVOKED: 'This customer’s portal link is revoked; rotate it to issue a new one.',
  INVALID_COMMENT: 'The comment is empty or too long.',
  'comment.empty': 'Write the comment in “{field}”: it is empty.',
  'comment.too_long': 'The comment is too long: at most {max} characters.',
  'comment.invalid_characters':
    'The comment contains a control character that cannot be stored; remove it and send it again.',
  EMAIL_TEMPLATE_NOT_FOUND: 'There is no e-mail template with this id in your organization.',
  NOTHING_DUE: 'Nothing is due on this invoice.',
  PAYMENT_IN_PROGRESS: 'A payment of this invoice is already under way.',
  SIGN_IN_LINK_INVALID:
    'This sign-in link is not valid any more: it was used, it expired (links last 15 minutes), or it is incomplete. Ask for a new one.',
  SIGN_IN_RATE_LIMITED: 'Too many sign-in links were asked for; try again in {retryAfterSeconds} seconds.',
  PAYMENTS_LOCKED: 'Online payment of this invoice is blocked after five failed attempts; try again later.',
  UNKNOWN_PAYMENT_METHOD: 'This payment method is not available for this invoice.',
  PROVIDER_UNAVAILABLE: 'The payment provider cannot be reached right now; try again in a few minutes.',
  INVALID_PROVIDER_CREDENTIALS: 'The payment provider refused these credentials: {reason}',
  NO_RECIPIENTS:
    'There is no one to send it to: the customer has no e-mail address; give the recipients in “to”.',
  EMAIL_NOT_RETRYABLE: 'Only a message that failed can be sent again.',
  UNSUPPORTED_MEDIA_TYPE_FILE: 'Send the file as the request body with Content-Type: {type}.',
  INVALID_PDF: 'Send a PDF file (application/pdf, starting with %PDF-) of at most 10 MB.',
  VALIDATION_FAILED: 'The request is not valid: {field}.',
  CREDIT_NOTE_NOT_FOUND: 'No credit note with this id exists in your organization.',
  PAYMENT_NOT_FOUND: 'No payment with this id exists on this invoice.',
  EMAIL_NOT_FOUND: 'No e-mail with this id exists in your organization.',
  ADMIN_USER_NOT_FOUND: 'No admin user with this id exists in your organization.',
  API_KEY_NOT_FOUND: 'No API key with this id exists in your organization.',
  PAYMENT_ACCOUNT_NOT_FOUND: 'No payment account with this id is connected to your organization.',
  CUSTOMER_NOT_FOUND: 'No customer with this id exists in your organization.',
  INVOICE_NOT_FOUND: 'No invoice with this id exists in your organization.',
  DUPLICATE_NUMBER: 'The number {number} is already used in your organization.',
  DUPLICATE_EXTERNAL_ID: 'Another customer already has this external id.',
  DUPLICATE_EMAIL: 'An admin with this e-mail address already exists.',
  INVOICE_IMMUTABLE: 'This invoice has been issued and can no longer change; correct it with a credit note.',
  INVOICE_NOT_ISSUED: 'This invoice is still a draft; issue it first.',
  INVALID_LINE: 'Line field {field} is not valid: {reason}.',
  NEGATIVE_TOTAL: 'The total of the lines must not be negative.',
  INVALID_CURRENCY: '{currency} is not a supported ISO 4217 currency.',
  CURRENCY_MISMATCH: 'The currency must be the invoice currency, {expected}.',
  CREDIT_EXCEEDS_INVOICE:
    'The credit notes would exceed the invoice: at most {remaining} can still be credited.',
  TOO_MANY_CREDIT_NOTES: 'This invoice already has {limit} credit notes, the most one invoice may have.',
  DUE_BEFORE_ISSUE: 'The due date must not be before the issue date.',
  INVALID_PAYMENT_REFERENCE:
    '{reference} is neither a valid Belgian structured communication nor an ISO 11649 RF reference.',
  PAYMENT_NOT_REMOVABLE: 'A payment received through a payment provider cannot be removed by hand.',
  LAST_ADMIN: 'The last admin cannot be removed: someone must receive the notifications.',
  UNAUTHORIZED: 'Send a valid API key as "Authorization: Bearer <key>".',
  INVALID_JSON: 'The request body is not valid JSON.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the request body as application/json.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  ROUTE_NOT_FOUND: 'There is no such API route.',
  RATE_LIMITED: 'Too many requests; try again shortly.',
  SERVICE_BUSY: 'The service is busy; try again in {retryAfterSeconds} seconds.',
  SERVICE_UNAVAILABLE:
    'The service cannot reach its database right now; try again in {retryAfterSeconds} seconds.',
  INTERNAL_ERROR: 'Something went wrong on our side; the error was logged.',
  'v.required': '{field} is required.',
  'v.type': '{field} must be {expected}.',
  'v.min.string': '{field} must not be empty.',
  'v.min.string.n': '{field} must have at least {min} characters.',
  'v.max.string': '{field} must have at most {max} characters.',
  'v.min.array': '{field} must have at least {min} item(s).',
  'v.max.array': '{field} must have at most {max} items.',
  'v.min.number': '{field} must be at least {min}.',
  'v.max.number': '{field} must be at most {max}.',
  'v.format': '{field} must be {format}.',
  'v.enum': '{field} must be one of: {values}.',
  'v.unknown': '{field} is not a known field.',
  'v.empty': 'Send at least one field to change.',
  'v.invalid': '{field} is not valid.',
  INVALID_LOGO: 'The logo cannot be used.',
  DOCUMENT_RENDER_FAILED:
    'The PDF could not be produced within its bounds ({reason}); the failure is recorded on the document’s history. Try again later, or upload your own PDF.',
  'logo.type': 'The logo must be PNG, JPEG or SVG: {mimeType} cannot be drawn on the PDF invoice.',
  'logo.too_large': 'The logo is larger than {limit} bytes.',
  'logo.not_the_declared_type': 'The logo’s bytes are not an image of the type it declares.',
  'logo.dimensions': 'The logo is {width} × {height} pixels; at most 4096 a side and 8 megapixels in all.',
  'logo.unreadable': 'The SVG logo cannot be read: {detail}.',
  'logo.svg_element':
    'The SVG logo contains <{element}>, which a logo may not use (shapes, text, groups, gradients, clip paths and embedded PNG or JPEG images are fine).',
  'logo.svg_attribute':
    'The SVG logo’s <{element}> has the attribute {attribute}, which a logo may not use (no scripts or event handlers).',
  'logo.svg_external_reference':
    'The SVG logo’s <{element}> refers to something outside the file; a logo may only refer to its own elements (#id) or embed PNG or JPEG data.',
  'logo.svg_doctype': 'The SVG logo has a DOCTYPE; remove it (entities are not allowed).',
  'logo.svg_too_many_elements': 'The SVG logo has more than {limit} elements.',
  'logo.svg_too_deep': 'The SVG logo nests its elements more than {limit} levels deep.',
  'logo.svg_expansion':
    'The SVG logo would draw more than {limit} elements once its <use> references are expanded.',
  'v.characters':
    '{field} contains a control character ({character}) that cannot be stored; remove it and send the text again.',
  't.string': 'a string',
  't.number': 'a number',
  't.int': 'a whole number',
  't.boolean': 'true or false',
  't.array': 'a list',
  't.object': 'an object',
  'f.date': 'a date as YYYY-MM-DD',
  'f.currency': 'an ISO 4217 currency code such as EUR',
  'f.country': 'an ISO 3166 two-letter country code such as BE',
  'f.timeZone': 'an IANA time zone such as Europe/Brussels',
  'f.documentNumber': 'a document number of letters, digits and . _ / # -',
  'f.quantity': 'a decimal number with at most 4 decimals',
  'f.color': 'a colour as #RRGGBB',
  'f.iban': 'a valid IBAN',
  'f.bic': 'a valid BIC',
  'f.stripe_secret_key': 'a Stripe secret key (sk_live_…, sk_test_… or rk_…)',
  'f.stripe_webhook_secret': 'a Stripe webhook signing secret (whsec_…)',
  'f.mollie_api_key': 'a Mollie API key (live_… or test_…)',
  'f.base64': 'base64-encoded data',
  'f.email': 'a valid e-mail address',
  'f.uuid': 'a valid id (UUID)',
  'f.url': 'a valid URL',
};

const fr: Catalog = {
  INVALID_WEBHOOK_URL:
    'L’URL du webhook doit être une URL https:// absolue, sans nom d’utilisateur ni mot de passe (http:// n’est accepté que pour localhost, 127.0.0.1 et [::1]).',
  WEBHOOK_ADDRESS_REFUSED:
    'L’hôte {host} de l’URL du webhook n’est pas une adresse Internet publique (il s’agit de cette machine, d’un réseau privé ou local au lien, d’un service de métadonnées cloud ou d’une plage réservée) : les webhooks ne sont envoyés qu’à des adresses publiques.',
  INVALID_WEBHOOK_EVENTS: 'Abonnez le point de terminaison à au moins un événement, chacun parmi : {values}.',
  WEBHOOK_ENDPOINT_NOT_FOUND:
    'Aucun point de terminaison de webhook avec cet identifiant n’existe dans votre organisation.',
  WEBHOOK_DELIVERY_NOT_FOUND:
    'Aucune livraison de webhook avec cet identifiant n’existe dans votre organisation.',
  WEBHOOK_DELIVERY_PENDING:
    'Cette livraison est encore en attente et sera retentée automatiquement ; relancez-la une fois livrée ou en échec.',
  WEBHOOK_ENDPOINT_DISABLED:
    'Le point de terminaison de cette livraison est désactivé ; activez-le avant de relancer la livraison.',
  INVALID_EMAIL_TEMPLATE: 'Le modèle n’est pas valide.',
  DEFAULT_TEMPLATE:
    'Le modèle par défaut d’une langue peut être modifié, mais pas supprimé ni changé de langue.',
  DUPLICATE_NAME: 'Un autre modèle porte déjà ce nom.',
  PORTAL_LINK_REVOKED:
    'Le lien de portail de ce client est révoqué ; renouvelez-le pour en créer un nouveau.',
  INVALID_COMMENT: 'Le commentaire est vide ou trop long.',
  'comment.empty': 'Écrivez le commentaire dans «\u00a0{field}\u00a0»\u00a0: il est vide.',
  'comment.too_long': 'Le commentaire est trop long\u00a0: {max} caractères maximum.',
  'comment.invalid_characters':
    'Le commentaire contient un caractère de contrôle qui ne peut pas être enregistré\u00a0; retirez-le et renvoyez-le.',
  EMAIL_TEMPLATE_NOT_FOUND: 'Aucun modèle d’e-mail de votre organisation ne porte cet identifiant.',
  NOTHING_DUE: 'Rien n’est dû sur cette facture.',
  PAYMENT_IN_PROGRESS: 'Un paiement de cette facture est déjà en cours.',
  SIGN_IN_LINK_INVALID:
    'Ce lien de connexion n’est plus valable : il a déjà servi, il a expiré (un lien dure 15 minutes) ou il est incomplet. Demandez-en un nouveau.',
  SIGN_IN_RATE_LIMITED:
    'Trop de liens de connexion ont été demandés ; réessayez dans {retryAfterSeconds} secondes.',
  PAYMENTS_LOCKED:
    'Le paiement en ligne de cette facture est bloqué après cinq tentatives échouées ; réessayez plus tard.',
  UNKNOWN_PAYMENT_METHOD: 'Ce moyen de paiement n’est pas disponible pour cette facture.',
  PROVIDER_UNAVAILABLE:
    'Le prestataire de paiement est injoignable pour le moment ; réessayez dans quelques minutes.',
  INVALID_PROVIDER_CREDENTIALS: 'Le prestataire de paiement a refusé ces identifiants : {reason}',
  NO_RECIPIENTS:
    'Il n’y a pas de destinataire : le client n’a pas d’adresse e-mail ; indiquez les destinataires dans « to ».',
  EMAIL_NOT_RETRYABLE: 'Seul un message en échec peut être renvoyé.',
  UNSUPPORTED_MEDIA_TYPE_FILE: 'Envoyez le fichier comme corps de la requête avec Content-Type: {type}.',
  INVALID_PDF: 'Envoyez un fichier PDF (application/pdf, commençant par %PDF-) de 10 Mo au plus.',
  VALIDATION_FAILED: 'La requête n’est pas valide : {field}.',
  CREDIT_NOTE_NOT_FOUND: 'Aucune note de crédit avec cet identifiant n’existe dans votre organisation.',
  PAYMENT_NOT_FOUND: 'Aucun paiement avec cet identifiant n’existe sur cette facture.',
  EMAIL_NOT_FOUND: 'Aucun e-mail avec cet identifiant n’existe dans votre organisation.',
  ADMIN_USER_NOT_FOUND: 'Aucun administrateur avec cet identifiant n’existe dans votre organisation.',
  API_KEY_NOT_FOUND: 'Aucune clé d’API avec cet identifiant n’existe dans votre organisation.',
  PAYMENT_ACCOUNT_NOT_FOUND:
    'Aucun compte de paiement avec cet identifiant n’est connecté à votre organisation.',
  CUSTOMER_NOT_FOUND: 'Aucun client avec cet identifiant n’existe dans votre organisation.',
  INVOICE_NOT_FOUND: 'Aucune facture avec cet identifiant n’existe dans votre organisation.',
  DUPLICATE_NUMBER: 'Le numéro {number} est déjà utilisé dans votre organisation.',
  DUPLICATE_EXTERNAL_ID: 'Un autre client a déjà cet identifiant externe.',
  DUPLICATE_EMAIL: 'Un administrateur avec cette adresse e-mail existe déjà.',
  INVOICE_IMMUTABLE:
    'Cette facture a été émise et ne peut plus changer ; corrigez-la par une note de crédit.',
  INVOICE_NOT_ISSUED: 'Cette facture est encore un brouillon ; émettez-la d’abord.',
  INVALID_LINE: 'Le champ de ligne {field} n’est pas valide : {reason}.',
  NEGATIVE_TOTAL: 'Le total des lignes ne peut pas être négatif.',
  INVALID_CURRENCY: '{currency} n’est pas une devise ISO 4217 prise en charge.',
  CURRENCY_MISMATCH: 'La devise doit être celle de la facture, {expected}.',
  CREDIT_EXCEEDS_INVOICE:
    'Les notes de crédit dépasseraient la facture : {remaining} au plus peut encore être crédité.',
  TOO_MANY_CREDIT_NOTES: 'Cette facture a déjà {limit} notes de crédit, le maximum pour une facture.',
  DUE_BEFORE_ISSUE: 'La date d’échéance ne peut pas précéder la date d’émission.',
  INVALID_PAYMENT_REFERENCE:
    '{reference} n’est ni une communication structurée belge valide ni une référence RF ISO 11649.',
  PAYMENT_NOT_REMOVABLE:
    'Un paiement reçu par un prestataire de paiement ne peut pas être supprimé à la main.',
  LAST_ADMIN:
    'Le dernier administrateur ne peut pas être supprimé : quelqu’un doit recevoir les notifications.',
  UNAUTHORIZED: 'Envoyez une clé d’API valide : « Authorization: Bearer <clé> ».',
  INVALID_JSON: 'Le corps de la requête n’est pas du JSON valide.',
  UNSUPPORTED_MEDIA_TYPE: 'Envoyez le corps de la requête en application/json.',
  PAYLOAD_TOO_LARGE: 'Le corps de la requête est trop volumineux.',
  ROUTE_NOT_FOUND: 'Cette route de l’API n’existe pas.',
  RATE_LIMITED: 'Trop de requêtes ; réessayez dans un instant.',
  SERVICE_BUSY: 'Le service est très sollicité ; réessayez dans {retryAfterSeconds} secondes.',
  SERVICE_UNAVAILABLE:
    'Le service ne peut pas joindre sa base de données pour le moment ; réessayez dans {retryAfterSeconds} secondes.',
  INTERNAL_ERROR: 'Une erreur s’est produite de notre côté ; elle a été enregistrée.',
  'v.required': '{field} est obligatoire.',
  'v.type': '{field} doit être {expected}.',
  'v.min.string': '{field} ne peut pas être vide.',
  'v.min.string.n': '{field} doit compter au moins {min} caractères.',
  'v.max.string': '{field} doit compter au plus {max} caractères.',
  'v.min.array': '{field} doit contenir au moins {min} élément(s).',
  'v.max.array': '{field} doit contenir au plus {max} éléments.',
  'v.min.number': '{field} doit valoir au moins {min}.',
  'v.max.number': '{field} doit valoir au plus {max}.',
  'v.format': '{field} doit être {format}.',
  'v.enum': '{field} doit être l’une des valeurs : {values}.',
  'v.unknown': '{field} n’est pas un champ connu.',
  'v.empty': 'Envoyez au moins un champ à modifier.',
  'v.invalid': '{field} n’est pas valide.',
  INVALID_LOGO: 'Le logo ne peut pas être utilisé.',
  DOCUMENT_RENDER_FAILED:
    'Le PDF n’a pas pu être produit dans ses limites ({reason}) ; l’échec est noté dans l’historique du document. Réessayez plus tard ou envoyez votre propre PDF.',
  'logo.type':
    'Le logo doit être en PNG, JPEG ou SVG : {mimeType} ne peut pas être dessiné sur la facture PDF.',
  'logo.too_large': 'Le logo dépasse {limit} octets.',
  'logo.not_the_declared_type': 'Le contenu du logo n’est pas une image du type annoncé.',
  'logo.dimensions':
    'Le logo mesure {width} × {height} pixels ; au plus 4096 par côté et 8 mégapixels au total.',
  'logo.unreadable': 'Le logo SVG est illisible : {detail}.',
  'logo.svg_element':
    'Le logo SVG contient <{element}>, qu’un logo ne peut pas utiliser (formes, texte, groupes, dégradés, masques de découpe et images PNG ou JPEG intégrées sont acceptés).',
  'logo.svg_attribute':
    'L’élément <{element}> du logo SVG a l’attribut {attribute}, qu’un logo ne peut pas utiliser (ni scripts ni gestionnaires d’événements).',
  'logo.svg_external_reference':
    'L’élément <{element}> du logo SVG fait référence à quelque chose hors du fichier ; un logo ne peut renvoyer qu’à ses propres éléments (#id) ou intégrer des données PNG ou JPEG.',
  'logo.svg_doctype': 'Le logo SVG contient un DOCTYPE ; retirez-le (les entités ne sont pas admises).',
  'logo.svg_too_many_elements': 'Le logo SVG compte plus de {limit} éléments.',
  'logo.svg_too_deep': 'Le logo SVG imbrique ses éléments sur plus de {limit} niveaux.',
  'logo.svg_expansion':
    'Le logo SVG dessinerait plus de {limit} éléments une fois ses références <use> développées.',
  'v.characters':
    '{field} contient un caractère de contrôle ({character}) qui ne peut pas être enregistré ; retirez-le et renvoyez le texte.',
  't.string': 'une chaîne de caractères',
  't.number': 'un nombre',
  't.int': 'un nombre entier',
  't.boolean': 'true ou false',
  't.array': 'une liste',
  't.object': 'un objet',
  'f.date': 'une date au format AAAA-MM-JJ',
  'f.currency': 'un code de devise ISO 4217 comme EUR',
  'f.country': 'un code pays ISO 3166 à deux lettres comme BE',
  'f.timeZone': 'un fuseau horaire IANA comme Europe/Brussels',
  'f.documentNumber': 'un numéro de document fait de lettres, chiffres et . _ / # -',
  'f.quantity': 'un nombre décimal d’au plus 4 décimales',
  'f.color': 'une couleur au format #RRVVBB',
  'f.iban': 'un IBAN valide',
  'f.bic': 'un BIC valide',
  'f.stripe_secret_key': 'une clé secrète Stripe (sk_live_…, sk_test_… ou rk_…)',
  'f.stripe_webhook_secret': 'un secret de signature de webhook Stripe (whsec_…)',
  'f.mollie_api_key': 'une clé API Mollie (live_… ou test_…)',
  'f.base64': 'des données encodées en base64',
  'f.email': 'une adresse e-mail valide',
  'f.uuid': 'un identifiant valide (UUID)',
  'f.url': 'une URL valide',
};

const nl: Catalog = {
  INVALID_WEBHOOK_URL:
    'De webhook-URL moet een absolute https://-URL zijn zonder gebruikersnaam of wachtwoord (http:// wordt alleen aanvaard voor localhost, 127.0.0.1 en [::1]).',
  WEBHOOK_ADDRESS_REFUSED:
    'De host {host} van de webhook-URL is geen openbaar internetadres (het is deze machine, een privé- of link-local netwerk, een cloud-metadatadienst of een gereserveerd bereik): webhooks worden alleen naar openbare adressen verzonden.',
  INVALID_WEBHOOK_EVENTS: 'Abonneer het eindpunt op minstens één gebeurtenis, elk een van: {values}.',
  WEBHOOK_ENDPOINT_NOT_FOUND: 'Er bestaat geen webhook-eindpunt met deze id in uw organisatie.',
  WEBHOOK_DELIVERY_NOT_FOUND: 'Er bestaat geen webhook-levering met deze id in uw organisatie.',
  WEBHOOK_DELIVERY_PENDING:
    'Deze levering is nog in behandeling en wordt automatisch opnieuw geprobeerd; lever ze opnieuw zodra ze geleverd of mislukt is.',
  WEBHOOK_ENDPOINT_DISABLED:
    'Het eindpunt van deze levering is uitgeschakeld; schakel het in voor u opnieuw levert.',
  INVALID_EMAIL_TEMPLATE: 'Het sjabloon is niet geldig.',
  DEFAULT_TEMPLATE:
    'Het standaardsjabloon van een taal kan gewijzigd worden, maar niet verwijderd of naar een andere taal verplaatst.',
  DUPLICATE_NAME: 'Een ander sjabloon heeft al deze naam.',
  PORTAL_LINK_REVOKED: 'De portaallink van deze klant is ingetrokken; vernieuw hem om een nieuwe te maken.',
  INVALID_COMMENT: 'De opmerking is leeg of te lang.',
  'comment.empty': 'Schrijf de opmerking in “{field}”: die is leeg.',
  'comment.too_long': 'De opmerking is te lang: maximaal {max} tekens.',
  'comment.invalid_characters':
    'De opmerking bevat een stuurteken dat niet kan worden opgeslagen; verwijder het en verstuur ze opnieuw.',
  EMAIL_TEMPLATE_NOT_FOUND: 'Uw organisatie heeft geen e-mailsjabloon met deze id.',
  NOTHING_DUE: 'Er staat niets open op deze factuur.',
  PAYMENT_IN_PROGRESS: 'Er is al een betaling van deze factuur bezig.',
  SIGN_IN_LINK_INVALID:
    'Deze aanmeldlink is niet meer geldig: hij werd al gebruikt, is verlopen (een link blijft 15 minuten geldig) of is onvolledig. Vraag een nieuwe aan.',
  SIGN_IN_RATE_LIMITED:
    'Er werden te veel aanmeldlinks gevraagd; probeer het opnieuw over {retryAfterSeconds} seconden.',
  PAYMENTS_LOCKED:
    'Online betalen van deze factuur is geblokkeerd na vijf mislukte pogingen; probeer het later opnieuw.',
  UNKNOWN_PAYMENT_METHOD: 'Deze betaalmethode is niet beschikbaar voor deze factuur.',
  PROVIDER_UNAVAILABLE:
    'De betaalprovider is momenteel niet bereikbaar; probeer het over enkele minuten opnieuw.',
  INVALID_PROVIDER_CREDENTIALS: 'De betaalprovider weigerde deze gegevens: {reason}',
  NO_RECIPIENTS: 'Er is geen ontvanger: de klant heeft geen e-mailadres; geef de ontvangers op in “to”.',
  EMAIL_NOT_RETRYABLE: 'Alleen een mislukt bericht kan opnieuw worden verzonden.',
  UNSUPPORTED_MEDIA_TYPE_FILE: 'Stuur het bestand als inhoud van het verzoek met Content-Type: {type}.',
  INVALID_PDF: 'Stuur een pdf-bestand (application/pdf, beginnend met %PDF-) van hoogstens 10 MB.',
  VALIDATION_FAILED: 'Het verzoek is niet geldig: {field}.',
  CREDIT_NOTE_NOT_FOUND: 'Er bestaat geen creditnota met deze id in uw organisatie.',
  PAYMENT_NOT_FOUND: 'Er bestaat geen betaling met deze id op deze factuur.',
  EMAIL_NOT_FOUND: 'Er bestaat geen e-mail met deze id in uw organisatie.',
  ADMIN_USER_NOT_FOUND: 'Er bestaat geen beheerder met deze id in uw organisatie.',
  API_KEY_NOT_FOUND: 'Er bestaat geen API-sleutel met deze id in uw organisatie.',
  PAYMENT_ACCOUNT_NOT_FOUND: 'Er is geen betaalaccount met deze id aan uw organisatie gekoppeld.',
  CUSTOMER_NOT_FOUND: 'Er bestaat geen klant met deze id in uw organisatie.',
  INVOICE_NOT_FOUND: 'Er bestaat geen factuur met deze id in uw organisatie.',
  DUPLICATE_NUMBER: 'Het nummer {number} wordt al gebruikt in uw organisatie.',
  DUPLICATE_EXTERNAL_ID: 'Een andere klant heeft al deze externe id.',
  DUPLICATE_EMAIL: 'Er bestaat al een beheerder met dit e-mailadres.',
  INVOICE_IMMUTABLE: 'Deze factuur is uitgereikt en kan niet meer wijzigen; corrigeer ze met een creditnota.',
  INVOICE_NOT_ISSUED: 'Deze factuur is nog een concept; reik ze eerst uit.',
  INVALID_LINE: 'Regelveld {field} is niet geldig: {reason}.',
  NEGATIVE_TOTAL: 'Het totaal van de regels mag niet negatief zijn.',
  INVALID_CURRENCY: '{currency} is geen ondersteunde ISO 4217-munt.',
  CURRENCY_MISMATCH: 'De munt moet die van de factuur zijn, {expected}.',
  CREDIT_EXCEEDS_INVOICE:
    'De creditnota’s zouden de factuur overschrijden: er kan nog hoogstens {remaining} gecrediteerd worden.',
  TOO_MANY_CREDIT_NOTES: 'Deze factuur heeft al {limit} creditnota’s, het maximum voor één factuur.',
  DUE_BEFORE_ISSUE: 'De vervaldatum mag niet vóór de factuurdatum liggen.',
  INVALID_PAYMENT_REFERENCE:
    '{reference} is geen geldige Belgische gestructureerde mededeling en geen ISO 11649 RF-referentie.',
  PAYMENT_NOT_REMOVABLE: 'Een betaling via een betaalprovider kan niet met de hand verwijderd worden.',
  LAST_ADMIN: 'De laatste beheerder kan niet verwijderd worden: iemand moet de meldingen ontvangen.',
  UNAUTHORIZED: 'Stuur een geldige API-sleutel als "Authorization: Bearer <sleutel>".',
  INVALID_JSON: 'De inhoud van het verzoek is geen geldige JSON.',
  UNSUPPORTED_MEDIA_TYPE: 'Stuur de inhoud van het verzoek als application/json.',
  PAYLOAD_TOO_LARGE: 'De inhoud van het verzoek is te groot.',
  ROUTE_NOT_FOUND: 'Deze API-route bestaat niet.',
  RATE_LIMITED: 'Te veel verzoeken; probeer het zo dadelijk opnieuw.',
  SERVICE_BUSY: 'De dienst is druk bezet; probeer het over {retryAfterSeconds} seconden opnieuw.',
  SERVICE_UNAVAILABLE:
    'De dienst kan zijn database nu niet bereiken; probeer het over {retryAfterSeconds} seconden opnieuw.',
  INTERNAL_ERROR: 'Er ging bij ons iets mis; de fout is gelogd.',
  'v.required': '{field} is verplicht.',
  'v.type': '{field} moet {expected} zijn.',
  'v.min.string': '{field} mag niet leeg zijn.',
  'v.min.string.n': '{field} moet minstens {min} tekens hebben.',
  'v.max.string': '{field} mag hoogstens {max} tekens hebben.',
  'v.min.array': '{field} moet minstens {min} element(en) bevatten.',
  'v.max.array': '{field} mag hoogstens {max} elementen bevatten.',
  'v.min.number': '{field} moet minstens {min} zijn.',
  'v.max.number': '{field} mag hoogstens {max} zijn.',
  'v.format': '{field} moet {format} zijn.',
  'v.enum': '{field} moet een van deze waarden zijn: {values}.',
  'v.unknown': '{field} is geen bekend veld.',
  'v.empty': 'Stuur minstens één veld om te wijzigen.',
  'v.invalid': '{field} is niet geldig.',
  INVALID_LOGO: 'Het logo kan niet worden gebruikt.',
  DOCUMENT_RENDER_FAILED:
    'De pdf kon niet binnen zijn grenzen worden gemaakt ({reason}); de mislukking staat in de geschiedenis van het document. Probeer het later opnieuw of upload uw eigen pdf.',
  'logo.type': 'Het logo moet PNG, JPEG of SVG zijn: {mimeType} kan niet op de pdf-factuur worden getekend.',
  'logo.too_large': 'Het logo is groter dan {limit} bytes.',
  'logo.not_the_declared_type': 'De inhoud van het logo is geen afbeelding van het opgegeven type.',
  'logo.dimensions':
    'Het logo is {width} × {height} pixels; hoogstens 4096 per zijde en 8 megapixel in totaal.',
  'logo.unreadable': 'Het SVG-logo is onleesbaar: {detail}.',
  'logo.svg_element':
    'Het SVG-logo bevat <{element}>, dat een logo niet mag gebruiken (vormen, tekst, groepen, verlopen, uitknippaden en ingesloten PNG- of JPEG-afbeeldingen mogen wel).',
  'logo.svg_attribute':
    'Het element <{element}> van het SVG-logo heeft het attribuut {attribute}, dat een logo niet mag gebruiken (geen scripts of event handlers).',
  'logo.svg_external_reference':
    'Het element <{element}> van het SVG-logo verwijst naar iets buiten het bestand; een logo mag alleen naar zijn eigen elementen (#id) verwijzen of PNG- of JPEG-gegevens insluiten.',
  'logo.svg_doctype': 'Het SVG-logo heeft een DOCTYPE; verwijder het (entiteiten zijn niet toegestaan).',
  'logo.svg_too_many_elements': 'Het SVG-logo heeft meer dan {limit} elementen.',
  'logo.svg_too_deep': 'Het SVG-logo nest zijn elementen meer dan {limit} niveaus diep.',
  'logo.svg_expansion':
    'Het SVG-logo zou meer dan {limit} elementen tekenen zodra de <use>-verwijzingen zijn uitgewerkt.',
  'v.characters':
    '{field} bevat een stuurteken ({character}) dat niet kan worden opgeslagen; verwijder het en stuur de tekst opnieuw.',
  't.string': 'een tekenreeks',
  't.number': 'een getal',
  't.int': 'een geheel getal',
  't.boolean': 'true of false',
  't.array': 'een lijst',
  't.object': 'een object',
  'f.date': 'een datum als JJJJ-MM-DD',
  'f.currency': 'een ISO 4217-muntcode zoals EUR',
  'f.country': 'een ISO 3166-landcode van twee letters zoals BE',
  'f.timeZone': 'een IANA-tijdzone zoals Europe/Brussels',
  'f.documentNumber': 'een documentnummer van letters, cijfers en . _ / # -',
  'f.quantity': 'een decimaal getal met hoogstens 4 decimalen',
  'f.color': 'een kleur als #RRGGBB',
  'f.iban': 'een geldig IBAN',
  'f.bic': 'een geldige BIC',
  'f.stripe_secret_key': 'een geheime Stripe-sleutel (sk_live_…, sk_test_… of rk_…)',
  'f.stripe_webhook_secret': 'een Stripe-webhookondertekeningsgeheim (whsec_…)',
  'f.mollie_api_key': 'een Mollie-API-sleutel (live_… of test_…)',
  'f.base64': 'base64-gecodeerde gegevens',
  'f.email': 'een geldig e-mailadres',
  'f.uuid': 'een geldige id (UUID)',
  'f.url': 'een geldige URL',
};

const de: Catalog = {
  INVALID_WEBHOOK_URL:
    'Die Webhook-URL muss eine absolute https://-URL ohne Benutzername und Passwort sein (http:// nur für localhost, 127.0.0.1 und [::1]).',
  WEBHOOK_ADDRESS_REFUSED:
    'Der Host {host} der Webhook-URL ist keine öffentliche Internetadresse (dieser Rechner, ein privates oder link-lokales Netz, ein Cloud-Metadatendienst oder ein reservierter Bereich): Webhooks werden nur an öffentliche Adressen gesendet.',
  INVALID_WEBHOOK_EVENTS: 'Abonnieren Sie für den Endpunkt mindestens ein Ereignis, jedes aus: {values}.',
  WEBHOOK_ENDPOINT_NOT_FOUND: 'In Ihrer Organisation gibt es keinen Webhook-Endpunkt mit dieser ID.',
  WEBHOOK_DELIVERY_NOT_FOUND: 'In Ihrer Organisation gibt es keine Webhook-Zustellung mit dieser ID.',
  WEBHOOK_DELIVERY_PENDING:
    'Diese Zustellung steht noch aus und wird automatisch wiederholt; stellen Sie sie erneut zu, sobald sie zugestellt oder fehlgeschlagen ist.',
  WEBHOOK_ENDPOINT_DISABLED:
    'Der Endpunkt dieser Zustellung ist deaktiviert; aktivieren Sie ihn vor der erneuten Zustellung.',
  INVALID_EMAIL_TEMPLATE: 'Die Vorlage ist ungültig.',
  DEFAULT_TEMPLATE:
    'Die Standardvorlage einer Sprache kann bearbeitet, aber weder gelöscht noch einer anderen Sprache zugeordnet werden.',
  DUPLICATE_NAME: 'Eine andere Vorlage hat bereits diesen Namen.',
  PORTAL_LINK_REVOKED:
    'Der Portal-Link dieses Kunden ist widerrufen; erneuern Sie ihn, um einen neuen zu erstellen.',
  INVALID_COMMENT: 'Der Kommentar ist leer oder zu lang.',
  'comment.empty': 'Schreiben Sie den Kommentar in „{field}“: Er ist leer.',
  'comment.too_long': 'Der Kommentar ist zu lang: höchstens {max} Zeichen.',
  'comment.invalid_characters':
    'Der Kommentar enthält ein Steuerzeichen, das nicht gespeichert werden kann; entfernen Sie es und senden Sie ihn erneut.',
  EMAIL_TEMPLATE_NOT_FOUND: 'Ihre Organisation hat keine E-Mail-Vorlage mit dieser ID.',
  NOTHING_DUE: 'Auf dieser Rechnung ist nichts offen.',
  PAYMENT_IN_PROGRESS: 'Eine Zahlung dieser Rechnung ist bereits unterwegs.',
  SIGN_IN_LINK_INVALID:
    'Dieser Anmeldelink gilt nicht mehr: Er wurde schon benutzt, ist abgelaufen (ein Link gilt 15 Minuten) oder ist unvollständig. Fordern Sie einen neuen an.',
  SIGN_IN_RATE_LIMITED:
    'Es wurden zu viele Anmeldelinks angefordert; versuchen Sie es in {retryAfterSeconds} Sekunden erneut.',
  PAYMENTS_LOCKED:
    'Die Online-Zahlung dieser Rechnung ist nach fünf fehlgeschlagenen Versuchen gesperrt; versuchen Sie es später erneut.',
  UNKNOWN_PAYMENT_METHOD: 'Diese Zahlungsart ist für diese Rechnung nicht verfügbar.',
  PROVIDER_UNAVAILABLE:
    'Der Zahlungsanbieter ist gerade nicht erreichbar; versuchen Sie es in einigen Minuten erneut.',
  INVALID_PROVIDER_CREDENTIALS: 'Der Zahlungsanbieter hat diese Zugangsdaten abgelehnt: {reason}',
  NO_RECIPIENTS:
    'Es gibt keinen Empfänger: Der Kunde hat keine E-Mail-Adresse; geben Sie die Empfänger in „to“ an.',
  EMAIL_NOT_RETRYABLE: 'Nur eine fehlgeschlagene Nachricht kann erneut gesendet werden.',
  UNSUPPORTED_MEDIA_TYPE_FILE: 'Senden Sie die Datei als Anfrageinhalt mit Content-Type: {type}.',
  INVALID_PDF: 'Senden Sie eine PDF-Datei (application/pdf, beginnend mit %PDF-) von höchstens 10 MB.',
  VALIDATION_FAILED: 'Die Anfrage ist ungültig: {field}.',
  CREDIT_NOTE_NOT_FOUND: 'In Ihrer Organisation gibt es keine Gutschrift mit dieser ID.',
  PAYMENT_NOT_FOUND: 'Auf dieser Rechnung gibt es keine Zahlung mit dieser ID.',
  EMAIL_NOT_FOUND: 'In Ihrer Organisation gibt es keine E-Mail mit dieser ID.',
  ADMIN_USER_NOT_FOUND: 'In Ihrer Organisation gibt es keinen Administrator mit dieser ID.',
  API_KEY_NOT_FOUND: 'In Ihrer Organisation gibt es keinen API-Schlüssel mit dieser ID.',
  PAYMENT_ACCOUNT_NOT_FOUND: 'Mit Ihrer Organisation ist kein Zahlungskonto mit dieser ID verbunden.',
  CUSTOMER_NOT_FOUND: 'In Ihrer Organisation gibt es keinen Kunden mit dieser ID.',
  INVOICE_NOT_FOUND: 'In Ihrer Organisation gibt es keine Rechnung mit dieser ID.',
  DUPLICATE_NUMBER: 'Die Nummer {number} wird in Ihrer Organisation bereits verwendet.',
  DUPLICATE_EXTERNAL_ID: 'Ein anderer Kunde hat bereits diese externe ID.',
  DUPLICATE_EMAIL: 'Es gibt bereits einen Administrator mit dieser E-Mail-Adresse.',
  INVOICE_IMMUTABLE:
    'Diese Rechnung wurde ausgestellt und kann nicht mehr geändert werden; korrigieren Sie sie mit einer Gutschrift.',
  INVOICE_NOT_ISSUED: 'Diese Rechnung ist noch ein Entwurf; stellen Sie sie zuerst aus.',
  INVALID_LINE: 'Das Positionsfeld {field} ist ungültig: {reason}.',
  NEGATIVE_TOTAL: 'Die Summe der Positionen darf nicht negativ sein.',
  INVALID_CURRENCY: '{currency} ist keine unterstützte ISO-4217-Währung.',
  CURRENCY_MISMATCH: 'Die Währung muss die Rechnungswährung sein, {expected}.',
  CREDIT_EXCEEDS_INVOICE:
    'Die Gutschriften würden die Rechnung übersteigen: Es können höchstens noch {remaining} gutgeschrieben werden.',
  TOO_MANY_CREDIT_NOTES: 'Diese Rechnung hat bereits {limit} Gutschriften, die Höchstzahl für eine Rechnung.',
  DUE_BEFORE_ISSUE: 'Das Fälligkeitsdatum darf nicht vor dem Rechnungsdatum liegen.',
  INVALID_PAYMENT_REFERENCE:
    '{reference} ist weder eine gültige belgische strukturierte Mitteilung noch eine ISO-11649-RF-Referenz.',
  PAYMENT_NOT_REMOVABLE:
    'Eine über einen Zahlungsanbieter erhaltene Zahlung kann nicht von Hand entfernt werden.',
  LAST_ADMIN:
    'Der letzte Administrator kann nicht entfernt werden: Jemand muss die Benachrichtigungen erhalten.',
  UNAUTHORIZED: 'Senden Sie einen gültigen API-Schlüssel als „Authorization: Bearer <Schlüssel>“.',
  INVALID_JSON: 'Der Anfrageinhalt ist kein gültiges JSON.',
  UNSUPPORTED_MEDIA_TYPE: 'Senden Sie den Anfrageinhalt als application/json.',
  PAYLOAD_TOO_LARGE: 'Der Anfrageinhalt ist zu groß.',
  ROUTE_NOT_FOUND: 'Diese API-Route gibt es nicht.',
  RATE_LIMITED: 'Zu viele Anfragen; versuchen Sie es gleich noch einmal.',
  SERVICE_BUSY: 'Der Dienst ist ausgelastet; versuchen Sie es in {retryAfterSeconds} Sekunden erneut.',
  SERVICE_UNAVAILABLE:
    'Der Dienst erreicht seine Datenbank gerade nicht; versuchen Sie es in {retryAfterSeconds} Sekunden erneut.',
  INTERNAL_ERROR: 'Bei uns ist ein Fehler aufgetreten; er wurde protokolliert.',
  'v.required': '{field} ist erforderlich.',
  'v.type': '{field} muss {expected} sein.',
  'v.min.string': '{field} darf nicht leer sein.',
  'v.min.string.n': '{field} muss mindestens {min} Zeichen haben.',
  'v.max.string': '{field} darf höchstens {max} Zeichen haben.',
  'v.min.array': '{field} muss mindestens {min} Element(e) enthalten.',
  'v.max.array': '{field} darf höchstens {max} Elemente enthalten.',
  'v.min.number': '{field} muss mindestens {min} sein.',
  'v.max.number': '{field} darf höchstens {max} sein.',
  'v.format': '{field} muss {format} sein.',
  'v.enum': '{field} muss einer dieser Werte sein: {values}.',
  'v.unknown': '{field} ist kein bekanntes Feld.',
  'v.empty': 'Senden Sie mindestens ein Feld zum Ändern.',
  'v.invalid': '{field} ist ungültig.',
  INVALID_LOGO: 'Das Logo kann nicht verwendet werden.',
  DOCUMENT_RENDER_FAILED:
    'Das PDF konnte nicht innerhalb seiner Grenzen erstellt werden ({reason}); der Fehler ist im Verlauf des Dokuments vermerkt. Versuchen Sie es später erneut oder laden Sie Ihr eigenes PDF hoch.',
  'logo.type':
    'Das Logo muss PNG, JPEG oder SVG sein: {mimeType} kann nicht auf die PDF-Rechnung gezeichnet werden.',
  'logo.too_large': 'Das Logo ist größer als {limit} Bytes.',
  'logo.not_the_declared_type': 'Der Inhalt des Logos ist kein Bild des angegebenen Typs.',
  'logo.dimensions':
    'Das Logo misst {width} × {height} Pixel; höchstens 4096 je Seite und 8 Megapixel insgesamt.',
  'logo.unreadable': 'Das SVG-Logo ist nicht lesbar: {detail}.',
  'logo.svg_element':
    'Das SVG-Logo enthält <{element}>, das ein Logo nicht verwenden darf (Formen, Text, Gruppen, Verläufe, Beschneidungspfade und eingebettete PNG- oder JPEG-Bilder sind erlaubt).',
  'logo.svg_attribute':
    'Das Element <{element}> des SVG-Logos hat das Attribut {attribute}, das ein Logo nicht verwenden darf (keine Skripte oder Ereignis-Handler).',
  'logo.svg_external_reference':
    'Das Element <{element}> des SVG-Logos verweist auf etwas außerhalb der Datei; ein Logo darf nur auf eigene Elemente (#id) verweisen oder PNG- bzw. JPEG-Daten einbetten.',
  'logo.svg_doctype': 'Das SVG-Logo hat einen DOCTYPE; entfernen Sie ihn (Entitäten sind nicht erlaubt).',
  'logo.svg_too_many_elements': 'Das SVG-Logo hat mehr als {limit} Elemente.',
  'logo.svg_too_deep': 'Das SVG-Logo verschachtelt seine Elemente tiefer als {limit} Ebenen.',
  'logo.svg_expansion':
    'Das SVG-Logo würde mehr als {limit} Elemente zeichnen, sobald seine <use>-Verweise aufgelöst sind.',
  'v.characters':
    '{field} enthält ein Steuerzeichen ({character}), das nicht gespeichert werden kann; entfernen Sie es und senden Sie den Text erneut.',
  't.string': 'eine Zeichenkette',
  't.number': 'eine Zahl',
  't.int': 'eine ganze Zahl',
  't.boolean': 'true oder false',
  't.array': 'eine Liste',
  't.object': 'ein Objekt',
  'f.date': 'ein Datum im Format JJJJ-MM-TT',
  'f.currency': 'ein ISO-4217-Währungscode wie EUR',
  'f.country': 'ein zweistelliger ISO-3166-Ländercode wie BE',
  'f.timeZone': 'eine IANA-Zeitzone wie Europe/Brussels',
  'f.documentNumber': 'eine Belegnummer aus Buchstaben, Ziffern und . _ / # -',
  'f.quantity': 'eine Dezimalzahl mit höchstens 4 Nachkommastellen',
  'f.color': 'eine Farbe im Format #RRGGBB',
  'f.iban': 'eine gültige IBAN',
  'f.bic': 'eine gültige BIC',
  'f.stripe_secret_key': 'ein geheimer Stripe-Schlüssel (sk_live_…, sk_test_… oder rk_…)',
  'f.stripe_webhook_secret': 'ein Stripe-Webhook-Signaturgeheimnis (whsec_…)',
  'f.mollie_api_key': 'ein Mollie-API-Schlüssel (live_… oder test_…)',
  'f.base64': 'base64-kodierte Daten',
  'f.email': 'eine gültige E-Mail-Adresse',
  'f.uuid': 'eine gültige ID (UUID)',
  'f.url': 'eine gültige URL',
};

export const API_MESSAGES: Record<Lang, Catalog> = { en, fr, nl, de };

export type ApiMessageKey = ErrorCode | keyof typeof en;

const api = defineCatalog(API_MESSAGES);

/**
 * A message in `lang`, with `{name}` placeholders filled (`interpolate` in `catalog.ts`); a key missing
 * in `lang` falls back to English, and an unknown key is returned as is (callers test for that).
 */
export function apiMessage(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  return api.format(lang, key, params);
}
