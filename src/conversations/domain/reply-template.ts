/**
 * Reply templates' placeholders and their rendering. Pure. A template names only known
 * placeholders (checked when it is written); a value never brings a line break into a subject
 * (a header), so a customer's name cannot add a mail header.
 */

export const PLACEHOLDERS = [
  'contact.name',
  'contact.email',
  'contact.phone',
  'contact.company',
  'contact.subject',
  'customer.name',
  'agent.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type PlaceholderValues = Partial<Record<Placeholder, string | null>>;

const PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders of a text that are not known ones, in order of appearance, once each. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PATTERN)) {
    const name = match[1] ?? '';
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/** Replaces CR, LF and the other line separators with a space: what a header may hold. */
export const singleLine = (value: string): string => value.replace(/[\r\n\u2028\u2029\u0085\v\f]+/g, ' ');

/** The text with each placeholder replaced by its value (empty when missing). */
export function renderTemplate(
  text: string,
  values: PlaceholderValues,
  options: { singleLine?: boolean } = {},
): string {
  const rendered = text.replace(PATTERN, (whole, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const value = values[name as Placeholder] ?? '';
    return options.singleLine ? singleLine(value) : value;
  });
  return options.singleLine ? singleLine(rendered) : rendered;
}
