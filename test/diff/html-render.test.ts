import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { diffBundles } from '../../src/core/diff/index.js';
import { renderDiffHtml } from '../../src/cli/presenters/diff-html.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) =>
  existsSync(path),
);
const tmp = mkdtempSync(join(tmpdir(), 'edupkg-html-'));

// A hostile name proves escaping: it must arrive as text, never as markup.
const hostile = '<script>document.title="pwned"</script><img src=x>';
const diff = diffBundles(
  {
    dataElements: [
      { id: 'aaaaaaaaaa1', name: 'Pupils' },
      { id: 'aaaaaaaaaa2', name: 'Teachers' },
    ],
    indicators: [{ id: 'IndAAAAAAA1', name: 'GER', numerator: '#{a}' }],
  },
  {
    dataElements: [
      { id: 'aaaaaaaaaa1', name: hostile },
      { id: 'aaaaaaaaaa3', name: 'Classrooms' },
    ],
    indicators: [{ id: 'IndAAAAAAA1', name: 'GER', numerator: '#{b}' }],
  },
);
const html = renderDiffHtml(diff, { before: 'v1 & <old>', after: 'v2' });

function assertRendered(dom: string): void {
  expect(dom).toContain('id="summary-line"');
  expect(dom).toContain('1 added, 1 removed, 2 changed, 0 unchanged.');
  expect(dom).toMatch(/<svg[^>]*id="summary-chart"/);
  expect(dom.match(/<rect class="bar bar-(added|removed|changed)"/g)).toHaveLength(4);
  expect(dom).toContain('data-type="dataElements"');
  expect(dom).toContain('&lt;script&gt;');
  expect(dom).not.toMatch(/<script/i);
  expect(dom).not.toMatch(/<img/i);
  expect(dom).toContain('v1 &amp; &lt;old&gt;');
}

describe('the html diff page', () => {
  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script|<link|src=["']?https?:|href=["']?https?:|@import/i);
    expect(html).toContain("default-src 'none'");
  });

  if (CHROMIUM) {
    it(`renders its summary and chart in headless Chromium (${CHROMIUM})`, async () => {
      const file = join(tmp, 'diff.html');
      writeFileSync(file, html);
      const { stdout } = await promisify(execFile)(
        CHROMIUM,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          `--user-data-dir=${join(tmp, 'profile')}`,
          '--dump-dom',
          pathToFileURL(file).href,
        ],
        { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      );
      assertRendered(stdout);
      expect(stdout).toMatch(/<title>edupkg diff: v1 &amp; &lt;old&gt; → v2<\/title>/);
    });
  } else {
    it('checks the page statically because no chromium binary is installed (apt-get install chromium to render it)', () => {
      assertRendered(html);
    });
  }
});
