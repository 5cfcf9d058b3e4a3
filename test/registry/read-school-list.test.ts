import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSchoolSource } from '../../src/core/registry/read-source.js';
import { REPO_ROOT } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'edupkg-registry-read-'));
const write = (name: string, content: string | Buffer) => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe('reading school lists', () => {
  it.each([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ])('finds the %s delimiter by itself', async (_, d) => {
    const file = write(`d${d.charCodeAt(0)}.csv`, `code${d}name${d}district\nS1${d}"One${d} Two"${d}North\n`);
    const table = await readSchoolSource(file);
    expect(table.rows).toEqual([{ line: 2, values: { code: 'S1', name: `One${d} Two`, district: 'North' } }]);
  });

  it('drops a UTF-8 BOM and keeps accented names', async () => {
    const file = write(
      'bom.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('code,name\nS1,École Fatou\n')]),
    );
    const table = await readSchoolSource(file);
    expect(table.headers).toEqual(['code', 'name']);
    expect(table.rows[0]!.values.name).toBe('École Fatou');
    expect(table.problems).toEqual([]);
  });

  it('reports a Latin-1 line with its number and still reads the others', async () => {
    const file = write(
      'latin1.csv',
      Buffer.concat([
        Buffer.from('code,name\nS1,Ok\nS2,Caf'),
        Buffer.from([0xe9]),
        Buffer.from('\nS3,Fine\n'),
      ]),
    );
    const table = await readSchoolSource(file);
    expect(table.problems).toEqual([expect.objectContaining({ line: 3, rule: 'registry.encoding' })]);
    expect(table.rows.map((r) => r.values.code)).toEqual(['S1', 'S2', 'S3']);
  });

  it('numbers records by the line they start on when a quoted name spans lines', async () => {
    const file = write('multi.csv', 'code,name\nS1,"Two\nlines"\nS2,After\n');
    const table = await readSchoolSource(file);
    expect(table.rows.map((r) => [r.values.code, r.line])).toEqual([
      ['S1', 2],
      ['S2', 4],
    ]);
  });

  it('reads the first sheet of an .xlsx workbook, rows numbered as in Excel', async () => {
    const table = await readSchoolSource(join(REPO_ROOT, 'test', 'fixtures', 'registry', 'schools.xlsx'));
    expect(table.format).toBe('xlsx');
    expect(table.headers).toContain('Urban/Rural');
    expect(table.rows.map((r) => [r.line, r.values.EMIS_CODE, r.values.Latitude])).toEqual([
      [2, 'XL001', '13.45'],
      [3, 'XL002', '13.27'],
      [4, 'XL003', '13.43'],
    ]);
  });

  it('reads GeoJSON features as rows with their geometry and starting line', async () => {
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [-16, 13],
          [-15, 13],
          [-15, 14],
          [-16, 13],
        ],
      ],
    };
    const doc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'P1', name: 'Point school' },
          geometry: { type: 'Point', coordinates: [-16, 13.5] },
        },
        { type: 'Feature', properties: { code: 'P2', name: 'Campus' }, geometry: polygon },
      ],
    };
    const table = await readSchoolSource(write('s.geojson', JSON.stringify(doc, null, 2)));
    expect(table.rows.map((r) => [r.values.code, r.geometry?.type])).toEqual([
      ['P1', 'Point'],
      ['P2', 'Polygon'],
    ]);
    expect(table.rows[0]!.line).toBeLessThan(table.rows[1]!.line);
    expect(table.rows[1]!.geometry).toEqual(polygon);
  });
});
