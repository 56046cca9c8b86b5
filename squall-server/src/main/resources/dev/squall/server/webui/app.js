// Squall's web UI: a client of the public API (the same routes the CLI and st2client use), with
// the token kept in sessionStorage. No framework and no build step: the files ship in the jar.

const TERMINAL = new Set(['succeeded', 'failed', 'timeout', 'canceled', 'abandoned']);
const STATUSES = ['requested', 'scheduled', 'delayed', 'running', 'pending', 'paused', 'canceling',
  'succeeded', 'failed', 'timeout', 'canceled', 'abandoned'];
const PAGE = 50;
const MASK = '********';

// ---------- small DOM helpers ----------

/** An element: h('a', {href: '#'}, 'text', child…); attributes starting with "on" are listeners. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function time(ts) {
  return ts ? new Date(ts).toLocaleString() : '';
}

function statusBadge(status) {
  return h('span', {class: 'status status-' + status, 'data-status': status}, status);
}

function pretty(v) {
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

/** A table from rows and columns [{title, cell: row => node or text}]. */
function table(columns, rows, rowAttrs) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col'}, c.title)))),
    h('tbody', {}, rows.map(r => h('tr', rowAttrs ? rowAttrs(r) : {}, columns.map(c => h('td', {}, c.cell(r)))))));
}

// ---------- the session ----------

const session = {
  get token() { return sessionStorage.getItem('squall-token'); },
  get apiKey() { return sessionStorage.getItem('squall-api-key'); },
  get loggedIn() { return !!(this.token || this.apiKey); },
  user: null,
  admin: false,
  permissions: new Set(),
  headers() {
    return this.apiKey ? {'St2-Api-Key': this.apiKey} : {'X-Auth-Token': this.token};
  },
  /** The credential as a query parameter, for EventSource and WebSocket (they send no headers). */
  query() {
    return this.apiKey ? 'st2-api-key=' + encodeURIComponent(this.apiKey)
      : 'x-auth-token=' + encodeURIComponent(this.token);
  },
  clear() {
    sessionStorage.removeItem('squall-token');
    sessionStorage.removeItem('squall-api-key');
    sessionStorage.removeItem('squall-expiry');
  },
};

let expiryTimer = null;

class ApiError extends Error {
  /** {@code data}: the fault body, e.g. {faultstring, parameters: {name: problem}} for a run's parameters. */
  constructor(status, message, data) {
    super(message);
    this.status = status;
    this.data = data && typeof data === 'object' ? data : {};
  }
}

/** Calls the API; a 401 ends the session (expired or revoked token) and shows the login form. */
async function api(method, path, body) {
  const headers = {...session.headers()};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await res.text();
  let data = text;
  if ((res.headers.get('Content-Type') || '').includes('json') && text) data = JSON.parse(text);
  if (res.status === 401) {
    endSession('Your session has ended (token expired or revoked). Log in again.');
    throw new ApiError(401, 'Unauthorized');
  }
  if (!res.ok) throw new ApiError(res.status, data && data.faultstring ? data.faultstring : res.status + ' ' + res.statusText, data);
  return {data, headers: res.headers};
}

async function login(username, password) {
  const res = await fetch('/auth/v1/tokens', {
    method: 'POST',
    headers: {'Authorization': 'Basic ' + btoa(unescape(encodeURIComponent(username + ':' + password)))},
  });
  const data = await res.json().catch(() => ({}));
  if (res.status === 401) throw new ApiError(401, 'Wrong username or password.');
  if (!res.ok) throw new ApiError(res.status, 'Cannot log in: ' + (data.faultstring || res.statusText));
  sessionStorage.setItem('squall-token', data.token);
  sessionStorage.setItem('squall-expiry', data.expiry);
}

async function startSession() {
  const {data} = await api('GET', '/api/v1/user');
  session.user = data.username;
  session.admin = !!(data.rbac && data.rbac.is_admin);
  session.permissions = new Set((data.rbac && data.rbac.permissions) || []);
  document.getElementById('whoami').textContent = session.user;
  // The navigation shows a view only to whom the server would list it (its *_list permission, as the
  // server says the caller holds it; users: administrators).
  for (const link of document.querySelectorAll('#top nav a')) {
    link.hidden = link.hasAttribute('data-admin') ? !session.admin
      : link.dataset.permission ? !(session.admin || session.permissions.has(link.dataset.permission)) : false;
  }
  document.getElementById('top').hidden = false;
  const expiry = sessionStorage.getItem('squall-expiry');
  clearTimeout(expiryTimer);
  if (expiry) {
    expiryTimer = setTimeout(() => endSession('Your session has expired. Log in again.'),
      Math.max(0, new Date(expiry).getTime() - Date.now()));
  }
  stream.open();
}

function endSession(message) {
  clearTimeout(expiryTimer);
  session.clear();
  session.user = null;
  stream.close();
  chat.close();
  document.getElementById('top').hidden = true;
  pendingMessage = message;
  if (location.hash !== '#/login') location.hash = '#/login';
  else route();
}

let pendingMessage = null;

// ---------- the event stream (one per session) ----------

