// Findings grouped by package and how a repository is scanned (counts per severity: test/unit/model/severity.test.ts).
import { strict as assert } from 'node:assert';
import type { Finding } from '../../../src/scan/model';
import { groupByPackage } from '../../../src/scan/rollup';
import { matchesWildcard, scanningForRepository } from '../../../src/scan/scanning';

const f = (id: string, severity: Finding['severity'], ...packages: Array<[string, string?, string?]>): Finding => ({
  id,
  severity,
  packages: packages.map(([name, version, fixedIn]) => ({ name, ...(version ? { version } : {}), ...(fixedIn ? { fixedIn } : {}) })),
  references: [],
});

describe('(unit) scan findings: rollups', () => {
  it('groups by package: a finding in several packages appears in each; worst group first; versions and fixes collected', () => {
    const groups = groupByPackage([
      f('CVE-1', 'LOW', ['openssl', '3.0.1', '3.0.2']),
      f('CVE-2', 'CRITICAL', ['libc6', '2.36']),
      f('CVE-3', 'MEDIUM', ['openssl', '3.0.1', '3.0.9'], ['libssl3', '3.0.1']),
      f('CVE-4', 'HIGH'),
      f('CVE-5', 'MEDIUM', ['openssl', '3.0.1']),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.name, g.worst, g.findings.map((x) => x.id)]),
      [
        ['libc6', 'CRITICAL', ['CVE-2']],
        ['', 'HIGH', ['CVE-4']],
        ['openssl', 'MEDIUM', ['CVE-1', 'CVE-3', 'CVE-5']],
        ['libssl3', 'MEDIUM', ['CVE-3']],
      ],
    );
    const openssl = groups.find((g) => g.name === 'openssl')!;
    assert.deepEqual(openssl.counts, { LOW: 1, MEDIUM: 2 });
    assert.deepEqual(openssl.versions, ['3.0.1']);
    assert.deepEqual(openssl.fixedIn, ['3.0.2', '3.0.9']);
    const dup = groupByPackage([f('CVE-9', 'LOW', ['a', '1'], ['a', '2'])]);
    assert.equal(dup[0].findings.length, 1, 'one finding naming a package twice is counted once');
    assert.deepEqual(dup[0].versions, ['1', '2']);
  });
});

describe('(unit) scan findings: how a repository is scanned', () => {
  it('wildcard filters match like ECR (only * is special)', () => {
    assert.ok(matchesWildcard('*', 'team/api'));
    assert.ok(matchesWildcard('prod-*', 'prod-api'));
    assert.ok(!matchesWildcard('prod-*', 'team/prod-api'));
    assert.ok(matchesWildcard('team/*/api', 'team/x/api'));
    assert.ok(!matchesWildcard('team.api', 'teamxapi'), 'a dot is literal');
    assert.ok(matchesWildcard('a(b)+', 'a(b)+'));
  });

  it('registry rules win, continuous before scan on push; else the repository flag (basic only); else manual', () => {
    const enhanced = {
      scanType: 'ENHANCED' as const,
      rules: [
        { frequency: 'SCAN_ON_PUSH' as const, filters: ['*'] },
        { frequency: 'CONTINUOUS_SCAN' as const, filters: ['prod-*'] },
      ],
    };
    assert.deepEqual(scanningForRepository(enhanced, 'prod-api', false), {
      scanType: 'ENHANCED',
      frequency: 'CONTINUOUS_SCAN',
      source: 'registryRule',
      filter: 'prod-*',
    });
    assert.equal(scanningForRepository(enhanced, 'dev-api', false).frequency, 'SCAN_ON_PUSH');
    assert.deepEqual(scanningForRepository({ scanType: 'BASIC', rules: [] }, 'x', true), {
      scanType: 'BASIC',
      frequency: 'SCAN_ON_PUSH',
      source: 'repository',
    });
    assert.deepEqual(scanningForRepository(undefined, 'x', false), { scanType: 'BASIC', frequency: 'MANUAL', source: 'default' });
    assert.equal(scanningForRepository({ scanType: 'ENHANCED', rules: [] }, 'x', true).frequency, 'MANUAL');
  });
});
