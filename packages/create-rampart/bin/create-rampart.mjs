#!/usr/bin/env node
// `npm create rampart@latest my-api` runs this: the same command as `rampart init`. A new
// project asks for the Rampart release of this package's version (the two are released
// together).
import { readFileSync } from 'node:fs';
import { initCommand } from '../dist/init-command.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
process.exitCode = await initCommand(process.argv.slice(2), version);
