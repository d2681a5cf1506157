// The status bar with registries served by the Amazon ECR credential helper: no expiry, no warning, no renewal.
import * as assert from 'node:assert/strict';
import type { LoginRecord } from '../../../src/model/types';
import { buildStatus, renewChoice, type StatusMessages } from '../../../src/status/statusText';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 2, 6, 0, 0);
const A = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const B = '210987654321.dkr.ecr.eu-west-1.amazonaws.com';

const m: StatusMessages = {
  barText: (r) => `ECR ${r}`,
  ariaValid: (h, r) => `ECR login for ${h} expires in ${r}`,
  ariaExpired: (e, c) => `${e} of ${c} expired`,
  tooltipTitle: () => 'ECR logins',
  columnRegistry: () => 'Registry',
  columnProfile: () => 'Profile',
  columnRegion: () => 'Region',
  columnExpires: () => 'Expires',
  columnLeft: () => 'Left',
  defaultProfile: () => 'default',
  renew: () => 'Renew',
  clickHint: () => 'Click to renew.',
  helperBarText: () => 'ECR helper',
  ariaHelper: (c) => `${c} registries use the credential helper`,
  helperCell: () => 'credential helper',
};

function rec(host: string, left: number): LoginRecord {
  const registryId = host.split('.')[0];
  return {
    key: `ecr:dev:us-east-1:${registryId}`,
    registryId,
    host,
    profile: 'dev',
    region: 'us-east-1',
    expiresAt: T0 + left,
    loggedInAt: T0 + left - 12 * HOUR,
    cli: 'docker',
  };
}

const opts = { warningMs: 30 * MIN, lang: 'en', timeZone: 'UTC' };

describe('(unit) status: registries served by the credential helper', () => {
  it('an expired login of a helper-served registry neither counts nor warns; its row says "credential helper"', () => {
    const records = [rec(A, -HOUR), rec(B, 5 * HOUR)];
    const s = buildStatus(records, T0, { ...opts, helperHosts: new Set([A]) }, m);
    assert.equal(s.text, '$(key) ECR 5h');
    assert.equal(s.level, 'ok');
    assert.equal(s.subject?.host, B);
    const helperRow = s.tooltip.split('\n').find((l) => l.includes('credential helper')) ?? '';
    assert.ok(helperRow.includes('123456789012'), helperRow);
    assert.ok(!helperRow.includes('command:'), 'no renew link for a helper row');
    const without = buildStatus(records, T0, opts, m);
    assert.equal(without.level, 'expired', 'the same records without the helper: expired');
  });

  it('only helper registries: visible, no background, no expiry, no click hint', () => {
    const s = buildStatus([rec(A, HOUR)], T0, { ...opts, helperHosts: new Set([A, B]) }, m);
    assert.equal(s.visible, true);
    assert.equal(s.text, '$(key) ECR helper');
    assert.equal(s.level, undefined);
    assert.equal(s.ariaLabel, '2 registries use the credential helper');
    assert.equal(s.tooltip.split('\n').filter((l) => l.includes('credential helper')).length, 2);
    assert.ok(!s.tooltip.includes('Click to renew'));
  });

  it('nothing recorded, nothing served: hidden as before', () => {
    assert.equal(buildStatus([], T0, { ...opts, helperHosts: new Set() }, m).visible, false);
  });

  it('renewal skips helper-served registries', () => {
    const records = [rec(A, -HOUR), rec(B, 10 * MIN)];
    assert.deepEqual(
      renewChoice(records, T0, 30 * MIN, new Set([A])).needing.map((r) => r.host),
      [B],
    );
  });
});
