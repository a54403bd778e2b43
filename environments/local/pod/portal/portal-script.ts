/**
 * The portal's one inline script (plain browser JavaScript). It sends forms
 * and deletes through the same REST API any client uses, shows the API's
 * validation errors in the page, and keeps lists live from the event stream
 * by re-fetching the page and swapping the regions marked data-live.
 */
export const PORTAL_SCRIPT = String.raw`
const TOKEN_KEY = 'tollgate-pod-token';
const apiBase = document.body.dataset.api;

const tokenInput = document.querySelector('[data-testid="token-input"]');
if (tokenInput) {
  tokenInput.value = sessionStorage.getItem(TOKEN_KEY) || '';
  tokenInput.addEventListener('input', () => sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim()));
}

async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = 'Bearer ' + token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(apiBase + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { ok: res.ok, status: res.status, body: json };
}

function showErrors(box, result) {
  box.replaceChildren();
  const message = document.createElement('p');
  message.dataset.testid = 'error-message';
  const fallback = 'The request failed (HTTP ' + result.status + ').';
  message.textContent = (result.body && result.body.message) || fallback;
  if (result.status === 401) message.textContent += ' Enter the API token at the top of the page.';
  box.append(message);
  const details = (result.body && result.body.details) || [];
  if (details.length > 0) {
    const list = document.createElement('ul');
    for (const detail of details) {
      const item = document.createElement('li');
      item.dataset.testid = 'error-detail';
      item.dataset.path = detail.path;
      item.textContent = (detail.path || '(body)') + ': ' + detail.message;
      list.append(item);
      const field = detail.path.split('/')[1];
      const input = field && document.querySelector('[data-field="' + CSS.escape(field) + '"]');
      if (input) input.setAttribute('aria-invalid', 'true');
    }
    box.append(list);
  }
  box.hidden = false;
}

function clearErrors(box) {
  box.hidden = true;
  box.replaceChildren();
  for (const input of document.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

function bodyOf(form) {
  const body = {};
  for (const el of form.querySelectorAll('[data-field]')) {
    const name = el.dataset.field;
    const type = el.dataset.type;
    if (type === 'device-groups') {
      body[name] = [...el.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
      continue;
    }
    const value = el.value.trim();
    if (type === 'lines') {
      body[name] = value.split(/\s+/).filter(Boolean);
    } else if (value !== '') {
      body[name] = type === 'number' ? Number(value) : value;
    }
  }
  return body;
}

document.addEventListener('submit', async (event) => {
  const form = event.target.closest('form[data-testid="resource-form"]');
  if (!form) return;
  event.preventDefault();
  const box = document.querySelector('[data-testid="form-errors"]');
  clearErrors(box);
  const { resource, mode, id } = form.dataset;
  const path = mode === 'edit' ? '/' + resource + '/' + encodeURIComponent(id) : '/' + resource;
  form.setAttribute('aria-busy', 'true');
  try {
    const result = await api(mode === 'edit' ? 'PUT' : 'POST', path, bodyOf(form));
    if (result.ok) location.assign(form.dataset.done);
    else showErrors(box, result);
  } catch (error) {
    showErrors(box, { status: 0, body: { message: 'Could not reach the API: ' + error.message } });
  } finally {
    form.removeAttribute('aria-busy');
  }
});

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-testid="delete"]');
  if (!button) return;
  const box = document.querySelector('[data-testid="page-errors"]');
  clearErrors(box);
  button.disabled = true;
  const result = await api('DELETE', '/' + button.dataset.resource + '/' + encodeURIComponent(button.dataset.id));
  if (result.ok) {
    button.closest('tr').remove();
    await refresh();
  } else {
    button.disabled = false;
    showErrors(box, result);
  }
});

async function refresh() {
  const res = await fetch(location.href, { headers: { accept: 'text/html' } });
  if (!res.ok) return;
  const next = new DOMParser().parseFromString(await res.text(), 'text/html');
  for (const region of document.querySelectorAll('[data-live]')) {
    const fresh = next.querySelector('[data-live="' + region.dataset.live + '"]');
    if (fresh) region.replaceWith(document.importNode(fresh, true));
  }
}

const status = document.querySelector('[data-testid="live-status"]');
const watched = document.body.dataset.watch ? document.body.dataset.watch.split(',') : [];
function connect() {
  const url = new URL(document.body.dataset.events, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    status.dataset.state = 'live';
    status.textContent = 'Live';
    // Anything changed between rendering the page and opening the stream shows up now.
    refresh();
  });
  socket.addEventListener('message', (message) => {
    const change = JSON.parse(message.data);
    if (watched.includes(change.resource)) refresh();
  });
  socket.addEventListener('close', () => {
    status.dataset.state = 'offline';
    status.textContent = 'Offline, reconnecting';
    setTimeout(connect, 1000);
  });
}
if (status && watched.length > 0) connect();
`;
