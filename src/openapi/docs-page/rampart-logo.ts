/**
 * Rampart's mark: a wall with four merlons over a shield, a gate in it. Drawn on a
 * 32×32 grid so that it stays sharp as a 16 px favicon.
 */

/** The shapes of the mark, for the docs page script to draw with React. */
export const logoShapes = {
  wall: 'M5 4H9V7H11V4H15V7H17V4H21V7H23V4H27V16C27 22.5 22 26.5 16 29C10 26.5 5 22.5 5 16Z',
  gate: 'M13 25V19A3 3 0 0 1 19 19V25Z',
} as const;

/** Rampart's colours: the wall, the gate, the page's ink. */
export const logoColours = { wall: '#14b8a6', gate: '#0f172a' } as const;

/**
 * The mark as a standalone SVG file (the docs page's favicon).
 *
 * @example
 * reply.type('image/svg+xml').send(logoSvg);
 */
export const logoSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  `<path fill="${logoColours.wall}" d="${logoShapes.wall}"/>` +
  `<path fill="${logoColours.gate}" d="${logoShapes.gate}"/>` +
  '</svg>';
