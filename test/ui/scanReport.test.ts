// The vulnerabilities report in the real workbench: opened from a tag row's inline action, then sorted, filtered by
// severity and by text, a finding expanded, grouped by package, an id copied and the findings exported to CSV
// through the save dialog (code-server's simple file dialog: a quick input that takes a path). Findings are hostile
// input: markup and command links in them must stay text. Screenshots in light and dark themes.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { commandTitle, expandRow, PROD_ACCOUNT, REGION, startEcrSession, treeRow, type EcrSession } from './ecrSession';

const REPO = 'team/payments';
const TAG = '1.8.2';
const IMG_TITLE = '<img src=x onerror="window.__pwned=1">';
const COMMAND_TITLE = '[x](command:workbench.action.terminal.new)';
const FORMULA_TITLE = "=cmd|' /C calc'!A0";
const DAY = 86_400;

/** The browser clipboard, as seen from page.evaluate (the test tier has no DOM types). */
interface Clipboardy {
  navigator: { clipboard: { writeText(t: string): Promise<void>; readText(): Promise<string> } };
}

type Sev = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

/** An enhanced (Amazon Inspector) finding as DescribeImageScanFindings returns it (dates in epoch seconds). */
function inspectorFinding(
  n: number,
  id: string,
  severity: Sev,
  score: number,
  pkg: { name: string; version: string; release?: string; epoch?: number; fixed?: string },
  title = `${id} - ${pkg.name}`,
  extra: { description?: string; remediation?: string; references?: string[] } = {},
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    awsAccountId: PROD_ACCOUNT,
    findingArn: `arn:aws:inspector2:${REGION}:${PROD_ACCOUNT}:finding/${n.toString(16).padStart(32, '0')}`,
    title,
    description:
      extra.description ??
      `${pkg.name} before ${pkg.fixed ?? 'a fixed release'} mishandles crafted input.\n\nA remote attacker could exploit this to run code or crash the service.`,
    severity,
    status: 'ACTIVE',
    type: 'PACKAGE_VULNERABILITY',
    score,
    exploitAvailable: severity === 'CRITICAL' ? 'YES' : 'NO',
    fixAvailable: pkg.fixed ? 'YES' : 'NO',
    firstObservedAt: now - 9 * DAY,
    lastObservedAt: now - DAY,
    updatedAt: now - DAY,
    scoreDetails: { cvss: { scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score, version: '3.1' } },
    packageVulnerabilityDetails: {
      vulnerabilityId: id,
      source: 'NVD',
      sourceUrl: `https://nvd.nist.gov/vuln/detail/${id}`,
      referenceUrls: extra.references ?? [`https://security-tracker.debian.org/tracker/${id}`],
      vulnerablePackages: [
        {
          name: pkg.name,
          version: pkg.version,
          ...(pkg.release ? { release: pkg.release } : {}),
          ...(pkg.epoch ? { epoch: pkg.epoch } : {}),
          fixedInVersion: pkg.fixed ?? 'NotAvailable',
          packageManager: 'OS',
          arch: 'X86_64',
        },
      ],
    },
    remediation: {
      recommendation: { text: extra.remediation ?? (pkg.fixed ? `Upgrade ${pkg.name} to ${pkg.fixed} or later.` : 'None provided') },
    },
  };
}

