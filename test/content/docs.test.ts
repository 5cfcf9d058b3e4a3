import {
  buildDocs,
  buildPackage,
  loadProfile,
  PACKAGE_NAMES,
  uidFromCode,
} from '../../src/core/content/index.js';
import { runCli } from '../support/run-cli.js';

describe('the package reference (edupkg docs)', () => {
  const docs = buildDocs('edu-sdg4', loadProfile('gm'));
  const indicators = buildPackage('edu-sdg4', loadProfile('gm')).metadata.indicators!;

  it('lists every indicator with its code, UIS code and SDG number in markdown', () => {
    for (const indicator of indicators) {
      const values = indicator.attributeValues as Array<{ attribute: { id: string }; value: string }>;
      const valueOf = (code: string) =>
        values.find((a) => a.attribute.id === uidFromCode('attributes', code))?.value ?? '—';
      const [uis, sdg] = [valueOf('UIS_CODE'), valueOf('SDG4_INDICATOR')];
      const row = docs.markdown.split('\n').find((line) => line.includes(`| ${indicator.code as string} |`));
      expect(row).toBeDefined();
      expect(row).toContain(`| ${uis} | ${sdg} |`);
    }
  });

  it('says for every indicator which sex variants it has and which forms it needs', () => {
    const row = (code: string) => docs.markdown.split('\n').find((line) => line.includes(`| ${code} |`))!;
    expect(row('EDU_ISCED1_GER')).toContain('| total, female, male, GPIA |');
    expect(row('EDU_ISCED1_GER')).toContain(
      '| EDU - Population estimates (yearly); EDU - Annual school census (Primary) |',
    );
    expect(row('EDU_ISCED1_GER_F')).toContain('| sex variant of EDU_ISCED1_GER |');
    expect(row('EDU_ISCED1_GPIA_GER')).toContain('| GPIA (female / male, adjusted) |');
    expect(row('EDU_NAT_XGOV')).toContain('| total | EDU - Education finance (yearly) |');
    expect(row('EDU_ISCED5T8_GER')).toContain('EDU - Tertiary and TVET enrolment (yearly)');
  });

  it('writes formulas in words with the factor of the indicator type', () => {
    const ner = docs.markdown.split('\n').find((line) => line.includes('| EDU_ISCED1_NER |'))!;
    expect(ner).toContain(
      '(Enrolment in Primary aged 7-12) ÷ (Population aged 7-12 (official age group)) × 100',
    );
    const ptr = docs.markdown.split('\n').find((line) => line.includes('| EDU_ISCED1_PTR |'))!;
    expect(ptr).toMatch(/× 1 \|/);
  });

  it('is one self-contained HTML page with escaped text', () => {
    expect(docs.html.startsWith('<!doctype html>')).toBe(true);
    expect(docs.html).not.toMatch(/<(script|link|img)\b/);
    expect(docs.html).toContain('<style>');
    expect(docs.html).toContain('&lt;');
    expect(docs.html.match(/<tr>/g)!.length).toBeGreaterThan(indicators.length);
  });

  it('documents the data sets and sections of the census in the profile language', () => {
    const census = buildDocs('edu-census', loadProfile('tg')).markdown;
    expect(census).toContain('## Data set: EDU - Recensement scolaire annuel (Primaire)');
    expect(census).toContain('| Effectifs par année, âge et sexe |');
  });

  it('previews each census form in HTML as the data entry screen draws it, inputs disabled', () => {
    const census = buildDocs('edu-census', loadProfile('gm'));
    const forms = buildPackage('edu-census', loadProfile('gm')).metadata.dataEntryForms!;
    expect(census.html.match(/<h2>Form preview: /g)!.length).toBe(forms.length);
    for (const form of forms) {
      const inputs = (form.htmlCode as string).match(/<input /g)!.length;
      const first = /<input id="(\w{11}-\w{11})-val"/.exec(form.htmlCode as string)![1]!;
      expect(census.html).toContain(`<input disabled id="${first}-val"`);
      expect(inputs).toBeGreaterThan(20);
    }
    expect(census.html).not.toMatch(/<input (?!disabled)/);
    expect(census.html).not.toMatch(/<(script|link|img)\b/);
    expect(census.markdown).toContain('## Form preview: EDU - Annual school census (Primary)');
  });

  it.each([...PACKAGE_NAMES])(
    'documents %s through the real binary, every dashboard item named',
    async (name) => {
      const r = await runCli(['docs', name, '--profile', 'tg']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const dashboards = buildPackage(name, loadProfile('tg')).metadata.dashboards ?? [];
      const items = dashboards.flatMap((d) => d.dashboardItems as Array<{ type: string }>);
      const rows = r.stdout.split('\n').filter((line) => /^\| .+ \| (Text|Map|[A-Z_]+) \|$/.test(line));
      expect(rows.length).toBeGreaterThanOrEqual(items.length);
      expect(r.stdout).not.toMatch(/\| (undefined)? \|/);
      if (name === 'edu-dashboards') expect(r.stdout).toContain('| Map |');
    },
  );
});
