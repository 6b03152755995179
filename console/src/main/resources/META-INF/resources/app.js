// The console page: everything it shows comes from /api (which asks the services as the signed-in user);
// the event stream (Server-Sent Events) tells it when to look again.
const $ = (sel) => document.querySelector(sel);
const text = (v) => (v === null || v === undefined || v === '') ? '-' : String(v);
const esc = (v) => text(v).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
let stream = null;
const refusals = {};
// an access mode picked but not yet applied survives the live re-rendering of the table
const chosen = {};

async function api(method, path, body) {
  const r = await fetch('/api' + path, {method, credentials: 'same-origin',
    headers: body ? {'Content-Type': 'application/json'} : {}, body: body ? JSON.stringify(body) : undefined});
  let data = null;
  try { data = await r.json(); } catch (e) { /* no body */ }
  return {status: r.status, data};
}

function signedOut() {
  $('#banner').hidden = false;
  $('#signin').hidden = false;
  $('#app').hidden = true;
  if (stream) { stream.close(); stream = null; }
}

async function start() {
  const v = await api('GET', '/volumes');
  if (v.status === 401 || v.status === 403) { signedOut(); return; }
  $('#banner').hidden = true;
  $('#signin').hidden = true;
  $('#app').hidden = false;
  renderVolumes(v.data || []);
  await Promise.all([loadFailovers(), loadMigrations()]);
  follow();
}

function follow() {
  if (stream) return;
  stream = new EventSource('/api/events');
  // events are coalesced: at most one refresh per 150 ms, of what the events since the last one touched; the services
  // answer from their caches, which may be a moment behind the event, so a burst is followed by a second refresh
  let pending = null;
  let settle = null;
  let dirty = {migrations: false, failovers: false};
  stream.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.type.startsWith('io.rwx.migration')) dirty.migrations = true;
    if (e.type.startsWith('io.rwx.failover') || e.type.startsWith('io.rwx.sharemanager')) dirty.failovers = true;
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      const touched = dirty;
      dirty = {migrations: false, failovers: false};
      if (touched.migrations) await loadMigrations();
      if (touched.failovers) await loadFailovers();
      const v = await api('GET', '/volumes');
      if (v.status === 200) renderVolumes(v.data);
      clearTimeout(settle);
      settle = setTimeout(async () => {
        const again = await api('GET', '/volumes');
        if (again.status === 200) renderVolumes(again.data);
        if (touched.failovers) await loadFailovers();
      }, 1500);
    }, 150);
  };
  stream.onerror = () => { $('#live').textContent = '○ reconnecting'; };
  stream.onopen = () => { $('#live').textContent = '● live'; };
}

function renderVolumes(volumes) {
  $('#volumes tbody').innerHTML = volumes.map((v) => `
    <tr data-volume="${esc(v.name)}">
      <td>${esc(v.name)}</td><td title="${esc(v.size)} bytes">${/^[0-9]+$/.test(v.size || '') ? bytes(Number(v.size)) : esc(v.size)}</td><td class="access-mode">${esc(v.accessMode)}</td>
      <td class="state">${esc(v.state)}</td><td class="share-state state-${esc(v.shareState)}">${esc(v.shareState)}</td>
      <td>${esc(v.shareEndpoint)}</td><td>${esc(v.nodeID)}</td><td class="pvc">${esc(v.pvc)}</td>
      <td class="workloads">${(v.workloads || []).length ? esc(v.workloads.join(', ')) : '-'}</td>
      <td><select class="mode-select">${['rwo', 'rwx', 'rwop'].map((m) => `<option ${m === (chosen[v.name] || v.accessMode) ? 'selected' : ''}>${m}</option>`).join('')}</select>
        <button class="mode-change">Change</button> <span class="mode-result refused">${esc(refusals[v.name] || '')}</span></td>
    </tr>`).join('');
  document.querySelectorAll('.mode-select').forEach((s) => s.onchange = () => {
    chosen[s.closest('tr').dataset.volume] = s.value;
  });
  document.querySelectorAll('.mode-change').forEach((b) => b.onclick = async () => {
    const row = b.closest('tr');
    const name = row.dataset.volume;
    const mode = row.querySelector('.mode-select').value;
    const r = await api('PUT', `/volumes/${encodeURIComponent(name)}/accessMode`, {accessMode: mode});
    refusals[name] = r.status === 200 ? '' : `refused: ${(r.data && r.data.message) || r.status}`;
    delete chosen[name];
    row.querySelector('.mode-result').textContent = refusals[name];
    const v = await api('GET', '/volumes');
    if (v.status === 200) renderVolumes(v.data);
  });
}

function ms(from, to) {
  if (!from || !to) return '';
  return ` (+${((new Date(to) - new Date(from)) / 1000).toFixed(1)} s)`;
}

