import type { ItemNode } from './ast.js';

/**
 * The values an offline evaluation reads, keyed the way the items are written (documented key scheme):
 *
 * | item                     | key                         | when the key is absent                         |
 * |--------------------------|-----------------------------|------------------------------------------------|
 * | `#{de}`                  | `de`                        | sum of `de.<coc>` keys, else of `de.<coc>.<aoc>` |
 * | `#{de.coc}`              | `de.coc`                    | sum of `de.coc.<aoc>` keys                      |
 * | `#{de.coc.aoc}`          | `de.coc.aoc`                |                                                |
 * | `#{de.*.aoc}`            | `de.*.aoc`                  | sum of `de.<coc>.aoc` keys                      |
 * | `#{de.coc.*}`            | `de.coc.*`                  | as `#{de.coc}`                                  |
 * | `I{pi}` `N{ind}` `C{c}`  | `I:pi` `N:ind` `C:c`        |                                                |
 * | `OUG{g}` `R{ds.METRIC}`  | `OUG:g` `R:ds.METRIC`       |                                                |
 * | `D{p.de}` `A{tea}`       | `D:p.de` `A:tea` (`A:p.tea`)|                                                |
 * | `#{stage.de}` (programs) | `PS:stage.de`               |                                                |
 * | `V{name}` `[days]`       | `V:name` `[days]`           |                                                |
 *
 * An item under `.periodOffset(n)` reads the same key suffixed with `@n` (`de@-1`, `de.coc@-1`).
 * A key that is absent, or present with `null`, is a missing value.
 */
export type ExpressionValue = number | string | boolean | null;
export type ExpressionValues = Readonly<Record<string, ExpressionValue | undefined>>;

const ITEM_KEY_PREFIX: Partial<Record<ItemNode['kind'], string>> = {
  programIndicator: 'I:',
  indicator: 'N:',
  constant: 'C:',
  organisationUnitGroup: 'OUG:',
  reportingRate: 'R:',
  programDataElement: 'D:',
  programAttribute: 'A:',
  programStageDataElement: 'PS:',
  programVariable: 'V:',
};

/** The key an item reads (before fallbacks), e.g. `#{a.b}.periodOffset(-1)` -> `a.b@-1`. */
export function valueKeyOf(item: ItemNode, periodOffset = 0): string {
  const base = item.kind === 'days' ? '[days]' : `${ITEM_KEY_PREFIX[item.kind] ?? ''}${item.ids.join('.')}`;
  return periodOffset === 0 ? base : `${base}@${periodOffset}`;
}

/** Looks values up by key with the documented roll-ups; sums are built once per values object. */
export class ValueLookup {
  private readonly rollups = new Map<string, number>();

  constructor(private readonly values: ExpressionValues) {
    // Roll-ups: key pattern -> sum. Level 2 sums ("de" from "de.coc") win over level 3 ones.
    const fromOperands = new Map<string, number>();
    const fromFull = new Map<string, number>();
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'number' || key.includes(':') || key.startsWith('[')) continue;
      const at = key.indexOf('@');
      const suffix = at < 0 ? '' : key.slice(at);
      const parts = (at < 0 ? key : key.slice(0, at)).split('.');
      const [de, coc, aoc] = parts;
      if (parts.length === 2 && coc !== '*') add(fromOperands, `${de}${suffix}`, value);
      if (parts.length === 3 && coc !== '*' && aoc !== '*') {
        add(fromFull, `${de}${suffix}`, value);
        add(this.rollups, `${de}.${coc}${suffix}`, value);
        add(this.rollups, `${de}.*.${aoc}${suffix}`, value);
      }
    }
    for (const [key, sum] of fromFull) this.rollups.set(key, sum);
    for (const [key, sum] of fromOperands) this.rollups.set(key, sum);
  }

  get(key: string): ExpressionValue {
    const direct = this.values[key];
    if (direct !== undefined && direct !== null) return direct;
    const rolled = this.rollups.get(key);
    if (rolled !== undefined) return rolled;
    // #{de.coc.*} and #{de.*} mean "any" for the last part.
    if (/\.\*(@-?\d+)?$/.test(key)) return this.get(key.replace(/\.\*(?=@|$)/, ''));
    return null;
  }
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