const stream = {
  source: null,
  listeners: new Set(),
  open() {
    if (this.source) return;
    const events = ['st2.execution__create', 'st2.execution__update', 'st2.execution.output__create'];
    const es = new EventSource('/stream/v1/stream?events=' + events.join(',') + '&' + session.query());
    // Once (re)connected, views read again what they show: events before this were not seen.
    es.onopen = () => { for (const l of this.listeners) l('open', null); };
    for (const name of events) {
      es.addEventListener(name, e => {
        const data = JSON.parse(e.data);
        for (const l of this.listeners) l(name, data);
      });
    }
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED && this.source === es) {
        // The server refused (credential gone) or went away: ask whether we are still logged in.
        this.source = null;
        setTimeout(() => api('GET', '/api/v1/user').then(() => this.open(), () => {}), 2000);
      }
    };
    this.source = es;
  },
  close() {
    if (this.source) this.source.close();
    this.source = null;
  },
  /** Listens while a view is shown; returns the function that stops it. */
  on(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  },
};

/**
 * Listens to the stream from now on, for a view that reads the API first: events that arrive
 * before the view calls the returned function with its handler are kept and handed to it then,
 * so nothing between the read and the handler is missed.
 */
function listenEarly() {
  const early = [];
  let handler = (name, data) => early.push([name, data]);
  cleanup.push(stream.on((name, data) => handler(name, data)));
  return h => {
    handler = h;
    early.splice(0).forEach(([name, data]) => h(name, data));
  };
}

// ---------- routing ----------

const main = () => document.getElementById('main');
let cleanup = [];

function hashParts() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  return {parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query || '')};
}

/**
 * Shows the view the address names. Routes run one after the other: a view still reading the API
 * when the address changes again finishes first, so it never replaces the newer view's content
 * (one that hangs is waited for 10 s at most).
 */
let routing = Promise.resolve();
function route() {
  const next = () => Promise.race([routeNow(), new Promise(done => setTimeout(done, 10000))]);
  routing = routing.then(next, next);
  return routing;
}

async function routeNow() {
  cleanup.forEach(f => f());
  cleanup = [];
  const {parts, query} = hashParts();
  if (!session.loggedIn) {
    renderLogin();
    return;
  }
  if (!session.user) {
    try {
      await startSession();
    } catch (e) {
      if (e.status !== 401) showError(e);
      return;
    }
  }
  for (const a of document.querySelectorAll('header nav a')) {
    a.toggleAttribute('aria-current', false);
    if (a.getAttribute('href') === '#/' + (parts[0] || 'history')) a.setAttribute('aria-current', 'page');
  }
  const view = VIEWS[parts[0] || 'history'] || notFound;
  main().replaceChildren(h('p', {}, 'Loading…'));
  try {
    await view(parts.slice(1), query);
  } catch (e) {
    if (e.status !== 401) showError(e);
  }
}

function showError(e) {
  main().replaceChildren(h('h1', {}, 'Error'), h('p', {class: 'error', role: 'alert'}, e.message));
}

