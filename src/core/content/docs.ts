import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { buildPackage, type BuiltPackage } from './build-package.js';
import { PACKAGES, type PackageName } from './catalog.js';
import { ATTRIBUTES } from './edu-core.js';
import { disaggregationsOf, formsNeeded, indicatorCodes } from './docs-indicators.js';
import { uid } from './builders.js';
import { GENERIC_PROFILE } from './profiles.js';
import type { CountryProfile } from './profile-types.js';

interface DocTable {
  headers: string[];
  rows: string[][];
}

interface DocSection {
  heading: string;
  paragraphs: string[];
  table?: DocTable;
}

/** The reference of a package: markdown and one self-contained HTML page, like HISP's metadata reference files. */
export interface PackageDocs {
  title: string;
  markdown: string;
  html: string;
}

const refId = (value: unknown): string | undefined => (value as { id?: string } | undefined)?.id;

function lookup(bundle: MetadataBundle, plural: string): Map<string, MetadataObject> {
  return new Map((bundle[plural] ?? []).map((o) => [o.id!, o]));
}

function attribute(o: MetadataObject, code: string): string {
  const id = uid('attributes', code);
  return (
    ((o.attributeValues as Array<{ attribute: { id: string }; value: string }>) ?? []).find(
      (a) => a.attribute.id === id,
    )?.value ?? '—'
  );
}

