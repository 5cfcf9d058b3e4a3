import type { MetadataBundle, MetadataObject } from '../package/types.js';

/**
 * What the indicator table of the docs says beyond the formula: the disaggregations shipped for
 * an indicator (female, male and GPIA variants, found by code) and the data sets (forms) whose
 * data elements its numerator and denominator read.
 */
export function disaggregationsOf(indicator: MetadataObject, codes: ReadonlySet<string>): string {
  const code = indicator.code as string;
  if (/_[FM]$/.test(code) && codes.has(code.slice(0, -2))) return `sex variant of ${code.slice(0, -2)}`;
  if (/^EDU_[A-Z0-9]+?_GPIA_/.test(code)) return 'GPIA (female / male, adjusted)';
  const parts = ['total'];
  if (codes.has(`${code}_F`)) parts.push('female', 'male');
  if (codes.has(code.replace(/^(EDU_[A-Z0-9]+?)_/, '$1_GPIA_'))) parts.push('GPIA');
  return parts.join(', ');
}

/** Names of the data sets an indicator's expressions read (OUG{} counts need the school groups). */
export function formsNeeded(indicator: MetadataObject, everything: MetadataBundle): string {
  const expression = `${indicator.numerator as string} ${indicator.denominator as string}`;
  const elements = new Set([...expression.matchAll(/#\{(\w{11})/g)].map((m) => m[1]!));
  const names = (everything.dataSets ?? [])
    .filter((ds) =>
      ((ds.dataSetElements as Array<{ dataElement: { id: string } }>) ?? []).some((e) =>
        elements.has(e.dataElement.id),
      ),
    )
    .map((ds) => ds.name as string);
  if (/OUG\{/.test(expression)) names.push('org unit groups "Schools - <level>"');
  return names.join('; ') || '—';
}

export const indicatorCodes = (indicators: MetadataObject[]): Set<string> =>
  new Set(indicators.map((i) => i.code as string));
