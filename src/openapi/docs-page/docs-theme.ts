import { logoColours } from './rampart-logo.js';

/**
 * The docs page's stylesheet, over Swagger UI's own: Rampart's top bar and colours, the
 * access and rate-limit badges beside each operation, the headings of a list's parameter
 * groups. Served as a file (`/docs/static/theme/rampart.css`): the page's CSP allows
 * styles from its own origin only.
 */
export const docsCss = `
:root {
  --rampart-ink: ${logoColours.gate};
  --rampart-teal: #0f766e;
  --rampart-wall: ${logoColours.wall};
  --rampart-muted: #64748b;
  --rampart-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
body { margin: 0; background: #f8fafc; }
.swagger-ui, .swagger-ui .info .title, .swagger-ui .opblock-tag { font-family: var(--rampart-font); }
.swagger-ui .wrapper { max-width: 1280px; }
.swagger-ui .info { margin: 32px 0 24px; }
.swagger-ui .info .title { color: var(--rampart-ink); }
.swagger-ui .info .title small.version-stamp { background: var(--rampart-teal); }
.swagger-ui a.nostyle, .swagger-ui .info a { color: var(--rampart-teal); }
.swagger-ui .btn.authorize { color: var(--rampart-teal); border-color: var(--rampart-teal); }
.swagger-ui .btn.authorize svg { fill: var(--rampart-teal); }
.swagger-ui .scheme-container { box-shadow: none; border-bottom: 1px solid #e2e8f0; background: transparent; padding: 12px 0; }

.rampart-topbar { position: sticky; top: 0; z-index: 20; background: var(--rampart-ink); color: #fff; font-family: var(--rampart-font); }
.rampart-topbar-inner { max-width: 1280px; margin: 0 auto; padding: 10px 20px; display: flex; align-items: center; gap: 18px; flex-wrap: wrap; }
.rampart-brand { display: flex; align-items: center; gap: 10px; color: #fff; text-decoration: none; font-size: 20px; font-weight: 700; letter-spacing: .01em; }
.rampart-brand svg { width: 34px; height: 34px; }
.rampart-api-name { color: #cbd5e1; font-size: 14px; border-left: 1px solid #334155; padding-left: 16px; }
.rampart-document-link { color: #5eead4; font-size: 13px; text-decoration: none; }
.rampart-document-link:hover { text-decoration: underline; }
.rampart-spacer { flex: 1; }
.rampart-signin { display: flex; align-items: center; gap: 8px; font-size: 13px; }
.rampart-signin label { display: contents; }
.rampart-signin input { width: 190px; padding: 7px 9px; border-radius: 6px; border: 1px solid #334155; background: #1e293b; color: #fff; font: inherit; }
.rampart-signin input::placeholder { color: #94a3b8; }
.rampart-signin button { padding: 7px 14px; border: 0; border-radius: 6px; background: var(--rampart-teal); color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
.rampart-signin button:hover { background: #115e59; }
.rampart-signin button:disabled { opacity: .6; cursor: progress; }
.rampart-signin .rampart-signout { background: transparent; border: 1px solid #475569; }
.rampart-signin-status { color: #cbd5e1; }
.rampart-signin-status strong { color: #fff; }
.rampart-signin-error { color: #fca5a5; max-width: 320px; }

.rampart-badges { display: inline-flex; gap: 6px; margin: 0 10px; flex-wrap: wrap; }
.rampart-badge { display: inline-flex; align-items: center; gap: 4px; padding: 1px 8px; border-radius: 999px; font: 600 12px/20px var(--rampart-font); white-space: nowrap; }
.rampart-badge svg { width: 12px; height: 12px; fill: currentColor; }
.rampart-badge.rampart-public { background: #dcfce7; color: #166534; }
.rampart-badge.rampart-protected { background: #fef3c7; color: #92400e; }
.rampart-badge.rampart-rate { background: #e2e8f0; color: #334155; font-weight: 500; }

/* A filter's operators are a small JSON object: a two-line box, not a page of one. */
.swagger-ui .parameters-col_description textarea { min-height: 3.4em; height: 3.4em; padding: 6px 10px; font-size: 12px; }
.swagger-ui .parameters-col_description .model-example { margin-top: 4px; }
.swagger-ui tr.rampart-param-group td { padding: 14px 0 4px; border-bottom: 1px solid #e2e8f0; color: var(--rampart-muted); font: 700 11px/1 var(--rampart-font); letter-spacing: .08em; text-transform: uppercase; }
`;
