import type { OpenAPIV3_1 } from 'openapi-types';
import { logoColours, logoShapes } from './rampart-logo.js';
import type { SignInTarget } from './sign-in-target.js';

/** What the docs page script is given by the server. */
export interface DocsClientSettings {
  /** The OpenAPI document, rendered as the page loads (no second request, no spinner). */
  spec: OpenAPIV3_1.Document;
  /** Where the document is served, linked from the top bar. */
  documentUrl: string;
  /** The login operation the sign-in form calls; none, no form. */
  signIn?: SignInTarget;
}

/*
 * The page script, in the browser's JavaScript (served as is, so no TypeScript here).
 * @fastify/swagger-ui's initializer calls the global SwaggerUIBundle(config) on load;
 * this file, loaded after the bundle and before `load`, puts a wrapper in its place that
 * adds the document itself (`spec`, so Swagger UI never fetches it and never shows its
 * spinner) and a plugin:
 *
 * - Topbar: Rampart's mark and name, the API's title, a link to the document, and a
 *   sign-in form that posts to the app's login route and authorizes the bearer scheme
 *   with the access token it answers, as the Authorize dialog would.
 * - OperationSummaryPath: badges after each path, an open padlock and the rule for
 *   operations anyone may call, a closed one and the rule for those that need a signed-in
 *   caller (`x-rampart-access`), and the rate limit (`x-rampart-rate-limit`). Swagger UI's
 *   own padlock button is dropped: it shows whether a token is set, which read backwards
 *   next to operations whose token is optional.
 * - parameterRow: a heading where a list's parameters change group (`x-rampart-group`).
 */
