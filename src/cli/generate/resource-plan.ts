import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isRelation, parseFieldSpec, FieldSpecError, type FieldSpec, type RelationSpec } from './field-spec.js';
import type { FileChange } from './generated-files.js';
import { constantOf, moduleFrom, piecePaths, posix, writeChanges } from './piece-plan.js';
import { accessPresets, checkPlan, resourceSource, resourceTestSource, type AccessPreset } from './resource-source.js';

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
  const paths = piecePaths(root, request.app, 'resource', name);
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
    resourceModule: moduleFrom(dirname(paths.testFile), paths.file),
    command: request.command,
  };
  try {
    checkPlan(plan);
  } catch (error) {
    if (error instanceof TypeError || error instanceof Error) throw new FieldSpecError(error.message);
    throw error;
  }
  return writeChanges(root, 'resource', paths, constant, [resourceSource(plan), resourceTestSource(plan)], request.force);
}
