// One copy of each repeated text in the read model: SKUs, product and item names, shop names,
// logistics, usernames, issue sources and sales texts repeat across thousands of lines, and every
// row read from the database arrives as a fresh string. Interning keeps one.
export class Interner {
  readonly #strings = new Map<string, string>();

  /** The kept copy of `s` (null stays null). */
  of(s: string): string;
  of(s: string | null): string | null;
  of(s: string | null): string | null {
    if (s === null) return null;
    const known = this.#strings.get(s);
    if (known !== undefined) return known;
    this.#strings.set(s, s);
    return s;
  }

  get size(): number {
    return this.#strings.size;
  }

  /** Forgets every string (a full rebuild starts over, so texts no longer used can go). */
  clear(): void {
    this.#strings.clear();
  }
}
