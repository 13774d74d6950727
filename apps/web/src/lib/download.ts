/**
 * Save text the app already holds (a CSV, an export) as a file, under the given
 * name. The link is attached to the document because some browsers ignore a
 * click on a detached one; the object URL lives a moment after the click, which
 * the browser needs to start the download.
 */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