function notFound() {
  main().replaceChildren(h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', {href: '#/history'}, 'Executions')));
}

function page(title, ...content) {
  document.title = title + ' · Squall';
  main().replaceChildren(h('h1', {}, title), ...content);
}

// ---------- login ----------

function renderLogin() {
  document.getElementById('top').hidden = true;
  document.title = 'Log in · Squall';
  const error = h('p', {id: 'login-error', class: 'error', role: 'alert'}, pendingMessage || '');
  pendingMessage = null;
  const user = h('input', {id: 'username', name: 'username', autocomplete: 'username', required: true});
  const password = h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const form = h('form', {class: 'login', 'aria-labelledby': 'login-title', onsubmit: async e => {
    e.preventDefault();
    error.textContent = '';
    try {
      await login(user.value, password.value);
      if (location.hash === '' || location.hash === '#/login') location.hash = '#/history';
      else route();
    } catch (err) {
      error.textContent = err.message;
      password.select();
    }
  }},
  h('h1', {id: 'login-title'}, 'Log in to Squall'),
  h('div', {class: 'field'}, h('label', {for: 'username'}, 'Username'), user),
  h('div', {class: 'field'}, h('label', {for: 'password'}, 'Password'), password),
  error,
  h('button', {type: 'submit'}, 'Log in'));
  main().replaceChildren(form);
  user.focus();
}

// ---------- executions ----------

async function executionsView(parts, query) {
  if (parts.length > 0) {
    return parts[1] === 'rerun' ? rerunView(parts[0]) : executionView(parts[0]);
  }
  const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);
  const filters = {action: query.get('action') || '', status: query.get('status') || '',
    user: query.get('user') || '', since: query.get('since') || ''};
  const q = new URLSearchParams({limit: PAGE, offset});
  if (filters.action) q.set('action', filters.action);
  if (filters.status) q.set('status', filters.status);
  if (filters.user) q.set('user', filters.user);
  if (filters.since) q.set('timestamp_gt', new Date(filters.since).toISOString());
  const live = listenEarly();
  const {data, headers} = await api('GET', '/api/v1/executions?' + q);
  let total = parseInt(headers.get('X-Total-Count') || data.length, 10);

  const field = (name, label, control) => h('div', {}, h('label', {for: 'filter-' + name}, label), control);
  const form = h('form', {class: 'filters', role: 'search', onsubmit: e => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of Object.keys(filters)) {
      const v = form.elements[k].value.trim();
      if (v) next.set(k, v);
    }
    location.hash = '#/history?' + next;
  }},
  field('action', 'Action', h('input', {id: 'filter-action', name: 'action', value: filters.action, placeholder: 'core.local'})),
  field('status', 'Status', h('select', {id: 'filter-status', name: 'status'}, h('option', {value: ''}, 'any'),
    STATUSES.map(s => h('option', {value: s, selected: s === filters.status}, s)))),
  field('user', 'User', h('input', {id: 'filter-user', name: 'user', value: filters.user})),
  field('since', 'Since', h('input', {id: 'filter-since', name: 'since', type: 'datetime-local', value: filters.since})),
  h('button', {type: 'submit'}, 'Filter'));

  const columns = [
    {title: 'Status', cell: e => statusBadge(e.status)},
    {title: 'Action', cell: e => h('a', {href: '#/history/' + e.id + '/general'}, e.action.ref)},
    {title: 'User', cell: e => (e.context && e.context.user) || ''},
    {title: 'Started', cell: e => time(e.start_timestamp)},
    {title: 'Elapsed', cell: e => e.elapsed_seconds === undefined ? '' : e.elapsed_seconds.toFixed(2) + ' s'},
  ];
  const rowAttrs = e => ({'data-id': e.id, 'data-changes': (e.log || []).length});
  const list = table(columns, data, rowAttrs);
  list.id = 'executions';
  const tbody = list.tBodies[0];
  const summary = h('span', {id: 'executions-total'});
  const showTotal = () => {
    summary.textContent = total === 0 ? 'No executions'
      : `${offset + 1}–${Math.min(total, offset + tbody.rows.length)} of ${total}`;
  };
  showTotal();
  const link = o => {
    const next = new URLSearchParams(query);
    next.set('offset', o);
    return '#/history?' + next;
  };
  const pager = h('div', {class: 'pager'},
    offset > 0 ? h('a', {href: link(Math.max(0, offset - PAGE)), rel: 'prev'}, '← Newer') : null,
    summary,
    offset + PAGE < total ? h('a', {href: link(offset + PAGE), rel: 'next'}, 'Older →') : null);

  const matches = e => (!filters.action || e.action.ref === filters.action)
    && (!filters.status || e.status === filters.status)
    && (!filters.user || (e.context && e.context.user) === filters.user);
  live((name, e) => {
    if (name !== 'st2.execution__create' && name !== 'st2.execution__update') return;
    const row = tbody.querySelector(`tr[data-id="${e.id}"]`);
    if (row && Number(row.dataset.changes) > (e.log || []).length) return; // older than what is shown
    const fresh = h('tr', rowAttrs(e), columns.map(c => h('td', {}, c.cell(e))));
    if (row) {
      if (filters.status && e.status !== filters.status) row.remove();
      else row.replaceWith(fresh);
    } else if (name === 'st2.execution__create' && offset === 0 && matches(e)) {
      tbody.prepend(fresh);
      total += 1;
      if (tbody.rows.length > PAGE) tbody.lastElementChild.remove();
      showTotal();
    }
  });
  page('Executions', form, pager, list);
}