const FINDINGS = [
  inspectorFinding(1, 'CVE-2024-6387', 'CRITICAL', 8.1, {
    name: 'openssh-client',
    epoch: 1,
    version: '9.2p1',
    release: '2+deb12u2',
    fixed: '1:9.2p1-2+deb12u3',
  }),
  inspectorFinding(2, 'CVE-2023-45853', 'CRITICAL', 9.8, { name: 'zlib1g', epoch: 1, version: '1.2.13.dfsg', release: '1' }),
  inspectorFinding(3, 'CVE-2023-4911', 'HIGH', 7.8, { name: 'libc6', version: '2.36', release: '9+deb12u1', fixed: '2.36-9+deb12u3' }),
  inspectorFinding(4, 'CVE-2024-2961', 'HIGH', 7.3, { name: 'libc6', version: '2.36', release: '9+deb12u1', fixed: '2.36-9+deb12u7' }),
  inspectorFinding(5, 'CVE-2023-5363', 'HIGH', 7.5, {
    name: 'libssl3',
    version: '3.0.11',
    release: '1~deb12u1',
    fixed: '3.0.11-1~deb12u2',
  }),
  inspectorFinding(6, 'CVE-2024-0727', 'MEDIUM', 5.5, {
    name: 'libssl3',
    version: '3.0.11',
    release: '1~deb12u1',
    fixed: '3.0.13-1~deb12u1',
  }),
  inspectorFinding(7, 'CVE-2024-26461', 'MEDIUM', 5.5, {
    name: 'libkrb5-3',
    version: '1.20.1',
    release: '2+deb12u1',
    fixed: '1.20.1-2+deb12u2',
  }),
  inspectorFinding(8, 'CVE-2022-48303', 'MEDIUM', 5.5, { name: 'tar', version: '1.34+dfsg', release: '1.2+deb12u1' }),
  inspectorFinding(9, 'CVE-2016-2781', 'LOW', 6.5, { name: 'coreutils', version: '9.1', release: '1' }),
  inspectorFinding(10, 'CVE-2023-50495', 'LOW', 6.5, { name: 'ncurses-base', version: '6.4', release: '4' }),
  // Hostile text through the real API shape: markup, command links and a spreadsheet formula.
  inspectorFinding(11, 'CVE-2024-99991', 'INFORMATIONAL', 1.0, { name: 'libxml2', version: '2.9.14', release: '2' }, IMG_TITLE, {
    description: '<script>window.__pwned = 2</script> <b>bold?</b>',
  }),
  inspectorFinding(12, 'CVE-2024-99992', 'INFORMATIONAL', 1.0, { name: 'curl', version: '7.88.1', release: '10+deb12u5' }, COMMAND_TITLE, {
    remediation: '[Open a terminal](command:workbench.action.terminal.new)',
    references: ['command:workbench.action.terminal.new', 'javascript:window.__pwned=3', 'https://curl.se/docs/security.html'],
  }),
  inspectorFinding(
    13,
    'CVE-2024-99993',
    'INFORMATIONAL',
    1.0,
    { name: 'perl-base', version: '5.36.0', release: '7+deb12u1' },
    FORMULA_TITLE,
  ),
];

function countsOf(findings: Array<Record<string, unknown>>): Partial<Record<Sev, number>> {
  const counts: Partial<Record<Sev, number>> = {};
  for (const f of findings) counts[f.severity as Sev] = (counts[f.severity as Sev] ?? 0) + 1;
  return counts;
}

