// How the data layer reads the name of a thrown value (src/aws/problems.ts): SDK service exceptions, errors as a
// server-side deserialiser or a test double makes them, and values that are not errors at all.
import { strict as assert } from 'node:assert';
import { ImageNotFoundException, LimitExceededException, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import { classifyAwsError, errorName, isAwsError } from '../../../src/aws/problems';
import { message } from '../../../src/model/message';

const meta = { $metadata: { httpStatusCode: 400 } };

describe('(unit) aws errorName and isAwsError', () => {
  it('reads the name of SDK service exceptions', () => {
    const image = new ImageNotFoundException({ message: 'The image with imageId … does not exist', ...meta });
    assert.equal(errorName(image), 'ImageNotFoundException');
    assert.equal(errorName(new RepositoryNotFoundException({ message: 'no repository', ...meta })), 'RepositoryNotFoundException');
    assert.equal(errorName(new LimitExceededException({ message: 'one scan per 24 hours', ...meta })), 'LimitExceededException');
    assert.equal(isAwsError(image, 'ImageNotFoundException'), true);
    assert.equal(isAwsError(image, 'RepositoryNotFoundException'), false);
  });

  it('reads the name of plain errors and SDK-shaped objects', () => {
    assert.equal(errorName(new Error('boom')), 'Error');
    assert.equal(errorName(new TypeError('boom')), 'TypeError', 'a name inherited from the prototype counts');
    assert.equal(errorName(Object.assign(new Error('gone'), { name: 'ImageNotFoundException' })), 'ImageNotFoundException');
    const shaped = { name: 'LimitExceededException', $fault: 'client', $metadata: { httpStatusCode: 400 } };
    assert.equal(errorName(shaped), 'LimitExceededException');
    assert.equal(isAwsError(shaped, 'LimitExceededException'), true);
    assert.equal(isAwsError(new Error('ImageNotFoundException'), 'ImageNotFoundException'), false, 'the message is not the name');
    assert.equal(isAwsError(shaped, 'limitexceededexception'), false, 'names are compared exactly');
  });

  it('is empty for values without a string name, which match no AWS error', () => {
    const nameless: unknown[] = [
      null,
      undefined,
      'ImageNotFoundException',
      42,
      true,
      {},
      { message: 'no name' },
      { name: 42 },
      { name: { toString: () => 'ImageNotFoundException' } },
      { name: null },
      Object.create(null) as unknown,
    ];
    for (const [i, value] of nameless.entries()) {
      assert.equal(errorName(value), '', `value ${i}`);
      assert.equal(isAwsError(value, 'ImageNotFoundException'), false, `value ${i}`);
      assert.equal(isAwsError(value, ''), false, 'an empty name matches nothing');
    }
    assert.equal(isAwsError(Object.assign(new Error('x'), { name: '' }), ''), false);
  });

  it('the classifier reads names the same way: a non-string name is no name', () => {
    assert.equal(classifyAwsError(new ImageNotFoundException({ message: 'gone', ...meta })).code, 'notFound');
    const problem = classifyAwsError({ name: 42, message: 'boom' });
    assert.equal(problem.code, 'unknown');
    assert.deepStrictEqual(problem.message, message('aws.unknown', 'boom'));
  });
});
