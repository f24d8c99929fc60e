/** Solution complexity: simple (hardware-centric catalog products), standard, complex. */
export const COMPLEXITIES = ['simple', 'standard', 'complex'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];
