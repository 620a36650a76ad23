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

// Live totals: on a form marked data-live-totals, each change posts the form's own Recalculate (the server
// prices the lines, as the button does without scripts) and shows the totals of the answer.
(() => {
  const form = document.querySelector('form[data-live-totals]');
  const totals = document.getElementById('invoice-totals');
  if (!form || !totals || !window.fetch || !window.DOMParser) return;
  let timer = 0;
  let sent = 0;
  const refresh = async () => {
    const ticket = ++sent;
    const body = new URLSearchParams(new FormData(form));
    body.set('intent', 'recalculate');
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById('invoice-totals');
      const figures = fresh?.querySelector('.figures');
      const current = totals.querySelector('.figures');
      // A newer change has already been sent, or the answer has no totals (a line is not valid yet).
      if (ticket !== sent || !figures) return;
      if (current) current.replaceWith(document.importNode(figures, true));
      else totals.insertBefore(document.importNode(figures, true), totals.querySelector('p'));
    } catch {
      // Offline or refused: the Recalculate button still works.
    }
  };
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener('change', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 50);
  });
})();

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

// Live preview: on a form marked data-live-preview, each change posts the form's own Preview (the server
// renders the text with a real invoice, as the button does without scripts) and shows the answer's preview.
(() => {
  const form = document.querySelector('form[data-live-preview]');
  const preview = document.getElementById('template-preview');
  if (!form || !preview || !window.fetch || !window.DOMParser) return;
  let timer = 0;
  let sent = 0;
  const refresh = async () => {
    const ticket = ++sent;
    const body = new URLSearchParams(new FormData(form));
    body.set('intent', 'preview');
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById('template-preview');
      // A newer change has already been sent, or the answer is not the editor (signed out, refused).
      if (ticket !== sent || !fresh) return;
      preview.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
    } catch {
      // Offline or refused: the Preview button still works.
    }
  };
  const later = (delay) => () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay);
  };
  form.addEventListener('input', later(500));
  form.addEventListener('change', later(50));
})();
