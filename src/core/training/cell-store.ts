/**
 * The generated values of one org unit and period, keyed `de.coc` (what `#{de.coc}` reads), with
 * an index by data element so a rule only sees the values it reads.
 */
export class CellStore {
  private readonly values = new Map<string, number>();
  private readonly byDataElement = new Map<string, string[]>();

  /** `zeroStored`: data elements whose zeros DHIS2 keeps (zeroIsSignificant, booleans); other zeros are absent. */
  constructor(private readonly zeroStored: ReadonlySet<string>) {}

  set(dataElement: string, coc: string, value: number): void {
    const key = `${dataElement}.${coc}`;
    if (!this.values.has(key)) {
      const keys = this.byDataElement.get(dataElement) ?? [];
      keys.push(key);
      this.byDataElement.set(dataElement, keys);
    }
    this.values.set(key, value);
  }

  get(key: string): number {
    return this.values.get(key) ?? 0;
  }

  setKey(key: string, value: number): void {
    this.values.set(key, value);
  }

  /** Keys of one cell (`de.coc`) or of all cells of a data element (`de`). */
  keysOf(dataElement: string, coc?: string): string[] {
    if (coc !== undefined) return this.values.has(`${dataElement}.${coc}`) ? [`${dataElement}.${coc}`] : [];
    return this.byDataElement.get(dataElement) ?? [];
  }

  /** The values as the server would hold them, limited to some cells and whole data elements. */
  stored(reads: { cells: readonly string[]; wholeDataElements: readonly string[] }): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of reads.cells) {
      const value = this.values.get(key);
      if (value !== undefined && (value !== 0 || this.zeroStored.has(key.slice(0, key.indexOf('.')))))
        out[key] = value;
    }
    for (const de of reads.wholeDataElements) {
      const keepZero = this.zeroStored.has(de);
      for (const key of this.byDataElement.get(de) ?? []) {
        const value = this.values.get(key)!;
        if (value !== 0 || keepZero) out[key] = value;
      }
    }
    return out;
  }

  /** The stored value of a cell, or undefined when it would not be stored at all. */
  storedValue(dataElement: string, coc: string): number | undefined {
    const value = this.values.get(`${dataElement}.${coc}`);
    if (value === undefined || (value === 0 && !this.zeroStored.has(dataElement))) return undefined;
    return value;
  }
}
