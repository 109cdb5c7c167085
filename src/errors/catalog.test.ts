import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { errorCatalog, type ErrorCode } from './catalog.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `(RAMPART_[A-Z_]+)` \| (\d{3} \| )?/gm)].map((m) => [m[1], m[2] ? Number(m[2].slice(0, 3)) : undefined]),
);

describe('error catalog and docs/errors.md', () => {
  it('documents every code of the catalog with its status', () => {
    for (const [code, entry] of Object.entries(errorCatalog)) {
      expect(documented.has(code), `${code} missing from docs/errors.md`).toBe(true);
      expect(documented.get(code), `${code} status in docs/errors.md`).toBe((entry as { status?: number }).status);
    }
  });

  it('documents no code the catalog lacks', () => {
    for (const code of documented.keys()) expect(Object.keys(errorCatalog)).toContain(code);
  });

  it('gives AppError the catalog status', () => {
    for (const code of Object.keys(errorCatalog) as ErrorCode[]) {
      const status = (errorCatalog[code] as { status?: number }).status ?? 500;
      expect(new AppError(code, 'x').status).toBe(status);
    }
  });
});
