import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Machine } from './machine.js';
import type { Profile } from './options.js';
import { evaluateTargets, type Target } from './targets.js';

/*
 * The results: `bench/results/latest.json` (the shape issue 5 asks for: machine, then
 * scenarios keyed S1..S7 with variants such as S2.pg or S6.cursor.1m, each holding
 * { rps, p50, p99, rssMb } per server, plus ratios and targets) and the markdown
 * printed to stdout and pasted into docs/benchmarks.md.
 */

export interface Results {
  machine: Machine;
  method: Record<string, unknown>;
  /** Per scenario: one entry per server, plus `ratios` and scenario-specific numbers. */
  scenarios: Record<string, Record<string, unknown>>;
  targets: Target[];
  notes: string[];
  seconds: { seeding: number; total: number };
}

export function methodOf(profile: Profile): Record<string, unknown> {
  return {
    mode: profile.name,
    servers: ['rampart', ...profile.baselines].join(', '),
    peak: `autocannon, ${profile.connections} connections, no pipelining, ${profile.peakSeconds} s per run, ${profile.rounds} round(s) alternating Rampart and baselines (ABBA)`,
    warmup: `${profile.startWarmupSeconds} s closed loop per server after it starts, over every scenario's requests; then ${profile.warmupSeconds > 0 ? `${profile.warmupSeconds} s` : 'none'} before each scenario`,
    latency: `open loop at 70% of each server's own peak for ${profile.pacedSeconds} s, latency from each request's due time (coordinated omission corrected)`,
    units: 'rps: 2xx responses per second; p50/p99: milliseconds; rssMb: resident memory in MB',
  };
}

const num = (v: unknown, digits = 0) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-';

const ms = (v: unknown) => (typeof v === 'number' && v < 10 ? num(v, 2) : num(v, 1));

/** The markdown report. */
export function renderMarkdown(results: Results): string {
  const m = results.machine;
  const out: string[] = [];
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${m.pinning}; load average ${m.loadAverage.start} at start, ${m.loadAverage.end ?? '-'} at end; commit ${m.commit}; ${m.date} (${results.method.mode} run).`);
  out.push('');
  const comparisons = Object.entries(results.scenarios).filter(([, s]) => s.ratios);
  if (comparisons.length > 0) {
    out.push('| scenario | server | peak rps | p50 ms | p99 ms | at rps | RSS MB | Rampart / this (each pair) |');
    out.push('|---|---|--:|--:|--:|--:|--:|---|');
    for (const [id, scenario] of comparisons) {
      const ratios = scenario.ratios as Record<string, { pairs: number[]; median: number }>;
      for (const name of ['rampart', 'fastify', 'express', 'node-http']) {
        const s = scenario[name] as { rps: number; p50: number; p99: number; rate: number; achieved?: number; rssMb: number } | undefined;
        if (!s) continue;
        const ratio = ratios[name];
        const ratioText = ratio ? `**${num(ratio.median, 2)}** (${ratio.pairs.map((p) => num(p, 2)).join(', ')})` : '';
        // A latency run that fell behind its rate is marked with what it got (see compare.ts).
        const behind = s.achieved !== undefined && s.achieved < 0.95 * s.rate;
        const rate = behind ? `${num(s.rate)} (got ${num(s.achieved)})` : num(s.rate);
        out.push(`| ${id} | ${name} | ${num(s.rps)} | ${ms(s.p50)} | ${ms(s.p99)} | ${rate} | ${num(s.rssMb)} | ${ratioText} |`);
      }
    }
    out.push('');
  }
  const s5 = results.scenarios.S5 as (Record<string, number> & { s2P99Ratios: number[] }) | undefined;
  if (s5) {
    out.push('| S5 | value |');
    out.push('|---|--:|');
    out.push(`| peak logins per second (server on ${s5.serverCores} core) | ${num(s5.loginsPerSecond, 1)} |`);
    out.push(`| S2 p99 at ${num(s5.s2Rate)} rps, alone (median of rounds) | ${ms(s5.s2P99Alone)} ms |`);
    out.push(`| S2 p99 at ${num(s5.s2Rate)} rps, with ${num(s5.loginRateDuring, 1)} logins/s (median of rounds) | ${ms(s5.s2P99WithLogins)} ms |`);
    out.push(`| S2 p99 with logins / alone, each round (median) | ${s5.s2P99Ratios.map((r) => num(r, 2)).join(', ')} (**${num(s5.s2P99Ratio, 2)}**) |`);
    out.push(`| login latency during that run, p50 / p99 | ${ms(s5.loginP50During)} / ${ms(s5.loginP99During)} ms |`);
    out.push('');
  }
  const growth = Object.entries(results.scenarios).filter(([id]) => id.startsWith('S6.'));
  if (growth.length > 0) {
    out.push('| S6 | rows | depth | p50 ms | p99 ms | rps (1 connection) |');
    out.push('|---|--:|--:|--:|--:|--:|');
    for (const [id, scenario] of growth) {
      const s = scenario.rampart as { p50: number; p99: number; rps: number; depth: number };
      const [, mode, size] = id.split('.');
      out.push(`| ${mode} | ${size} | ${num(s.depth)} | ${ms(s.p50)} | ${ms(s.p99)} | ${num(s.rps)} |`);
    }
    out.push('');
  }
  out.push('| target | measured | goal | met |');
  out.push('|---|--:|--:|---|');
  for (const t of results.targets) {
    const measured = t.measured === null ? 'not run' : `${num(t.measured, 2)}${t.goal.endsWith('/s') ? '/s' : 'x'}`;
    out.push(`| ${t.description} | ${measured} | ${t.goal} | ${t.met === null ? '-' : t.met ? 'yes' : '**no**'} |`);
  }
  if (results.notes.length > 0) {
    out.push('');
    for (const note of results.notes) out.push(`- ${note}`);
  }
  return out.join('\n');
}

/** Fills in the targets, writes the JSON file and returns the markdown. */
export function writeResults(results: Results, file: string): string {
  results.targets = evaluateTargets(results.scenarios);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return renderMarkdown(results);
}
