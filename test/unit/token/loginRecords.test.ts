import * as assert from 'node:assert/strict';
import type { LoginRecord } from '../../../src/model/types';
import { registryFromRecord } from '../../../src/token/loginRecords';

const rec: LoginRecord = {
  key: 'ecr:dev:eu-west-1:123456789012',
  registryId: '123456789012',
  host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  profile: 'dev',
  region: 'eu-west-1',
  expiresAt: 2,
  loggedInAt: 1,
  cli: 'docker',
};

describe('(unit) registryFromRecord', () => {
  it('rebuilds the registry of a recorded login with its profile, region and host', () => {
    const r = registryFromRecord(rec, undefined, {});
    assert.equal(r.id, rec.key);
    assert.equal(r.host, rec.host);
    assert.deepEqual(r.source, { profile: 'dev', region: 'eu-west-1', endpoint: undefined });
  });

  it('uses the endpoint the listing used: the setting, else AWS_ENDPOINT_URL_ECR (a renewal checks the token against it)', () => {
    assert.equal(
      registryFromRecord(rec, undefined, { AWS_ENDPOINT_URL_ECR: ' http://127.0.0.1:4566 ' }).source.endpoint,
      'http://127.0.0.1:4566',
    );
    assert.equal(
      registryFromRecord(rec, 'http://127.0.0.1:1', { AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:2' }).source.endpoint,
      'http://127.0.0.1:1',
    );
    assert.equal(registryFromRecord(rec, '  ', { AWS_ENDPOINT_URL_ECR: '' }).source.endpoint, undefined);
  });
});