const clientSource = `
(function () {
  'use strict';
  var settings = window.RampartDocs;
  var bundle = window.SwaggerUIBundle;
  if (!settings || typeof bundle !== 'function') return;

  var groupNames = { filters: 'Search and filters', sort: 'Sort', pages: 'Pages', fields: 'Fields', include: 'Include', headers: 'Headers' };
  var padlock = {
    closed: 'M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z',
    open: 'M4 7V5a4 4 0 0 1 7.75-1.4l-1.9.65A2 2 0 0 0 6 5v2h7v8H3V7h1z'
  };

  function toJS(value) { return value && typeof value.toJS === 'function' ? value.toJS() : value; }

  function rateText(limit) {
    if (!limit) return null;
    if (limit.budget === 'none') return 'no rate limit';
    if (limit.budget === 'global') return limit.perUser + '/min per user · ' + limit.perIp + '/min per IP';
    return limit.max + ' per ' + limit.timeWindow;
  }

  function findString(value, keys, depth) {
    if (!value || typeof value !== 'object' || depth > 3) return undefined;
    for (var i = 0; i < keys.length; i++) {
      if (typeof value[keys[i]] === 'string') return value[keys[i]];
    }
    for (var key in value) {
      var found = findString(value[key], keys, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  function signIn(email, password) {
    var credentials = { email: email, password: password };
    var body = {};
    if (settings.signIn.wrap) body[settings.signIn.wrap] = credentials; else body = credentials;
    return fetch(settings.signIn.url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (json) {
        if (!res.ok) throw new Error((json && (json.detail || json.title)) || 'Sign-in failed (' + res.status + ')');
        var token = findString(json, ['accessToken', 'token'], 0);
        if (!token) throw new Error('The sign-in answer holds no access token.');
        return { token: token, who: findString(json, ['email', 'username'], 0) || email };
      });
    });
  }

  function RampartPlugin(system) {
    var React = system.React;
    var h = React.createElement;

    function Logo() {
      return h('svg', { viewBox: '0 0 32 32', 'aria-hidden': 'true' },
        h('path', { fill: settings.colours.wall, d: settings.logo.wall }),
        h('path', { fill: settings.colours.gate, d: settings.logo.gate }));
    }

    function Padlock(props) {
      return h('svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true', 'data-padlock': props.open ? 'open' : 'closed' },
        h('path', { fillRule: 'evenodd', d: props.open ? padlock.open : padlock.closed }));
    }

    function SignInForm() {
      var emailState = React.useState('');
      var passwordState = React.useState('');
      var statusState = React.useState({ state: 'out' });
      var status = statusState[0];
      var setStatus = statusState[1];

      function submit(event) {
        event.preventDefault();
        setStatus({ state: 'busy' });
        signIn(emailState[0], passwordState[0]).then(function (session) {
          var scheme = system.specSelectors.specJson().getIn(['components', 'securitySchemes', 'bearerAuth']);
          system.authActions.authorize({ bearerAuth: { name: 'bearerAuth', schema: scheme, value: session.token } });
          passwordState[1]('');
          setStatus({ state: 'in', who: session.who });
        }, function (error) {
          setStatus({ state: 'out', error: error.message });
        });
      }

      function signOut() {
        system.authActions.logout(['bearerAuth']);
        setStatus({ state: 'out' });
      }

      if (status.state === 'in') {
        return h('div', { className: 'rampart-signin' },
          h('span', { className: 'rampart-signin-status' }, 'Signed in as ', h('strong', null, status.who), ' · Try it out sends the token'),
          h('button', { type: 'button', className: 'rampart-signout', onClick: signOut }, 'Sign out'));
      }
      return h('form', { className: 'rampart-signin', onSubmit: submit, 'aria-label': 'Sign in' },
        status.error ? h('span', { className: 'rampart-signin-error', role: 'alert' }, status.error) : null,
        h('input', { type: 'email', name: 'email', placeholder: 'Email', 'aria-label': 'Email', autoComplete: 'username', required: true, value: emailState[0], onChange: function (e) { emailState[1](e.target.value); } }),
        h('input', { type: 'password', name: 'password', placeholder: 'Password', 'aria-label': 'Password', autoComplete: 'current-password', required: true, value: passwordState[0], onChange: function (e) { passwordState[1](e.target.value); } }),
        h('button', { type: 'submit', disabled: status.state === 'busy' }, status.state === 'busy' ? 'Signing in…' : 'Sign in'));
    }

    function Topbar() {
      var info = settings.spec.info || {};
      return h('header', { className: 'rampart-topbar' },
        h('div', { className: 'rampart-topbar-inner' },
          h('a', { className: 'rampart-brand', href: '#', title: 'Rampart' }, h(Logo), h('span', null, 'Rampart')),
          h('span', { className: 'rampart-api-name' }, info.title, info.version ? ' ' + info.version : ''),
          h('a', { className: 'rampart-document-link', href: settings.documentUrl }, settings.documentUrl.replace(/^.*\\//, '')),
          h('span', { className: 'rampart-spacer' }),
          settings.signIn ? h(SignInForm) : null));
    }

    function AccessBadges(props) {
      var op = props.operationProps;
      // From the document as written: Swagger UI resolves an operation only once it is opened.
      var operation = system.specSelectors.specJson().getIn(['paths', op.get('path'), op.get('method')]);
      var security = toJS(op.get('security'));
      var open = !security || security.length === 0 || security.some(function (r) { return Object.keys(r).length === 0; });
      var rule = operation && operation.get('x-rampart-access');
      var rate = rateText(toJS(operation && operation.get('x-rampart-rate-limit')));
      var label = rule || (open ? 'public' : 'signed in');
      return h('span', { className: 'rampart-badges' },
        h('span', {
          className: 'rampart-badge ' + (open ? 'rampart-public' : 'rampart-protected'),
          title: open ? 'Anyone may call this; a token, when sent, must be valid.' : 'Needs a signed-in caller the rule allows.'
        }, h(Padlock, { open: open }), label),
        rate ? h('span', { className: 'rampart-badge rampart-rate', title: 'Rate limit' }, rate) : null);
    }

    return {
      components: { Topbar: Topbar },
      wrapComponents: {
        OperationSummaryPath: function (Original) {
          return function (props) { return h(React.Fragment, null, h(Original, props), h(AccessBadges, props)); };
        },
        authorizeOperationBtn: function () { return function () { return null; }; },
        parameterRow: function (Original) {
          return function (props) {
            var group = props.param && props.param.get && props.param.get('x-rampart-group');
            var path = props.specPath;
            var index = path ? Number(path.last()) : NaN;
            var previous = index > 0 ? system.specSelectors.specJson().getIn(path.butLast().push(String(index - 1)).toArray()) : undefined;
            var first = group && !(previous && previous.get && previous.get('x-rampart-group') === group);
            if (!first) return h(Original, props);
            return h(React.Fragment, null,
              h('tr', { className: 'rampart-param-group' }, h('td', { colSpan: 2 }, groupNames[group] || group)),
              h(Original, props));
          };
        }
      }
    };
  }

  function withRampart(config) {
    var merged = Object.assign({}, config, { spec: settings.spec, plugins: (config.plugins || []).concat([RampartPlugin]) });
    delete merged.urls;
    return bundle(merged);
  }
  Object.assign(withRampart, bundle);
  window.SwaggerUIBundle = withRampart;
})();
`;

/**
 * The docs page script: the settings (the document, where it is served, the sign-in
 * target) as data, then the page code. JSON is valid JavaScript, so the document needs
 * no escaping; the file is served under the page's CSP (`script-src 'self'`).
 *
 * @example
 * docsClientScript({ spec: document, documentUrl: '/openapi.json', signIn: signInTarget(document) });
 */
export function docsClientScript(settings: DocsClientSettings): string {
  const data = { ...settings, logo: logoShapes, colours: logoColours };
  return `window.RampartDocs = ${JSON.stringify(data)};\n${clientSource}`;
}
