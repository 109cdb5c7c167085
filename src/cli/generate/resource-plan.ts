import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isRelation, parseFieldSpec, FieldSpecError, type FieldSpec, type RelationSpec } from './field-spec.js';
import { register, unregister, isRegistered } from './app-registration.js';
import { fileState, type FileChange } from './generated-files.js';
import { accessPresets, checkPlan, constantOf, resourceSource, resourceTestSource, type AccessPreset } from './resource-source.js';

/** What `generate resource` / `destroy resource` were asked. */
export interface ResourceRequest {
  name: string;
  fieldTokens: string[];
  app: string;
  owner: string | null;
  access: string;
  /** `--unique a,b`: fields unique together. */
  unique: string[];
  force: boolean;
  command: string;
}

// Rampart's own rule for resource names: lowercase words joined by "-".
const resourceName = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const posix = (path: string) => path.split(sep).join('/');
const moduleFrom = (fromDir: string, file: string) => {
  const path = posix(relative(fromDir, file)).replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
};

/** Where a resource's files go: resources/<name>.ts beside the app module, test/<name>.test.ts in the project. */
export function resourcePaths(root: string, app: string, name: string) {
  const appFile = resolve(root, app);
  return {
    appFile,
    resourceFile: join(dirname(appFile), 'resources', `${name}.ts`),
    testFile: join(root, 'test', `${name}.test.ts`),
  };
}

/** Refuses what cannot be generated; returns the file changes of `generate resource`. */
export function planResource(root: string, request: ResourceRequest): FileChange[] {
  const { name } = request;
  if (!resourceName.test(name)) throw new FieldSpecError(`"${name}" is not a resource name: lowercase words joined by "-" (e.g. tasks, blog-posts)`);
  if (!Object.hasOwn(accessPresets, request.access)) throw new FieldSpecError(`--access ${request.access}: the presets are ${Object.keys(accessPresets).join(', ')}`);
  const access = request.access as AccessPreset;
  if (request.fieldTokens.length === 0) throw new FieldSpecError('name at least one field, e.g. title:string:filterable');
  const specs = request.fieldTokens.map(parseFieldSpec);
  const fields = specs.filter((s): s is FieldSpec => !isRelation(s));
  const relations = specs.filter(isRelation) as RelationSpec[];
  const names = specs.map((s) => s.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw new FieldSpecError(`${repeated} is named twice`);
  if (fields.length === 0) throw new FieldSpecError('name at least one field besides relations');
  const owner = request.owner;
  if (accessPresets[access].needsOwner && !owner) throw new FieldSpecError(`--access ${access} needs an owner field (--owner <field>)`);
  if (owner && names.includes(owner)) throw new FieldSpecError(`${owner} is the owner field (set by the server); pick another --owner or rename the field`);
  const paths = resourcePaths(root, request.app, name);
  if (!existsSync(paths.appFile)) throw new FieldSpecError(`no app module at ${paths.appFile}; pass it with --app`);
  const constant = constantOf(name);
  for (const relation of relations) {
    const file = join(dirname(paths.appFile), 'resources', `${relation.target}.ts`);
    if (relation.target !== name && !existsSync(file)) {
      throw new FieldSpecError(`${relation.name} goes through ${relation.target}, but ${posix(relative(root, file))} is missing: generate ${relation.target} first`);
    }
  }
  const plan = {
    name,
    constant,
    fields,
    relations,
    owner: owner ?? null,
    uniqueTogether: request.unique.map((group) => group.split(',').map((n) => n.trim())),
    access,
    appModule: moduleFrom(dirname(paths.testFile), paths.appFile),
    resourceModule: moduleFrom(dirname(paths.testFile), paths.resourceFile),
    command: request.command,
  };
  try {
    checkPlan(plan);
  } catch (error) {
    if (error instanceof TypeError || error instanceof Error) throw new FieldSpecError(error.message);
    throw error;
  }
  const changes: FileChange[] = [];
  for (const [file, text] of [
    [paths.resourceFile, resourceSource(plan)],
    [paths.testFile, resourceTestSource(plan)],
  ] as const) {
    const path = posix(relative(root, file));
    if (fileState(root, path) === 'changed' && !request.force) {
      throw new FieldSpecError(`${path} exists and is not as the generator wrote it: nothing was written (--force overwrites it, --dry-run shows the difference)`);
    }
    changes.push({ path, text, tracked: true });
  }
  const appText = readFileSync(paths.appFile, 'utf8');
  if (!isRegistered(root, paths.appFile, appText, 'resources', constant)) {
    const module = moduleFrom(dirname(paths.appFile), paths.resourceFile);
    changes.push({ path: posix(relative(root, paths.appFile)), text: register(root, paths.appFile, appText, 'resources', constant, module), tracked: false });
  }
  return changes;
}

/** The file changes of `destroy resource`, and the files kept because someone changed them. */
export function planResourceRemoval(root: string, request: Pick<ResourceRequest, 'name' | 'app' | 'force'>): { changes: FileChange[]; kept: string[] } {
  const paths = resourcePaths(root, request.app, request.name);
  if (!existsSync(paths.appFile)) throw new FieldSpecError(`no app module at ${paths.appFile}; pass it with --app`);
  const changes: FileChange[] = [];
  const kept: string[] = [];
  for (const file of [paths.resourceFile, paths.testFile]) {
    const path = posix(relative(root, file));
    const state = fileState(root, path);
    if (state === 'missing') continue;
    if (state === 'changed' && !request.force) kept.push(path);
    else changes.push({ path, text: null, tracked: true });
  }
  const appText = readFileSync(paths.appFile, 'utf8');
  const module = moduleFrom(dirname(paths.appFile), paths.resourceFile);
  const without = unregister(root, paths.appFile, appText, 'resources', constantOf(request.name), module);
  if (without !== appText) changes.push({ path: posix(relative(root, paths.appFile)), text: without, tracked: false });
  return { changes, kept };
}
