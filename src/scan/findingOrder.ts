// The order and filter of the findings report's table [pure]: sort by a column (missing values last, scores
// highest first), hide severities, match typed text against id, title, description and packages.
import { SEVERITY_ORDER, compareSeverity } from '../model/severity';
import type { Finding, ScanReport } from './model';
import type { ReportStrings, ReportUiState, SortColumn } from './reportProtocol';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sortValue(f: Finding, col: SortColumn): string | number | undefined {
  switch (col) {
    case 'severity':
      return SEVERITY_ORDER.indexOf(f.severity);
    case 'id':
      return f.id;
    case 'package':
      return f.packages[0]?.name;
    case 'version':
      return f.packages[0]?.version;
    case 'fixedIn':
      return f.packages.find((p) => p.fixedIn)?.fixedIn;
    case 'score':
      return f.score;
    case 'title':
      return f.title ?? f.description;
  }
}

function compare(a: Finding, b: Finding, ui: Pick<ReportUiState, 'sort' | 'descending'>): number {
  const va = sortValue(a, ui.sort);
  const vb = sortValue(b, ui.sort);
  // Missing values sort last in either direction.
  if (va === undefined || vb === undefined) return va === vb ? 0 : va === undefined ? 1 : -1;
  let c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
  // Scores read best as highest first; everything else ascending by default.
  if (ui.sort === 'score') c = -c;
  if (ui.descending) c = -c;
  return c || compareSeverity(a.severity, b.severity) || collator.compare(a.id, b.id);
}

/** The findings the report shows: severities not hidden, matching the typed text, in the chosen order. */
export function visibleFindings(report: ScanReport, ui: Pick<ReportUiState, 'sort' | 'descending' | 'text' | 'hidden'>): Finding[] {
  const needle = ui.text.trim().toLowerCase();
  const hidden = new Set(ui.hidden);
  const out = report.findings.filter((f) => {
    if (hidden.has(f.severity)) return false;
    if (!needle) return true;
    const hay = [f.id, f.title ?? '', f.description ?? '', ...f.packages.map((p) => `${p.name} ${p.version ?? ''} ${p.fixedIn ?? ''}`)]
      .join('\n')
      .toLowerCase();
    return hay.includes(needle);
  });
  return out.sort((a, b) => compare(a, b, ui));
}

/** The table's columns in order, each with the string id of its heading. */
export const COLUMNS: Array<[SortColumn, keyof ReportStrings]> = [
  ['severity', 'colSeverity'],
  ['id', 'colId'],
  ['package', 'colPackage'],
  ['version', 'colVersion'],
  ['fixedIn', 'colFixedIn'],
  ['score', 'colScore'],
  ['title', 'colTitle'],
];