async function executionView(id) {
  const live = listenEarly();
  let {data: e} = await api('GET', '/api/v1/executions/' + encodeURIComponent(id));
  const status = h('span', {id: 'execution-status'});
  const facts = h('dl', {class: 'facts'});
  const output = h('pre', {id: 'output', 'aria-live': 'polite', 'aria-label': 'Output'});
  const result = h('pre', {id: 'result', 'aria-label': 'Result'});
  const history = h('ol', {id: 'status-history'});
  const children = h('div', {id: 'children'});
  const cancel = h('button', {type: 'button', id: 'cancel', onclick: async () => {
    cancel.disabled = true;
    try {
      ({data: e} = await api('DELETE', '/api/v1/executions/' + encodeURIComponent(id)));
      show();
    } catch (err) {
      message.textContent = err.message;
      cancel.disabled = false;
    }
  }}, 'Cancel');
  const rerun = h('a', {href: '#/history/' + encodeURIComponent(id) + '/rerun', role: 'button', id: 'rerun'}, 'Re-run…');
  const message = h('p', {class: 'error', role: 'alert'});

  const show = () => {
    status.replaceChildren(statusBadge(e.status));
    cancel.hidden = TERMINAL.has(e.status);
    facts.replaceChildren(
      h('dt', {}, 'ID'), h('dd', {}, e.id),
      h('dt', {}, 'User'), h('dd', {}, (e.context && e.context.user) || ''),
      h('dt', {}, 'Started'), h('dd', {}, time(e.start_timestamp)),
      h('dt', {}, 'Ended'), h('dd', {}, time(e.end_timestamp)),
      h('dt', {}, 'Elapsed'), h('dd', {}, e.elapsed_seconds === undefined ? '' : e.elapsed_seconds.toFixed(3) + ' s'),
      ...(e.context && e.context.parent ? [h('dt', {}, 'Parent'),
        h('dd', {}, h('a', {href: '#/history/' + e.context.parent.execution_id + '/general'}, e.context.parent.execution_id))] : []));
    result.textContent = e.result === null || e.result === undefined ? '' : pretty(e.result);
    history.replaceChildren(...(e.log || []).map(l => h('li', {}, statusBadge(l.status), ' ', time(l.timestamp))));
  };
  let pending = null;
  const loadOutput = async () => {
    const {data} = await api('GET', '/api/v1/executions/' + encodeURIComponent(id) + '/output');
    output.textContent = data;
  };
  // The task tree: every descendant (a workflow's tasks, theirs in turn), statuses kept live.
  const nodes = new Map();
  let treeReload = null;
  const node = c => {
    const task = c.context && c.context.orquesta ? c.context.orquesta.task_name
      : c.context && c.context.chain ? c.context.chain.name : null;
    const li = h('li', {'data-id': c.id, 'data-changes': (c.log || []).length},
      h('span', {class: 'task-status'}, statusBadge(c.status)), ' ',
      task ? h('span', {class: 'task-name'}, task) : null, task ? ' ' : null,
      h('a', {href: '#/history/' + c.id + '/general'}, c.action.ref), ' ',
      h('small', {}, time(c.start_timestamp)));
    nodes.set(c.id, li);
    return li;
  };
  const loadChildren = async () => {
    const {data} = await api('GET', '/api/v1/executions/' + encodeURIComponent(id) + '/children?depth=-1');
    nodes.clear();
    const byParent = new Map();
    for (const c of data) {
      const parent = c.context && c.context.parent ? c.context.parent.execution_id : id;
      if (!byParent.has(parent)) byParent.set(parent, []);
      byParent.get(parent).push(c);
    }
    const tree = parent => {
      const kids = (byParent.get(parent) || []).sort((a, b) => String(a.start_timestamp).localeCompare(String(b.start_timestamp)));
      return kids.length === 0 ? null : h('ul', {}, kids.map(c => {
        const li = node(c);
        const sub = tree(c.id);
        if (sub) li.append(sub);
        return li;
      }));
    };
    const top = tree(id);
    if (top) top.id = 'task-tree';
    children.replaceChildren(top || h('p', {}, 'None'));
  };
  const childChanged = c => {
    const li = nodes.get(c.id);
    if (li && Number(li.dataset.changes) <= (c.log || []).length) {
      li.dataset.changes = (c.log || []).length;
      li.querySelector('.task-status').replaceChildren(statusBadge(c.status));
      return true;
    }
    return !!li;
  };
  const reload = async () => {
    const {data} = await api('GET', '/api/v1/executions/' + encodeURIComponent(id));
    if ((data.log || []).length >= (e.log || []).length) e = data;
    show();
    await loadOutput();
  };
  live((name, data) => {
    if (name === 'open') {
      reload();
      loadChildren();
    } else if (name === 'st2.execution.output__create') {
      // Output arrives line by line: fetch what is stored, at most every 50 ms, so nothing is
      // shown twice or lost between the first read and the stream.
      if (data.execution_id === id && !pending) pending = setTimeout(() => { pending = null; loadOutput(); }, 50);
    } else if (data.id === id) {
      if ((data.log || []).length < (e.log || []).length) return; // older than what is shown
      e = data;
      show();
      if (TERMINAL.has(e.status)) loadOutput();
    } else if (!childChanged(data) && data.context && data.context.parent
        && (data.context.parent.execution_id === id || nodes.has(data.context.parent.execution_id))) {
      // A new task (or a child of one): read the tree again, at most every 100 ms.
      if (!treeReload) treeReload = setTimeout(() => { treeReload = null; loadChildren(); }, 100);
    }
  });
  cleanup.push(() => { clearTimeout(pending); clearTimeout(treeReload); });
  show();
  const params = Object.entries(e.parameters || {});
  page(e.action.ref,
    h('p', {}, status),
    h('div', {class: 'actions-bar'}, cancel, rerun),
    message,
    facts,
    h('h2', {}, 'Parameters'),
    params.length === 0 ? h('p', {}, 'None') : table([{title: 'Name', cell: p => p[0]},
      {title: 'Value', cell: p => h('code', {}, pretty(p[1]))}], params),
    h('h2', {}, 'Output'), output,
    h('h2', {}, 'Result'), result,
    h('h2', {}, 'Status history'), history,
    h('h2', {}, 'Tasks and children'), children);
  await Promise.all([loadOutput(), loadChildren()]);
}

// ---------- run form, generated from the parameters schema ----------

function ordered(parameters) {
  return Object.entries(parameters || {}).sort(([a, x], [b, y]) =>
    (x.position ?? 1e9) - (y.position ?? 1e9) || a.localeCompare(b));
}

/** One field: its control, its label and description, and where its error shows. */
function paramField(name, spec, value, scope = '') {
  const id = 'param-' + scope + name;
  const key = scope + name;
  const type = Array.isArray(spec.type) ? spec.type[0] : (spec.type || 'string');
  const attrs = {id, name, 'aria-describedby': 'desc-' + key + ' err-' + key,
    required: !!spec.required && !spec.immutable, disabled: !!spec.immutable};
  const v = value !== undefined ? value : spec.default;
  let control;
  if (Array.isArray(spec.enum)) {
    control = h('select', attrs, spec.required ? null : h('option', {value: ''}, ''),
      spec.enum.map(o => h('option', {value: JSON.stringify(o), selected: v !== undefined && JSON.stringify(v) === JSON.stringify(o)}, String(o))));
  } else if (type === 'boolean') {
    control = h('input', {...attrs, type: 'checkbox', checked: v === true});
  } else if (spec.secret) {
    // A secret is a password field whatever its type (its value is checked as its type on submit).
    control = h('input', {...attrs, type: 'password', autocomplete: 'off',
      value: v === undefined || v === null ? '' : (typeof v === 'string' ? v : JSON.stringify(v))});
  } else if (type === 'integer' || type === 'number') {
    control = h('input', {...attrs, type: 'number', step: type === 'integer' ? '1' : 'any', value: v ?? ''});
  } else if (type === 'array' || type === 'object') {
    control = h('textarea', {...attrs, rows: 3}, v === undefined || v === null ? '' : JSON.stringify(v));
  } else {
    control = h('input', {...attrs, type: 'text',
      value: v === undefined || v === null ? '' : (typeof v === 'string' ? v : JSON.stringify(v))});
  }
  const note = [spec.description || '', type, spec.required ? 'required' : '', spec.secret ? 'secret' : '',
    spec.immutable ? 'immutable' : ''].filter(Boolean).join(' · ');
  const wrap = h('div', {class: 'field', 'data-param': name},
    h('label', {for: id}, name), control,
    h('small', {id: 'desc-' + key}, note),
    h('span', {class: 'field-error', id: 'err-' + key, role: 'alert'}));
  const error = wrap.querySelector('.field-error');
  // A field's error goes once its value is changed (the form checks again on submit).
  const clear = () => { error.textContent = ''; control.removeAttribute('aria-invalid'); };
  control.addEventListener('input', clear);
  control.addEventListener('change', clear);
  return {name, spec, type, control, wrap, error};
}

