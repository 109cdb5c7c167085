import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cancel, confirm, intro, isCancel, outro, text } from '@clack/prompts';
import { InitError, projectDirProblem, scaffold } from './scaffold.js';

export const initUsage = `Usage: rampart init [folder] [--from <path|tarball>] [--no-install] [--yes]
       npm create rampart@latest [folder] -- [options]

Makes a new project in [folder]: package.json (scripts dev, start, test, migrate),
tsconfig.json, app.ts, resources/notes.ts, a passing test in test/, .env.example,
.gitignore and a README of next steps; then runs npm install.

On a terminal it asks for what is missing; otherwise (or with --yes) it takes the
defaults: folder my-api, install on.

Options:
  --from <path|tarball>   install Rampart from a local package folder or npm pack tarball
  --no-install            write the files only
  --yes, -y               ask nothing

Examples:
  npm create rampart@latest my-api
  npx rampart init my-api --no-install
  npx rampart init my-api --from ../rampart/rampart-0.1.0.tgz`;

/**
 * `rampart init` and `create-rampart`: one command, two ways in. `version` is the
 * Rampart version the new project asks for. Resolves to the exit code.
 */
export async function initCommand(argv: string[], version: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        'no-install': { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${initUsage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(initUsage);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(`one folder, please (got ${positionals.join(', ')})\n\n${initUsage}`);
    return 2;
  }
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !values.yes;
  let dir = positionals[0];
  // node:util's parseArgs has no --no-<flag> negation before Node 22, hence its own flag.
  let install = !values['no-install'];
  if (interactive) {
    intro(`Rampart ${version}: a new project`);
    if (dir === undefined) {
      const answer = await text({ message: 'Project folder', placeholder: 'my-api', defaultValue: 'my-api', validate: (value) => projectDirProblem(value || 'my-api') ?? undefined });
      if (isCancel(answer)) return cancelled();
      dir = answer || 'my-api';
    }
    if (!values['no-install']) {
      const answer = await confirm({ message: 'Install dependencies now (npm install)?', initialValue: true });
      if (isCancel(answer)) return cancelled();
      install = answer;
    }
  }
  dir ??= 'my-api';
  try {
    const files = await scaffold({ dir, version, from: values.from, install });
    const shown = relative(process.cwd(), resolve(dir)) || '.';
    const steps = [`cd ${shown}`, ...(install ? [] : ['npm install']), 'npm run dev      # http://127.0.0.1:3000/docs', 'npm test'];
    const message = `Made ${shown} (${files.length} files). Next:\n\n  ${steps.join('\n  ')}`;
    if (interactive) outro(message);
    else console.log(message);
    return 0;
  } catch (error) {
    if (!(error instanceof InitError)) throw error;
    console.error(`rampart init: ${error.message}`);
    return 1;
  }
}

function cancelled(): number {
  cancel('Nothing was made.');
  return 1;
}
