import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean' } };
/** What {@link commandArgs} gives back once the arguments are usable. */
export type CommandArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: WithHelp<O>; allowPositionals: true; strict: true }>>;

/** Prints a usage mistake with the command's usage under it; 2 is the exit code for it. */
export function usageError(message: string, usage: string): number {
  console.error(`${message}\n\n${usage}`);
  return 2;
}

/**
 * Parses the arguments of a command that takes an optional app module and `options`
 * (plus `--help`, answered here with `usage`). Resolves to the parsed arguments, or to
 * the exit code when there is nothing more to do: 0 after `--help`, 2 after an unknown
 * option, a missing value or a second app module, each printed with the usage.
 */
export function commandArgs<O extends Options>(argv: string[], options: O, usage: string): CommandArgs<O> | number {
  let parsed: CommandArgs<O>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean' } } as WithHelp<O> });
  } catch (error) {
    return usageError((error as Error).message, usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    return 0;
  }
  if (parsed.positionals.length > 1) return usageError(`one app module at most (got ${parsed.positionals.join(' ')})`, usage);
  return parsed;
}
