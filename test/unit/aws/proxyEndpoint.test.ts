// The proxyEndpoint check: the whole host must be one of the account's ECR hosts in the registry's partition.
import { strict as assert } from 'node:assert';
import { proxyEndpointAccepted } from '../../../src/aws/tokens';
import { isEcrRegistryHost } from '../../../src/aws/mapping';

const ID = '123456789012';
const aws = (region: string) => ({ registryId: ID, source: { region, profile: undefined } });

describe('(unit) aws: proxyEndpoint host check', () => {
  it('accepts the account’s hosts in every partition, FIPS and dual-stack included', () => {
    const good: Array<[string, string]> = [
      ['us-east-1', `${ID}.dkr.ecr.us-east-1.amazonaws.com`],
      ['us-east-1', `${ID}.dkr.ecr-fips.us-east-1.amazonaws.com`],
      ['us-east-1', `${ID}.dkr-ecr.us-east-1.on.aws`],
      ['us-east-1', `${ID}.dkr-ecr-fips.us-east-1.on.aws`],
      ['us-gov-west-1', `${ID}.dkr.ecr-fips.us-gov-west-1.amazonaws.com`],
      ['cn-north-1', `${ID}.dkr.ecr.cn-north-1.amazonaws.com.cn`],
      ['us-iso-east-1', `${ID}.dkr.ecr.us-iso-east-1.c2s.ic.gov`],
      ['us-isob-east-1', `${ID}.dkr.ecr.us-isob-east-1.sc2s.sgov.gov`],
      ['us-isof-south-1', `${ID}.dkr.ecr.us-isof-south-1.csp.hci.ic.gov`],
      ['eu-isoe-west-1', `${ID}.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk`],
      ['eusc-de-east-1', `${ID}.dkr.ecr.eusc-de-east-1.amazonaws.eu`],
    ];
    for (const [region, host] of good) {
      assert.ok(isEcrRegistryHost(host, ID, region), host);
      assert.ok(proxyEndpointAccepted(aws(region), `https://${host}`), host);
    }
  });

  it('refuses prefixes, suffixes, other accounts, regions, partitions, ports and plain http', () => {
    const bad: Array<[string, string]> = [
      ['us-east-1', `https://${ID}.dkr.ecr.attacker.example`],
      ['us-east-1', `https://${ID}.dkr.ecr.us-east-1.amazonaws.com.attacker.example`],
      ['us-east-1', `https://${ID}.dkr-ecr.attacker.example`],
      ['us-east-1', `https://${ID}.dkr.ecr.us-east-1.amazonaws.com:8443`],
      ['us-east-1', `http://${ID}.dkr.ecr.us-east-1.amazonaws.com`],
      ['us-east-1', `https://${ID}.dkr.ecr.us-east-1.amazonaws.com/path`],
      ['us-east-1', `https://999999999999.dkr.ecr.us-east-1.amazonaws.com`],
      ['us-east-1', `https://${ID}.dkr.ecr.us-west-2.amazonaws.com`],
      ['cn-north-1', `https://${ID}.dkr.ecr.cn-north-1.amazonaws.com`],
      ['us-east-1', `https://${ID}.dkr.ecr.us-east-1.amazonaws.com.cn`],
      ['cn-north-1', `https://${ID}.dkr-ecr.cn-north-1.on.aws`],
      ['us-east-1', `https://x${ID}.dkr.ecr.us-east-1.amazonaws.com`],
      ['us-east-1', 'not a url'],
    ];
    for (const [region, endpoint] of bad) assert.equal(proxyEndpointAccepted(aws(region), endpoint), false, endpoint);
  });

  it('with an endpoint override: the learnt host only, once known; a pinned host always', () => {
    const local = { registryId: ID, source: { region: 'us-east-1', profile: undefined, endpoint: 'http://127.0.0.1:1' } };
    assert.ok(proxyEndpointAccepted(local, 'http://127.0.0.1:5000'));
    assert.ok(proxyEndpointAccepted(local, 'http://127.0.0.1:5000', { learnt: '127.0.0.1:5000' }));
    assert.equal(proxyEndpointAccepted(local, 'http://127.0.0.1:5001', { learnt: '127.0.0.1:5000' }), false);
    assert.equal(proxyEndpointAccepted(local, 'http://127.0.0.1:5001', { pinnedHost: '127.0.0.1:5000' }), false);
    const host = `${ID}.dkr.ecr.us-east-1.amazonaws.com`;
    assert.equal(
      proxyEndpointAccepted(aws('us-east-1'), `https://${host}`, { pinnedHost: `${ID}.dkr.ecr-fips.us-east-1.amazonaws.com` }),
      false,
    );
    assert.ok(proxyEndpointAccepted(aws('us-east-1'), `https://${host}`, { pinnedHost: host }));
  });
});
