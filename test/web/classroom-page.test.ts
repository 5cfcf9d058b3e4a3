import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import { browserTestsOff, eachElement, logIn, openBrowser, SHOTS } from './browser.js';
import {
  ADMIN,
  basic,
  call,
  ensureOwnSchools,
  GER_PRIMARY,
  OOSR_PRIMARY,
  SDG4_DASHBOARD,
  startClassroom,
  type Classroom,
} from './classroom.js';

const PRIMARY_CENSUS = uidFromCode('dataSets', 'EDU_ISCED1_CENSUS');
const PRE_PRIMARY_CENSUS = uidFromCode('dataSets', 'EDU_ISCED02_CENSUS');
const DATA_QUALITY_DASHBOARD = uidFromCode('dashboards', 'EDU_DASH_DATA_QUALITY');
const YEAR = String(new Date().getFullYear());
/** The census the dashboards show: last year's (sample data covers the five years before this one). */
const LAST_YEAR = String(new Date().getFullYear() - 1);
/** The numbers as the page prints them (en: grouping commas), back to numbers. */
const numberOf = (text: string | null) => Number((text ?? '').replace(/,/g, '').trim());

(browserTestsOff ? describe.skip : describe)(
  'the sandbox web page in a classroom (headless Chromium)',
  () => {
    let room: Classroom;
    let schools: string[];
    const trainee = (i: number) => room.trainees[i]!;

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      room = await startClassroom();
      schools = await ensureOwnSchools(room.url, [trainee(0).username, trainee(1).username]);
    }, 240_000);
    afterAll(() => room?.stop());

    it('keeps the page behind its login form, which checks the same passwords as the API', async () => {
      const anonymous = await fetch(`${room.url}/`, { redirect: 'manual' });
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get('location')).toBe('/login/');
      const wrong = await fetch(`${room.url}/dhis-web-commons-security/login.action`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ j_username: trainee(0).username, j_password: 'not-the-password' }),
      });
      expect([wrong.status, wrong.headers.get('location'), wrong.headers.get('set-cookie')]).toEqual([
        302,
        '/login/?failed=true',
        null,
      ]);
      const french = await fetch(`${room.url}/login/`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
      expect(await french.text()).toContain('Mot de passe');
    });

    it('lets a trainee fill the census form by keyboard, complete it and read the validation result', async () => {
      const { page, close } = await openBrowser();
      try {
        await logIn(page, room.url, trainee(0).username, trainee(0).password);
        await page.getByRole('link', { name: 'Data entry' }).click();
        // Only the trainee's own school is offered.
        await page.waitForSelector('#ou-select option', { state: 'attached' });
        const offered = await eachElement<string>(page, '#ou-select option', 'e.value');
        expect(offered).toEqual([schools[0]]);
        await page.selectOption('#ds-select', PRIMARY_CENSUS);
        await page.selectOption('#pe-select', YEAR);
        await page.getByRole('button', { name: 'Open form' }).click();
        await page.waitForSelector('.completion-state:not(:empty)');

        const classrooms = page.getByLabel('Classrooms', { exact: true });
        await classrooms.fill('23');
        await page.keyboard.press('Tab');
        // Focus moves on to the next field in reading order; the save is announced in the live region.
        const fields = await eachElement<string>(page, '[data-de]', 'e.id');
        const focused = await page.evaluate('document.activeElement.id');
        expect(focused).toBe(fields[fields.indexOf((await classrooms.getAttribute('id'))!) + 1]);
        await page.waitForSelector('#status:has-text("Saved Classrooms")');
        await expect(page.locator('#status').getAttribute('aria-live')).resolves.toBe('polite');

        const stored = await call(
          room.url,
          ADMIN,
          'GET',
          `/api/dataValueSets?dataSet=${PRIMARY_CENSUS}&period=${YEAR}&orgUnit=${schools[0]}`,
        );
        const classroomsId = (await classrooms.getAttribute('id'))!.split('-')[0];
        expect(
          (stored.body.dataValues as Array<Record<string, string>>).find(
            (v) => v.dataElement === classroomsId,
          )?.value,
        ).toBe('23');

        // A value the rules catch: female enrolment by nationality no longer equals female enrolment.
        const nationality = page.locator('input[aria-label^="Enrolment by nationality"]').first();
        await nationality.fill(String(numberOf(await nationality.inputValue()) + 7));
        await nationality.press('Tab');
        await page.waitForSelector('#status:has-text("Saved Enrolment by nationality")');

        await page.getByRole('button', { name: 'Complete' }).click();
        await page.waitForSelector('#validation-results [role="alert"] li');
        const shown = await page.locator('#validation-results li').allTextContents();
        const api = await call(
          room.url,
          basic(trainee(0).username, trainee(0).password),
          'GET',
          `/api/validation/dataSet/${PRIMARY_CENSUS}?pe=${YEAR}&ou=${schools[0]}`,
        );
        const violations = api.body.validationRuleViolations as Array<{
          validationRule: { displayName: string };
        }>;
        expect(violations.length).toBeGreaterThan(0);
        expect(shown).toHaveLength(violations.length);
        for (const v of violations) expect(shown.join('\n')).toContain(v.validationRule.displayName);
        await expect(page.locator('.completion-state').textContent()).resolves.toBe('This form is complete.');
        const registrations = await call(
          room.url,
          ADMIN,
          'GET',
          `/api/completeDataSetRegistrations?dataSet=${PRIMARY_CENSUS}&period=${YEAR}&orgUnit=${schools[0]}`,
        );
        expect(registrations.body.completeDataSetRegistrations).toEqual([
          expect.objectContaining({
            organisationUnit: schools[0],
            completed: true,
            storedBy: trainee(0).username,
          }),
        ]);
        await page.screenshot({ path: join(SHOTS, 'form.png'), fullPage: true });
      } finally {
        await close();
      }
    }, 120_000);

    it('shows the SDG 4 dashboard with charts and a district map carrying the analytics numbers', async () => {
      const { page, close } = await openBrowser();
      const auth = basic(trainee(0).username, trainee(0).password);
      try {
        await logIn(page, room.url, trainee(0).username, trainee(0).password);
        await page.selectOption('#dashboard-select', SDG4_DASHBOARD);
        await page.getByRole('button', { name: 'Show' }).click();
        await page.waitForSelector('main h2:has-text("National SDG 4 dashboard")');
        await page.waitForSelector('.dashboard-grid[data-loaded="true"]');
        await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
        expect(await page.locator('.item-body .error').count()).toBe(0);

        // Charts are drawn (SVG from ECharts), and their numbers are analytics' numbers.
        const chart = page.locator('section.item', { hasText: 'SDG 4.1.4 Out-of-school rate' });
        await expect(chart.locator('.chart svg path').count()).resolves.toBeGreaterThan(0);
        const analytics = await call(
          room.url,
          auth,
          'GET',
          `/api/analytics?dimension=dx:${OOSR_PRIMARY}&dimension=pe:${LAST_YEAR}&filter=ou:USER_ORGUNIT`,
        );
        const expected = Number((analytics.body.rows as string[][])[0]![2]);
        // A trend: one table row per year, the primary rate in the first column.
        const cell = chart.locator('details table tbody tr', { hasText: LAST_YEAR }).locator('td').first();
        expect(numberOf(await cell.textContent())).toBeCloseTo(expected, 1);
        const chartLabels = await chart.locator('.chart svg text').allTextContents();
        expect(chartLabels.map(numberOf)).toContainEqual(expect.closeTo(expected, 1));
        await expect(
          page.locator('.item[data-item="VISUALIZATION"] table.pivot').count(),
        ).resolves.toBeGreaterThan(0);

        // The thematic map: one shape per district with a value, labelled with the same numbers.
        const map = page.locator('section.item[data-item="MAP"]', {
          hasText: 'Gross enrolment ratio by district',
        });
        await map.scrollIntoViewIfNeeded();
        await map.screenshot({ path: join(SHOTS, 'map.png') });
        const byDistrict = await call(
          room.url,
          auth,
          'GET',
          `/api/analytics?dimension=dx:${GER_PRIMARY}&dimension=ou:USER_ORGUNIT;LEVEL-3&filter=pe:LAST_YEAR`,
        );
        const rows = byDistrict.body.rows as string[][];
        const names = (byDistrict.body.metaData as { items: Record<string, { name: string }> }).items;
        expect(rows.length).toBeGreaterThan(1);
        await expect(map.locator('.chart.map svg path').count()).resolves.toBeGreaterThanOrEqual(rows.length);
        const table = await eachElement<[string, string]>(
          page,
          `section.item[aria-labelledby="${await map.getAttribute('aria-labelledby')}"] details table tbody tr`,
          "[e.querySelector('th').textContent, e.querySelector('td').textContent]",
        );
        expect(Object.fromEntries(table.map(([name, value]) => [name, numberOf(value)]))).toEqual(
          Object.fromEntries(
            rows.map(([, ou, value]) => [names[ou!]!.name, expect.closeTo(Number(value), 1)]),
          ),
        );
        const mapLabels = (await map.locator('svg text').allTextContents()).join(' ');
        for (const [, ou] of rows) expect(mapLabels).toContain(names[ou!]!.name);
        await expect(map.locator('.legend li').count()).resolves.toBeGreaterThan(1);
      } finally {
        await close();
      }
    }, 120_000);

    it('compares urban and rural schools on the district dashboard, with the analytics numbers', async () => {
      const { page, close } = await openBrowser();
      try {
        await logIn(page, room.url, 'admin', 'district');
        await page.selectOption('#dashboard-select', uidFromCode('dashboards', 'EDU_DASH_DISTRICT'));
        await page.getByRole('button', { name: 'Show' }).click();
        await page.waitForSelector('.dashboard-grid[data-loaded="true"]');
        await page.screenshot({ path: join(SHOTS, 'district.png'), fullPage: true });
        expect(await page.locator('.item-body .error').count()).toBe(0);
        const item = page.locator('section.item', { hasText: 'Urban and rural schools' });
        await item.scrollIntoViewIfNeeded();
        await item.screenshot({ path: join(SHOTS, 'location.png') });
        const location = uidFromCode('organisationUnitGroupSets', 'EDU_LOCATION');
        const ptr = uidFromCode('indicators', 'EDU_ISCED1_PTR');
        const answer = await call(
          room.url,
          ADMIN,
          'GET',
          `/api/analytics?dimension=dx:${ptr}&dimension=${location}&filter=pe:LAST_YEAR&filter=ou:USER_ORGUNIT`,
        );
        const names = (answer.body.metaData as { items: Record<string, { name: string }> }).items;
        const rows = answer.body.rows as string[][];
        expect(rows).toHaveLength(2);
        // Columns are the groups; the primary learners-per-teacher row carries each group's number.
        const headers = await item.locator('table.pivot thead th').allTextContents();
        const row = item.locator('table.pivot tbody tr', { hasText: names[ptr]!.name }).first();
        const cells = (await row.locator('td').allTextContents()).map(numberOf);
        for (const [, group, value] of rows)
          expect(cells[headers.indexOf(names[group!]!.name)]).toBeCloseTo(Number(value), 1);
      } finally {
        await close();
      }
    }, 120_000);

    it('shows the data-quality dashboard with census reporting rates by district as analytics computes them', async () => {
      const { page, close } = await openBrowser();
      const auth = basic(trainee(0).username, trainee(0).password);
      try {
        await logIn(page, room.url, trainee(0).username, trainee(0).password);
        await page.selectOption('#dashboard-select', DATA_QUALITY_DASHBOARD);
        await page.getByRole('button', { name: 'Show' }).click();
        await page.waitForSelector('main h2:has-text("Data quality")');
        await page.waitForSelector('.dashboard-grid[data-loaded="true"]');
        await page.screenshot({ path: join(SHOTS, 'data-quality.png'), fullPage: true });
        expect(await page.locator('.item-body .error').count()).toBe(0);

        const table = page.locator('section.item', { hasText: 'Census reporting rate by district' });
        await expect(page.locator('.item .chart svg path').count()).resolves.toBeGreaterThan(0);
        const byDistrict = await call(
          room.url,
          auth,
          'GET',
          `/api/analytics?dimension=dx:${PRE_PRIMARY_CENSUS}.REPORTING_RATE&dimension=ou:USER_ORGUNIT_GRANDCHILDREN&filter=pe:LAST_YEAR`,
        );
        const rows = byDistrict.body.rows as string[][];
        const names = (byDistrict.body.metaData as { items: Record<string, { name: string }> }).items;
        expect(rows.length).toBeGreaterThan(1);
        // Plausible sample completeness: most, not all, forms of every district.
        for (const [, , value] of rows) expect(Number(value)).toBeGreaterThan(50);
        expect(rows.some(([, , value]) => Number(value) < 100)).toBe(true);
        // The pivot table: a row per district, the pre-primary census (first data item) in the first column.
        const cells = await eachElement<[string, string]>(
          page,
          `section.item[aria-labelledby="${await table.getAttribute('aria-labelledby')}"] table.pivot tbody tr`,
          "[e.querySelector('th').textContent, e.querySelector('td').textContent]",
        );
        expect(Object.fromEntries(cells.map(([name, value]) => [name, numberOf(value)]))).toEqual(
          Object.fromEntries(
            rows.map(([, ou, value]) => [names[ou!]!.name, expect.closeTo(Number(value), 1)]),
          ),
        );
      } finally {
        await close();
      }
    }, 120_000);

    it("does not offer a second trainee the first one's school", async () => {
      const { page, close } = await openBrowser();
      try {
        await logIn(page, room.url, trainee(1).username, trainee(1).password);
        await page.getByRole('link', { name: 'Data entry' }).click();
        await page.waitForSelector('#ou-select');
        const offered = await eachElement<string>(page, '#ou-select option', 'e.value');
        expect(offered).toEqual([schools[1]]);
        // No trainer view for a trainee: no link, and the view itself says so.
        await expect(page.getByRole('link', { name: 'Trainer view' }).isVisible()).resolves.toBe(false);
        await page.goto(`${room.url}/#/trainer`);
        await page.waitForSelector('main [role="alert"]');
      } finally {
        await close();
      }
    }, 60_000);

    it("refuses, in the API, a second trainee's completion of the first one's school", async () => {
      const auth = basic(trainee(1).username, trainee(1).password);
      const complete = await call(room.url, auth, 'POST', '/api/completeDataSetRegistrations', {
        completeDataSetRegistrations: [
          { dataSet: PRIMARY_CENSUS, period: YEAR, organisationUnit: schools[0] },
        ],
      });
      expect(complete.status).toBe(409);
      expect((complete.body.response as { conflicts: Array<{ value: string }> }).conflicts[0]!.value).toBe(
        `Organisation unit is not in hierarchy of user: ${trainee(1).username}`,
      );
    });

    // Data-capture org units on /api/dataValueSets are enforced by the roles work (issue 17 item 3).
    it("refuses, in the API, a second trainee's data values for the first one's school", async () => {
      const auth = basic(trainee(1).username, trainee(1).password);
      const before = await call(
        room.url,
        ADMIN,
        'GET',
        `/api/dataValueSets?dataSet=${PRIMARY_CENSUS}&period=${YEAR}&orgUnit=${schools[0]}`,
      );
      const target = (before.body.dataValues as Array<Record<string, string>>)[0]!;
      const write = await call(room.url, auth, 'POST', '/api/dataValueSets', {
        dataValues: [{ ...target, value: String(Number(target.value) + 1) }],
      });
      const summary = (write.body.response ?? write.body) as { importCount: Record<string, number> };
      expect(summary.importCount).toMatchObject({ imported: 0, updated: 0 });
      const after = await call(
        room.url,
        ADMIN,
        'GET',
        `/api/dataValueSets?dataSet=${PRIMARY_CENSUS}&period=${YEAR}&orgUnit=${schools[0]}`,
      );
      expect(after.body.dataValues).toEqual(before.body.dataValues);
    });

    it("shows the trainer each trainee's progress", async () => {
      const { page, close } = await openBrowser();
      try {
        await logIn(page, room.url, 'admin', 'district');
        await page.getByRole('link', { name: 'Trainer view' }).click();
        await page.waitForSelector('table.trainees');
        await page.screenshot({ path: join(SHOTS, 'trainer.png'), fullPage: false });
        const row = (username: string) => page.locator(`tr[data-username="${username}"] .progress-text`);
        // trainee01 completed one of the four census forms of their school; trainee02 none yet.
        await expect(row(trainee(0).username).textContent()).resolves.toBe('1 of 4');
        await expect(row(trainee(1).username).textContent()).resolves.toBe('0 of 4');
        await expect(page.locator('tr[data-username="admin"]').count()).resolves.toBe(0);
      } finally {
        await close();
      }
    }, 60_000);
  },
);
