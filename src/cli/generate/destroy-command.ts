import { runDestroy } from './generate-command.js';

/** `rampart destroy <kind> <name>`: see generate-command.ts. */
export const run = runDestroy;
