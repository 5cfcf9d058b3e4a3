import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client } from './helpers.js';

type Ring = number[][];

/** Even-odd ray casting: is the point inside the ring? */
function inside(ring: Ring, lon: number, lat: number): boolean {
  let within = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > lat !== yj! > lat && lon < ((xj! - xi!) * (lat - yi!)) / (yj! - yi!) + xi!) within = !within;
  }
  return within;
}

/**
 * The demo world's districts as the sandbox serves them tile its country: every point of the
 * country lies in exactly one district (no gap a map would show as a white sliver, no overlap).
 */
describe('the demo world map', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo' });
  });
  afterAll(async () => sandbox.close());

  it('has districts that cover the country once, with no gaps or overlaps at any junction', async () => {
    const api = client(sandbox.url);
    const ringsAt = async (level: number) => {
      const res = await api.get(
        `/api/organisationUnits.json?filter=level:eq:${level}&fields=name,geometry&paging=false`,
      );
      expect(res.status).toBe(200);
      const units = res.body.organisationUnits as Array<{ name: string; geometry: { coordinates: Ring[] } }>;
      return units.map((u) => ({ name: u.name, ring: u.geometry.coordinates[0]! }));
    };
    const [country] = await ringsAt(1);
    const districts = await ringsAt(3);
    expect(districts.length).toBeGreaterThan(3);
    const lons = country!.ring.map((p) => p[0]!);
    const lats = country!.ring.map((p) => p[1]!);
    const misses: string[] = [];
    // A grid finer than any nudge (0.06°), off the border lines so no sample sits on an edge.
    for (let lon = Math.min(...lons) + 0.0037; lon < Math.max(...lons); lon += 0.013) {
      for (let lat = Math.min(...lats) + 0.0041; lat < Math.max(...lats); lat += 0.013) {
        const holders = districts.filter((d) => inside(d.ring, lon, lat)).map((d) => d.name);
        if (holders.length !== 1 && misses.length < 5)
          misses.push(`${lon.toFixed(3)},${lat.toFixed(3)}: ${holders.join(' + ') || 'no district'}`);
      }
    }
    expect(misses).toEqual([]);
  });
});
