// CSV and JSON export of findings: RFC 4180 quoting, spreadsheet formula injection neutralised, one row per
// (finding, package), a byte order mark for spreadsheet programs; JSON with ISO dates.
import { strict as assert } from 'node:assert';
import { CSV_COLUMNS, csvField, findingsToCsv, reportToJson } from '../../../src/scan/export';
import type { Finding, ScanReport } from '../../../src/scan/model';

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF), enough to read back what we write. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const FINDINGS: Finding[] = [
  {
    id: 'CVE-2023-24329',
    severity: 'HIGH',
    title: 'CVE-2023-24329 - python3.11, "libpython"',
    description: 'Line one, with a comma.\nLine two.',
    packages: [
      { name: 'python3.11', version: '3.11.2-1', fixedIn: '3.11.2-6' },
      { name: 'libpython3.11', version: '3.11.2-1' },
    ],
    score: 7.5,
    scoreSource: 'INSPECTOR',
    references: ['https://nvd.nist.gov/vuln/detail/CVE-2023-24329', 'https://example.com/b'],
    firstObservedAt: Date.parse('2024-04-01T00:00:00Z'),
  },
  {
    id: "=cmd|' /C calc'!A0",
    severity: 'LOW',
    title: '@SUM(1+1)*cmd|"/C calc"!A0',
    packages: [{ name: '+1', version: '-2' }],
    references: [],
  },
];

describe('(unit) scan findings: export', () => {
  it('neutralises spreadsheet formulas: = + - @ tab CR (and their full-width forms) get an apostrophe', () => {
    assert.equal(csvField("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    assert.equal(csvField('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
    for (const lead of ['+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']) {
      assert.ok(csvField(`${lead}1`).replace(/^"/, '').startsWith(`'${lead}`), JSON.stringify(lead));
    }
    assert.equal(csvField('CVE-2024-1'), 'CVE-2024-1', 'ordinary text is untouched');
    assert.equal(csvField(7.5), '7.5', 'numbers stay numbers');
    assert.equal(csvField(undefined), '');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('one\ntwo'), '"one\ntwo"');
  });

  it('writes a header and one row per finding and package, with a BOM and CRLF, that reads back exactly', () => {
    const csv = findingsToCsv(FINDINGS);
    assert.ok(csv.startsWith('\ufeffseverity,id,title,'));
    assert.ok(csv.endsWith('\r\n'));
    const rows = parseCsv(csv.slice(1));
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(rows.length, 1 + 3);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    assert.deepEqual(
      rows.slice(1).map((r) => [r[col('id')], r[col('package')], r[col('installedVersion')], r[col('fixedInVersion')]]),
      [
        ['CVE-2023-24329', 'python3.11', '3.11.2-1', '3.11.2-6'],
        ['CVE-2023-24329', 'libpython3.11', '3.11.2-1', ''],
        ["'=cmd|' /C calc'!A0", "'+1", "'-2", ''],
      ],
    );
    assert.equal(rows[1][col('title')], 'CVE-2023-24329 - python3.11, "libpython"');
    assert.equal(rows[1][col('description')], 'Line one, with a comma.\nLine two.');
    assert.equal(rows[1][col('references')], 'https://nvd.nist.gov/vuln/detail/CVE-2023-24329 https://example.com/b');
    assert.equal(rows[1][col('firstObservedAt')], '2024-04-01T00:00:00.000Z');
    assert.equal(rows[3][col('title')], `'@SUM(1+1)*cmd|"/C calc"!A0`);
    // No cell of the whole file starts with a formula character.
    for (const r of rows) for (const cell of r) assert.ok(!/^[=+\-@\t\r]/.test(cell), cell);
    assert.ok(!findingsToCsv([], { bom: false }).startsWith('\ufeff'));
  });

  it('JSON names the image and the scan, dates in ISO 8601, findings as given', () => {
    const report: ScanReport = {
      scanType: 'ENHANCED',
      status: 'ACTIVE',
      completedAt: Date.parse('2024-05-02T10:15:30Z'),
      counts: { HIGH: 1, LOW: 1 },
      findings: FINDINGS,
    };
    const doc = JSON.parse(reportToJson(report, { repository: 'team/api', tag: 'v1', digest: 'sha256:abc' })) as {
      image: unknown;
      scan: { type: string; completedAt: string; counts: unknown; truncated?: boolean };
      findings: Array<{ id: string; firstObservedAt?: string }>;
    };
    assert.deepEqual(doc.image, { repository: 'team/api', tag: 'v1', digest: 'sha256:abc' });
    assert.equal(doc.scan.type, 'ENHANCED');
    assert.equal(doc.scan.completedAt, '2024-05-02T10:15:30.000Z');
    assert.deepEqual(doc.scan.counts, { HIGH: 1, LOW: 1 });
    assert.equal(doc.scan.truncated, undefined);
    assert.equal(doc.findings[0].firstObservedAt, '2024-04-01T00:00:00.000Z');
    assert.equal(doc.findings.length, 2);
    const filtered = JSON.parse(reportToJson(report, { repository: 'r', digest: 'd' }, FINDINGS.slice(1))) as { findings: unknown[] };
    assert.equal(filtered.findings.length, 1, 'exports what the table shows when given');
  });
});
