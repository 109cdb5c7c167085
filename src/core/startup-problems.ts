import { StartupError } from '../errors/app-error.js';

/**
 * Runs the checks an app passes before anything opens, and reports every problem at
 * once instead of the first: fixing a definition should not take one restart per typo.
 *
 * @example
 * const problems = new StartupProblems();
 * const config = problems.check(() => loadConfig(env));
 * const paths = problems.check(() => apiPaths(options.api));
 * problems.throwIfAny();
 */
export class StartupProblems {
  private readonly found: StartupError[] = [];

  /** Runs `check`; a StartupError it throws is kept (and undefined returned), anything else propagates. */
  check<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof StartupError)) throw error;
      this.found.push(...(error instanceof StartupErrors ? error.parts : [error]));
      return undefined;
    }
  }

  /** Keeps a problem found without a check. */
  add(error: StartupError): void {
    this.found.push(error);
  }

  /**
   * Throws what was found: the one error as it was, or one StartupError with the first's
   * code listing them all, one per line.
   */
  throwIfAny(): void {
    const [first, ...rest] = this.found;
    if (!first) return;
    if (rest.length === 0) throw first;
    throw new StartupErrors(this.found);
  }
}

/** Several startup problems as one error: the first's code, one problem per line. */
export class StartupErrors extends StartupError {
  constructor(readonly parts: readonly StartupError[]) {
    super(parts[0]!.code, `${parts.length} problems stop the app:${parts.map((error) => `\n  - ${error.message}`).join('')}`);
  }
}
