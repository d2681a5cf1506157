// Normalisation of DescribeImageScanFindings responses (basic and enhanced shapes, as real ECR sends them after
// the SDK parsed them) into the one findings model; odd and missing fields (the severity order and its lenient
// reading: test/unit/model/severity.test.ts).
import { strict as assert } from 'node:assert';
import type { DescribeImageScanFindingsResponse, EnhancedImageScanFinding, ImageScanFinding } from '@aws-sdk/client-ecr';
import {
  normalizeBasicFinding,
  normalizeEnhancedFinding,
  normalizeScanFindings,
  safeHttpsUrl,
  ScanReportBuilder,
  type FindingsPage,
} from '../../../src/scan/normalize';

// A basic-scanning response as ECR returns it (shape of the API reference example; SDK dates as Date).
const BASIC: DescribeImageScanFindingsResponse = {
  registryId: '123456789012',
  repositoryName: 'ubuntu',
  imageId: { imageDigest: 'sha256:949af6bd7d8c5bd43cc6e4ad1c43bb6ba85e38b4a0b2f3b5fa1d6e0b0d3a7e4f', imageTag: 'trusty' },
  imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
  imageScanFindings: {
    imageScanCompletedAt: new Date('2024-05-02T10:15:30Z'),
    vulnerabilitySourceUpdatedAt: new Date('2024-05-02T08:00:00Z'),
    findingSeverityCounts: { MEDIUM: 1, LOW: 1, HIGH: 1 },
    findings: [
      {
        name: 'CVE-2019-5188',
        description:
          'A code execution vulnerability exists in the directory rehashing functionality of E2fsprogs e2fsck 1.45.4. A specially crafted ext4 directory can cause an out-of-bounds write on the stack, resulting in code execution.',
        uri: 'http://people.ubuntu.com/~ubuntu-security/cve/CVE-2019-5188',
        severity: 'MEDIUM',
        attributes: [
          { key: 'package_version', value: '1.42.9-3ubuntu1.3' },
          { key: 'package_name', value: 'e2fsprogs' },
          { key: 'CVSS2_VECTOR', value: 'AV:L/AC:L/Au:N/C:P/I:P/A:P' },
          { key: 'CVSS2_SCORE', value: '4.6' },
        ],
      },
      {
        name: 'CVE-2023-4911',
        description: 'A buffer overflow was discovered in the GNU C Library dynamic loader.',
        uri: 'https://security-tracker.debian.org/tracker/CVE-2023-4911',
        severity: 'HIGH',
        attributes: [
          { key: 'package_version', value: '2.36-9+deb12u1' },
          { key: 'package_name', value: 'glibc' },
          { key: 'CVSS3_VECTOR', value: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H' },
          { key: 'CVSS3_SCORE', value: '7.8' },
          { key: 'CVSS2_SCORE', value: '7.2' },
        ],
      },
      { name: 'CVE-2016-2781', severity: 'LOW', attributes: [{ key: 'package_name', value: 'coreutils' }] },
    ],
  },
};

// An enhanced (Amazon Inspector) finding as ECR returns it.
const ENHANCED: EnhancedImageScanFinding = {
  awsAccountId: '123456789012',
  description: 'In Python before 3.11.4, tarfile extraction may write outside the destination.\n\nSee the advisory.',
  findingArn: 'arn:aws:inspector2:us-east-1:123456789012:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  firstObservedAt: new Date('2024-04-01T00:00:00Z'),
  lastObservedAt: new Date('2024-05-01T00:00:00Z'),
  updatedAt: new Date('2024-05-01T00:00:00Z'),
  packageVulnerabilityDetails: {
    cvss: [{ baseScore: 7.5, scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', source: 'NVD', version: '3.1' }],
    referenceUrls: ['https://github.com/python/cpython/issues/102950', 'https://github.com/python/cpython/issues/102950'],
    relatedVulnerabilities: ['GHSA-xxxx-yyyy-zzzz'],
    source: 'NVD',
    sourceUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2023-24329',
    vendorSeverity: 'HIGH',
    vulnerabilityId: 'CVE-2023-24329',
    vulnerablePackages: [
      {
        arch: 'X86_64',
        epoch: 0,
        name: 'python3.11',
        packageManager: 'OS',
        release: '1+deb12u1',
        version: '3.11.2',
        fixedInVersion: '0:3.11.2-6+deb12u2',
      },
      {
        arch: 'X86_64',
        epoch: 1,
        name: 'libpython3.11',
        packageManager: 'OS',
        release: '1',
        version: '3.11.2',
        fixedInVersion: 'NotAvailable',
      },
    ],
  },
  remediation: {
    recommendation: {
      text: 'Upgrade your installed software packages to the proposed fixed in version and release.',
      url: 'https://docs.aws.amazon.com/inspector/',
    },
  },
  resources: [{ id: 'arn:aws:ecr:us-east-1:123456789012:repository/app/sha256:abc', type: 'AWS_ECR_CONTAINER_IMAGE' }],
  score: 7.5,
  scoreDetails: { cvss: { score: 7.5, scoreSource: 'NVD', scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', version: '3.1' } },
  severity: 'HIGH',
  status: 'ACTIVE',
  title: 'CVE-2023-24329 - python3.11, libpython3.11',
  type: 'PACKAGE_VULNERABILITY',
  fixAvailable: 'PARTIAL',
  exploitAvailable: 'no',
};

describe('(unit) scan findings: normalisation', () => {
  it('a basic response: summary, counts, findings worst first with package, version, score and link', () => {
    const r = normalizeScanFindings(BASIC);
    assert.equal(r.scanType, 'BASIC');
    assert.equal(r.status, 'COMPLETE');
    assert.equal(r.statusDescription, 'The scan was completed successfully.');
    assert.equal(r.completedAt, Date.parse('2024-05-02T10:15:30Z'));
    assert.equal(r.vulnerabilitySourceUpdatedAt, Date.parse('2024-05-02T08:00:00Z'));
    assert.deepEqual(r.counts, { MEDIUM: 1, LOW: 1, HIGH: 1 });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['CVE-2023-4911', 'CVE-2019-5188', 'CVE-2016-2781'],
    );
    assert.deepEqual(r.findings[1], {
      id: 'CVE-2019-5188',
      severity: 'MEDIUM',
      description: (BASIC.imageScanFindings?.findings?.[0] as ImageScanFinding).description,
      packages: [{ name: 'e2fsprogs', version: '1.42.9-3ubuntu1.3' }],
      score: 4.6,
      scoreSource: 'CVSS2',
      scoringVector: 'AV:L/AC:L/Au:N/C:P/I:P/A:P',
      references: [],
    });
    // CVSS3 wins over CVSS2 when both are there.
    assert.equal(r.findings[0].score, 7.8);
    assert.equal(r.findings[0].scoreSource, 'CVSS3');
    assert.deepEqual(r.findings[0].references, ['https://security-tracker.debian.org/tracker/CVE-2023-4911']);
    assert.deepEqual(r.findings[2].packages, [{ name: 'coreutils' }]);
    assert.equal(r.findings[2].score, undefined);
  });

  it('an enhanced finding: title, packages with epoch/release and fixed-in (NotAvailable dropped), remediation, links', () => {
    const f = normalizeEnhancedFinding(ENHANCED);
    assert.equal(f.id, 'CVE-2023-24329');
    assert.equal(f.title, 'CVE-2023-24329 - python3.11, libpython3.11');
    assert.equal(f.severity, 'HIGH');
    assert.deepEqual(f.packages, [
      { name: 'python3.11', version: '3.11.2-1+deb12u1', fixedIn: '0:3.11.2-6+deb12u2', packageManager: 'OS', arch: 'X86_64' },
      { name: 'libpython3.11', version: '1:3.11.2-1', packageManager: 'OS', arch: 'X86_64' },
    ]);
    assert.equal(f.score, 7.5);
    assert.equal(f.scoreSource, 'INSPECTOR');
    assert.equal(f.scoringVector, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N');
    assert.match(f.remediation ?? '', /^Upgrade your installed/);
    assert.deepEqual(f.references, [
      'https://nvd.nist.gov/vuln/detail/CVE-2023-24329',
      'https://github.com/python/cpython/issues/102950',
      'https://docs.aws.amazon.com/inspector/',
    ]);
    assert.equal(f.exploitAvailable, 'NO');
    assert.equal(f.fixAvailable, 'PARTIAL');
    assert.equal(f.status, 'ACTIVE');
    assert.equal(f.firstObservedAt, Date.parse('2024-04-01T00:00:00Z'));
    assert.equal(f.lastObservedAt, Date.parse('2024-05-01T00:00:00Z'));
    assert.deepEqual(f.related, ['GHSA-xxxx-yyyy-zzzz']);
    assert.equal(f.description, 'In Python before 3.11.4, tarfile extraction may write outside the destination.\n\nSee the advisory.');
  });

  it('an enhanced response counts UNTRIAGED as UNDEFINED and is ENHANCED even when it carries no findings', () => {
    const r = normalizeScanFindings({
      imageScanStatus: { status: 'ACTIVE', description: 'Continuous scan is selected for image.' },
      imageScanFindings: { findingSeverityCounts: { HIGH: 1, UNTRIAGED: 2 } as Record<string, number>, enhancedFindings: [] },
    });
    assert.equal(r.scanType, 'ENHANCED');
    assert.deepEqual(r.counts, { HIGH: 1, UNDEFINED: 2 });
    assert.deepEqual(r.findings, []);
  });

  it('missing and odd fields: nothing required, nothing invented, wrong types ignored', () => {
    const bare = normalizeBasicFinding({});
    assert.deepEqual(bare, { id: 'UNKNOWN', severity: 'UNDEFINED', packages: [], references: [] });
    const odd = normalizeBasicFinding({
      name: '  CVE-1  ',
      severity: 'HIGH',
      attributes: [
        { key: 'package_name', value: 'a' },
        { key: 'package_name', value: 'b' },
        { key: 'CVSS2_SCORE', value: '11' },
        null as unknown as { key: string },
        { key: undefined, value: 'x' },
      ],
    });
    assert.equal(odd.id, 'CVE-1');
    assert.deepEqual(odd.packages, [{ name: 'a' }], 'first attribute wins');
    assert.equal(odd.score, undefined, 'a score outside 0..10 is dropped');
    const enhanced = normalizeEnhancedFinding({
      findingArn: 'arn:aws:inspector2:us-east-1:1:finding/x',
      score: Number.NaN,
      packageVulnerabilityDetails: { vulnerablePackages: [{ version: '1' }, { name: 'pkg' }] },
      firstObservedAt: new Date('garbage'),
    });
    assert.equal(enhanced.id, 'arn:aws:inspector2:us-east-1:1:finding/x');
    assert.deepEqual(enhanced.packages, [{ name: 'pkg' }], 'a package without a name is skipped');
    assert.equal(enhanced.score, undefined);
    assert.equal(enhanced.firstObservedAt, undefined);
    const noTitleDup = normalizeEnhancedFinding({ title: 'CVE-2', severity: 'LOW' });
    assert.equal(noTitleDup.id, 'CVE-2');
    assert.equal(noTitleDup.title, undefined, 'the title is not repeated when it is the id');
  });

  it('raw JSON dates (epoch seconds, as in an unparsed response) and ISO strings (moto) both read', () => {
    const r = normalizeScanFindings({
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: {
        imageScanCompletedAt: 1714644930 as unknown as Date,
        vulnerabilitySourceUpdatedAt: '2024-05-02T08:00:00Z' as unknown as Date,
        findings: [],
      },
    });
    assert.equal(r.completedAt, 1714644930000);
    assert.equal(r.vulnerabilitySourceUpdatedAt, Date.parse('2024-05-02T08:00:00Z'));
    assert.deepEqual(r.counts, {}, 'counted from the (empty) findings when the server sent none');
  });

  it('untrusted text is sanitised: escape sequences, controls and bidi removed; lengths bounded; paragraphs kept', () => {
    const f = normalizeBasicFinding({
      name: `CVE\u001b[31m-RED\u202e${'9'.repeat(300)}`,
      description: 'first\r\nsecond\u0000\n\n\n\nthird\u0007',
      severity: 'LOW',
    });
    // eslint-disable-next-line no-control-regex -- looking for control characters
    assert.ok(!/[\u0000-\u001f\u202e]/.test(f.id));
    assert.ok(f.id.startsWith('CVE-RED9'));
    assert.ok(Array.from(f.id).length <= 128 && f.id.endsWith('…'));
    assert.equal(f.description, 'first\nsecond\n\nthird');
  });

  it('links: only plain https: URLs without credentials', () => {
    assert.equal(safeHttpsUrl('https://nvd.nist.gov/vuln/detail/CVE-1'), 'https://nvd.nist.gov/vuln/detail/CVE-1');
    for (const bad of [
      'http://example.com',
      'javascript:alert(1)',
      'command:workbench.action.terminal.new',
      'HTTPS://user:pw@example.com/',
      'https://',
      ' data:text/html,<script>',
      'file:///etc/passwd',
      'vscode://ms-vscode.foo',
      42,
    ]) {
      assert.equal(safeHttpsUrl(bad), undefined, String(bad));
    }
    assert.equal(safeHttpsUrl('https://example.com/a b'), 'https://example.com/a%20b');
  });

  it('links: the quick path for plain URLs gives what URL parsing gives (dot segments, ports, hosts, escapes)', () => {
    // The long way, written out here: parse, accept https: without credentials, keep the normalised href.
    const reference = (s: string): string | undefined => {
      let url: URL;
      try {
        url = new URL(s.trim());
      } catch {
        return undefined;
      }
      if (!/^https:\/\//i.test(s.trim()) || url.protocol !== 'https:' || url.username || url.password || !url.hostname) return undefined;
      // eslint-disable-next-line no-control-regex -- controls must not survive
      return /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(url.href) ? undefined : url.href;
    };
    const samples = [
      'https://security-tracker.debian.org/tracker/CVE-2023-4911',
      'https://nvd.nist.gov/vuln/detail/CVE-2023-24329?x=1&y=2#top',
      'https://example.com/a/./b',
      'https://example.com/a/../b',
      'https://example.com/.well-known/x',
      'https://example.com/a/%2e%2e/b',
      'https://example.com:443/a',
      'https://example.com:8443/a',
      'https://EXAMPLE.com/a',
      'https://127.0.0.1/a',
      'https://127.1/a',
      'https://0x7f.1/a',
      'https://1.2.3.example/a',
      'https://xn--nxasmq6b.com/a',
      'https://xn--a.com/a',
      'https://example.com',
      'https://example.com./a',
      "https://example.com/a?q='x'",
      'https://example.com/a`b#c`d',
      'https://example.com/a\\b',
      'https://example.com/a"b',
      'https://example.com/a{b}',
      'https://user@example.com/a',
      'https://-a-.example/a',
      'https://a_b.example/a',
      'https://example.com/~user/(x)!$*+,;=:@',
    ];
    for (const s of samples) assert.equal(safeHttpsUrl(s), reference(s), s);
    // Random URLs over an alphabet of the characters that matter.
    const alphabet = 'aZ09-._~/?#%2e:@!$&()*+,;=\'"`{} \\x';
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 3000; i++) {
      let path = '';
      for (let j = rand(12); j > 0; j--) path += alphabet[rand(alphabet.length)];
      const host = ['example.com', 'a.b.c', 'x1.y2', '1.2.3.4', 'xn--abc.de', 'ex--ample.org'][rand(6)]!;
      const s = `https://${host}/${path}`;
      assert.equal(safeHttpsUrl(s), reference(s), s);
    }
  });

  it('clean text takes the quick path with the same result as the line-by-line clean-up', () => {
    const descriptions = [
      'one line',
      'first paragraph\n\nsecond paragraph',
      'a\nb',
      'trailing space \nnext',
      'three\n\n\nbreaks',
      ' leading space',
      'trailing\n',
      '\nleading break',
      'indented\n  line',
      '',
      ' ',
      'x',
    ];
    const longWay = (d: string): string | undefined => {
      const lines = d
        .split(/\r\n|\r|\n/)
        .map((l) => l.trimEnd())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      return lines === '' ? undefined : lines;
    };
    for (const d of descriptions)
      assert.equal(normalizeBasicFinding({ name: 'CVE-1', description: d }).description, longWay(d), JSON.stringify(d));
  });

  it('basic attributes: the first of a repeated key wins; keys are case-sensitive; non-string values are skipped', () => {
    const f = normalizeBasicFinding({
      name: 'CVE-1',
      attributes: [
        { key: 'package_name', value: 42 as unknown as string },
        { key: 'package_name', value: 'openssl' },
        { key: 'package_name', value: 'libssl' },
        { key: 'PACKAGE_VERSION', value: '9' },
        { key: 'package_version', value: '3.0.11' },
        { key: 'CVSS2_SCORE', value: '5.0' },
        { key: 'CVSS2_SCORE', value: '9.9' },
      ],
    });
    assert.deepEqual(f.packages, [{ name: 'openssl', version: '3.0.11' }]);
    assert.equal(f.score, 5);
    assert.equal(f.scoreSource, 'CVSS2');
  });

  it('pages add up; the summary comes from the first page; a limit truncates', () => {
    const page = (names: string[], counts?: Record<string, number>): DescribeImageScanFindingsResponse => ({
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: { findingSeverityCounts: counts, findings: names.map((name) => ({ name, severity: 'LOW' })) },
    });
    const builder = new ScanReportBuilder(3);
    builder.add(page(['a', 'b'], { LOW: 5 }));
    builder.add(page(['c', 'd', 'e']));
    const r = builder.build();
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['a', 'b', 'c'],
    );
    assert.equal(r.truncated, true);
    assert.deepEqual(r.counts, { LOW: 5 });
  });

  it('worst first and stable: in server order when it already is, by severity (server order within one) when not', () => {
    // Raw pages (any severity text, as a server may send it).
    const page = (pairs: [string, string][]): FindingsPage => ({
      imageScanFindings: { findings: pairs.map(([name, severity]) => ({ name, severity })) },
    });
    const sorted = normalizeScanFindings(
      page([
        ['c1', 'CRITICAL'],
        ['h2', 'HIGH'],
        ['h1', 'HIGH'],
        ['l1', 'LOW'],
      ]),
    );
    assert.deepEqual(
      sorted.findings.map((f) => f.id),
      ['c1', 'h2', 'h1', 'l1'],
    );
    const mixed = normalizeScanFindings([
      page([
        ['l1', 'LOW'],
        ['h2', 'HIGH'],
      ]),
      page([
        ['u1', 'nonsense'],
        ['c1', 'CRITICAL'],
        ['h1', 'HIGH'],
      ]),
    ]);
    assert.deepEqual(
      mixed.findings.map((f) => f.id),
      ['c1', 'h2', 'h1', 'l1', 'u1'],
    );
  });

  it('reads raw JSON pages too (aws/rawJson.ts): epoch seconds as the SDK reads them, any shape without throwing', () => {
    const r = normalizeScanFindings({
      imageScanFindings: {
        imageScanCompletedAt: 1714644930.1234,
        vulnerabilitySourceUpdatedAt: 1714636800,
        findings: [{ name: 'CVE-1', severity: 'LOW' }],
      },
    });
    assert.equal(r.completedAt, 1714644930123);
    assert.equal(r.vulnerabilitySourceUpdatedAt, Date.parse('2024-05-02T08:00:00Z'));
    for (const odd of [
      'text',
      42,
      [],
      [1, 2],
      { findings: 'x', enhancedFindings: { a: 1 } },
      { findings: [null, 7, 'x', [], { attributes: [null, 3] }] },
    ]) {
      const report = normalizeScanFindings({ imageScanFindings: odd });
      assert.ok(Array.isArray(report.findings), JSON.stringify(odd));
    }
    assert.deepEqual(
      normalizeScanFindings({ imageScanFindings: { findings: [null, 7, { attributes: [null, 3], severity: 'HIGH' }] } }).findings.map(
        (f) => f.id,
      ),
      ['UNKNOWN'],
    );
  });
});
