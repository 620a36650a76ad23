import { unsafeCharacter } from '../../core/unsafe-text.ts';

/** The longest comment, in characters (code points), on either side of a thread. */
export const COMMENT_MAX_LENGTH = 2000;

/** Why a comment's text is refused, for the portal's and the API's localized message. */
export type CommentProblem = 'empty' | 'too_long' | 'invalid_characters';

/**
 * The one rule for a comment's text, the customer's in the portal and the business's reply alike: not
 * empty once trimmed, at most {@link COMMENT_MAX_LENGTH} characters, no character `core/unsafe-text.ts`
 * refuses. A comment is stored trimmed ({@link commentText}).
 */
export function commentProblem(body: string): CommentProblem | null {
  const text = commentText(body);
  if (text.length === 0) return 'empty';
  if ([...text].length > COMMENT_MAX_LENGTH) return 'too_long';
  if (unsafeCharacter(text)) return 'invalid_characters';
  return null;
}

/** The text as stored. */
export const commentText = (body: string): string => body.trim();
