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
  // makes `npm ci` warn (EBADENGINE) and may use what Node 20 lacks. Overrides would not
  // reach an app that installs Rampart, so package.json pins, as direct dependencies, the
  // releases whose own dependencies allow Node 20 (@fastify/cookie 11.1.0 and
  // light-my-request 6.6.0 for cookie 1, @fastify/static 10.1.3 for content-disposition
  // 2); npm dedupes the frameworks' wider ranges onto them. test/package/ checks it in a
  // fresh install.
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
