// A pure function of a text, remembered for the texts it has seen: an import file repeats the same
// few shop names, carriers and SKUs on thousands of rows, and each costs a normalisation pass.
// Bounded: past `limit` distinct texts the rest are computed as they come.

/** `fn` with its results kept per input text (at most `limit` of them). */
export function memoByText<T>(fn: (text: string) => T, limit = 20_000): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    const hit = seen.get(text);
    if (hit !== undefined || seen.has(text)) return hit as T;
    const value = fn(text);
    if (seen.size < limit) seen.set(text, value);
    return value;
  };
}
