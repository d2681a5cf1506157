// Recognising ECR registry hosts in workspace files: every host registryHost builds (each partition, FIPS and
// dual-stack where the partition has it) parses back to the same account, region and flags; look-alikes do not.
import { strict as assert } from 'node:assert';
import { registryHost } from '../../../src/aws/mapping';
import { mayContainEcrHost, parseEcrHost } from '../../../src/references/ecrHost';

const ID = '123456789012';

/** One region per partition, with the IPv4 suffix and whether dual-stack registry hosts exist there. */
const PARTITIONS: Array<{ region: string; suffix: string; dualStack: boolean }> = [
  { region: 'us-east-1', suffix: 'amazonaws.com', dualStack: true },
  { region: 'us-gov-west-1', suffix: 'amazonaws.com', dualStack: true },
  { region: 'cn-north-1', suffix: 'amazonaws.com.cn', dualStack: false },
  { region: 'us-iso-east-1', suffix: 'c2s.ic.gov', dualStack: false },
  { region: 'us-isob-east-1', suffix: 'sc2s.sgov.gov', dualStack: false },
  { region: 'us-isof-south-1', suffix: 'csp.hci.ic.gov', dualStack: false },
  { region: 'eu-isoe-west-1', suffix: 'cloud.adc-e.uk', dualStack: false },
  { region: 'eusc-de-east-1', suffix: 'amazonaws.eu', dualStack: false },
];

describe('(unit) references/ecrHost', () => {
  it('recognises the European Sovereign Cloud (a four-letter region prefix)', () => {
    assert.deepEqual(parseEcrHost(`${ID}.dkr.ecr.eusc-de-east-1.amazonaws.eu`), {
      kind: 'private',
      registryId: ID,
      region: 'eusc-de-east-1',
      fips: false,
      dualStack: false,
    });
    assert.deepEqual(parseEcrHost(`${ID}.dkr.ecr-fips.eusc-de-east-1.amazonaws.eu`), {
      kind: 'private',
      registryId: ID,
      region: 'eusc-de-east-1',
      fips: true,
      dualStack: false,
    });
  });

  it('parses back every host registryHost builds, in every partition, with the flags the host really has', () => {
    for (const { region, suffix, dualStack: hasDualStack } of PARTITIONS) {
      for (const fips of [false, true]) {
        for (const dualStack of [false, true]) {
          const host = registryHost(ID, region, { fips, dualStack });
          const isDualStack = dualStack && hasDualStack;
          const expected = isDualStack
            ? `${ID}.dkr-ecr${fips ? '-fips' : ''}.${region}.on.aws`
            : `${ID}.dkr.ecr${fips ? '-fips' : ''}.${region}.${suffix}`;
          assert.equal(host, expected);
          assert.deepEqual(parseEcrHost(host), { kind: 'private', registryId: ID, region, fips, dualStack: isDualStack }, host);
          assert.deepEqual(parseEcrHost(host.toUpperCase()), parseEcrHost(host), host);
          assert.ok(mayContainEcrHost(`image: ${host}/app:1.0`), host);
        }
      }
    }
  });

  it('refuses look-alikes, wrong account ids, other partitions’ suffixes and dual-stack where there is none', () => {
    for (const host of [
      `${ID}.dkr.ecr.us-east-1.amazonaws.com.attacker.example`,
      `${ID}.dkr.ecr.eusc-de-east-1.amazonaws.eu.evil`,
      `${ID}.dkr-ecr.us-east-1.on.aws.attacker.example`,
      `${ID}.dkr.ecr.attacker.example`,
      `${ID}.dkr.ecr.us-east-1.attacker.example`,
      `attacker.example.${ID}.dkr.ecr.us-east-1.amazonaws.com`,
      `x${ID}.dkr.ecr.us-east-1.amazonaws.com`,
      `${ID.slice(1)}.dkr.ecr.us-east-1.amazonaws.com`,
      `${ID}0.dkr.ecr.us-east-1.amazonaws.com`,
      `${ID}.dkr.ecr.us-east-1.amazonaws.com:443`,
      `${ID}.dkr.ecr.not_a_region.amazonaws.com`,
      `${ID}.dkr.ecr.us-east-123.amazonaws.com`,
      `${ID}.dkr-fips.ecr.us-east-1.amazonaws.com`,
      // The suffix must be the region's own partition's.
      `${ID}.dkr.ecr.us-east-1.amazonaws.com.cn`,
      `${ID}.dkr.ecr.cn-north-1.amazonaws.com`,
      `${ID}.dkr.ecr.eusc-de-east-1.amazonaws.com`,
      `${ID}.dkr.ecr.eu-west-1.amazonaws.eu`,
      // Dual-stack registry hosts exist in the aws partition only (src/aws/mapping.ts builds no other).
      `${ID}.dkr-ecr.cn-north-1.on.aws`,
      `${ID}.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn`,
      `${ID}.dkr-ecr.eusc-de-east-1.on.aws`,
      `${ID}.dkr-ecr.us-east-1.amazonaws.com`,
      `${ID}.dkr-ecr.${'a'.repeat(250)}-east-1.on.aws`,
    ]) {
      assert.equal(parseEcrHost(host), undefined, host);
    }
  });

  it('knows ECR Public, case-insensitively', () => {
    assert.deepEqual(parseEcrHost('public.ecr.aws'), { kind: 'public' });
    assert.deepEqual(parseEcrHost('Public.ECR.aws'), { kind: 'public' });
    assert.equal(parseEcrHost('public.ecr.aws.attacker.example'), undefined);
  });
});
