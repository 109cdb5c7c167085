import { parseArgs } from 'node:util';
import { RegistrationError } from './app-registration.js';
import { FieldSpecError, fieldKinds } from './field-spec.js';
import { applyChanges, diffOf } from './generated-files.js';
import { constantOf, pieceKinds, planPiece, planRemoval, type PieceKind } from './piece-plan.js';
import { planResource } from './resource-plan.js';
import { accessPresets } from './resource-source.js';

export const generateUsage = `Usage: rampart generate resource <name> <field>... [options]
       rampart generate route <METHOD> <path> [<field>...] [--access public|authenticated|admin] [--name <name>]
       rampart generate job <name> [<field>...]
       rampart generate webhook <name> [<event type>...]

Writes resources/<name>.ts and test/<name>.test.ts (create, read, list with filters,
update, delete, validation, ownership) and adds the resource to app.ts (by its syntax
tree: the rest of the file stays as you wrote it). A file you changed is never
overwritten; \`rampart destroy resource <name>\` takes it all out again.

A route validates its body (or query) from the fields and answers; a job validates its
payload; a webhook verifies Standard Webhooks signatures with <NAME>_WEBHOOK_SECRET
(added to .env.example). Each gets a test, the same file safety, and destroy.

Fields: name:kind[=argument][:modifier...]
  kinds      ${fieldKinds.join(', ')}
             enum=a,b,c  reference=<resource> (default: name + "s"; users for people)
             array=string|integer  hasMany=<child>.<via>  through=<junction>.<via>.<to>
  modifiers  unique optional default=<value> filterable sortable searchable index min=<n> max=<n>

Options:
  --app <file>       the app module (default app.ts)
  --owner <field>    the owner field, set from the signed-in user (default owner)
  --no-owner         no owner field (only with --access admin)
  --access <preset>  ${Object.keys(accessPresets).join(', ')} (default public-read: anyone
                     reads, signed-in users create, owners and admins change and delete)
  --unique <a,b>     fields unique together (what a through junction needs); repeatable
  --force            overwrite files you changed
  --dry-run          print the changes as a diff; write nothing

Examples:
  rampart generate resource tasks title:string:filterable:sortable done:boolean:default=false:filterable
  rampart generate resource articles title:string:searchable body:text status:enum=draft,published:default=draft:filterable tags:array=string:filterable
  rampart generate resource comments body:text article:reference=articles:filterable --access owner
  rampart generate resource favorites article:reference=articles --owner user --access owner --unique article,user
  rampart generate route POST /api/v1/reports/:id/run format:enum=csv,pdf --access authenticated
  rampart generate job send-digest userId:string
  rampart generate webhook payments invoice.paid invoice.voided`;

const destroyUsage = `Usage: rampart destroy resource|route|job|webhook <name> [--app app.ts] [--force] [--dry-run]

Removes what \`rampart generate <kind> <name>\` wrote: its files while they are as
generated (a file you changed stays, and is named; --force removes it too) and its
entry and import in app.ts. The migration that created its table stays: the next
\`rampart dev\` writes the one that drops it, for you to review. A route's name is the
one generate printed (e.g. post-reports-id-run).`;

function parse(argv: string[], usage: string) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        app: { type: 'string', default: 'app.ts' },
        owner: { type: 'string', default: 'owner' },
        'no-owner': { type: 'boolean', default: false },
        access: { type: 'string' },
        name: { type: 'string' },
        unique: { type: 'string', multiple: true, default: [] },
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
}

async function guarded(work: () => number): Promise<number> {
  try {
    return work();
  } catch (error) {
    if (error instanceof FieldSpecError || error instanceof RegistrationError) {
      console.error(`rampart: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** `rampart generate <kind> <name> ...`. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parse(argv, generateUsage);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.help) return (console.log(generateUsage), 0);
  const [kind, ...args] = positionals;
  if (kind === undefined || !Object.hasOwn(pieceKinds, kind) || args.length === 0) {
    console.error(`${kind === undefined ? 'what to generate?' : !Object.hasOwn(pieceKinds, kind) ? `cannot generate "${kind}" (${Object.keys(pieceKinds).join(', ')})` : `the ${kind} needs a name`}\n\n${generateUsage}`);
    return 2;
  }
  return guarded(() => {
    const root = process.cwd();
    const command = ['rampart generate', kind, ...args, ...(values.access ? ['--access', values.access] : []), ...values.unique.flatMap((u) => ['--unique', u])].join(' ');
    const common = { app: values.app, force: values.force, command };
    const planned =
      kind === 'resource'
        ? { changes: planResource(root, { ...common, name: args[0]!, fieldTokens: args.slice(1), owner: values['no-owner'] ? null : values.owner, access: values.access ?? 'public-read', unique: values.unique }), name: args[0]! }
        : planPiece(root, { ...common, kind: kind as Exclude<PieceKind, 'resource'>, args, access: values.access ?? 'authenticated', name: values.name });
    if (values['dry-run']) return (console.log(diffOf(root, planned.changes)), 0);
    applyChanges(root, planned.changes);
    const slot = pieceKinds[kind as PieceKind].slot;
    for (const c of planned.changes) console.log(c.tracked ? `wrote ${c.path}` : c.path === '.env.example' ? `named its secret in ${c.path}` : `added ${constantOf(planned.name)} to ${slot} in ${c.path}`);
    console.log(`Next: npm test${kind === 'resource' ? ' (rampart dev writes and applies its migration)' : ''}; \`rampart destroy ${kind} ${planned.name}\` undoes it`);
    return 0;
  });
}

/** `rampart destroy <kind> <name>`. */
export async function runDestroy(argv: string[]): Promise<number> {
  const parsed = parse(argv, destroyUsage);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.help) return (console.log(destroyUsage), 0);
  const [kind, name] = positionals;
  if (kind === undefined || !Object.hasOwn(pieceKinds, kind) || name === undefined || positionals.length > 2) {
    console.error(destroyUsage);
    return 2;
  }
  return guarded(() => {
    const root = process.cwd();
    const { changes, kept } = planRemoval(root, kind as PieceKind, name, values.app, values.force);
    if (values['dry-run']) return (console.log(diffOf(root, changes)), 0);
    applyChanges(root, changes);
    for (const c of changes) console.log(c.text === null ? `removed ${c.path}` : `took ${name} out of ${c.path}`);
    for (const path of kept) console.log(`kept ${path}: you changed it (--force removes it)`);
    if (changes.length === 0 && kept.length === 0) console.log(`nothing of ${name} to remove`);
    return 0;
  });
}