/** The parameters the form holds, or null after showing each field's error. */
function collect(fields, original) {
  const out = {};
  let ok = true;
  for (const f of fields) {
    f.error.textContent = '';
    f.control.removeAttribute('aria-invalid');
    if (f.spec.immutable) continue;
    const fail = msg => {
      f.error.textContent = msg;
      f.control.setAttribute('aria-invalid', 'true');
      ok = false;
    };
    if (f.type === 'boolean' && !Array.isArray(f.spec.enum)) {
      out[f.name] = f.control.checked;
      continue;
    }
    const raw = f.control.value;
    if (raw.trim() === '') {
      if (f.spec.required) fail('Required');
      continue;
    }
    if (f.spec.secret && original && raw === MASK) continue; // unchanged secret: the server keeps it
    if (Array.isArray(f.spec.enum)) {
      out[f.name] = JSON.parse(raw);
    } else if (f.type === 'integer' || f.type === 'number') {
      const n = Number(raw);
      if (Number.isNaN(n) || (f.type === 'integer' && !Number.isInteger(n))) fail('Must be ' + (f.type === 'integer' ? 'an integer' : 'a number'));
      else out[f.name] = n;
    } else if (f.type === 'array' || f.type === 'object') {
      const text = raw.trim();
      try {
        const v = f.type === 'array' && !text.startsWith('[') ? text.split(',').map(s => s.trim()) : JSON.parse(text);
        if (f.type === 'object' && (typeof v !== 'object' || Array.isArray(v) || v === null)) fail('Must be a JSON object');
        else out[f.name] = v;
      } catch (err) {
        fail('Must be JSON (' + err.message + ')');
      }
    } else {
      out[f.name] = raw;
    }
  }
  return ok ? out : null;
}

function runForm(action, values, submit, label) {
  const fields = ordered(action.parameters).map(([name, spec]) => paramField(name, spec, values ? values[name] : undefined));
  const error = h('p', {class: 'error', role: 'alert', id: 'run-error'});
  const button = h('button', {type: 'submit'}, label);
  const form = h('form', {id: 'run-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    error.textContent = '';
    const params = collect(fields, values);
    if (!params) {
      form.querySelector('[aria-invalid]').focus();
      return;
    }
    button.disabled = true;
    try {
      const created = await submit(params);
      location.hash = '#/history/' + created.id + '/general';
    } catch (err) {
      // The API names the parameter each problem is about: show each next to its field.
      const problems = Object.entries(err.data.parameters || {});
      const unplaced = problems.filter(([name, problem]) => {
        const f = fields.find(x => x.name === name);
        if (!f) return true;
        f.error.textContent = problem;
        f.control.setAttribute('aria-invalid', 'true');
        return false;
      });
      error.textContent = problems.length > 0 && unplaced.length === 0 ? 'Some parameters are not valid: see each field.'
        : err.message;
      const first = form.querySelector('[aria-invalid]');
      if (first) first.focus();
      button.disabled = false;
    }
  }}, fields.length === 0 ? h('p', {}, 'This action has no parameters.') : fields.map(f => f.wrap), error, button);
  return form;
}

async function actionsView(parts, query) {
  if (parts.length > 0) {
    const {data: action} = await api('GET', '/api/v1/actions/' + encodeURIComponent(parts[0]));
    page('Run ' + action.ref, h('p', {}, action.description || ''),
      runForm(action, null, async params => (await api('POST', '/api/v1/executions', {action: action.ref, parameters: params})).data, 'Run'));
    return;
  }
  const pack = query.get('pack');
  // Only the actions this user may run (the server asks the Authorizer for each).
  const filter = '&permission_type=action_execute' + (pack ? '&pack=' + encodeURIComponent(pack) : '');
  const {data} = await api('GET', '/api/v1/actions?limit=-1' + filter)
    .catch(e => e.status === 400 ? api('GET', '/api/v1/actions?limit=1000' + filter) : Promise.reject(e));
  page(pack ? 'Actions of ' + pack : 'Actions', h('p', {}, data.length === 0 ? 'There is no action you may run.'
    : 'The actions you may run.'), table([
    {title: 'Action', cell: a => h('a', {href: '#/actions/' + encodeURIComponent(a.ref)}, a.ref)},
    {title: 'Runner', cell: a => a.runner_type},
    {title: 'Description', cell: a => a.description || ''}], data));
}

