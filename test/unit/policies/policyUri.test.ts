import { strict as assert } from 'node:assert';
import { formatPolicyPath, parsePolicyPath, repositoryKey, type PolicyLocation } from '../../../src/policies/policyUri';

describe('(unit) policies/policyUri', () => {
  const loc: PolicyLocation = {
    profile: 'prod',
    region: 'eu-west-1',
    registryId: '123456789012',
    repository: 'team/api',
    kind: 'lifecycle',
  };

  it('formats and parses the documented layout', () => {
    assert.equal(formatPolicyPath(loc), '/prod/eu-west-1/123456789012/team/api/lifecycle-policy.json');
    assert.deepEqual(parsePolicyPath('/prod/eu-west-1/123456789012/team/api/lifecycle-policy.json'), loc);
    assert.deepEqual(parsePolicyPath('/prod/eu-west-1/123456789012/team/api/repository-policy.json'), { ...loc, kind: 'repository' });
  });

  it('round-trips the default chain, odd profile names and deep repository names', () => {
    const cases: PolicyLocation[] = [
      { region: 'us-east-1', registryId: '111122223333', repository: 'a/b/c/d', kind: 'repository' },
      { profile: '-', region: 'us-east-1', registryId: '111122223333', repository: 'app', kind: 'lifecycle' },
      { profile: 'team/dev %x', region: 'ap-southeast-2', registryId: '111122223333', repository: 'x.y_z-w', kind: 'lifecycle' },
    ];
    for (const c of cases) assert.deepEqual(parsePolicyPath(formatPolicyPath(c)), c);
    assert.notEqual(formatPolicyPath(cases[0]!), formatPolicyPath({ ...cases[0]!, profile: '-' }));
  });

  it('accepts the regions of every partition, the European Sovereign Cloud’s four-letter prefix included', () => {
    for (const region of ['us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'eu-isoe-west-1', 'eusc-de-east-1']) {
      const c: PolicyLocation = { ...loc, region };
      assert.deepEqual(parsePolicyPath(formatPolicyPath(c)), c, region);
    }
    assert.deepEqual(parsePolicyPath('/prod/eusc-de-east-1/123456789012/team/api/lifecycle-policy.json'), {
      ...loc,
      region: 'eusc-de-east-1',
    });
  });

  it('refuses paths that name no policy document', () => {
    for (const p of [
      '/prod/eu-west-1/123456789012/team/api/other.json',
      '/prod/eu-west-1/12345/team/api/lifecycle-policy.json',
      '/prod/not-a-region/123456789012/api/lifecycle-policy.json',
      '/prod/abcde-west-1/123456789012/api/lifecycle-policy.json',
      '/prod/EU-west-1/123456789012/api/lifecycle-policy.json',
      '/prod/eu-west-1/123456789012/lifecycle-policy.json',
      '/prod/eu-west-1/123456789012/Team/API/lifecycle-policy.json',
      '/prod/eu-west-1/123456789012/../api/lifecycle-policy.json',
      '/%E0%A4%A/eu-west-1/123456789012/api/lifecycle-policy.json',
      'prod/eu-west-1/123456789012/api/lifecycle-policy.json',
      '/',
    ]) {
      assert.equal(parsePolicyPath(p), undefined, p);
    }
  });

  it('the repository key ignores the policy kind', () => {
    assert.equal(repositoryKey(loc), repositoryKey({ ...loc, kind: 'repository' } as typeof loc));
    assert.notEqual(repositoryKey(loc), repositoryKey({ ...loc, profile: undefined }));
  });
});
