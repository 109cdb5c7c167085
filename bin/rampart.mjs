#!/usr/bin/env node
// The CLI loads the user's TypeScript app module, so it runs under tsx's loader. The CLI
// itself is the compiled library (dist/), the very modules the app gets from
// `import ... from 'rampart'`: one copy of Rampart in the process, so `allow.public`,
// `AppError` and the rest are the same objects on both sides (two copies would make a
// public list look personal and an AppError a 500). Compiled code also skips tsx's
// per-closure name helpers on every request.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('rampart: the library is not built (dist/ is missing); run `npm run build` in the rampart package');
  process.exit(1);
}
// The library is loaded before tsx's hooks are: plain JavaScript gains nothing from them,
// and passing its hundreds of modules through them cost about a third of every command's
// start-up CPU (0.7 of 2.2 s on a loaded 2-core machine). The app's `rampart` import
// resolves to these same files, so it still finds this one copy.
const { run } = await import(cli.href);
register();
await run(process.argv.slice(2));
