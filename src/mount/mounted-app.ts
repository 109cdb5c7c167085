import { createApp, type AppOptions, type RampartApp } from '../core/create-app.js';

/** What a mounted handler serves: an app's declaration (`defineApp`'s result), built on first use, or an app already built. */
export type MountSource = AppOptions | RampartApp;

/** The app behind a mounted handler, and its end. Both handlers carry these two methods. */
export interface MountedApp {
  /**
   * The built app. From a declaration it is built on the first call, once however many
   * requests wait for it; a build that fails rejects every waiter, and the next call
   * tries again (a database not up yet is not a reason to stay broken). Call it at boot
   * to build before the first request (and see boot errors then).
   */
  app(): Promise<RampartApp>;
  /**
   * Closes the app behind the handler (the one it built, or the one it was given):
   * the database, Redis, the job runner. The host server owns the connections, so stop
   * it first; requests that still arrive are answered 503.
   */
  close(): Promise<void>;
}

/**
 * Thrown by {@link MountedApp.app} once the handler is closed; carries the app it had
 * built, if any, so a refusal can still speak the app's error format.
 *
 * @example
 * await handler.close();
 * await handler.app().catch((error) => error instanceof MountClosedError); // true
 */
export class MountClosedError extends Error {
  constructor(readonly app?: RampartApp) {
    super('this Rampart handler has been closed');
    this.name = 'MountClosedError';
  }
}

/**
 * The app a handler serves, built lazily from a declaration or taken as given.
 *
 * @example
 * const mounted = mountedApp(defineApp({ resources: [notes] }));
 * const app = await mounted.app(); // built now, once
 */
export function mountedApp(source: MountSource): MountedApp {
  let building: Promise<RampartApp> | undefined = isBuilt(source) ? Promise.resolve(source) : undefined;
  let closed = false;
  let closing: Promise<void> | undefined;
  let built: RampartApp | undefined = isBuilt(source) ? source : undefined;
  return {
    app() {
      if (closed) return Promise.reject(new MountClosedError(built));
      building ??= createApp(source as AppOptions).then(
        (app) => (built = app),
        (error: unknown) => {
          building = undefined;
          throw error;
        },
      );
      return building;
    },
    close() {
      closed = true;
      // A build under way finishes first, so what it opened gets closed too.
      closing ??= (building ?? Promise.resolve(undefined)).then(
        (app) => app?.close(),
        () => undefined,
      );
      return closing;
    },
  };
}

function isBuilt(source: MountSource): source is RampartApp {
  const candidate = source as Partial<RampartApp>;
  return typeof candidate.fastify === 'object' && candidate.fastify !== null && typeof candidate.close === 'function';
}
