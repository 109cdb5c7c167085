import closeWithGrace from 'close-with-grace';
import { createApp } from '../../core/create-app.js';
import { loadAppModule } from '../load-app.js';

/**
 * `rampart start [app]`: builds the app and serves it until SIGTERM or SIGINT, then
 * shuts down gracefully (see core/lifecycle.ts): exit 0, or 1 when in-flight work
 * outlives SHUTDOWN_TIMEOUT_MS. A failure to listen (port taken, bad host) closes the
 * app and fails the command.
 */
export async function start(appPath: string | undefined): Promise<void> {
  const app = await createApp(await loadAppModule(appPath));
  try {
    await app.listen();
  } catch (error) {
    await app.close();
    throw error;
  }
  const log = app.fastify.log;
  closeWithGrace({ delay: app.config.shutdownTimeoutMs, logger: { error: (message: unknown) => log.error(message) } }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'fatal error, shutting down');
    else log.info({ signal }, 'shutting down');
    await app.close();
  });
}
