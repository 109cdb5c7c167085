import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restartsOn } from './dev-command.js';

describe('rampart dev: which changes restart the app', () => {
  it.each(['app.ts', join('resources', 'notes.ts'), join('src', 'deep', 'hooks.mjs'), 'package.json', 'tsconfig.json', '.env', join('lib', 'x.cjs')])(
    'restarts on %s',
    (path) => expect(restartsOn(path)).toBe(true),
  );
  it.each([
    join('migrations', '20260101_create.json'),
    join('data', 'app.db'),
    join('node_modules', 'rampart', 'index.js'),
    join('test', 'app.test.ts'),
    join('resources', 'notes.test.ts'),
    'README.md',
    join('.git', 'HEAD'),
    '.env.example',
    join('dist', 'app.js'),
  ])('leaves %s alone', (path) => expect(restartsOn(path)).toBe(false));
});
