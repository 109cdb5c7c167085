import { describe, expect, it } from 'vitest';
import { createOutageLog } from './outage-log.js';

describe('createOutageLog', () => {
  it('warns at once, then at most once a period with the failures counted meanwhile', () => {
    const lines: [object, string][] = [];
    const clock = { t: 1_000_000 };
    const outage = createOutageLog({
      log: { warn: (object, message) => lines.push([object, message]) },
      message: 'store down',
      everyMs: 1000,
      now: () => clock.t,
    });
    outage.report(new Error('refused'));
    for (let i = 0; i < 500; i++) outage.report(new Error('refused'));
    expect(lines).toEqual([[{ err: 'refused', failures: 1 }, 'store down']]);
    clock.t += 1000;
    outage.report('timed out');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual([{ err: 'timed out', failures: 501 }, 'store down']);
  });
});
