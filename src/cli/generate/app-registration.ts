import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TS from 'typescript';

/*
 * Registers a generated piece in the app module (and takes it out again) by editing
 * where its syntax tree says: the TypeScript compiler parses app.ts, the edit is made
 * at the nodes' positions, and everything else (comments, formatting) stays as the user
 * wrote it. TypeScript is the project's own (a devDependency of every project `rampart
 * init` makes); Rampart does not ship a parser of its own.
 */

/** The app option a kind of piece is listed under. */
export type Slot = 'resources' | 'routes' | 'webhooks' | 'jobs';

/** A problem with the app module, worded for its author. */
export class RegistrationError extends Error {
  override name = 'RegistrationError';
}

function typescript(projectDir: string): typeof TS {
  try {
    return createRequire(join(projectDir, 'package.json'))('typescript') as typeof TS;
  } catch {
    throw new RegistrationError('the generators edit app.ts with the TypeScript compiler: install it in the project (npm install -D typescript)');
  }
}

interface Located {
  ts: typeof TS;
  file: TS.SourceFile;
  options: TS.ObjectLiteralExpression;
}

/** The object literal of `export default defineApp({ ... })` (or `export default { ... }`). */
function locate(projectDir: string, fileName: string, text: string): Located {
  const ts = typescript(projectDir);
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  for (const statement of file.statements) {
    if (!ts.isExportAssignment(statement) || statement.isExportEquals) continue;
    let expression = statement.expression;
    if (ts.isCallExpression(expression) && expression.arguments.length === 1) expression = expression.arguments[0]!;
    if (ts.isObjectLiteralExpression(expression)) return { ts, file, options: expression };
  }
  throw new RegistrationError(`${fileName}: no \`export default defineApp({ ... })\` with an object literal to add to`);
}

function slotOf({ ts, options }: Located, slot: Slot): TS.PropertyAssignment | undefined {
  return options.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === slot);
}

/** One text edit: replace [start, end) with `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

function apply(text: string, edits: Edit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/** Whether `name` is already listed under `slot`. */
export function isRegistered(projectDir: string, fileName: string, text: string, slot: Slot, name: string): boolean {
  const found = locate(projectDir, fileName, text);
  const property = slotOf(found, slot);
  return Boolean(property && found.ts.isArrayLiteralExpression(property.initializer) && property.initializer.elements.some((e) => e.getText() === name));
}

/**
 * app.ts with `import { name } from 'module'` after its last import and `name` at the end
 * of the `slot` array (which is added when missing). A slot that is not an array
 * literal (a variable, a spread) cannot be edited safely: the error says what to add.
 */
export function register(projectDir: string, fileName: string, text: string, slot: Slot, name: string, module: string): string {
  const found = locate(projectDir, fileName, text);
  const { ts, file, options } = found;
  const edits: Edit[] = [];
  const property = slotOf(found, slot);
  if (!property) {
    // Right after the last property: its trailing comma, when it has one, then follows the new one.
    const last = options.properties[options.properties.length - 1];
    if (last) edits.push({ start: last.getEnd(), end: last.getEnd(), text: `,\n  ${slot}: [${name}]${options.properties.hasTrailingComma ? '' : ','}` });
    else edits.push({ start: options.getStart() + 1, end: options.getStart() + 1, text: `\n  ${slot}: [${name}],\n` });
  } else if (ts.isArrayLiteralExpression(property.initializer)) {
    const array = property.initializer;
    if (array.elements.some((e) => e.getText() === name)) throw new RegistrationError(`${fileName}: ${name} is already in ${slot}`);
    if (array.elements.length === 0) edits.push({ start: array.getStart() + 1, end: array.getEnd() - 1, text: name });
    else {
      const last = array.elements[array.elements.length - 1]!;
      edits.push({ start: last.getEnd(), end: last.getEnd(), text: `, ${name}` });
    }
  } else {
    throw new RegistrationError(`${fileName}: ${slot} is not an array literal here; add ${name} (from '${module}') to it yourself`);
  }
  const imports = file.statements.filter(ts.isImportDeclaration);
  const at = imports.length > 0 ? imports[imports.length - 1]!.getEnd() : 0;
  edits.push({ start: at, end: at, text: `${at > 0 ? '\n' : ''}import { ${name} } from '${module}';${at > 0 ? '' : '\n'}` });
  return apply(text, edits);
}

/**
 * app.ts without `name` in `slot` and without its import from `module` (the other names
 * of that import stay). Unchanged text when neither is there.
 */
export function unregister(projectDir: string, fileName: string, text: string, slot: Slot, name: string, module: string): string {
  const found = locate(projectDir, fileName, text);
  const { ts, file } = found;
  const edits: Edit[] = [];
  const property = slotOf(found, slot);
  if (property && ts.isArrayLiteralExpression(property.initializer)) {
    const elements = property.initializer.elements;
    const i = elements.findIndex((e) => e.getText() === name);
    const props = found.options.properties;
    const at = props.indexOf(property);
    if (i >= 0 && elements.length === 1 && slot !== 'resources') {
      // The list held only this one: the option goes too, with the comma before it (or after it, when first).
      const start = at > 0 ? props[at - 1]!.getEnd() : property.getStart();
      const end = at > 0 ? property.getEnd() : at + 1 < props.length ? props[at + 1]!.getStart() : property.getEnd();
      edits.push({ start, end, text: '' });
    } else if (i >= 0) {
      // Takes the element with the comma before it (or after it, when first).
      const start = i > 0 ? elements[i - 1]!.getEnd() : elements[i]!.getStart();
      const end = i > 0 ? elements[i]!.getEnd() : i + 1 < elements.length ? elements[i + 1]!.getStart() : elements[i]!.getEnd();
      edits.push({ start, end, text: '' });
    }
  }
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== module) continue;
    const named = statement.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named)) continue;
    const rest = named.elements.filter((e) => e.name.text !== name);
    if (rest.length === named.elements.length) continue;
    if (rest.length === 0 && !statement.importClause?.name) {
      // The whole line, with its line break.
      const end = statement.getEnd() + (file.text[statement.getEnd()] === '\n' ? 1 : 0);
      edits.push({ start: statement.getFullStart() === 0 ? 0 : statement.getStart(), end, text: '' });
    } else {
      edits.push({ start: named.getStart(), end: named.getEnd(), text: `{ ${rest.map((e) => e.getText()).join(', ')} }` });
    }
  }
  return apply(text, edits);
}
