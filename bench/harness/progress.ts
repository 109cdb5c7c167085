const started = Date.now();

/** Progress lines go to stderr, with the seconds since the start, so stdout carries only the report. */
export function progress(line: string): void {
  const lead = line.startsWith('\n') ? '\n' : '';
  process.stderr.write(`${lead}[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line.trimStart()}\n`);
}
