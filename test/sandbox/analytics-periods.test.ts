import {
  parsePeriod,
  periodContains,
  relativePeriods,
  shiftPeriod,
} from '../../src/sandbox/analytics/periods.js';
import { javaDouble, roundHalfUp } from '../../src/sandbox/analytics/response.js';

const ids = (list: Array<{ id: string }>) => list.map((p) => p.id);

describe('analytics periods', () => {
  it('reads ISO periods with their dates and DHIS2 English names', () => {
    expect(parsePeriod('2024')).toEqual({
      id: '2024',
      type: 'Yearly',
      start: '2024-01-01',
      end: '2024-12-31',
      days: 366,
      name: '2024',
    });
    expect(parsePeriod('2024April')).toMatchObject({
      start: '2024-04-01',
      end: '2025-03-31',
      name: 'April 2024 - March 2025',
    });
    expect(parsePeriod('2024Oct')).toMatchObject({
      end: '2025-09-30',
      name: 'October 2024 - September 2025',
    });
    expect(parsePeriod('2024Q1')).toMatchObject({
      end: '2024-03-31',
      days: 91,
      name: 'January - March 2024',
    });
    expect(parsePeriod('2023S2')).toMatchObject({ start: '2023-07-01', name: 'July - December 2023' });
    expect(parsePeriod('202402')).toMatchObject({ end: '2024-02-29', name: 'February 2024' });
    expect(parsePeriod('20240230')).toBeUndefined();
    expect(parsePeriod('2024W5')).toBeUndefined();
  });

  it('shifts periods for periodOffset() across year boundaries', () => {
    expect(shiftPeriod(parsePeriod('2024')!, -1).id).toBe('2023');
    expect(shiftPeriod(parsePeriod('2024July')!, -2).id).toBe('2022July');
    expect(shiftPeriod(parsePeriod('2024Q1')!, -1).id).toBe('2023Q4');
    expect(shiftPeriod(parsePeriod('202401')!, -1).id).toBe('202312');
  });

  it('counts data in a period when it starts inside it and is not of a longer type', () => {
    const year = parsePeriod('2024')!;
    expect(periodContains(year, parsePeriod('202405')!)).toBe(true);
    expect(periodContains(year, parsePeriod('2024April')!)).toBe(true);
    expect(periodContains(year, parsePeriod('2023Oct')!)).toBe(false);
    expect(periodContains(parsePeriod('2024Q2')!, parsePeriod('2024')!)).toBe(false);
  });

  it('resolves relative periods against the given day', () => {
    const now = new Date('2025-02-10T00:00:00Z');
    expect(ids(relativePeriods('THIS_YEAR', now))).toEqual(['2025']);
    expect(ids(relativePeriods('LAST_5_YEARS', now))).toEqual(['2020', '2021', '2022', '2023', '2024']);
    expect(ids(relativePeriods('LAST_10_YEARS', now))).toHaveLength(10);
    expect(ids(relativePeriods('THIS_FINANCIAL_YEAR', now))).toEqual(['2024Oct']);
    expect(ids(relativePeriods('LAST_4_QUARTERS', now))).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(ids(relativePeriods('LAST_3_MONTHS', now))).toEqual(['202411', '202412', '202501']);
  });

  it('writes numbers as Java doubles after half-up rounding', () => {
    expect([javaDouble(90), javaDouble(35.7), javaDouble(12345678.5), javaDouble(0.0001)]).toEqual([
      '90.0',
      '35.7',
      '1.23456785E7',
      '1.0E-4',
    ]);
    expect([roundHalfUp(1.005, 2), roundHalfUp(-2.5, 0), roundHalfUp(33.3333, 2)]).toEqual([1.01, -3, 33.33]);
  });
});
