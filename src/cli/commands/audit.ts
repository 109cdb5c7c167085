import { loadAppModule } from '../load-app.js';
import { audit, failingFindings, formatMarkdown, formatSarif, formatText, sourceLocator } from '../../audit/index.js';
import { auditLevels, type AuditLevel } from '../../audit/checks.js';
import type { AuditEnvironment } from '../../audit/config-checks.js';
import { commandArgs, usageError as badUsage } from '../command-args.js';

const help = `Usage: rampart audit [app.ts] [--fail-level <level>] [--format <format>] [--env <name>] [--waive <ID=reason>]

Checks the app against the production checklist: every route (an access rule on each,
public writes, validated inputs, response schemas, page caps, rate limits, idempotency,
body limits), the declarations (indexes behind filterable and sortable fields, bounded
includes) and the configuration (secret strength, CORS, proxy trust, metrics token,
public docs). Each finding has a stable id (RA000-RA020, see docs/audit.md), a level,
where it is, what is wrong and how to fix it.

The app is built without serving it (in-memory database, no Redis, no jobs). The
configuration is the environment plus .env, evaluated as NODE_ENV=production would see
it (--env to choose another). Waive a check next to the resource or route it concerns,
with the reason: audit: { waive: { RA010: 'a few hundred rows at most' } }.

Options:
  --fail-level <level>   error (default), warning or info: exit 1 when an unwaived finding
                         is at this level or above
  --format <format>      text (default), markdown, json or sarif (SARIF 2.1.0)
  --env <name>           the NODE_ENV to evaluate the configuration as: production (default),
                         development or test
  --waive <ID=reason>    waive a check app-wide (configuration checks, plugin routes);
                         repeatable
  --help                 show this text

Exit codes: 0 passed, 1 findings at or above the fail level, 2 bad usage.

Examples:
  rampart audit
  rampart audit src/app.ts --fail-level warning
  rampart audit --format sarif > audit.sarif          # GitHub code scanning
  rampart audit --format markdown >> "$GITHUB_STEP_SUMMARY"
  rampart audit --waive RA017="the API and its docs are public"`;

const formats = ['text', 'markdown', 'json', 'sarif'] as const;
const environments: readonly AuditEnvironment[] = ['production', 'development', 'test'];

/** `rampart audit [app.ts] [--fail-level ...] [--format ...] [--env ...] [--waive ...]`. */
export async function run(argv: string[], version: string): Promise<number> {
  const parsed = commandArgs(
    argv,
    {
      'fail-level': { type: 'string', default: 'error' },
      format: { type: 'string', default: 'text' },
      env: { type: 'string', default: 'production' },
      waive: { type: 'string', multiple: true },
    },
    help,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usageError = (message: string) => badUsage(message, help);
  const failLevel = values['fail-level'] as AuditLevel;
  if (!auditLevels.includes(failLevel)) return usageError(`--fail-level must be error, warning or info (got ${values['fail-level']})`);
  const format = values.format as (typeof formats)[number];
  if (!formats.includes(format)) return usageError(`--format must be ${formats.join(', ')} (got ${values.format})`);
  const nodeEnv = values.env as AuditEnvironment;
  if (!environments.includes(nodeEnv)) return usageError(`--env must be ${environments.join(', ')} (got ${values.env})`);
  const waive: Record<string, string> = {};
  for (const entry of values.waive ?? []) {
    const at = entry.indexOf('=');
    if (at < 1) return usageError(`--waive takes ID=reason, e.g. --waive RA017="the docs are public" (got ${entry})`);
    waive[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  const appFile = positionals[0] ?? 'app.ts';
  const report = await audit(await loadAppModule(appFile), { env: process.env, nodeEnv, waive });
  const failing = failingFindings(report, failLevel);
  if (format === 'json') console.log(JSON.stringify({ tool: 'rampart audit', version, failLevel, passed: failing.length === 0, ...report }, null, 2));
  else if (format === 'sarif') console.log(JSON.stringify(formatSarif(report, { version, locate: sourceLocator(appFile) }), null, 2));
  else if (format === 'markdown') console.log(formatMarkdown(report, failing));
  else console.log(formatText(report, failing));
  return failing.length === 0 ? 0 : 1;
}
