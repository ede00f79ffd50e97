// Popup: the active page's summary and key figures, worded by the Rust core exactly
// like the overlay, with an export of the page's figures as CSV or JSON (a local
// download: nothing is sent anywhere).
import { ext, loadCatalog, loadCore, localize, readSettings } from './shared.js';

localize();
document.getElementById('options').addEventListener('click', () => ext.runtime.openOptionsPage());

async function activeData() {
  try {
    const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
    if (!tab?.id) return null;
    const reply = await ext.tabs.sendMessage(tab.id, { type: 'popup-cs:get-data' });
    return reply?.data ? { tab: tab.id, data: JSON.parse(reply.data), view: reply.view ?? null } : null;
  } catch {
    return null; // no content script on this tab: not a configured intranet page
  }
}

function download(name, type, text) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// The panel's lists and chart as the page shows them; a list entry asks the page to
// scroll to its thread or message.
function showLists(view, tab) {
  const box = document.getElementById('lists');
  let index = 0;
  for (const list of [view.waiting, view.review, view.hints].filter(Boolean)) {
    const h = document.createElement('h2');
    h.textContent = list.title;
    const ul = document.createElement('ul');
    ul.setAttribute('data-animateur', list.name);
    for (const entry of list.entries) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = entry.label;
      button.setAttribute('aria-label', entry.jumpLabel);
      const at = index;
      button.addEventListener('click', async () => {
        await ext.tabs.sendMessage(tab, { type: 'popup-cs:jump', index: at }).catch(() => null);
        window.close();
      });
      li.append(button);
      if (entry.detail) li.append(` — ${entry.detail}`);
      ul.append(li);
      index += 1;
    }
    box.append(h, ul);
    if (list.note) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = list.note;
      box.append(p);
    }
  }
  if (view.chart) {
    const h = document.createElement('h2');
    h.textContent = view.chartTitle;
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${view.chart.width} ${view.chart.height}`);
    svg.setAttribute('width', '100%');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', view.chart.label);
    svg.setAttribute('data-animateur', 'chart');
    svg.classList.add('chart');
    for (const node of view.chart.nodes) {
      const shape = document.createElementNS(NS, node.tag);
      for (const [name, value] of node.attrs) shape.setAttribute(name, value);
      if (node.text != null) shape.textContent = node.text;
      svg.append(shape);
    }
    box.append(h, svg);
  }
  box.hidden = box.childElementCount === 0;
}

async function show() {
  const status = document.getElementById('status');
  const [glue, catalog, settings, active] = await Promise.all([
    loadCore(), loadCatalog(), readSettings(), activeData(),
  ]);
  const data = active?.data;
  const resolved = glue.resolveSettings(settings.user, settings.policy);
  if (!resolved.settings.enabled) {
    status.textContent = ext.i18n.getMessage('popupOff');
    return;
  }
  if (!data || data.pageKind === 'unknown') {
    status.textContent = ext.i18n.getMessage('popupNoPage');
    return;
  }
  status.textContent = '';
  const config = { ...settings, messages: catalog, uiLanguage: ext.i18n.getUILanguage() };
  const { stats, source, ...summary } = data;
  const list = document.getElementById('summary');
  const lines = glue.describeSummary(summary, config);
  // Where the figures come from: the site's comment API merged with the page, or the page.
  if (source) lines.push(ext.i18n.getMessage(source === 'rest+dom' ? 'source_rest_dom' : 'source_dom'));
  for (const line of lines) {
    const li = document.createElement('li');
    li.textContent = line;
    list.append(li);
  }
  list.hidden = false;
  if (stats) {
    const figures = document.getElementById('figures');
    for (const row of glue.panelRows(stats, config)) {
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = row.label;
      dd.textContent = row.value;
      figures.append(dt, dd);
    }
    figures.hidden = false;
  }
  if (active.view) showLists(active.view, active.tab);
  const stamp = new Date().toISOString().slice(0, 10);
  const json = JSON.stringify(data, null, 2);
  document.getElementById('export-json').addEventListener('click',
    () => download(`animateur-${stamp}.json`, 'application/json', json));
  document.getElementById('export-csv').addEventListener('click',
    () => download(`animateur-${stamp}.csv`, 'text/csv', glue.dataCsv(JSON.stringify(data))));
  document.getElementById('export').hidden = false;
}

show().catch((err) => {
  document.getElementById('status').textContent = String(err?.message ?? err);
});
