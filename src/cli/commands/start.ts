import closeWithGrace from 'close-with-grace';
import { createApp } from '../../core/create-app.js';
import { loadAppModule } from '../load-app.js';

/**
 * `rampart start [app]`: builds the app and serves it until SIGTERM or SIGINT, then
 * shuts down gracefully: stop accepting, finish in-flight requests within
 * SHUTDOWN_TIMEOUT_MS, close the database, exit 0 (1 if the bound ran out).
 */
export async function start(appPath: string | undefined): Promise<void> {
  const app = await createApp(await loadAppModule(appPath));
  closeWithGrace({ delay: app.config.shutdownTimeoutMs }, async ({ signal, err }) => {
    if (err) app.fastify.log.error({ err }, 'fatal error, shutting down');
    else app.fastify.log.info({ signal }, 'shutting down');
    await app.close();
  });
  await app.listen();
}
