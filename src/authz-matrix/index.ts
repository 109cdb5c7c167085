export { authzMatrix, type AuthzMatrixOptions } from './run-matrix.js';
export { renderMatrix } from './render.js';
export { compareMatrices } from './compare.js';
export type { AuthzMatrix, InvariantRow, MatrixCell, MatrixRow, RouteRow } from './matrix.js';
