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
