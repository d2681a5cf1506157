// Automatic renewal never loops: the lead time is at most half the token's lifetime, whatever the setting.
import { strict as assert } from 'node:assert';
import { AutoRenewTracker, renewLeadMs } from '../../../src/status/statusText';
import type { LoginRecord } from '../../../src/model/types';

const MIN = 60_000;

describe('(unit) status: automatic renewal lead time', () => {
  it('a lead longer than the token lifetime is cut to half of it', () => {
    assert.equal(renewLeadMs({ loggedInAt: 0, expiresAt: 60 * MIN }, 5000 * MIN), 30 * MIN);
    assert.equal(renewLeadMs({ loggedInAt: 0, expiresAt: 720 * MIN }, 30 * MIN), 30 * MIN);
  });

  it('the token a renewal brings is not due again at once (lead 5000 minutes, 1-hour tokens)', () => {
    const now = 1_000_000_000_000;
    const fresh: LoginRecord = { key: 'k', registryId: '1', host: 'h', cli: 'docker', loggedInAt: now, expiresAt: now + 60 * MIN };
    const t = new AutoRenewTracker();
    assert.deepEqual(t.due([fresh], now, 5000 * MIN), [], 'just renewed: not due');
    assert.deepEqual(t.due([fresh], now + 31 * MIN, 5000 * MIN), [fresh], 'due after half its lifetime');
  });
});
