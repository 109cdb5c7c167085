import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandArgs } from './command-args.js';

const usage = 'Usage: rampart thing [app.ts] [--out <file>]';
const options = { out: { type: 'string' }, check: { type: 'boolean', default: false } } as const;

describe('commandArgs', () => {
  const printed = { log: '', error: '' };
  afterEach(() => {
    vi.restoreAllMocks();
    printed.log = printed.error = '';
  });
  const capture = () => {
    vi.spyOn(console, 'log').mockImplementation((text: string) => void (printed.log += text));
    vi.spyOn(console, 'error').mockImplementation((text: string) => void (printed.error += text));
  };

  it('gives back the options and the app module', () => {
    const parsed = commandArgs(['src/app.ts', '--out', 'x.ts'], options, usage);
    expect(parsed).toMatchObject({ values: { out: 'x.ts', check: false }, positionals: ['src/app.ts'] });
  });

  it('answers --help with the usage (exit 0), whatever else is given', () => {
    capture();
    expect(commandArgs(['--help', '--out', 'x.ts'], options, usage)).toBe(0);
    expect(printed.log).toBe(usage);
  });

  it('refuses an unknown option, a missing value and a second app module with the usage (exit 2)', () => {
    capture();
    for (const [argv, message] of [
      [['--outt', 'x.ts'], /Unknown option '--outt'/],
      [['--out'], /--out <value>' argument missing/],
      [['a.ts', 'b.ts'], /one app module at most \(got a\.ts b\.ts\)/],
    ] as const) {
      printed.error = '';
      expect(commandArgs([...argv], options, usage), argv.join(' ')).toBe(2);
      expect(printed.error).toMatch(message);
      expect(printed.error).toContain(usage);
    }
  });
});
