import { escapeMarkup } from '../../output/markup.js';

/** One trainee's slip on the class sheet. */
export interface ClassSheetEntry {
  sandbox: string;
  /** What the trainee types in the browser: the LAN URL when there is one. */
  url: string;
  username: string;
  password: string;
}

/**
 * A printable HTML page with one cut-out slip per trainee (sandbox, URL, username, password),
 * two slips a row on A4. Passwords are in a monospace face because trainees copy them by hand.
 */
export function renderClassSheet(title: string, entries: readonly ClassSheetEntry[], created: Date): string {
  const slips = entries
    .map(
      (e) => `    <section class="slip">
      <h2>${escapeMarkup(e.sandbox)}</h2>
      <dl>
        <dt>Open</dt><dd class="url">${escapeMarkup(e.url)}</dd>
        <dt>Username</dt><dd class="mono">${escapeMarkup(e.username)}</dd>
        <dt>Password</dt><dd class="mono">${escapeMarkup(e.password)}</dd>
      </dl>
    </section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeMarkup(title)}: class sheet</title>
  <style>
    @page { size: A4; margin: 12mm; }
    body { font-family: "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0; }
    @media screen { body { margin: 16px; } }
    header { margin-bottom: 6mm; }
    h1 { font-size: 16pt; margin: 0 0 2mm; }
    header p { margin: 0; font-size: 9pt; color: #444; }
    main { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
    .slip { border: 1px dashed #666; padding: 3mm 4mm; break-inside: avoid; }
    .slip h2 { font-size: 11pt; margin: 0 0 2mm; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 3mm; margin: 0; font-size: 10pt; }
    dt { color: #444; }
    dd { margin: 0; overflow-wrap: anywhere; }
    .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 11pt; letter-spacing: 0.03em; }
  </style>
</head>
<body>
  <header>
    <h1>${escapeMarkup(title)}: class sheet</h1>
    <p>${entries.length} trainee account(s), printed ${escapeMarkup(created.toISOString().slice(0, 16).replace('T', ' '))} UTC. Cut along the dashed lines; give each trainee their slip. Keep this sheet private: it holds passwords.</p>
  </header>
  <main>
${slips}
  </main>
</body>
</html>
`;
}
