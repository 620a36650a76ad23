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
