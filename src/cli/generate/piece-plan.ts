import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isRegistered, register, unregister, type Slot } from './app-registration.js';
import { FieldSpecError, isRelation, parseFieldSpec, type FieldSpec } from './field-spec.js';
import { fileState, type FileChange } from './generated-files.js';
import { jobSource, jobTestSource, routeSource, routeTestSource, webhookSource, webhookTestSource, type RoutePlan } from './piece-source.js';

/** What the generators make, where each goes and which app option lists it. */
export const pieceKinds = {
  resource: { dir: 'resources', testPrefix: '', slot: 'resources' },
  route: { dir: 'routes', testPrefix: 'route-', slot: 'routes' },
  job: { dir: 'jobs', testPrefix: 'job-', slot: 'jobs' },
  webhook: { dir: 'webhooks', testPrefix: 'webhook-', slot: 'webhooks' },
} as const satisfies Record<string, { dir: string; testPrefix: string; slot: Slot }>;
export type PieceKind = keyof typeof pieceKinds;

export const posix = (path: string) => path.split(sep).join('/');
export const moduleFrom = (fromDir: string, file: string) => {
  const path = posix(relative(fromDir, file)).replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
};
/** `blog-posts` → `blogPosts`. */
export const constantOf = (name: string) => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const kebab = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A piece's files: <dir>/<name>.ts beside the app module, test/<prefix><name>.test.ts in the project. */
export function piecePaths(root: string, app: string, kind: PieceKind, name: string) {
  const appFile = resolve(root, app);
  if (!existsSync(appFile)) throw new FieldSpecError(`no app module at ${appFile}; pass it with --app`);
  const { dir, testPrefix } = pieceKinds[kind];
  return { appFile, file: join(dirname(appFile), dir, `${name}.ts`), testFile: join(root, 'test', `${testPrefix}${name}.test.ts`) };
}

/**
 * The changes that write `files` (refusing any the user changed, unless `force`) and
 * list `constant` in the app's `slot` (once).
 */
export function writeChanges(root: string, kind: PieceKind, paths: ReturnType<typeof piecePaths>, constant: string, texts: [string, string], force: boolean): FileChange[] {
  const changes: FileChange[] = [];
  for (const [file, text] of [
    [paths.file, texts[0]],
    [paths.testFile, texts[1]],
  ] as const) {
    const path = posix(relative(root, file));
    if (fileState(root, path) === 'changed' && !force) {
      throw new FieldSpecError(`${path} exists and is not as the generator wrote it: nothing was written (--force overwrites it, --dry-run shows the difference)`);
    }
    changes.push({ path, text, tracked: true });
  }
  const slot = pieceKinds[kind].slot;
  const appText = readFileSync(paths.appFile, 'utf8');
  if (!isRegistered(root, paths.appFile, appText, slot, constant)) {
    changes.push({ path: posix(relative(root, paths.appFile)), text: register(root, paths.appFile, appText, slot, constant, moduleFrom(dirname(paths.appFile), paths.file)), tracked: false });
  }
  return changes;
}

/** The changes of `destroy <kind> <name>`, and the files kept because someone changed them. */
export function planRemoval(root: string, kind: PieceKind, name: string, app: string, force: boolean): { changes: FileChange[]; kept: string[] } {
  const paths = piecePaths(root, app, kind, name);
  const changes: FileChange[] = [];
  const kept: string[] = [];
  for (const file of [paths.file, paths.testFile]) {
    const path = posix(relative(root, file));
    const state = fileState(root, path);
    if (state === 'missing') continue;
    if (state === 'changed' && !force) kept.push(path);
    else changes.push({ path, text: null, tracked: true });
  }
  const appText = readFileSync(paths.appFile, 'utf8');
  const without = unregister(root, paths.appFile, appText, pieceKinds[kind].slot, constantOf(name), moduleFrom(dirname(paths.appFile), paths.file));
  if (without !== appText) changes.push({ path: posix(relative(root, paths.appFile)), text: without, tracked: false });
  return { changes, kept };
}

