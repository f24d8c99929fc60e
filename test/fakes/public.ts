/** The public surface of a class: what a typed fake must implement (private members excluded). */
export type Public<T> = { [K in keyof T]: T[K] };

/** Hands a typed fake to a constructor that expects the real class. */
export const asPort = <T>(fake: Public<T>): T => fake;
