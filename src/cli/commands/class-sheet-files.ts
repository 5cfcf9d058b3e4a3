import { chmodSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, renderWithChromium } from '../../core/training/class-sheet-pdf.js';
import { renderClassSheet, type ClassSheetEntry } from '../../core/training/class-sheet.js';
import type { TrainingUser } from '../../core/training/index.js';
import { writeFileAtomic } from '../../core/fleet/write-file-atomic.js';
import type { FleetMember } from '../../sandbox/fleet-registry.js';

export interface ClassSheetFiles {
  html: string;
  /** Only when a headless Chromium was found to print it. */
  pdf?: string;
}

/**
 * Writes `<out>/class-sheet.html` (and `.pdf` through headless Chromium when there is one), mode
 * 0600 like the accounts CSVs: it necessarily holds passwords. Nothing when there are no trainees.
 */
export async function writeClassSheet(
  out: string,
  fleet: string,
  members: readonly FleetMember[],
  accounts: Readonly<Record<string, TrainingUser[]>>,
): Promise<ClassSheetFiles | undefined> {
  const entries: ClassSheetEntry[] = members.flatMap((m) =>
    (accounts[m.name] ?? []).map((a) => ({
      sandbox: m.name,
      url: m.lanUrls[0] ?? m.url,
      username: a.username,
      password: a.password,
    })),
  );
  if (entries.length === 0) return undefined;
  const html = join(out, 'class-sheet.html');
  writeFileAtomic(html, renderClassSheet(fleet, entries, new Date()), { mode: 0o600, redact: false });
  const pdf = join(out, 'class-sheet.pdf');
  rmSync(pdf, { force: true });
  const chromium = findChromium();
  if (!chromium) return { html };
  // Printed inside a 0700 folder and made 0600 before it moves next to the HTML: never readable by others.
  const privateDir = mkdtempSync(join(out, '.class-sheet-'));
  try {
    const printed = join(privateDir, 'class-sheet.pdf');
    if (!(await renderWithChromium(chromium, html, '--print-to-pdf', printed, ['--no-pdf-header-footer'])))
      return { html };
    chmodSync(printed, 0o600);
    renameSync(printed, pdf);
    return { html, pdf };
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
}
