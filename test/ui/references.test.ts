// Image references in a Kubernetes manifest, as a user sees them: the hover on an image (screenshot) and the
// Problems panel listing the missing, vulnerable and outdated images of the file (screenshot). Newer tags are
// problems without a hover: the repositories' listings are read in the background once the other problems are shown.
import * as assert from 'node:assert/strict';
import { PROD_ACCOUNT, REGION, startEcrSession, tallPanel, type EcrSession } from './ecrSession';

const HOST = `${PROD_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const MANIFEST = [
  '# storefront: API, web front end and the nightly worker',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: storefront',
  '  namespace: shop',
  'spec:',
  '  replicas: 3',
  '  template:',
  '    spec:',
  '      initContainers:',
  '        - name: migrate',
  `          image: ${HOST}/team/worker:v1.0.8`,
  '      containers:',
  '        - name: api',
  `          image: ${HOST}/team/api:1.3.5`,
  '          ports:',
  '            - containerPort: 8080',
  '        - name: web',
  `          image: "${HOST}/team/web:2.3.1"`,
  '        - name: runtime',
  `          image: ${HOST}/platform/base-images/node:20`,
  '        - name: search',
  `          image: ${HOST}/team/api:1.9.9`,
  '',
].join('\n');

describe('(ui) image references in a Kubernetes manifest', function () {
  let s: EcrSession;

  before(async function () {
    s = await startEcrSession({ workspaceFiles: { 'k8s/storefront.yaml': MANIFEST } });
  });

  after(async function () {
    await s?.close();
  });

  it('shows the image behind a reference when hovering it', async function () {
    const { wb } = s;
    const page = wb.page;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('storefront.yaml');
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    const line = page.locator('.monaco-editor .view-line', { hasText: 'team/api:1.3.5' });
    await line.waitFor({ timeout: 30_000 });
    const target = line.locator('span', { hasText: 'team/api' }).last();
    let text = '';
    await wb.waitUntil(
      `the hover shows the scan summary (it shows "${text}")`,
      async () => {
        await page.mouse.move(0, 0);
        text = await wb.hoverText(target, 15_000).catch(() => '');
        // The problem's own hover ("Findings of severity CRITICAL…") can show first; wait for the image's.
        return /ECR image/.test(text) && /Scan: CRITICAL 1/.test(text);
      },
      60_000,
    );
    assert.match(text, /ECR image/);
    assert.match(text, /team\/api:1\.3\.5/);
    assert.match(text, /Digest: sha256:[0-9a-f]{12}/);
    assert.match(text, /Newer tag in this line: 1\.4\.2/);
    assert.match(text, /Reveal in ECR Explorer/);
    assert.match(text, /Show Vulnerabilities/);
    await wb.screenshot('ui-references-hover');
  });

  it('lists missing, vulnerable and outdated images in the Problems panel', async function () {
    const { wb } = s;
    const page = wb.page;
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const expected = [
      /Tag 1\.9\.9 was not found in repository team\/api/,
      /Findings of severity CRITICAL or higher: 1 \(CRITICAL 1\)/,
      /A newer tag in the same line is available: 1\.4\.2/,
    ];
    let texts = '';
    await wb.waitUntil(
      'the Problems panel lists the manifest problems',
      async () => {
        texts = (await rows.allInnerTexts()).join('\n');
        return expected.every((re) => re.test(texts));
      },
      60_000,
    );
    await tallPanel(wb);
    for (const re of expected) assert.match(texts, re);
    await wb.screenshot('ui-references-problems');
  });
});
