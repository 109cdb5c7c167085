import { describe, expect, it } from 'vitest';
import { createSuccessorSealer } from './successor-sealer.js';

const current = Buffer.from('current-secret-0123456789-abcdefghijklm');
const previous = Buffer.from('previous-secret-0123456789-abcdefghijkl');
const token = 'q3X0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3';

describe('successor sealer', () => {
  it('opens what it sealed, for the same row only', () => {
    const sealer = createSuccessorSealer([current]);
    const sealed = sealer.seal(token, 'row-1');
    expect(sealed).not.toContain(token);
    expect(sealer.seal(token, 'row-1')).not.toBe(sealed); // a fresh IV every time
    expect(sealer.open(sealed, 'row-1')).toBe(token);
    expect(sealer.open(sealed, 'row-2')).toBeNull();
  });

  it('refuses tampered, truncated and foreign ciphertexts', () => {
    const sealer = createSuccessorSealer([current]);
    const sealed = Buffer.from(sealer.seal(token, 'row-1'), 'base64url');
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(sealer.open(flipped.toString('base64url'), 'row-1')).toBeNull();
    expect(sealer.open(sealed.subarray(0, 28).toString('base64url'), 'row-1')).toBeNull();
    expect(createSuccessorSealer([previous]).open(sealed.toString('base64url'), 'row-1')).toBeNull();
  });

  it('opens successors sealed under the previous secret during a rotation', () => {
    const sealed = createSuccessorSealer([previous]).seal(token, 'row-1');
    expect(createSuccessorSealer([current, previous]).open(sealed, 'row-1')).toBe(token);
  });

  it('needs a secret', () => {
    expect(() => createSuccessorSealer([])).toThrow(TypeError);
  });
});
