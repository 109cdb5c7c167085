import { expect } from 'vitest';
import { StartupError } from '../../src/errors/app-error.js';

/** Awaits a promise that must reject with a {@link StartupError}, and returns the error. */
export async function expectStartupError(promise: Promise<unknown>): Promise<StartupError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}
