// The findings report page (runs in the webview, bundled on its own). Everything from the server is shown with
// textContent only; links are plain-text buttons that ask the extension to open them (https: only, checked there).
import type { Finding, ScanReport, Severity } from '../model';
import { countRows, SEVERITY_ORDER, totalOf } from '../../model/severity';
import type { FromPage, PersistedReport, ReportStrings, ReportSubject, ReportUiState, ToPage } from '../reportProtocol';
import { findingKey } from '../reportProtocol';
import { visibleFindings } from '../findingOrder';
import { SEVERITY_CODICON } from '../../model/severity';
import { button, el, icon } from './dom';
import { renderTable } from './table';
import './report.css';

interface VsCodeApi {
  postMessage(message: FromPage): void;
  getState(): PersistedReport | undefined;
  setState(state: PersistedReport): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
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

// ---- rendering ------------------------------------------------------------------------------------------------

function render(): void {
  if (!current || !strings) return;
  const { subject, report } = current;
  const visible = visibleFindings(report, ui);
  const focusedId = document.activeElement?.id;
  const table = renderTable(
    {
      report,
      ui,
      keys,
      showAll,
      t,
      when,
      post,
      update: () => {
        saveUi();
        render();
      },
      showEverything: () => {
        showAll = true;
        render();
      },
    },
    visible,
  );
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
    chip.append(icon(SEVERITY_CODICON[s]), el('span', { class: 'count' }, String(n)), el('span', {}, t(`sev${s}`)));
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