describe('(ui) vulnerabilities report: open, sort, filter, expand, group, export; hostile text stays text', function () {
  let s: EcrSession;
  let report: FrameLocator;

  before(async function () {
    s = await startEcrSession({
      userSettings: {
        'workbench.colorTheme': 'Light Modern',
        'workbench.preferredLightColorTheme': 'Light Modern',
        'workbench.preferredDarkColorTheme': 'Dark Modern',
      },
    });
    s.emulator.emulator.seed({
      repositories: [
        {
          accountId: PROD_ACCOUNT,
          region: REGION,
          name: REPO,
          images: [
            {
              tags: [TAG],
              pushedAt: Date.now() - 3 * DAY * 1000,
              scan: { type: 'ENHANCED', status: 'ACTIVE', findings: countsOf(FINDINGS), details: FINDINGS },
            },
          ],
        },
      ],
      // Inspector scans this registry continuously (the report's summary says so).
      registryScanning: [
        {
          accountId: PROD_ACCOUNT,
          region: REGION,
          scanType: 'ENHANCED',
          rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'team/payments', filterType: 'WILDCARD' }] }],
        },
      ],
    });
    await s.wb.openViewContainer('ECR Explorer');
    // The report page: an iframe (the webview host) holding the page's own iframe.
    report = s.wb.page.frameLocator('iframe.webview').first().frameLocator('iframe#active-frame');
  });

  after(async function () {
    await s?.close();
  });

  /** The finding rows' text in one column, top to bottom. */
  async function column(name: string): Promise<string[]> {
    return (await report.locator(`tr.finding td.col-${name}`).allInnerTexts()).map((x) => x.trim());
  }

  /** The page's computed background colour. */
  async function background(): Promise<string> {
    return report
      .locator('body')
      .evaluate(
        (b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor,
      );
  }

  async function rowCount(): Promise<number> {
    return report.locator('tr.finding').count();
  }

  async function waitForRows(what: string, check: (n: number) => boolean): Promise<void> {
    await s.wb.waitUntil(what, async () => check(await rowCount()));
  }

  /** The details row a finding's toggle controls. */
  async function detailsOf(id: string): Promise<Locator> {
    const controls = await idCell(id).locator('button[aria-expanded]').getAttribute('aria-controls');
    assert.ok(controls, `the toggle of ${id} names the row it controls`);
    return report.locator(`[id="${controls}"]`);
  }

  function idCell(id: string): Locator {
    return report.locator('tr.finding', { has: report.locator('td.col-id span', { hasText: new RegExp(`^${id}$`) }) });
  }

  it('opens from the inline action of a tag row with findings, titled Vulnerabilities: repo:tag', async function () {
    const { wb } = s;
    await expandRow(wb, treeRow(wb, PROD_ACCOUNT, 1));
    await expandRow(wb, treeRow(wb, REPO, 2));
    const row = treeRow(wb, TAG, 3);
    await row.waitFor();
    await row.hover();
    const action = row.locator(`.actions .action-label[aria-label^="${commandTitle('command.showVulnerabilities')}"]`);
    await action.waitFor({ state: 'visible' });
    await action.click();
    const tab = wb.page.locator('.tabs-container .tab', { hasText: `Vulnerabilities: ${REPO}:${TAG}` });
    await tab.waitFor({ timeout: 30_000 });
    assert.equal((await tab.locator('.label-name').innerText()).trim(), `Vulnerabilities: ${REPO}:${TAG}`);
    await waitForRows('the report lists the findings', (n) => n === FINDINGS.length);
    assert.equal((await report.locator('h1').innerText()).trim(), `${REPO}:${TAG}`);
    // Summary: counts per severity on the filter chips, the scan type.
    assert.equal((await report.locator('#chip-CRITICAL .count').innerText()).trim(), '2');
    assert.equal((await report.locator('#chip-INFORMATIONAL .count').innerText()).trim(), '3');
    assert.match(await report.locator('.summary .facts').innerText(), /Enhanced scanning \(Amazon Inspector\)/);
    // Worst first by default.
    assert.deepEqual((await column('severity')).slice(0, 2), ['Critical', 'Critical']);
    // The context menu offers the same command on the row.
    await row.click({ button: 'right' });
    const menuItem = wb.page.locator('.context-view .action-label', { hasText: commandTitle('command.showVulnerabilities') });
    await menuItem.first().waitFor();
    await wb.page.keyboard.press('Escape');
  });

  it('hostile finding text renders as literal text: no element, no command link, no script run', async function () {
    const title = report.locator('td.col-title', { hasText: 'onerror' });
    assert.equal((await title.innerText()).trim(), IMG_TITLE);
    assert.equal((await report.locator('td.col-title', { hasText: 'command:' }).innerText()).trim(), COMMAND_TITLE);
    assert.equal(await report.locator('img').count(), 0, 'no <img> made from finding text');
    assert.equal(await report.locator('a').count(), 0, 'the page has no links at all (references are buttons)');
    const scripts = await report
      .locator('script')
      .evaluateAll((els) => els.map((e) => (e as unknown as { textContent: string | null }).textContent ?? ''));
    assert.ok(!scripts.some((t) => t.includes('__pwned')), 'no script made from finding text');
    // Expanded: the hostile description and remediation stay text; only the https: reference survives.
    await idCell('CVE-2024-99992').locator('button[aria-expanded]').click();
    const details = await detailsOf('CVE-2024-99992');
    await details.waitFor();
    const text = await details.innerText();
    assert.match(text, /\[Open a terminal\]\(command:workbench\.action\.terminal\.new\)/);
    assert.deepEqual(
      (await details.locator('button.link').allInnerTexts()).map((x) => x.trim()),
      ['https://nvd.nist.gov/vuln/detail/CVE-2024-99992', 'https://curl.se/docs/security.html'],
    );
    await idCell('CVE-2024-99991').locator('button[aria-expanded]').click();
    const other = await detailsOf('CVE-2024-99991');
    await other.waitFor();
    assert.match(await other.innerText(), /<script>window\.__pwned = 2<\/script> <b>bold\?<\/b>/);
    assert.equal(await report.locator('img, b').count(), 0);
    assert.equal(await report.locator('body').evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.equal(await s.wb.page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned), undefined);
    // No terminal was opened by a command link.
    assert.equal(await s.wb.page.locator('.terminal-wrapper').count(), 0);
    // Collapse both again (from the keyboard: the toggles are buttons).
    for (const id of ['CVE-2024-99992', 'CVE-2024-99991']) {
      await idCell(id).locator('button[aria-expanded]').focus();
      await idCell(id).locator('button[aria-expanded]').press('Enter');
    }
    await s.wb.waitUntil('the details are closed', async () => (await report.locator('tr.details').count()) === 0);
  });

  it('sorts by a column (both directions, by mouse and keyboard)', async function () {
    const score = report.locator('#sort-score');
    await score.click();
    await s.wb.waitUntil('sorted by score', async () => (await report.locator('th.col-score').getAttribute('aria-sort')) !== 'none');
    const highFirst = (await column('score')).map(Number);
    assert.deepEqual(
      highFirst,
      [...highFirst].sort((a, b) => b - a),
      'scores read highest first',
    );
    assert.equal(highFirst[0], 9.8);
    await score.press('Enter');
    await s.wb.waitUntil(
      'sorted the other way',
      async () => (await report.locator('th.col-score').getAttribute('aria-sort')) === 'descending',
    );
    const lowFirst = (await column('score')).map(Number);
    assert.deepEqual(
      lowFirst,
      [...highFirst].reverse().sort((a, b) => a - b),
    );
    await report.locator('#sort-id').click();
    await s.wb.waitUntil('sorted by id', async () => (await report.locator('th.col-id').getAttribute('aria-sort')) === 'ascending');
    const ids = await column('id');
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    );
    await report.locator('#sort-severity').click();
    await s.wb.waitUntil(
      'sorted by severity',
      async () => (await report.locator('th.col-severity').getAttribute('aria-sort')) === 'ascending',
    );
  });

  it('filters by severity and by text', async function () {
    const chip = report.locator('#chip-INFORMATIONAL');
    await chip.click();
    await waitForRows('informational findings hidden', (n) => n === FINDINGS.length - 3);
    assert.equal(await chip.getAttribute('aria-pressed'), 'false');
    assert.equal((await column('severity')).includes('Informational'), false);
    assert.match(await report.locator('#showing').innerText(), new RegExp(`^${FINDINGS.length - 3} of ${FINDINGS.length}`));
    await report.locator('#filter').fill('libssl3');
    await waitForRows('only libssl3 findings', (n) => n === 2);
    assert.deepEqual(await column('package'), ['libssl3', 'libssl3']);
    await report.locator('#filter').fill('no such package');
    await s.wb.waitUntil('nothing matches', async () => (await report.locator('p.empty').count()) === 1);
    await report.locator('#filter').fill('');
    await chip.click();
    await waitForRows('every finding again', (n) => n === FINDINGS.length);
  });

  it('expands a finding to its description, remediation and references; copies its id', async function () {
    const row = idCell('CVE-2024-6387');
    const toggle = row.locator('button[aria-expanded]');
    await toggle.click();
    const details = await detailsOf('CVE-2024-6387');
    await details.waitFor();
    assert.equal(await row.locator('button[aria-expanded]').getAttribute('aria-expanded'), 'true');
    const text = await details.innerText();
    assert.match(text, /Description/i);
    assert.match(text, /openssh-client before 1:9\.2p1-2\+deb12u3 mishandles crafted input\./);
    assert.match(text, /Remediation/i);
    assert.match(text, /Upgrade openssh-client to 1:9\.2p1-2\+deb12u3 or later\./);
    assert.match(text, /https:\/\/nvd\.nist\.gov\/vuln\/detail\/CVE-2024-6387/);
    assert.deepEqual(await row.locator('td.col-version, td.col-fixedIn').allInnerTexts(), ['1:9.2p1-2+deb12u2', '1:9.2p1-2+deb12u3']);
    // Copy ID puts the id in the clipboard and says so on the page.
    await s.wb.page.evaluate(() => (globalThis as unknown as Clipboardy).navigator.clipboard.writeText('-- nothing copied --'));
    await row.locator('button.copy').click();
    await s.wb.waitUntil(
      'the id is in the clipboard',
      async () =>
        (await s.wb.page.evaluate(() => (globalThis as unknown as Clipboardy).navigator.clipboard.readText())) === 'CVE-2024-6387',
    );
    await s.wb.waitUntil('the page says it was copied', async () => /CVE-2024-6387/.test(await report.locator('#showing').innerText()));
    await s.wb.page.mouse.move(700, 880);
    await s.wb.screenshot('ui-scan-report');
  });

  it('groups by package', async function () {
    const group = report.locator('#group');
    await group.check();
    await s.wb.waitUntil('grouped', async () => (await report.locator('tbody.group').count()) > 0);
    const packages = (await report.locator('tr.group-row .pkg').allInnerTexts()).map((x) => x.trim());
    assert.equal(packages.length, new Set(packages).size);
    assert.deepEqual([...packages].sort(), [...new Set(FINDINGS.map((f) => pkgOf(f)))].sort());
    // Worst group first; libc6 holds its two findings.
    assert.ok(['openssh-client', 'zlib1g'].includes(packages[0]!), packages.join(', '));
    const libc = report.locator('tbody.group', { has: report.locator('.pkg', { hasText: /^libc6$/ }) });
    assert.equal(await libc.locator('tr.finding').count(), 2);
    // A group collapses.
    await libc.locator('tr.group-row button').click();
    await s.wb.waitUntil('libc6 collapsed', async () => (await libc.locator('tr.finding').count()) === 0);
    await libc.locator('tr.group-row button').click();
    await group.uncheck();
    await s.wb.waitUntil('ungrouped', async () => (await report.locator('tbody.group').count()) === 0);
  });

  it('exports CSV through the save dialog: the file on disk holds every finding, formulas defused', async function () {
    const { wb } = s;
    const target = join(wb.workspace, 'payments-findings.csv');
    await report.locator('#export-csv').click();
    // The simple file dialog of the web build: a quick input with the default path, which takes a typed one.
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor();
    await wb.waitUntil('the dialog proposes a .csv in the workspace', async () => /findings\.csv$/.test(await input.inputValue()));
    await input.fill(target);
    await input.press('Enter');
    await wb.waitUntil('the CSV is written', async () => existsSync(target), 30_000);
    const csv = readFileSync(target, 'utf8');
    assert.ok(csv.startsWith('\uFEFF'), 'a byte order mark, so spreadsheets read UTF-8');
    const header = csv.slice(1).split(/\r?\n/)[0]!;
    assert.match(header, /^severity,id,title,package,installedVersion,fixedInVersion,score/);
    for (const f of FINDINGS) {
      const id = (f.packageVulnerabilityDetails as { vulnerabilityId: string }).vulnerabilityId;
      assert.ok(csv.includes(`,${id},`), `${id} exported`);
    }
    assert.match(csv, /CRITICAL,CVE-2024-6387,CVE-2024-6387 - openssh-client,openssh-client,1:9\.2p1-2\+deb12u2,1:9\.2p1-2\+deb12u3,8\.1/);
    // A title a spreadsheet would evaluate starts with an apostrophe.
    assert.ok(csv.includes(`,'=cmd|' /C calc'!A0,`), 'the formula title is defused');
    assert.ok(csv.includes(`"<img src=x onerror=""window.__pwned=1"">"`), 'quotes in a field are doubled');
  });

  it('follows the theme: dark', async function () {
    const { wb } = s;
    const body = report.locator('body');
    assert.match((await body.getAttribute('class')) ?? '', /\bvscode-light\b/);
    const light = await background();
    await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
    await wb.waitUntil(
      'the page is told the theme is dark',
      async () => /\bvscode-dark\b/.test((await body.getAttribute('class')) ?? ''),
      30_000,
    );
    // The page's colours come from the theme's variables.
    await wb.waitUntil('the page takes the dark colours', async () => (await background()) !== light);
    const rgb = (await background()).match(/\d+/g)!.map(Number);
    assert.ok(rgb[0]! + rgb[1]! + rgb[2]! < 200, `a dark background: ${rgb.join(',')}`);
    await wb.page.mouse.move(700, 880);
    await wb.screenshot('ui-scan-report-dark');
  });
});

function pkgOf(f: Record<string, unknown>): string {
  return (f.packageVulnerabilityDetails as { vulnerablePackages: Array<{ name: string }> }).vulnerablePackages[0]!.name;
}
