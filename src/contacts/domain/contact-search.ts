/**
 * What a free-text search (`?q=`) looks for. Pure: the phone normalizer is handed in (the
 * identity module's, which reads national formats in the configured region), so a phone typed
 * as `03-1234-5678` or `+81 3 1234 5678` finds the contact stored as `+81312345678`.
 */
export interface SearchTerms {
  /** `%text%` for ILIKE, with LIKE's wildcards (`%`, `_`, `\`) escaped: typed text matches literally. */
  like: string;
  /**
   * The query read as a whole phone number, E.164; null when it is not one. An international
   * number libphonenumber does not know as valid (a range newer than its metadata, a test range)
   * still counts when typed as `+` and 8 to 15 digits: carriers deliver such numbers as callers.
   */
  phone: string | null;
  /**
   * A partial number: the digits of a query made only of phone characters, without a national
   * trunk `0`, for a substring match on stored E.164 numbers; null when the query is not that, or
   * is a whole number (`phone`), which finds that number exactly, by its b-tree index: a substring
   * match of a whole number's digits inside other numbers is what contact centers do not want, and
   * the trigram index reads most of its posting lists for it (seconds at 1,000,000 contacts).
   */
  digits: string | null;
}

/** Fewest digits a partial phone search needs: fewer would match nearly every number. */
export const MIN_PHONE_DIGITS = 4;

/** `+` and 8 to 15 digits: an E.164 number as typed, separators aside. */
const E164_SHAPE = /^\+\d{8,15}$/;

const PHONE_CHARACTERS = /^[\d\s()+.\-\u3000\uff0b\uff0d\uff08\uff09\uff10-\uff19]+$/u;

export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchTermsOf(query: string, normalizePhone: (text: string) => string | null): SearchTerms {
  // Full-width digits and signs, as Japanese and Chinese input methods type them, are plain ones.
  const text = query.normalize('NFKC').trim();
  const phoneLike = PHONE_CHARACTERS.test(text);
  const compact = text.replace(/[\s().-]/g, '');
  const phone = phoneLike ? (normalizePhone(text) ?? (E164_SHAPE.test(compact) ? compact : null)) : null;
  const digitsOnly = phoneLike && phone === null ? text.replace(/\D/g, '').replace(/^0+/, '') : '';
  return {
    like: `%${escapeLike(text)}%`,
    phone,
    digits: digitsOnly.length >= MIN_PHONE_DIGITS ? digitsOnly : null,
  };
}
