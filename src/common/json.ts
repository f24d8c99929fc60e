import { cleanDeep } from './input-text';

/** A value that survives a round trip through a jsonb column. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };
export type JsonObject = { [key: string]: JsonValue | undefined };

/**
 * The TypeScript type of a jsonb column on an entity. TypeORM's deep-partial insert types cannot
 * recurse through JsonValue ("type instantiation is excessively deep"), so columns stay loose and
 * the helpers that write them take JsonObject.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonColumn = Record<string, any>;

/** Hands a JSON object to a jsonb entity column (text cleaned: jsonb takes no NUL, no lone surrogate). */
export const toJsonColumn = (value: JsonObject | undefined): JsonColumn => cleanDeep(value ?? {});

/**
 * A value as a jsonb query parameter. jsonb refuses NUL and lone surrogates (`\u0000`, `\ud800`
 * escapes): they are cleaned here, the one way repositories serialize jsonb, whatever got past the edge.
 */
export const jsonbParam = (value: unknown): string => JSON.stringify(cleanDeep(value));
