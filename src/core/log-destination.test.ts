import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createBatchedDestination } from './log-destination.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function fileDestination(name: string) {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  return { destination: createBatchedDestination(fd), read: () => readFileSync(path, 'utf8'), close: () => closeSync(fd) };
}

describe('createBatchedDestination', () => {
  it('writes the lines of a turn of the event loop together, once the turn ends', async () => {
    const { destination, read, close } = fileDestination('turns.log');
    destination.write('one\n');
    destination.write('two\n');
    expect(read()).toBe('');
    await nextTurn();
    expect(read()).toBe('one\ntwo\n');
    destination.write('three\n');
    await nextTurn();
    expect(read()).toBe('one\ntwo\nthree\n');
    close();
  });

  it('writes at once when a turn has logged a lot, and on flush', () => {
    const { destination, read, close } = fileDestination('burst.log');
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 63; i++) destination.write(line);
    expect(read()).toBe('');
    destination.write(line);
    expect(read()).toHaveLength(64 * 1024);
    destination.write('last\n');
    destination.flushSync();
    expect(read().endsWith('last\n')).toBe(true);
    close();
  });

  it('carries pino lines, flushed by logger.flush', () => {
    const { destination, read, close } = fileDestination('pino.log');
    const logger = pino({ base: undefined }, destination);
    logger.info({ n: 1 }, 'hello');
    logger.flush();
    expect(JSON.parse(read())).toMatchObject({ msg: 'hello', n: 1 });
    close();
  });

  it('writes what is pending when the process exits in the same turn', () => {
    const script = `
      import { createBatchedDestination } from ${JSON.stringify(new URL('./log-destination.ts', import.meta.url).pathname)};
      const destination = createBatchedDestination(1);
      destination.write('before exit\\n');
      process.exit(0);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('before exit\n');
  });
});
