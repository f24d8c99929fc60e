/** A readable, valid GUID for fakes: `guid('a', 3)` is `a0000000-0000-4000-8000-000000000003`. */
export function guid(kind: string, n: number): string {
  return `${kind.padEnd(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
