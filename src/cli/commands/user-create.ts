import { createApp } from '../../core/create-app.js';
import { loadAppModule } from '../load-app.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new Error("pipe the password on standard input, e.g. printf '%s' \"$PASSWORD\" | rampart user:create app.ts --email a@b.c");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is what `echo` adds; the password itself is kept as typed.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * `rampart user:create [app] --email <email> [--role <role>] [--name <name>]`: creates a
 * user, e.g. the first admin. The password comes on standard input, never as an
 * argument (arguments show in process lists and shell history).
 */
export async function createUserCommand(
  appPath: string | undefined,
  options: { email?: string; role?: string; name?: string },
): Promise<void> {
  if (!options.email) throw new Error('--email is required');
  const password = await readStdin();
  const app = await createApp({ ...(await loadAppModule(appPath)), env: { ...process.env, LOG_LEVEL: 'warn' } });
  try {
    const user = await app.users.createUser({ email: options.email, password, role: options.role ?? 'user', name: options.name });
    console.log(`created ${user.role} ${user.email} (${user.id})`);
  } finally {
    await app.close();
  }
}
