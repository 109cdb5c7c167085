#!/usr/bin/env node
// The CLI loads the user's TypeScript app module, so it runs under tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
await run(process.argv.slice(2));
