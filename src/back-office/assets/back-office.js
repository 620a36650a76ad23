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