async function rerunView(id) {
  const {data: e} = await api('GET', '/api/v1/executions/' + encodeURIComponent(id));
  const {data: action} = await api('GET', '/api/v1/actions/' + encodeURIComponent(e.action.ref));
  page('Re-run ' + action.ref, h('p', {}, 'Change parameters of ', h('a', {href: '#/history/' + id + '/general'}, id), ' and run it again.'),
    runForm(action, e.parameters, async params =>
      (await api('POST', '/api/v1/executions/' + encodeURIComponent(id) + '/re_run', {parameters: params})).data, 'Re-run'));
}

// ---------- browsing ----------

async function list(path) {
  return (await api('GET', path)).data;
}

async function packsView() {
  const data = await list('/api/v1/packs?limit=-1').catch(() => list('/api/v1/packs?limit=1000'));
  page('Packs', table([
    {title: 'Pack', cell: p => h('a', {href: '#/actions?pack=' + encodeURIComponent(p.ref)}, p.ref)},
    {title: 'Version', cell: p => p.version || ''},
    {title: 'Description', cell: p => p.description || ''}], data));
}

async function rulesView(parts) {
  if (parts[0] === 'enforcements') {
    const data = await list('/api/v1/ruleenforcements?limit=100');
    page('Rule enforcements', table([
      {title: 'Rule', cell: r => (r.rule && r.rule.ref) || ''},
      {title: 'Execution', cell: r => r.execution_id ? h('a', {href: '#/history/' + r.execution_id + '/general'}, r.execution_id) : ''},
      {title: 'Trigger instance', cell: r => r.trigger_instance_id || ''},
      {title: 'When', cell: r => time(r.enforced_at)},
      {title: 'Failure', cell: r => r.failure_reason || ''}], data));
    return;
  }
  const data = await list('/api/v1/rules?limit=1000');
  const message = h('p', {class: 'error', role: 'alert'});
  const toggle = r => h('button', {type: 'button', 'aria-label': (r.enabled ? 'Disable ' : 'Enable ') + r.ref, onclick: async ev => {
    message.textContent = '';
    try {
      const {data: updated} = await api('PUT', '/api/v1/rules/' + encodeURIComponent(r.ref), {enabled: !r.enabled});
      Object.assign(r, updated);
      ev.target.closest('tr').replaceWith(row(r));
    } catch (err) {
      message.textContent = err.message;
    }
  }}, r.enabled ? 'Disable' : 'Enable');
  const columns = [
    {title: 'Rule', cell: r => r.ref},
    {title: 'Trigger', cell: r => r.trigger.type},
    {title: 'Action', cell: r => r.action.ref},
    {title: 'Enabled', cell: r => h('span', {class: 'rule-enabled'}, r.enabled ? 'yes' : 'no')},
    {title: '', cell: r => toggle(r)}];
  const row = r => h('tr', {'data-ref': r.ref}, columns.map(c => h('td', {}, c.cell(r))));
  const t = table(columns, []);
  t.id = 'rules';
  t.tBodies[0].append(...data.map(row));
  page('Rules', h('p', {}, h('a', {href: '#/rules/enforcements'}, 'Enforcements')), message, t);
}

async function aliasesView() {
  const data = await list('/api/v1/actionalias?limit=1000');
  const command = h('input', {id: 'alias-command', name: 'command', placeholder: 'e.g. run date on localhost'});
  const answer = h('div', {id: 'alias-answer', 'aria-live': 'polite'});
  const tester = h('form', {role: 'search', class: 'filters', onsubmit: async e => {
    e.preventDefault();
    try {
      const {data: m} = await api('POST', '/api/v1/actionalias/match', {command: command.value});
      answer.replaceChildren(h('dl', {class: 'facts'},
        h('dt', {}, 'Alias'), h('dd', {class: 'alias-ref'}, m.actionalias.ref),
        h('dt', {}, 'Action'), h('dd', {}, m.actionalias.action_ref || ''),
        h('dt', {}, 'Format'), h('dd', {}, h('code', {}, pretty(m.representation ?? m.display)))));
    } catch (err) {
      answer.replaceChildren(h('p', {class: 'error', role: 'alert'}, err.message));
    }
  }}, h('div', {class: 'grow'}, h('label', {for: 'alias-command'}, 'Command'), command), h('button', {type: 'submit'}, 'Test'));
  page('Aliases', h('h2', {}, 'Alias tester'), tester, answer, h('h2', {}, 'All aliases'), table([
    {title: 'Alias', cell: a => a.ref},
    {title: 'Action', cell: a => a.action_ref || ''},
    {title: 'Formats', cell: a => (a.formats || []).map(f => typeof f === 'string' ? f : (f.display || f.representation || []).toString()).join('\n')},
    {title: 'Enabled', cell: a => a.enabled ? 'yes' : 'no'}], data));
}

async function triggersView() {
  const [types, instances] = await Promise.all([list('/api/v1/triggertypes?limit=1000'), list('/api/v1/triggerinstances?limit=50')]);
  page('Triggers', h('h2', {}, 'Trigger types'), table([
    {title: 'Trigger', cell: t => t.ref},
    {title: 'Description', cell: t => t.description || ''}], types),
  h('h2', {}, 'Recent trigger instances'), table([
    {title: 'ID', cell: t => t.id},
    {title: 'Trigger', cell: t => t.trigger || ''},
    {title: 'When', cell: t => time(t.occurrence_time)},
    {title: 'Payload', cell: t => h('code', {}, pretty(t.payload))}], instances));
}

