/**
 * Generated GeoJSON for the demo hierarchy, so thematic maps have features: the country is a box of
 * 4° x 3°, each region a band of it, each district a slice of its region's band, each school a point
 * inside its district. Edges are drawn through points nudged by a function of the point's own
 * coordinates, so two neighbours share exactly the same wobbly border.
 */
export type Geometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'Point'; coordinates: number[] };

const WEST = 30;
const EAST = 34;
const NORTH = 3;
const SOUTH = 0;
/** Border points on a global grid (every 1/6°): two units sharing a border share its points. */
const GRID = 1 / 6;

const round = (n: number) => Math.round(n * 10000) / 10000;

/**
 * A deterministic nudge in [-0.06, 0.06] degrees from a point's coordinates. The outer border stays
 * straight, and so do points where districts meet (every 1/3° along a parallel, whole degrees along
 * a meridian), which are corners of some unit and interior points of its neighbour's edge.
 */
function nudge(lon: number, lat: number, horizontal: boolean): number {
  if (lon === WEST || lon === EAST || lat === NORTH || lat === SOUTH) return 0;
  // Coordinates arrive rounded to 1e-4 (31.3333), so "on the grid" allows that much.
  const onGrid = (v: number, step: number) => Math.abs(v - step * Math.round(v / step)) < 1e-3;
  if (horizontal ? onGrid(lon, 1 / 3) : onGrid(lat, 1)) return 0;
  const x = Math.sin(lon * 12.9898 + lat * 78.233) * 43758.5453;
  return ((x - Math.floor(x)) * 2 - 1) * 0.06;
}

/** One edge from a to b (excluding b), its inner points moved across the edge. */
function edge(a: [number, number], b: [number, number]): number[][] {
  const out: number[][] = [];
  const horizontal = a[1] === b[1];
  const steps = Math.max(1, Math.round(Math.abs(horizontal ? b[0] - a[0] : b[1] - a[1]) / GRID));
  for (let i = 0; i < steps; i++) {
    const lon = a[0] + ((b[0] - a[0]) * i) / steps;
    const lat = a[1] + ((b[1] - a[1]) * i) / steps;
    const n = nudge(round(lon), round(lat), horizontal);
    out.push(horizontal ? [round(lon), round(lat + n)] : [round(lon + n), round(lat)]);
  }
  return out;
}

/** A closed ring around the box, counter-clockwise as GeoJSON wants outer rings. */
function box(west: number, south: number, east: number, north: number): Geometry {
  const corners: Array<[number, number]> = [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
  ];
  const ring = corners.flatMap((c, i) => edge(c, corners[(i + 1) % 4]!));
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

export interface DemoRegion {
  districts: Array<{ schools: number }>;
}

/** Geometry of the country, of each region, of each district and of each school, in hierarchy order. */
export function demoGeometry(regions: DemoRegion[]): {
  country: Geometry;
  regions: Geometry[];
  districts: Geometry[][];
  schools: Geometry[][][];
} {
  const band = (NORTH - SOUTH) / regions.length;
  const out = {
    country: box(WEST, SOUTH, EAST, NORTH),
    regions: [] as Geometry[],
    districts: [] as Geometry[][],
    schools: [] as Geometry[][][],
  };
  regions.forEach((region, r) => {
    const north = NORTH - r * band;
    const south = north - band;
    out.regions.push(box(WEST, south, EAST, north));
    const width = (EAST - WEST) / region.districts.length;
    const districts: Geometry[] = [];
    const schools: Geometry[][] = [];
    region.districts.forEach((district, d) => {
      const west = WEST + d * width;
      districts.push(box(west, south, west + width, north));
      // Schools on a small spiral around the district's centre, well inside its border.
      schools.push(
        Array.from({ length: district.schools }, (_, s) => {
          const angle = s * 2.4;
          const radius = 0.08 + 0.05 * s;
          return {
            type: 'Point' as const,
            coordinates: [
              round(west + width / 2 + Math.cos(angle) * Math.min(radius, width / 3)),
              round(south + band / 2 + Math.sin(angle) * Math.min(radius, band / 3)),
            ],
          };
        }),
      );
    });
    out.districts.push(districts);
    out.schools.push(schools);
  });
  return out;
}
