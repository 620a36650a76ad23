// Back office: progressive enhancement only; every page works without this file.
// Copy buttons: a <button data-copy="ID" hidden> next to a read-only field; shown when the clipboard works.
(() => {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.getAttribute('data-copy'));
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    const label = button.textContent;
    const status = document.getElementById(`${button.getAttribute('data-copy')}-status`);
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        if (status) status.textContent = button.getAttribute('data-copied') ?? '';
      } catch {
        field.select();
      }
      setTimeout(() => {
        if (status) status.textContent = '';
        button.textContent = label;
      }, 2500);
    });
  }
})();

// Live parts: a form marked data-live-intent posts itself with that intent (the server prices an
// invoice's lines, or draws a branding preview, as the form's own button does without scripts) on each
// change, and the element named by data-live-target takes the answer's element of the same id.
for (const form of document.querySelectorAll('form[data-live-intent][data-live-target]')) {
  const intent = form.getAttribute('data-live-intent');
  const targetId = form.getAttribute('data-live-target');
  if (!document.getElementById(targetId) || !window.fetch || !window.DOMParser) continue;
  let timer = 0;
  let sent = 0;
  const refresh = async () => {
    const ticket = ++sent;
    const body = new URLSearchParams(new FormData(form));
    body.set('intent', intent);
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      // A newer change was sent meanwhile, or this one is refused (a field not valid yet): keep what shows.
      if (ticket !== sent || !response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById(targetId);
      const current = document.getElementById(targetId);
      if (fresh && current && fresh.innerHTML !== current.innerHTML) current.innerHTML = fresh.innerHTML;
    } catch {
      // Offline: the form's own button still works.
    }
  };
  const later = (delay) => () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay);
  };
  form.addEventListener('input', later(400));
  form.addEventListener('change', later(50));
}

// Shortcode palette: a <button data-insert="#CODE" data-insert-into="ID" hidden> beside each code; shown
// with scripts, it types its code at the cursor of that textarea (the code stays listed without them).
(() => {
  for (const button of document.querySelectorAll('button[data-insert]')) {
    const field = document.getElementById(button.getAttribute('data-insert-into'));
    if (!field || typeof field.setRangeText !== 'function') continue;
    button.hidden = false;
    const code = button.previousElementSibling;
    if (code && code.tagName === 'CODE') code.hidden = true;
    button.addEventListener('click', () => {
      const text = button.getAttribute('data-insert') ?? '';
      field.focus();
      field.setRangeText(text, field.selectionStart, field.selectionEnd, 'end');
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
})();

// Passkeys (WebAuthn), the one part of the back office that needs this script: navigator.credentials
// directly, with base64url written out by hand (no library, no bundler). A form marked
// data-passkey-register (Your sign-in) or data-passkey-sign-in (the sign-in page) stays hidden unless the
// browser has WebAuthn. On submit, its options come from a POST to the address in the attribute (the
// register one carries the form's CSRF token), the browser's passkey dialog answers them, and the answer
// goes into the form's `credential` field, which is then posted as usual: the server checks it and
// answers with a page, as for every other form.
(() => {
  const forms = document.querySelectorAll('form[data-passkey-register], form[data-passkey-sign-in]');
  if (forms.length === 0 || !window.PublicKeyCredential || !navigator.credentials || !window.fetch) return;
  const fromBase64url = (text) => {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
  };
  const toBase64url = (buffer) => {
    let binary = '';
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const creationOptions = (o) => ({
    ...o,
    challenge: fromBase64url(o.challenge),
    user: { ...o.user, id: fromBase64url(o.user.id) },
    excludeCredentials: (o.excludeCredentials ?? []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
  });
  const requestOptions = (o) => ({
    ...o,
    challenge: fromBase64url(o.challenge),
    allowCredentials: (o.allowCredentials ?? []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
  });
  // The JSON shape @simplewebauthn/server reads (RegistrationResponseJSON / AuthenticationResponseJSON).
  const credentialJson = (credential) => {
    const r = credential.response;
    const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    });
  };
  for (const form of forms) {
    const registering = form.hasAttribute('data-passkey-register');
    const optionsUrl = form.getAttribute(registering ? 'data-passkey-register' : 'data-passkey-sign-in');
    const status = form.querySelector('[data-passkey-status]');
    const field = form.querySelector('input[name="credential"]');
    form.hidden = false;
    for (const note of document.querySelectorAll('[data-passkey-unsupported]')) note.hidden = true;
    let busy = false;
    form.addEventListener('submit', async (event) => {
      if (field.value !== '') return; // The answer is in: post it.
      // Without a name the server refuses at once; no passkey is made for nothing.
      const name = form.querySelector('input[name="name"]');
      if (name && name.value.trim() === '') return;
      event.preventDefault();
      if (busy) return;
      busy = true;
      if (status) status.textContent = '';
      try {
        const csrf = form.querySelector('input[name="_csrf"]');
        const body = new URLSearchParams(csrf ? { _csrf: csrf.value } : {});
        const response = await fetch(optionsUrl, {
          method: 'POST',
          body,
          credentials: 'same-origin',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        });
        if (!response.ok) throw new Error(`options: ${response.status}`);
        const options = await response.json();
        const credential = registering
          ? await navigator.credentials.create({ publicKey: creationOptions(options) })
          : await navigator.credentials.get({ publicKey: requestOptions(options) });
        if (!credential) throw new Error('no credential');
        field.value = credentialJson(credential);
        form.submit();
      } catch {
        // Cancelled, timed out or refused by the browser: nothing was sent; the e-mailed link still works.
        if (status) status.textContent = form.getAttribute('data-cancelled') ?? '';
      } finally {
        busy = false;
      }
    });
  }
})();