function plainFields(tokens: readonly string[]): FieldSpec[] {
  const specs = tokens.map(parseFieldSpec);
  const relation = specs.find(isRelation);
  if (relation) throw new FieldSpecError(`${relation.name}: relations belong to resources`);
  return specs as FieldSpec[];
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `/api/v1/reports/:id/run` with POST → `post-reports-id-run`. */
export function routeName(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .filter((segment, i) => !(i < 2 && /^(api|v\d+)$/.test(segment)))
    .map((segment) => segment.replace(/^:/, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase());
  return [method.toLowerCase(), ...words].filter(Boolean).join('-');
}

export interface PieceRequest {
  kind: 'route' | 'job' | 'webhook';
  /** route: [METHOD, path, ...fields]; job: [name, ...fields]; webhook: [name]. */
  args: string[];
  app: string;
  access: string;
  name?: string;
  force: boolean;
  command: string;
}

/** Refuses what cannot be generated; returns the file changes of `generate route|job|webhook`. */
export function planPiece(root: string, request: PieceRequest): { changes: FileChange[]; name: string } {
  let name: string;
  let fieldTokens: string[];
  let route: Pick<RoutePlan, 'method' | 'path' | 'access'> | undefined;
  let events: string[] = [];
  if (request.kind === 'route') {
    const [method = '', path = '', ...rest] = request.args;
    const upper = method.toUpperCase() as RoutePlan['method'];
    if (!methods.includes(upper)) throw new FieldSpecError(`"${method}" is not a method: ${methods.join(', ')}`);
    if (!/^(\/(:?[A-Za-z0-9._~-]+))+$/.test(path)) throw new FieldSpecError(`"${path}" is not a route path: literal segments and :params, e.g. /api/v1/reports/:id/run`);
    if (!['public', 'authenticated', 'admin'].includes(request.access)) throw new FieldSpecError(`--access ${request.access}: a route takes public, authenticated or admin`);
    route = { method: upper, path, access: request.access as RoutePlan['access'] };
    name = request.name ?? routeName(upper, path);
    fieldTokens = rest;
  } else {
    const [given = '', ...rest] = request.args;
    name = given;
    fieldTokens = rest;
    if (request.kind === 'webhook') {
      // A webhook's further arguments are the event types it acts on.
      events = rest.length > 0 ? [...rest] : [`${given}.created`];
      const bad = events.find((type) => !/^[A-Za-z0-9_.:-]+$/.test(type));
      if (bad) throw new FieldSpecError(`"${bad}" is not an event type (letters, digits, ".", "_", ":", "-")`);
      rest.length = 0;
    }
  }
  if (!kebab.test(name)) throw new FieldSpecError(`"${name}" is not a name: lowercase words joined by "-" (e.g. send-digest)`);
  const fields = plainFields(fieldTokens);
  const paths = piecePaths(root, request.app, request.kind, name);
  const constant = constantOf(name);
  const base = {
    name,
    constant,
    fields,
    appModule: moduleFrom(dirname(paths.testFile), paths.appFile),
    pieceModule: moduleFrom(dirname(paths.testFile), paths.file),
    command: request.command,
  };
  const secretEnv = `${name.replace(/-/g, '_').toUpperCase()}_WEBHOOK_SECRET`;
  const texts: [string, string] =
    request.kind === 'route'
      ? [routeSource({ ...base, ...route! }), routeTestSource({ ...base, ...route! })]
      : request.kind === 'job'
        ? [jobSource(base), jobTestSource(base)]
        : [webhookSource({ ...base, secretEnv, events }), webhookTestSource({ ...base, secretEnv, events })];
  const changes = writeChanges(root, request.kind, paths, constant, texts, request.force);
  // The secret a webhook needs, named where a person sets up the project.
  const example = join(root, '.env.example');
  if (request.kind === 'webhook' && existsSync(example)) {
    const text = readFileSync(example, 'utf8');
    if (!new RegExp(`^#? ?${secretEnv}=`, 'm').test(text)) {
      changes.push({ path: '.env.example', text: `${text}${text.endsWith('\n') ? '' : '\n'}\n# The signing secret of the ${name} webhook (whsec_...).\n${secretEnv}=\n`, tracked: false });
    }
  }
  return { changes, name };
}
