// tsc compiles only .ts: the sandbox's web page (HTML, CSS, browser JS) is copied beside its server code.
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../src/sandbox/web/public/', import.meta.url));
const to = fileURLToPath(new URL('../dist/sandbox/web/public/', import.meta.url));
cpSync(from, to, { recursive: true });
