import { defineConfig } from 'vitest/config';

/*
 * The package as users get it (test/package/): packs the tarballs, makes a project from
 * them and installs it from the registry. Minutes of npm and a native compile, so it runs
 * on its own after the suite (npm test) rather than beside it.
 */
export default defineConfig({
  test: {
    include: ['test/package/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
