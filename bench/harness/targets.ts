import type { Results } from './report.js';

/** One target of issue 5: reported, never asserted. */
export interface Target {
  id: string;
  description: string;
  measured: number | null;
  goal: string;
  met: boolean | null;
}

type Scenario = Results['scenarios'][string];

const ratioOf = (scenario: Scenario | undefined, baseline: string): number | null => {
  const ratios = scenario?.ratios as Record<string, { median: number }> | undefined;
  return ratios?.[baseline]?.median ?? null;
};

function atLeast(id: string, description: string, measured: number | null, goal: number, unit = 'x'): Target {
  return { id, description, measured, goal: `>= ${goal}${unit}`, met: measured === null ? null : measured >= goal };
}

function atMost(id: string, description: string, measured: number | null, goal: number, unit = 'x'): Target {
  return { id, description, measured, goal: `<= ${goal}${unit}`, met: measured === null ? null : measured <= goal };
}

/** The targets, from whatever scenarios ran (null where a scenario did not). */
export function evaluateTargets(scenarios: Results['scenarios']): Target[] {
  const targets: Target[] = [];
  for (const suffix of ['', '.pg']) {
    if (suffix && !scenarios[`S2${suffix}`] && !scenarios[`S4${suffix}`]) continue;
    for (const id of ['S2', 'S4']) {
      const s = scenarios[id + suffix];
      targets.push(atLeast(`${id}${suffix}/fastify`, `${id}${suffix}: Rampart vs hand-written Fastify (peak rps, median of pairs)`, ratioOf(s, 'fastify'), 0.9));
      targets.push(atLeast(`${id}${suffix}/express`, `${id}${suffix}: Rampart vs hand-written Express`, ratioOf(s, 'express'), 2));
    }
  }
  targets.push(atLeast('S1/fastify', 'S1: Rampart with every default vs bare Fastify', ratioOf(scenarios.S1, 'fastify'), 0.7));
  const p50 = (id: string) => (scenarios[id]?.rampart as { p50?: number } | undefined)?.p50;
  const small = p50('S6.cursor.1k');
  const large = p50('S6.cursor.1m');
  targets.push(
    atMost('S6/cursor', 'S6: cursor page p50 at 1,000,000 rows over its p50 at 1,000', small && large ? Math.round((large / small) * 100) / 100 : null, 1.5),
  );
  const s5 = scenarios.S5 as { loginsPerSecondPerCore?: number; s2P99Ratio?: number } | undefined;
  targets.push(atLeast('S5/logins', 'S5: logins per second per core', s5?.loginsPerSecondPerCore ?? null, 80, '/s'));
  targets.push(atMost('S5/p99', "S5: S2's p99 during logins over its p99 without", s5?.s2P99Ratio ?? null, 2));
  return targets;
}
