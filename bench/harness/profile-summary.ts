/*
 * Summarizes a V8 CPU profile (node --cpu-prof, or `npm run bench -- --cpu-prof`): the
 * functions with the most self time, and the packages (or Rampart folders) they belong
 * to. Run: npx tsx bench/harness/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function lives: an npm package, a Rampart folder, or node internals. */
function ownerOf(url: string): string {
  if (!url) return '(native/V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const src = /\/src\/([^/]+)\//.exec(url);
  if (src) return `rampart src/${src[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\/.*\/(bench|examples)\//, '$1/');
}

export function summarize(profile: CpuProfile, top = 25, fromSeconds = 0): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= fromSeconds * 1e6) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)?.callFrame.functionName ?? '')).reduce((a, [, v]) => a + v, 0);
  const busy = total - idle;
  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node || ['(idle)', '(program)'].includes(node.callFrame.functionName)) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\/.*?\/(node_modules|src|bench|examples)\//, '$1/');
    const key = `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    owners.set(ownerOf(url), (owners.get(ownerOf(url)) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled (idle and GC/program excluded below)`, '', 'self time by package or folder:'];
  for (const [owner, us] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(us)}  ${owner}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${key}`);
  return lines.join('\n');
}

const [file, top, from] = process.argv.slice(2);
if (file) console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25), Number(from ?? 0)));
