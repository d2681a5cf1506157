// The findings report page (runs in the webview, bundled on its own). Everything from the server is shown with
// textContent only; links are plain-text buttons that ask the extension to open them (https: only, checked there).
import type { Finding, ScanReport, Severity } from '../model';
import { SEVERITY_ORDER } from '../model';
import type { FromPage, PersistedReport, ReportStrings, ReportSubject, ReportUiState, ToPage } from '../reportProtocol';
import { findingKey } from '../reportProtocol';
import { countRows, groupByPackage, totalOf } from '../rollup';
import { COLUMNS, visibleFindings } from '../findingOrder';
import { button, el, icon, SEVERITY_ICON } from './dom';
import './report.css';

interface VsCodeApi {
  postMessage(message: FromPage): void;
  getState(): PersistedReport | undefined;
  setState(state: PersistedReport): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
/** Rows rendered before "Show all" (keeps the first paint fast for very long lists). */
const FIRST_ROWS = 500;

const DEFAULT_UI: ReportUiState = {
  sort: 'severity',
  descending: false,
  text: '',
  hidden: [],
  grouped: false,
  expanded: [],
  collapsedGroups: [],
};

const ui: ReportUiState = { ...DEFAULT_UI, ...(vscode.getState()?.ui ?? {}) };
let strings: ReportStrings | undefined;
let locale = 'en';
let current: { subject: ReportSubject; report: ScanReport; canScan: boolean; frequency?: string } | undefined;
let showAll = false;
let keys = new Map<Finding, string>();

function post(message: FromPage): void {
  vscode.postMessage(message);
}

function saveUi(): void {
  const persisted = vscode.getState();
  if (persisted) vscode.setState({ ...persisted, ui });
  post({ type: 'state', ui });
}

function t(id: keyof ReportStrings, ...args: Array<string | number>): string {
  const s = strings?.[id] ?? id;
  return s.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

function when(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString();
  }
}

function severityBadge(s: Severity): HTMLElement {
  return el('span', { class: `sev sev-${s.toLowerCase()}` }, icon(SEVERITY_ICON[s]), el('span', {}, t(`sev${s}`)));
}

// ---- rendering ------------------------------------------------------------------------------------------------

function render(): void {
  if (!current || !strings) return;
  const { subject, report } = current;
  const visible = visibleFindings(report, ui);
  const focusedId = document.activeElement?.id;
  const table = renderTable(visible);
  root.replaceChildren(renderHeader(subject, report), renderSummary(report), renderToolbar(visible.length, report.findings.length), table);
  if (report.truncated) root.append(el('p', { class: 'note' }, t('truncated', report.findings.length)));
  if (focusedId) document.getElementById(focusedId)?.focus();
}

function renderHeader(subject: ReportSubject, report: ScanReport): HTMLElement {
  const actions = el(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': subject.label },
    button(t('refresh'), 'refresh', () => post({ type: 'refresh' }), { id: 'refresh' }),
    current?.canScan ? button(t('scanNow'), 'shield', () => post({ type: 'scan' }), { id: 'scan' }) : undefined,
    button(t('exportCsv'), 'desktop-download', () => exportAs('csv'), { id: 'export-csv', disabled: '' }),
    button(t('exportJson'), 'json', () => exportAs('json'), { id: 'export-json', disabled: '' }),
  );
  if (report.findings.length > 0) for (const b of actions.querySelectorAll('button[id^="export"]')) b.removeAttribute('disabled');
  return el(
    'header',
    {},
    el('h1', {}, icon('shield'), el('span', {}, subject.label)),
    el('p', { class: 'muted mono' }, `${t('digest')}: ${subject.key.digest}`),
    actions,
  );
}

function exportAs(format: 'csv' | 'json'): void {
  if (!current) return;
  const visible = visibleFindings(current.report, ui);
  const all = visible.length === current.report.findings.length;
  post({ type: 'export', format, ...(all ? {} : { keys: visible.map((f) => keys.get(f) ?? '') }) });
}

function renderSummary(report: ScanReport): HTMLElement {
  const chips = el('div', { class: 'chips', role: 'group', 'aria-label': t('severityFilter') });
  const rows = countRows(report.counts);
  for (const s of SEVERITY_ORDER) {
    const n = report.counts[s] ?? 0;
    if (n === 0 && !rows.some(([x]) => x === s)) continue;
    const pressed = !ui.hidden.includes(s);
    const chip = button('', undefined, () => toggleSeverity(s), {
      class: `chip sev-${s.toLowerCase()}`,
      'aria-pressed': String(pressed),
      id: `chip-${s}`,
    });
    chip.append(icon(SEVERITY_ICON[s]), el('span', { class: 'count' }, String(n)), el('span', {}, t(`sev${s}`)));
    chips.append(chip);
  }
  const facts = el('dl', { class: 'facts' });
  const fact = (label: string, value: string | undefined): void => {
    if (value) facts.append(el('div', {}, el('dt', {}, label), el('dd', {}, value)));
  };
  fact(t('total'), String(totalOf(report.counts)));
  fact(t('scanType'), report.scanType === 'ENHANCED' ? t('enhanced') : t('basic'));
  fact(t('status'), report.statusDescription ? `${report.status ?? ''} — ${report.statusDescription}` : report.status);
  fact(t('completedAt'), when(report.completedAt));
  fact(t('sourceUpdatedAt'), when(report.vulnerabilitySourceUpdatedAt));
  fact(t('frequency'), current?.frequency);
  return el('section', { class: 'summary', 'aria-label': t('summary') }, chips, facts);
}

function toggleSeverity(s: Severity): void {
  ui.hidden = ui.hidden.includes(s) ? ui.hidden.filter((x) => x !== s) : [...ui.hidden, s];
  saveUi();
  render();
}

function renderToolbar(shown: number, total: number): HTMLElement {
  const input = el('input', {
    type: 'search',
    id: 'filter',
    placeholder: t('filterPlaceholder'),
    'aria-label': t('filterLabel'),
    value: ui.text,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      ui.text = input.value;
      saveUi();
      render();
    }, 150);
  });
  const group = el('input', { type: 'checkbox', id: 'group' });
  group.checked = ui.grouped;
  group.addEventListener('change', () => {
    ui.grouped = group.checked;
    saveUi();
    render();
  });
  return el(
    'div',
    { class: 'toolbar' },
    el('label', { class: 'search' }, icon('search'), input),
    el('label', { class: 'check' }, group, el('span', {}, t('groupByPackage'))),
    el('span', { class: 'muted', role: 'status', 'aria-live': 'polite', id: 'showing' }, t('showing', shown, total)),
  );
}

