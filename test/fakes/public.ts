/** The public surface of a class: what a typed fake must implement (private members excluded). */
export type Public<T> = { [K in keyof T]: T[K] };

/** Hands a typed fake to a constructor that expects the real class. */
export const asPort = <T>(fake: Public<T>): T => fake;

/**
 * Hands a fake of only the methods a service uses (a `Pick` of the class): a spec that reaches a
 * method the fake lacks fails loudly with "is not a function".
 */
export const asPartialPort = <T>(fake: Partial<Public<T>>): T => fake as T;
