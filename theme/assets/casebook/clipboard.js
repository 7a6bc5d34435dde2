/* Casebook: copying to the clipboard, written once for the copy buttons of a case (share.js)
 * and the heading anchors (casebook.js). */

/* Resolves to true once `text` is on the clipboard, or to false where the asynchronous
 * clipboard is missing (an intranet served over plain HTTP) or refused (no permission). */
export function copyText(text) {
  if (!navigator.clipboard || !window.isSecureContext) return Promise.resolve(false);
  return navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
}

/* The older way: select the element's text and ask for the copy command. Returns whether the
 * browser copied it; either way the text stays selected, for the reader to copy. */
export function copyBySelecting(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}
