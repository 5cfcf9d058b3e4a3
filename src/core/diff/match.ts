import type { MetadataObject } from '../package/types.js';

export interface MatchedPair {
  before?: MetadataObject;
  after?: MetadataObject;
}

/**
 * Pairs the objects of one type across two sides: by uid first, then by code among what is left,
 * as DHIS2 itself matches with identifier=UID and then CODE. Two passes, so a uid match is never
 * stolen by an earlier code match. O(n) with two hash indexes.
 */
export function matchObjects(
  before: readonly MetadataObject[],
  after: readonly MetadataObject[],
): MatchedPair[] {
  const afterById = new Map<string, number>();
  const afterByCode = new Map<string, number>();
  after.forEach((object, index) => {
    if (typeof object.id === 'string' && !afterById.has(object.id)) afterById.set(object.id, index);
    if (typeof object.code === 'string' && !afterByCode.has(object.code)) afterByCode.set(object.code, index);
  });
  const partner = new Array<number | undefined>(before.length);
  const taken = new Set<number>();
  before.forEach((object, index) => {
    const match = typeof object.id === 'string' ? afterById.get(object.id) : undefined;
    if (match !== undefined && !taken.has(match)) {
      partner[index] = match;
      taken.add(match);
    }
  });
  before.forEach((object, index) => {
    if (partner[index] !== undefined || typeof object.code !== 'string') return;
    const match = afterByCode.get(object.code);
    if (match !== undefined && !taken.has(match)) {
      partner[index] = match;
      taken.add(match);
    }
  });
  const pairs: MatchedPair[] = before.map((object, index) => {
    const match = partner[index];
    return match === undefined ? { before: object } : { before: object, after: after[match] };
  });
  after.forEach((object, index) => {
    if (!taken.has(index)) pairs.push({ after: object });
  });
  return pairs;
}
