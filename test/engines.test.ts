import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };

/** Every installed runtime dependency (not dev), with the Node versions it declares. */
function runtimeEngines(): Array<{ name: string; node: string }> {
  const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((dir) => dir && dir !== root);
  return dirs.flatMap((dir) => {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) return [];
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string; engines?: { node?: string } };
    return pkg.engines?.node ? [{ name: `${pkg.name}@${pkg.version}`, node: pkg.engines.node }] : [];
  });
}

describe('engines', () => {
  // The README promises Node 20.19 and later: a dependency that declares a newer floor
  // makes `npm ci` warn (EBADENGINE) and may use what Node 20 lacks. package.json's
  // `overrides` pin such packages to a release line that supports Node 20.
  it("every runtime dependency allows the lowest Node the package promises, and this machine's", () => {
    const floor = semver.minVersion(manifest.engines.node)!.version;
    const engines = runtimeEngines();
    expect(engines.length).toBeGreaterThan(20);
    const refusing = engines.filter(
      ({ node }) => semver.validRange(node) && !(semver.satisfies(floor, node) && semver.satisfies(process.version, node)),
    );
    expect(refusing.map(({ name, node }) => `${name} needs node ${node}`)).toEqual([]);
  });
});