async function loadFailovers() {
  const r = await api('GET', '/failovers');
  if (r.status !== 200) return;
  $('#failovers').innerHTML = (r.data.length === 0 ? '<p>No failover so far.</p>' : '') + r.data.map((e) => `
    <div class="episode" data-volume="${esc(e.volume)}">
      <strong>${esc(e.volume)}</strong> <span class="outcome-${esc((e.outcome || 'open').split(':')[0])}">${esc(e.outcome || 'in progress')}</span>
      <ol>
        <li>failure detected ${esc(e.detected)} (${esc(e.reason)})</li>
        <li>remount requested ${esc(e.remountRequested)}${ms(e.detected, e.remountRequested)}</li>
        <li>replacement ready ${e.replacementReady ? esc(e.replacementReady) + ms(e.detected, e.replacementReady) : '(waiting)'}</li>
        <li>workload pods restarted: ${e.deleted.length ? esc(e.deleted.join(', ')) : 'none'}</li>
        ${e.manualRestart.length ? `<li class="refused">need a manual restart: ${esc(e.manualRestart.join(', '))}</li>` : ''}
        ${e.ended ? `<li>${esc((e.outcome || '').split(':')[0])} ${esc(e.ended)}${ms(e.detected, e.ended)}</li>` : ''}
      </ol>
    </div>`).join('');
}

function bytes(n) {
  if (n === null || n === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

// time left at the current rate: the bytes still to copy (from the percent of them done) over the rate
function eta(p) {
  if (!p.bytesPerSecond || !p.percent || p.percent >= 100) return '';
  const left = p.bytesCopied * (100 - p.percent) / p.percent / p.bytesPerSecond;
  return `, ETA ${left < 60 ? Math.ceil(left) + ' s' : Math.ceil(left / 60) + ' min'}`;
}

let polling = null;
async function loadMigrations() {
  const r = await api('GET', '/migrations');
  if (r.status !== 200) return;
  const list = r.data.sort((a, b) => (b.createdAt || '').localeCompare(a.createdAt || ''));
  $('#migrations tbody').innerHTML = list.map((m) => {
    const p = m.progress || {};
    const percent = m.state === 'SUCCEEDED' ? 100 : (p.percent || 0);
    const detail = m.state === 'SUCCEEDED' && m.summary
      ? `${m.summary.files} files, ${m.summary.bytes} bytes${m.summary.verified ? ', verified' : ''}`
      : (m.state === 'FAILED' ? `${text(m.reason)}: ${text(m.message)}` : (p.bytesCopied !== undefined && p.bytesCopied !== null
        ? `${bytes(p.bytesCopied)}, ${text(p.filesDone)}/${text(p.filesTotal)} files, ${bytes(p.bytesPerSecond)}/s${eta(p)}` : ''));
    return `<tr data-migration="${esc(m.id)}">
      <td>${esc(m.id)}</td><td>${esc(m.namespace)}/${esc(m.sourcePvc)}</td><td>${esc(m.namespace)}/${esc(m.targetPvc)}</td>
      <td class="state state-${esc(m.state)}">${esc(m.state)}</td>
      <td><span class="bar"><div class="progress-bar" style="width:${percent}%"></div></span> <span class="progress-text">${percent}%</span></td>
      <td class="detail">${esc(detail)}</td>
      <td>${['PENDING', 'RUNNING'].includes(m.state) ? '<button class="cancel">Cancel</button>' : ''}</td></tr>`;
  }).join('');
  document.querySelectorAll('#migrations .cancel').forEach((b) => b.onclick = async () => {
    await api('DELETE', `/migrations/${encodeURIComponent(b.closest('tr').dataset.migration)}`);
    await loadMigrations();
  });
  const active = list.some((m) => ['PENDING', 'RUNNING'].includes(m.state));
  if (active && !polling) polling = setInterval(loadMigrations, 1000);
  if (!active && polling) { clearInterval(polling); polling = null; }
}

$('#signin').onsubmit = async (ev) => {
  ev.preventDefault();
  const r = await api('POST', '/session', {token: $('#token').value});
  if (r.status === 204) { $('#signin-error').textContent = ''; await start(); }
  else $('#signin-error').textContent = (r.data && r.data.message) || `refused (${r.status})`;
};

$('#migrate').onsubmit = async (ev) => {
  ev.preventDefault();
  const r = await api('POST', '/migrations', {namespace: $('#m-namespace').value, sourcePvc: $('#m-source').value,
    targetPvc: $('#m-target').value, options: {verify: $('#m-verify').value, overwrite: false, force: false}});
  $('#m-error').textContent = r.status === 202 ? '' : `${(r.data && r.data.reason) || r.status}: ${(r.data && r.data.message) || ''}`;
  await loadMigrations();
};

start();
