// The findings table of the report page: sortable column headings, rows (grouped by package on demand) that expand
// to a finding's description, remediation, packages and references. Text only (textContent), like the whole page.
import type { Finding, ScanReport, Severity } from '../model';
import type { FromPage, ReportStrings, ReportUiState } from '../reportProtocol';
import { groupByPackage } from '../rollup';
import { COLUMNS } from '../findingOrder';
import { SEVERITY_CODICON } from '../../model/severity';
import { button, el, icon } from './dom';

/** Rows rendered before "Show all" (keeps the first paint fast for very long lists). */
const FIRST_ROWS = 500;

/** `list` with `item` added, or removed when it is there (the expanded rows, the collapsed groups). */
function toggled(list: string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** What the table needs of the page: its state, its strings and its ways to talk and re-render. */
export interface TableContext {
  report: ScanReport;
  ui: ReportUiState;
  /** Each finding's key (see findingKey). */
  keys: ReadonlyMap<Finding, string>;
  /** Every row, not only the first FIRST_ROWS. */
  showAll: boolean;
  t(id: keyof ReportStrings, ...args: Array<string | number>): string;
  when(ms: number | undefined): string | undefined;
  post(message: FromPage): void;
  /** Keeps the changed ui state and renders again. */
  update(): void;
  /** "Show all": renders every row. */
  showEverything(): void;
}

export function severityBadge(ctx: Pick<TableContext, 't'>, s: Severity): HTMLElement {
  return el('span', { class: `sev sev-${s.toLowerCase()}` }, icon(SEVERITY_CODICON[s]), el('span', {}, ctx.t(`sev${s}`)));
}

export function renderTable(ctx: TableContext, visible: Finding[]): HTMLElement {
  if (ctx.report.findings.length === 0) return el('p', { class: 'empty' }, icon('pass'), el('span', {}, ctx.t('noFindings')));
  if (visible.length === 0) return el('p', { class: 'empty' }, ctx.t('noMatches'));
  const head = el('tr', {}, el('th', { scope: 'col', class: 'toggle' }, el('span', { class: 'sr-only' }, ctx.t('details'))));
  for (const [col, label] of COLUMNS) {
    const active = ctx.ui.sort === col;
    const sortButton = button(
      ctx.t(label),
      active ? (ctx.ui.descending ? 'arrow-up' : 'arrow-down') : undefined,
      () => {
        if (ctx.ui.sort === col) ctx.ui.descending = !ctx.ui.descending;
        else {
          ctx.ui.sort = col;
          ctx.ui.descending = false;
        }
        ctx.update();
      },
      { class: 'sort', id: `sort-${col}` },
    );
    head.append(
      el(
        'th',
        { scope: 'col', class: `col-${col}`, 'aria-sort': active ? (ctx.ui.descending ? 'descending' : 'ascending') : 'none' },
        sortButton,
      ),
    );
  }
  const table = el(
    'table',
    { class: 'findings', 'aria-label': ctx.t('findings'), 'aria-rowcount': String(visible.length + 1) },
    el('thead', {}, head),
  );
  const limit = ctx.showAll ? Infinity : FIRST_ROWS;
  let rendered = 0;
  if (ctx.ui.grouped) {
    for (const g of groupByPackage(visible)) {
      if (rendered >= limit) break;
      const gid = g.name || '\u0000';
      const collapsed = ctx.ui.collapsedGroups.includes(gid);
      const body = el('tbody', { class: 'group' });
      const toggle = button(
        '',
        collapsed ? 'chevron-right' : 'chevron-down',
        () => {
          ctx.ui.collapsedGroups = toggled(ctx.ui.collapsedGroups, gid);
          ctx.update();
        },
        {
          class: 'icon',
          'aria-expanded': String(!collapsed),
          'aria-label': g.name || ctx.t('noPackage'),
          id: `group-${encodeURIComponent(g.name)}`,
        },
      );
      const detail = [
        g.versions.length ? `${ctx.t('colVersion')}: ${g.versions.join(', ')}` : '',
        g.fixedIn.length ? `${ctx.t('colFixedIn')}: ${g.fixedIn.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' · ');
      body.append(
        el(
          'tr',
          { class: 'group-row' },
          el('td', { class: 'toggle' }, toggle),
          el('td', {}, severityBadge(ctx, g.worst)),
          el(
            'th',
            { scope: 'rowgroup', colspan: '6' },
            el('span', { class: 'pkg' }, g.name || ctx.t('noPackage')),
            ' ',
            el('span', { class: 'muted' }, ctx.t('groupFindings', g.findings.length)),
            detail ? el('span', { class: 'muted' }, ` · ${detail}`) : undefined,
          ),
        ),
      );
      if (!collapsed) for (const f of g.findings) if (rendered++ < limit) appendFinding(ctx, body, f);
      table.append(body);
    }
  } else {
    const body = el('tbody');
    for (const f of visible) {
      if (rendered++ >= limit) break;
      appendFinding(ctx, body, f);
    }
    table.append(body);
  }
  const wrap = el('div', { class: 'table-wrap' }, table);
  if (!ctx.showAll && visible.length > FIRST_ROWS) {
    wrap.append(
      button(
        ctx.t('showAll', visible.length),
        'list-flat',
        () => {
          ctx.showEverything();
        },
        { id: 'show-all', class: 'secondary' },
      ),
    );
  }
  return wrap;
}

function appendFinding(ctx: TableContext, body: HTMLElement, f: Finding): void {
  const key = ctx.keys.get(f) ?? '';
  const expanded = ctx.ui.expanded.includes(key);
  const rowId = `f-${encodeURIComponent(key)}`;
  const toggle = button(
    '',
    expanded ? 'chevron-down' : 'chevron-right',
    () => {
      ctx.ui.expanded = toggled(ctx.ui.expanded, key);
      ctx.update();
    },
    {
      class: 'icon',
      'aria-expanded': String(expanded),
      'aria-controls': `${rowId}-details`,
      'aria-label': `${expanded ? ctx.t('collapse') : ctx.t('expand')} ${f.id}`,
      id: `${rowId}-toggle`,
    },
  );
  const copy = button('', 'copy', () => ctx.post({ type: 'copyId', id: f.id }), {
    class: 'icon copy',
    'aria-label': `${ctx.t('copyId')} ${f.id}`,
    title: ctx.t('copyId'),
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
      el('td', { class: 'col-severity' }, severityBadge(ctx, f.severity)),
      el('td', { class: 'col-id mono' }, el('span', {}, f.id), copy),
      el('td', { class: 'col-package' }, pkg ? `${pkg.name}${more}` : ''),
      el('td', { class: 'col-version mono' }, pkg?.version ?? ''),
      el('td', { class: 'col-fixedIn mono' }, fixed.length ? [...new Set(fixed)].join(', ') : ''),
      el('td', { class: 'col-score num' }, f.score !== undefined ? f.score.toFixed(1) : ''),
      el('td', { class: 'col-title' }, f.title ?? firstLine(f.description)),
    ),
  );
  if (expanded) body.append(el('tr', { class: 'details', id: `${rowId}-details` }, el('td', { colspan: '8' }, renderDetails(ctx, f))));
}

function firstLine(s: string | undefined): string {
  if (!s) return '';
  const line = s.split('\n')[0];
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function renderDetails(ctx: TableContext, f: Finding): HTMLElement {
  const box = el('div', { class: 'detail-grid' });
  if (f.description) box.append(el('section', {}, el('h3', {}, ctx.t('description')), el('p', { class: 'pre' }, f.description)));
  if (f.remediation) box.append(el('section', {}, el('h3', {}, ctx.t('remediation')), el('p', { class: 'pre' }, f.remediation)));
  if (f.packages.length > 0) {
    const list = el('ul', { class: 'packages' });
    for (const p of f.packages) {
      const bits = [
        p.version ? `${ctx.t('colVersion')} ${p.version}` : '',
        p.fixedIn ? `${ctx.t('colFixedIn')} ${p.fixedIn}` : '',
        p.packageManager ?? '',
        p.arch ?? '',
        p.filePath ?? '',
      ]
        .filter(Boolean)
        .join(' · ');
      list.append(el('li', {}, el('span', { class: 'pkg' }, p.name), bits ? el('span', { class: 'muted' }, ` — ${bits}`) : undefined));
    }
    box.append(el('section', {}, el('h3', {}, ctx.t('packages')), list));
  }
  const facts = el('dl', { class: 'facts small' });
  const fact = (label: string, value: string | undefined): void => {
    if (value) facts.append(el('div', {}, el('dt', {}, label), el('dd', {}, value)));
  };
  fact(ctx.t('colScore'), f.score !== undefined ? `${f.score.toFixed(1)}${f.scoreSource ? ` (${f.scoreSource})` : ''}` : undefined);
  fact(ctx.t('vector'), f.scoringVector);
  fact(ctx.t('findingStatus'), f.status);
  fact(ctx.t('exploitAvailable'), f.exploitAvailable);
  fact(ctx.t('fixAvailable'), f.fixAvailable);
  fact(ctx.t('firstObserved'), ctx.when(f.firstObservedAt));
  fact(ctx.t('lastObserved'), ctx.when(f.lastObservedAt));
  fact(ctx.t('related'), f.related?.join(', '));
  if (facts.childElementCount > 0) box.append(el('section', {}, el('h3', {}, ctx.t('details')), facts));
  if (f.references.length > 0) {
    const list = el('ul', { class: 'links' });
    for (const url of f.references) {
      // A button, not an <a href>: the page never navigates; the extension opens https: links after VS Code's prompt.
      list.append(
        el(
          'li',
          {},
          button(url, 'link-external', () => ctx.post({ type: 'openLink', url }), { class: 'link' }),
        ),
      );
    }
    box.append(el('section', {}, el('h3', {}, ctx.t('references')), list));
  }
  return box;
}