async function keysView() {
  const data = await list('/api/v1/keys?limit=1000');
  page('Datastore keys', table([
    {title: 'Name', cell: k => k.name},
    {title: 'Scope', cell: k => k.scope || ''},
    {title: 'Value', cell: k => h('code', {}, k.secret && !k.encrypted ? MASK : pretty(k.value))},
    {title: 'Secret', cell: k => k.secret ? 'yes' : 'no'}], data));
}

async function usersView() {
  if (!session.admin) {
    page('Users', h('p', {class: 'error', role: 'alert'}, 'Only administrators see users.'));
    return;
  }
  const [users, roles] = await Promise.all([list('/api/v1/users?limit=1000'), list('/api/v1/rbac/roles?limit=1000')]);
  const usersTable = table([
    {title: 'User', cell: u => u.name},
    {title: 'Administrator', cell: u => u.is_admin ? 'yes' : 'no'},
    {title: 'Roles', cell: u => (u.roles || []).join(', ')},
    {title: 'Enabled', cell: u => u.enabled === false ? 'no' : 'yes'}], users);
  usersTable.id = 'users';
  page('Users', usersTable, h('h2', {}, 'Roles'), table([
    {title: 'Role', cell: r => r.name},
    {title: 'Description', cell: r => r.description || ''},
    {title: 'Grants', cell: r => (r.permission_grants || []).map(g =>
      (g.resource_uid ? g.resource_uid + ': ' : '') + g.permission_types.join(', ')).join('\n')}], roles));
}

// ---------- web chat: one connection per session, reconnecting by itself ----------

const chat = {
  ws: null,
  entries: [],
  retry: 0,
  timer: null,
  state: 'disconnected',
  render: null,
  connect() {
    if (this.ws || !session.loggedIn) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(proto + '//' + location.host + '/chat/ws?' + session.query());
    this.ws = ws;
    this.setState('connecting');
    ws.onopen = () => { this.retry = 0; this.setState('connected'); };
    ws.onmessage = e => {
      const m = JSON.parse(e.data);
      if (m.edit) {
        this.edit(m.edit, m.text, m.kind || 'plain');
        return;
      }
      this.add({who: 'squall', text: m.text, kind: m.kind || 'plain', id: m.id});
    };
    ws.onclose = e => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (e.code === 4401) {
        endSession('Your session has ended (token expired or revoked). Log in again.');
        return;
      }
      const wait = Math.min(10, 2 ** this.retry++);
      this.setState('disconnected; reconnecting in ' + wait + ' s');
      this.timer = setTimeout(() => this.connect(), wait * 1000);
    };
  },
  send(text) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify({text}));
    this.add({who: session.user, text, kind: 'mine'});
    return true;
  },
  /** A progress line edited in place: its entry (and element, when shown) take the new text. */
  edit(id, text, kind) {
    const entry = this.entries.find(x => x.id === id);
    if (!entry) return;
    entry.text = text;
    entry.kind = kind;
    if (this.rerender) this.rerender(entry);
  },
  add(entry) {
    entry.at = new Date();
    this.entries.push(entry);
    if (this.entries.length > 500) this.entries.shift();
    if (this.render) this.render(entry);
  },
  setState(s) {
    this.state = s;
    const el = document.getElementById('chat-state');
    if (el) el.textContent = s;
  },
  close() {
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
    this.entries = [];
    this.setState('disconnected');
  },
};

/** Text with its http(s) URLs as links (an ack's "details" link opens the execution's page). */
function linked(text) {
  return String(text).split(/(https?:\/\/[^\s)]+)/).map((part, i) => i % 2 ? h('a', {href: part}, part) : part);
}

function chatView() {
  const log = h('ul', {id: 'chat-log', 'aria-live': 'polite', 'aria-label': 'Chat messages'});
  const shown = new Map();
  const item = m => {
    const li = h('li', {class: m.kind, 'data-line': m.id || ''},
      h('time', {datetime: m.at.toISOString()}, m.at.toLocaleTimeString()),
      h('span', {class: 'who'}, m.who), linked(m.text));
    if (m.id) shown.set(m.id, li);
    return li;
  };
  const append = m => {
    log.append(item(m));
    log.scrollTop = log.scrollHeight;
  };
  const replace = m => {
    const old = shown.get(m.id);
    if (old) old.replaceWith(item(m));
  };
  log.append(...chat.entries.map(item));
  chat.render = append;
  chat.rerender = replace;
  cleanup.push(() => { chat.render = null; chat.rerender = null; });
  const input = h('input', {id: 'chat-text', autocomplete: 'off', placeholder: '!help'});
  const form = h('form', {class: 'chat-form', onsubmit: e => {
    e.preventDefault();
    const text = input.value.trim();
    if (text && chat.send(text)) input.value = '';
  }}, h('div', {class: 'grow'}, h('label', {for: 'chat-text'}, 'Message'), input), h('button', {type: 'submit'}, 'Send'));
  page('Chat', h('p', {}, 'Connection: ', h('span', {id: 'chat-state'}, chat.state), ' — try ', h('code', {}, '!help')), log, form);
  chat.connect();
  input.focus();
}

