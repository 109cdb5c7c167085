// Placeholder while the command is built (issue 20); replaced by its implementation.
export async function run(): Promise<number> {
  console.error('this command is not available in this build yet');
  return 1;
}