function renderTable(visible: Finding[]): HTMLElement {
  if (!current) return el('div');
  if (current.report.findings.length === 0) return el('p', { class: 'empty' }, icon('pass'), el('span', {}, t('noFindings')));
  if (visible.length === 0) return el('p', { class: 'empty' }, t('noMatches'));
  const head = el('tr', {}, el('th', { scope: 'col', class: 'toggle' }, el('span', { class: 'sr-only' }, t('details'))));
  for (const [col, label] of COLUMNS) {
    const active = ui.sort === col;
    const sortButton = button(
      t(label),
      active ? (ui.descending ? 'arrow-up' : 'arrow-down') : undefined,
      () => {
        if (ui.sort === col) ui.descending = !ui.descending;
        else {
          ui.sort = col;
          ui.descending = false;
        }
        saveUi();
        render();
      },
      { class: 'sort', id: `sort-${col}` },
    );
    head.append(
      el(
        'th',
        { scope: 'col', class: `col-${col}`, 'aria-sort': active ? (ui.descending ? 'descending' : 'ascending') : 'none' },
        sortButton,
      ),
    );
  }
  const table = el(
    'table',
    { class: 'findings', 'aria-label': t('findings'), 'aria-rowcount': String(visible.length + 1) },
    el('thead', {}, head),
  );
  const limit = showAll ? Infinity : FIRST_ROWS;
  let rendered = 0;
  if (ui.grouped) {
    for (const g of groupByPackage(visible)) {
      if (rendered >= limit) break;
      const gid = g.name || '\u0000';
      const collapsed = ui.collapsedGroups.includes(gid);
      const body = el('tbody', { class: 'group' });
      const toggle = button(
        '',
        collapsed ? 'chevron-right' : 'chevron-down',
        () => {
          ui.collapsedGroups = collapsed ? ui.collapsedGroups.filter((x) => x !== gid) : [...ui.collapsedGroups, gid];
          saveUi();
          render();
        },
        {
          class: 'icon',
          'aria-expanded': String(!collapsed),
          'aria-label': g.name || t('noPackage'),
          id: `group-${encodeURIComponent(g.name)}`,
        },
      );
      const detail = [
        g.versions.length ? `${t('colVersion')}: ${g.versions.join(', ')}` : '',
        g.fixedIn.length ? `${t('colFixedIn')}: ${g.fixedIn.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      body.append(
        el(
          'tr',
          { class: 'group-row' },
          el('td', { class: 'toggle' }, toggle),
          el('td', {}, severityBadge(g.worst)),
          el(
            'th',
            { scope: 'rowgroup', colspan: '6' },
            el('span', { class: 'pkg' }, g.name || t('noPackage')),
            ' ',
            el('span', { class: 'muted' }, t('groupFindings', g.findings.length)),
            detail ? el('span', { class: 'muted' }, ` · ${detail}`) : undefined,
          ),
        ),
      );
      if (!collapsed) for (const f of g.findings) if (rendered++ < limit) appendFinding(body, f);
      table.append(body);
    }
  } else {
    const body = el('tbody');
    for (const f of visible) {
      if (rendered++ >= limit) break;
      appendFinding(body, f);
    }
    table.append(body);
  }
  const wrap = el('div', { class: 'table-wrap' }, table);
  if (!showAll && visible.length > FIRST_ROWS) {
    wrap.append(
      button(
        t('showAll', visible.length),
        'list-flat',
        () => {
          showAll = true;
          render();
        },
        { id: 'show-all', class: 'secondary' },
      ),
    );
  }
  return wrap;
}

function appendFinding(body: HTMLElement, f: Finding): void {
  const key = keys.get(f) ?? '';
  const expanded = ui.expanded.includes(key);
  const rowId = `f-${encodeURIComponent(key)}`;
  const toggle = button(
    '',
    expanded ? 'chevron-down' : 'chevron-right',
    () => {
      ui.expanded = expanded ? ui.expanded.filter((k) => k !== key) : [...ui.expanded, key];
      saveUi();
      render();
    },
    {
      class: 'icon',
      'aria-expanded': String(expanded),
      'aria-controls': `${rowId}-details`,
      'aria-label': `${expanded ? t('collapse') : t('expand')} ${f.id}`,
      id: `${rowId}-toggle`,
    },
  );
  const copy = button('', 'copy', () => post({ type: 'copyId', id: f.id }), {
    class: 'icon copy',
    'aria-label': `${t('copyId')} ${f.id}`,
    title: t('copyId'),
    id: `${rowId}-copy`,
  });
  const pkg = f.packages[0];
  const more = f.packages.length > 1 ? ` +${f.packages.length - 1}` : '';
  const fixed = f.packages.map((p) => p.fixedIn).filter((x): x is string => !!x);
  body.append(
    el(
      'tr',
      { class: `finding${expanded ? ' expanded' : ''}`, id: rowId },
      el('td', { class: 'toggle' }, toggle),
      el('td', { class: 'col-severity' }, severityBadge(f.severity)),
      el('td', { class: 'col-id mono' }, el('span', {}, f.id), copy),
      el('td', { class: 'col-package' }, pkg ? `${pkg.name}${more}` : ''),
      el('td', { class: 'col-version mono' }, pkg?.version ?? ''),
      el('td', { class: 'col-fixedIn mono' }, fixed.length ? [...new Set(fixed)].join(', ') : ''),
      el('td', { class: 'col-score num' }, f.score !== undefined ? f.score.toFixed(1) : ''),
      el('td', { class: 'col-title' }, f.title ?? firstLine(f.description)),
    ),
  );
  if (expanded) body.append(el('tr', { class: 'details', id: `${rowId}-details` }, el('td', { colspan: '8' }, renderDetails(f))));
}

function firstLine(s: string | undefined): string {
  if (!s) return '';
  const line = s.split('\n')[0];
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function renderDetails(f: Finding): HTMLElement {
  const box = el('div', { class: 'detail-grid' });
  if (f.description) box.append(el('section', {}, el('h3', {}, t('description')), el('p', { class: 'pre' }, f.description)));
  if (f.remediation) box.append(el('section', {}, el('h3', {}, t('remediation')), el('p', { class: 'pre' }, f.remediation)));
  if (f.packages.length > 0) {
    const list = el('ul', { class: 'packages' });
    for (const p of f.packages) {
      const bits = [
        p.version ? `${t('colVersion')} ${p.version}` : '',
        p.fixedIn ? `${t('colFixedIn')} ${p.fixedIn}` : '',
        p.packageManager ?? '',
        p.arch ?? '',
        p.filePath ?? '',
      ]
        .filter(Boolean)
        .join(' · ');
      list.append(el('li', {}, el('span', { class: 'pkg' }, p.name), bits ? el('span', { class: 'muted' }, ` — ${bits}`) : undefined));
    }
    box.append(el('section', {}, el('h3', {}, t('packages')), list));
  }
  const facts = el('dl', { class: 'facts small' });
  const fact = (label: string, value: string | undefined): void => {
    if (value) facts.append(el('div', {}, el('dt', {}, label), el('dd', {}, value)));
  };
  fact(t('colScore'), f.score !== undefined ? `${f.score.toFixed(1)}${f.scoreSource ? ` (${f.scoreSource})` : ''}` : undefined);
  fact(t('vector'), f.scoringVector);
  fact(t('findingStatus'), f.status);
  fact(t('exploitAvailable'), f.exploitAvailable);
  fact(t('fixAvailable'), f.fixAvailable);
  fact(t('firstObserved'), when(f.firstObservedAt));
  fact(t('lastObserved'), when(f.lastObservedAt));
  fact(t('related'), f.related?.join(', '));
  if (facts.childElementCount > 0) box.append(el('section', {}, el('h3', {}, t('details')), facts));
  if (f.references.length > 0) {
    const list = el('ul', { class: 'links' });
    for (const url of f.references) {
      // A button, not an <a href>: the page never navigates; the extension opens https: links after VS Code's prompt.
      list.append(
        el(
          'li',
          {},
          button(url, 'link-external', () => post({ type: 'openLink', url }), { class: 'link' }),
        ),
      );
    }
    box.append(el('section', {}, el('h3', {}, t('references')), list));
  }
  return box;
}

function renderMessage(subject: ReportSubject, text: string, canScan: boolean, busy: boolean): void {
  const actions = el(
    'div',
    { class: 'actions' },
    busy ? undefined : button(t('refresh'), 'refresh', () => post({ type: 'refresh' }), { id: 'refresh' }),
    !busy && canScan ? button(t('scanNow'), 'shield', () => post({ type: 'scan' }), { id: 'scan' }) : undefined,
  );
  root.replaceChildren(
    el(
      'header',
      {},
      el('h1', {}, icon('shield'), el('span', {}, subject.label)),
      el('p', { class: 'muted mono' }, `${t('digest')}: ${subject.key.digest}`),
    ),
    el(
      'p',
      { class: busy ? 'loading' : 'problem', role: busy ? 'status' : 'alert' },
      icon(busy ? 'loading codicon-modifier-spin' : 'warning'),
      el('span', {}, text),
    ),
    actions,
  );
}

window.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const msg = event.data;
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'loading':
      strings = msg.strings;
      locale = msg.locale;
      vscode.setState({ ...(vscode.getState() ?? {}), key: msg.subject.key, ui });
      renderMessage(msg.subject, t('loading'), false, true);
      break;
    case 'problem':
      strings = msg.strings;
      locale = msg.locale;
      current = undefined;
      vscode.setState({ key: msg.subject.key, ui });
      renderMessage(msg.subject, msg.message, msg.canScan, false);
      break;
    case 'report':
      strings = msg.strings;
      locale = msg.locale;
      current = { subject: msg.subject, report: msg.report, canScan: msg.canScan, frequency: msg.frequency };
      keys = new Map(msg.report.findings.map((f, i) => [f, findingKey(f, i)]));
      showAll = false;
      vscode.setState({ key: msg.subject.key, ui });
      render();
      break;
    case 'copied': {
      const status = document.getElementById('showing');
      if (status) status.textContent = t('copied', msg.id);
      break;
    }
  }
});

post({ type: 'ready' });
