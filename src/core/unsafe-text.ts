/**
 * The one rule for text that comes from outside (API bodies, queries and parameters, portal and back-office
 * forms, payment notifications): it may not contain characters that PostgreSQL cannot store or that no
 * legitimate text needs. Refused: the C0 controls except tab, line feed and carriage return (U+0000 is the
 * one PostgreSQL rejects outright), DEL, the C1 controls (U+0080–U+009F), lone surrogates (they would be
 * silently replaced when encoded as UTF-8) and the non-characters U+FFFE and U+FFFF.
 *
 * @module
 */

const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first refused character of `text`, as `U+XXXX`, or null when the text is acceptable. */
export function unsafeCharacter(text: string): string | null {
  const found = UNSAFE.exec(text);
  if (!found) return null;
  const code = found[0].charCodeAt(0);
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Where in a value a refused character sits: the path of keys and indexes, and the character. */
export interface UnsafeText {
  path: (string | number)[];
  character: string;
}

/**
 * Walks a parsed input (JSON, a form, a query) and returns the first string — value or object key — that
 * holds a refused character. Iterative, so a deeply nested input cannot exhaust the stack.
 */
export function findUnsafeText(value: unknown): UnsafeText | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof item.value === 'string') {
      const character = unsafeCharacter(item.value);
      if (character) return { path: item.path, character };
    } else if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--)
        stack.push({ value: item.value[i], path: [...item.path, i] });
    } else if (item.value !== null && typeof item.value === 'object' && !Buffer.isBuffer(item.value)) {
      const entries = Object.entries(item.value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const character = unsafeCharacter(key);
        if (character) return { path: [...item.path, key], character };
        stack.push({ value: child, path: [...item.path, key] });
      }
    }
  }
  return null;
}
