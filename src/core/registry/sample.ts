import { createHash } from 'node:crypto';
import type { CountryProfile, IscedLevel } from '../content/profile-types.js';
import { levelCode } from '../content/text.js';
import { csvField } from './csv.js';
import { registryLayout } from './mapping.js';
import type { RegistrySettings } from './types.js';

const SYLLABLES = [
  'ka',
  'ma',
  'to',
  'ba',
  'ri',
  'lo',
  'sa',
  'ne',
  'ku',
  'di',
  'fa',
  'yo',
  'be',
  'ju',
  'wa',
  'se',
];
const OFFERS: Array<[IscedLevel[], number]> = [
  [['1'], 45],
  [['02', '1'], 20],
  [['1', '2'], 7],
  [['2'], 8],
  [['2', '3'], 10],
  [['3'], 5],
  [['02'], 5],
];
const SCHOOL_KIND: Record<string, string> = {
  '02': 'Nursery School',
  '1': 'Primary School',
  '2': 'Junior Secondary School',
  '3': 'Senior Secondary School',
};
const SCHOOLS_PER_PARENT = 40;

/** A small deterministic PRNG (mulberry32), seeded from text: same seed, same registry. */
function random(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A plausible school list for trainers, tests and benchmarks: the profile's levels (regions,
 * districts...) about 40 schools per lowest parent, realistic mixes of ownership, location and
 * levels offered, points inside the profile's bounding box.
 */
export function sampleRegistry(
  profile: CountryProfile,
  settings: RegistrySettings,
  count: number,
  seed: string,
): string {
  const rand = random(seed);
  const pick = <T>(weighted: Array<[T, number]>): T => {
    let r = rand() * weighted.reduce((n, [, w]) => n + w, 0);
    for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
    return weighted[0]![0];
  };
  const used = new Set<string>();
  const word = () => {
    const parts = 2 + Math.floor(rand() * 3);
    let name = '';
    for (let i = 0; i < parts; i++) name += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    return name[0]!.toUpperCase() + name.slice(1);
  };
  // Parents get names unique in the country; schools only within their parent.
  const place = () => {
    for (;;) {
      const name = word();
      if (!used.has(name)) return (used.add(name), name);
    }
  };
  const namesUnder = new Map<string, Set<string>>();
  const layout = registryLayout(profile);
  const [w, s, e, n] = settings.bbox ?? [-16.8, 13.1, -13.8, 13.8];
  // Each parent level splits the one above into about six.
  const lowest = Math.max(1, Math.ceil(count / SCHOOLS_PER_PARENT));
  const chains: string[][] = [];
  const depth = layout.parentLevels.length;
  for (let i = 0; i < lowest; i++) {
    const chain: string[] = [];
    for (let d = 0; d < depth; d++) {
      const span = 6 ** (depth - 1 - d);
      const prev = chains[chains.length - 1];
      chain.push(prev && Math.floor(i / span) === Math.floor((i - 1) / span) ? prev[d]! : place());
    }
    chains.push(chain);
  }
  const headers = [
    'code',
    'name',
    ...layout.parentLevels.map((l) => l.field),
    'ownership',
    'location',
    'levels',
    'latitude',
    'longitude',
    'opening_date',
  ];
  const lines = [headers.join(',')];
  for (let i = 0; i < count; i++) {
    const chain = chains[Math.floor(i / SCHOOLS_PER_PARENT)] ?? chains[0] ?? [];
    const offers = pick(OFFERS);
    const siblings = namesUnder.get(chain.join('/')) ?? new Set<string>();
    namesUnder.set(chain.join('/'), siblings);
    let name = `${word()} ${SCHOOL_KIND[offers[offers.length - 1]!]}`;
    for (let k = 2; siblings.has(name); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
    siblings.add(name);
    const round = (v: number) => Math.round(v * 1e5) / 1e5;
    const row = [
      `SCH${String(i + 1).padStart(6, '0')}`,
      name,
      ...chain,
      pick<string>([
        ['PUBLIC', 60],
        ['PRIVATE', 20],
        ['COMMUNITY', 10],
        ['FAITH', 10],
      ]),
      pick<string>([
        ['RURAL', 65],
        ['URBAN', 35],
      ]),
      offers.map(levelCode).join(';'),
      String(round(s + rand() * (n - s))),
      String(round(w + rand() * (e - w))),
      `${1960 + Math.floor(rand() * 60)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
    ];
    lines.push(row.map((v) => csvField(v)).join(','));
  }
  return `${lines.join('\n')}\n`;
}