function sectionsOf(built: BuiltPackage, everything: MetadataBundle): DocSection[] {
  const { metadata } = built;
  const combos = lookup(everything, 'categoryCombos');
  const types = lookup(everything, 'indicatorTypes');
  const des = lookup(everything, 'dataElements');
  const out: DocSection[] = [];
  for (const ds of metadata.dataSets ?? []) {
    const sections = (metadata.sections ?? [])
      .filter((s) => refId(s.dataSet) === ds.id)
      .sort((a, b) => (a.sortOrder as number) - (b.sortOrder as number));
    out.push({
      heading: `Data set: ${ds.name as string}`,
      paragraphs: [
        `Code \`${ds.code as string}\`, period ${ds.periodType as string}. ${(ds.description as string) ?? ''}`.trim(),
      ],
      table: {
        headers: ['Section', 'Data elements'],
        rows: sections.map((s) => [
          s.name as string,
          (s.dataElements as Array<{ id: string }>).map((d) => des.get(d.id)?.name as string).join('; '),
        ]),
      },
    });
  }
  if (metadata.dataElements?.length) {
    out.push({
      heading: 'Data elements',
      paragraphs: [],
      table: {
        headers: ['Name', 'Code', 'Disaggregation', 'Value type', 'Description'],
        rows: metadata.dataElements.map((d) => [
          d.name as string,
          d.code as string,
          (combos.get(refId(d.categoryCombo) ?? '')?.name as string) ?? 'none',
          d.valueType as string,
          (d.description as string) ?? '',
        ]),
      },
    });
  }
  if (metadata.indicators?.length) {
    const codes = indicatorCodes(metadata.indicators);
    out.push({
      heading: 'Indicators',
      paragraphs: [
        'Formula in words: numerator ÷ denominator × factor. Full expressions are in metadata/indicators.json. "Needs" lists the data sets (forms) the formula reads.',
      ],
      table: {
        headers: ['Name', 'Code', 'UIS code', 'SDG', 'Formula', 'Disaggregations', 'Needs', 'Definition'],
        rows: metadata.indicators.map((i) => [
          i.name as string,
          i.code as string,
          attribute(i, ATTRIBUTES.uisCode),
          attribute(i, ATTRIBUTES.sdg4),
          `(${i.numeratorDescription as string}) ÷ (${i.denominatorDescription as string}) × ${(types.get(refId(i.indicatorType) ?? '')?.factor as number) ?? 1}`,
          disaggregationsOf(i, codes),
          formsNeeded(i, everything),
          (i.description as string) ?? '',
        ]),
      },
    });
  }
  if (metadata.validationRules?.length) {
    out.push({
      heading: 'Validation rules',
      paragraphs: [],
      table: {
        headers: ['Name', 'Left side', 'Operator', 'Right side'],
        rows: metadata.validationRules.map((r) => [
          r.name as string,
          (r.leftSide as { description: string }).description,
          r.operator as string,
          (r.rightSide as { description: string }).description,
        ]),
      },
    });
  }
  for (const dashboard of metadata.dashboards ?? []) {
    const vis = lookup(metadata, 'visualizations');
    out.push({
      heading: `Dashboard: ${dashboard.name as string}`,
      paragraphs: [(dashboard.description as string) ?? ''],
      table: {
        headers: ['Item', 'Type'],
        rows: (dashboard.dashboardItems as MetadataObject[]).map((item) =>
          item.type === 'TEXT'
            ? [item.text as string, 'Text']
            : [
                vis.get(refId(item.visualization) ?? '')?.name as string,
                vis.get(refId(item.visualization) ?? '')?.type as string,
              ],
        ),
      },
    });
  }
  out.push({
    heading: 'All objects',
    paragraphs: [],
    table: {
      headers: ['Type', 'Count'],
      rows: Object.entries(metadata)
        .filter(([, l]) => l.length)
        .map(([plural, list]) => [plural, String(list.length)]),
    },
  });
  return out;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toMarkdown(title: string, intro: string[], sections: DocSection[]): string {
  const lines = [`# ${title}`, '', ...intro.flatMap((p) => [p, ''])];
  for (const s of sections) {
    lines.push(`## ${s.heading}`, '', ...s.paragraphs.filter(Boolean).flatMap((p) => [p, '']));
    if (s.table) {
      lines.push(`| ${s.table.headers.join(' | ')} |`, `|${s.table.headers.map(() => '---').join('|')}|`);
      for (const row of s.table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}

function toHtml(title: string, intro: string[], sections: DocSection[], lang: string): string {
  const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
  const body = sections.map((s) => {
    const table = s.table
      ? `<table><thead><tr>${s.table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${s.table.rows
          .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
          .join('\n')}</tbody></table>`
      : '';
    return `<section><h2>${escapeHtml(s.heading)}</h2>${s.paragraphs
      .filter(Boolean)
      .map((p) => `<p>${inline(p)}</p>`)
      .join('')}${table}</section>`;
  });
  const css =
    'body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top}th{background:#f0f4f8}code{background:#f4f4f4;padding:0 .2em}';
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${css}</style></head><body><h1>${escapeHtml(title)}</h1>${intro.map((p) => `<p>${inline(p)}</p>`).join('')}\n${body.join('\n')}\n</body></html>\n`;
}

/** Builds the metadata reference of a package (country variant when a profile is given). */
export function buildDocs(name: string, profile: CountryProfile = GENERIC_PROFILE): PackageDocs {
  const built = buildPackage(name, profile);
  const everything: MetadataBundle = {};
  for (const dep of [...PACKAGES[name as PackageName].dependencies, name]) {
    const bundle = dep === name ? built.metadata : buildPackage(dep, profile).metadata;
    for (const [plural, objects] of Object.entries(bundle)) (everything[plural] ??= []).push(...objects);
  }
  const title = `${built.manifest.title} ${built.manifest.version} — metadata reference`;
  const intro = [
    built.manifest.description ?? '',
    `Variant: ${profile.code === 'generic' ? 'generic (UIS defaults)' : `${profile.country} (profile ${profile.code})`}. DHIS2 ${built.manifest.dhis2}. Depends on: ${Object.keys(built.manifest.dependencies ?? {}).join(', ') || 'nothing'}.`,
  ];
  const sections = sectionsOf(built, everything);
  return {
    title,
    markdown: toMarkdown(title, intro, sections),
    html: toHtml(title, intro, sections, profile.language),
  };
}
