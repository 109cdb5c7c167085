import { defineConfig } from 'tsup';

// The published library: ESM with type declarations. The CLI runs from source through
// tsx (bin/rampart.mjs), because it must load the user's TypeScript app anyway.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