// ---------- inquiries and approvals: forms generated from each inquiry's response schema ----------

/** The fields of an inquiry's schema (StackStorm's: draft-3 "required: true" per property, or a list). */
function schemaFields(schema, scope) {
  const props = (schema && schema.properties) || {};
  const requiredList = Array.isArray(schema && schema.required) ? schema.required : [];
  return Object.entries(props).map(([name, p]) => paramField(name, {...p,
    required: p.required === true || requiredList.includes(name)}, undefined, scope));
}

async function inquiriesView() {
  const listen = listenEarly();
  const {data} = await api('GET', '/api/v1/inquiries?limit=100');
  const list = h('div', {id: 'inquiries'});
  const shown = new Map(); // inquiry id → what the page shows of it (its form, or how it ended)
  const item = q => {
    const fields = schemaFields(q.schema, q.id + '-');
    const message = h('p', {class: 'error', role: 'alert'});
    const button = h('button', {type: 'submit'}, 'Respond');
    const title = 'inquiry-title-' + q.id;
    const form = h('form', {class: 'inquiry', 'data-id': q.id, 'aria-labelledby': title, novalidate: true, onsubmit: async e => {
      e.preventDefault();
      message.textContent = '';
      const response = collect(fields, null);
      if (!response) {
        form.querySelector('[aria-invalid]').focus();
        return;
      }
      button.disabled = true;
      try {
        await api('PUT', '/api/v1/inquiries/' + encodeURIComponent(q.id), {id: q.id, response});
        // The stream may have told of the answer first: the acceptance replaces whatever shows.
        const accepted = h('p', {class: 'inquiry-answered', 'data-id': q.id, role: 'status'}, 'Response accepted for inquiry ' + q.id + '.');
        const now = shown.get(q.id);
        (now && now.isConnected ? now : form).replaceWith(accepted);
        shown.set(q.id, accepted);
      } catch (err) {
        message.textContent = err.message;
        button.disabled = false;
      }
    }},
    h('h2', {id: title}, (q.schema && q.schema.title) || 'Inquiry', ' ', h('small', {}, q.id)),
    h('dl', {class: 'facts'},
      // An inquiry's id is its core.ask execution's: its page links on to the workflow that asked.
      [h('dt', {}, 'Execution'), h('dd', {}, h('a', {href: '#/history/' + q.id + '/general', class: 'inquiry-execution'}, q.id))],
      q.route ? [h('dt', {}, 'Route'), h('dd', {}, q.route)] : [],
      (q.users || []).length ? [h('dt', {}, 'Users'), h('dd', {}, q.users.join(', '))] : [],
      (q.roles || []).length ? [h('dt', {}, 'Roles'), h('dd', {}, q.roles.join(', '))] : [],
      q.ttl !== undefined ? [h('dt', {}, 'Expires after'), h('dd', {}, q.ttl + ' min')] : []),
    fields.map(f => f.wrap), message, button);
    return form;
  };
  // Kept up to date from the stream: a new inquiry (a core.ask execution now pending) gets its
  // form; one answered, expired or canceled elsewhere loses it and says so.
  const none = h('p', {id: 'no-inquiries'}, 'No pending inquiries.');
  const add = q => {
    if (shown.has(q.id)) return;
    const form = item(q);
    shown.set(q.id, form);
    list.append(form);
    none.hidden = true;
  };
  const reread = () => api('GET', '/api/v1/inquiries?limit=100').then(({data: all}) => all.forEach(add), () => {});
  list.append(none);
  data.forEach(add);
  listen((name, e) => {
    if (name === 'open') {
      reread();
      return;
    }
    if (name === 'st2.execution.output__create' || !e || !e.runner || e.runner.name !== 'inquirer') return;
    if (e.status === 'pending' && !shown.has(e.id)) {
      api('GET', '/api/v1/inquiries/' + encodeURIComponent(e.id)).then(({data: q}) => add(q), () => {});
    } else if (e.status !== 'pending' && shown.has(e.id) && shown.get(e.id).tagName === 'FORM' && shown.get(e.id).isConnected) {
      const closed = h('p', {class: 'inquiry-closed', 'data-id': e.id, role: 'status'},
        'Inquiry ' + e.id + ' is no longer waiting: ', statusBadge(e.status), '.');
      shown.get(e.id).replaceWith(closed);
      shown.set(e.id, closed);
    }
  });
  page('Inquiries', list);
}

const VIEWS = {
  history: executionsView,
  actions: actionsView,
  packs: packsView,
  rules: rulesView,
  aliases: aliasesView,
  triggers: triggersView,
  keys: keysView,
  users: usersView,
  chat: chatView,
  inquiries: inquiriesView,
  login: () => { location.hash = '#/history'; },
};

// ---------- start ----------

{
  // ?token=… and ?api_key=… links log in at once (the credential leaves the address bar).
  const q = new URLSearchParams(location.search);
  if (q.get('token')) {
    session.clear();
    sessionStorage.setItem('squall-token', q.get('token'));
  } else if (q.get('api_key')) {
    session.clear();
    sessionStorage.setItem('squall-api-key', q.get('api_key'));
  }
  if (q.has('token') || q.has('api_key')) history.replaceState(null, '', location.pathname + location.hash);
  document.getElementById('logout').addEventListener('click', () => endSession('You are logged out.'));
  window.addEventListener('hashchange', route);
  route();
}
