/** One part of a multipart/form-data body: a field, or a file. */
export type Part =
  | { name: string; value: string }
  | { name: string; fileName: string; contentType: string; content: Buffer };

/** A multipart/form-data body as a browser sends it, parts in order. */
export function multipart(parts: readonly Part[]): { body: Buffer; contentType: string } {
  const boundary = '----InvoicePortalTestBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head =
      'content' in part
        ? `Content-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.contentType}\r\n`
        : `Content-Disposition: form-data; name="${part.name}"\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`));
    chunks.push('content' in part ? part.content : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
