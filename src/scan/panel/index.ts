// Entry of the lazily loaded report panel bundle (dist/scanPanel.js): required on the first Show Vulnerabilities
// or when VS Code restores a report after a reload, never at activation.
export { ReportPanels } from './reportPanels';
export type { ReportPanelDeps } from './reportPanels';
