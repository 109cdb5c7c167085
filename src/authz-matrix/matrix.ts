import type { Operation } from '../resources/resource.js';

/** One cell: what one caller got for one operation, as the Markdown shows it (`✓ 200`, `✗ 404`). */
export interface MatrixCell {
  caller: string;
  text: string;
}

/** One row: a resource's operation under its declared rule. */
export interface MatrixRow {
  resource: string;
  operation: Operation;
  /** Set for the update sent as PUT; the row without it is PATCH. */
  method?: 'PUT';
  /** The rule's name, as startup errors and OpenAPI show it. */
  rule: string;
  /** False when the rule decides from more than the caller and the record: the row is consistency-checked only. */
  decided: boolean;
  cells: MatrixCell[];
}

/** A row for a route beside the five operations: the app's own routes, views, aggregate routes. */
export interface RouteRow {
  /** `POST /api/v1/markets/:id/positions`. */
  route: string;
  kind: 'route' | 'view' | 'aggregate';
  rule: string;
  decided: boolean;
  cells: MatrixCell[];
}

/** A check that holds whatever the rules say: lists show only readable rows; the owner field is the server's. */
export interface InvariantRow {
  resource: string;
  check: string;
  result: string;
}

/** What `rampart test:authz` found; `problems` is empty when every cell and check is as it must be. */
export interface AuthzMatrix {
  title: string;
  callers: string[];
  rows: MatrixRow[];
  routes: RouteRow[];
  invariants: InvariantRow[];
  /** Each mismatch or broken invariant, naming resource, operation, caller, expected and observed. */
  problems: string[];
}
