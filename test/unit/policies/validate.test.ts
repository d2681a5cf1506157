import { strict as assert } from 'node:assert';
import { debugText } from '../../../src/model/message';
import { lineColumn, parsePolicyJson, validatePolicyText } from '../../../src/policies/validate';
import { lifecycleTemplate, repositoryPolicyTemplate } from '../../../src/policies/templates';

const ids = (kind: 'lifecycle' | 'repository', text: string): string[] => validatePolicyText(kind, text).map(debugText);

function lifecycle(selection: Record<string, unknown>, action: Record<string, unknown> = { type: 'expire' }): string {
  return JSON.stringify({ rules: [{ rulePriority: 1, selection, action }] });
}

describe('(unit) policies/validate', () => {
  it('invalid JSON names the line and column', () => {
    const text = '{\n  "rules": [\n    {,\n  ]\n}';
    const problems = ids('lifecycle', text);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^policyInvalidJson\(3, \d+\)$/);
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
    assert.deepEqual(parsePolicyJson('[]'), { ok: false, problems: [{ id: 'policyNotObject', args: [] }] });
  });

  it('the templates are valid', () => {
    assert.deepEqual(ids('lifecycle', lifecycleTemplate()), []);
    assert.deepEqual(ids('repository', repositoryPolicyTemplate('123456789012')), []);
  });

  it('lifecycle: the shape ECR requires, each problem with its JSON path', () => {
    assert.deepEqual(ids('lifecycle', '{"rules": []}'), ['policyWrongType("/rules", "array")']);
    assert.deepEqual(ids('lifecycle', lifecycle({ tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 3 })), [
      'policyNeedsOneOf("/rules/0/selection", "tagPrefixList", "tagPatternList")',
    ]);
    assert.deepEqual(
      ids(
        'lifecycle',
        lifecycle({ tagStatus: 'untagged', tagPrefixList: ['v'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 }),
      ),
      ['policyNotAllowedWith("/rules/0/selection/tagPrefixList", "tagStatus untagged")'],
    );
    assert.deepEqual(ids('lifecycle', lifecycle({ tagStatus: 'any', countType: 'sinceImagePushed', countNumber: 0 })), [
      'policyBadValue("/rules/0/selection/countNumber", "integer ≥ 1")',
      'policyMissing("/rules/0/selection/countUnit")',
    ]);
    assert.deepEqual(
      ids(
        'lifecycle',
        lifecycle({
          tagStatus: 'tagged',
          tagPatternList: ['a*b*c*d*e*f'],
          countType: 'imageCountMoreThan',
          countNumber: 1,
          countUnit: 'days',
        }),
      ),
      [
        'policyTooManyWildcards("/rules/0/selection/tagPatternList", "a*b*c*d*e*f")',
        'policyNotAllowedWith("/rules/0/selection/countUnit", "countType imageCountMoreThan")',
      ],
    );
    assert.deepEqual(
      ids('lifecycle', lifecycle({ tagStatus: 'Tagged', countType: 'imageCountMoreThan', countNumber: 1 }, { type: 'delete' })),
      [
        'policyBadValue("/rules/0/selection/tagStatus", "tagged | untagged | any")',
        'policyBadValue("/rules/0/action/type", "expire | transition")',
      ],
    );
    assert.deepEqual(ids('lifecycle', JSON.stringify({ rules: [{ rulePriority: 1, selection: {}, action: {}, extra: 1 }] })).slice(0, 2), [
      'policyUnknownProperty("/rules/0/extra")',
      'policyMissing("/rules/0/selection/tagStatus")',
    ]);
  });

  it('lifecycle: relations between rules are left to ECR (two any rules pass locally)', () => {
    const rule = (p: number) => ({
      rulePriority: p,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 },
      action: { type: 'expire' },
    });
    assert.deepEqual(ids('lifecycle', JSON.stringify({ rules: [rule(1), rule(2)] })), []);
  });

  it('repository policy: statements need Effect, a principal and ECR actions', () => {
    const policy = (st: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [st] });
    assert.deepEqual(ids('repository', policy({ Effect: 'Allow', Principal: '*', Action: 'ecr:*' })), []);
    assert.deepEqual(ids('repository', policy({ Effect: 'Allow', Principal: '*', Action: ['ecr:Describe*', 'ECR:batchgetimage'] })), []);
    assert.deepEqual(ids('repository', policy({ Effect: 'Permit', Action: ['s3:GetObject', 'ecr:PullImage'] })), [
      'policyBadValue("/Statement/0/Effect", "Allow | Deny")',
      'policyNeedsOneOf("/Statement/0", "Principal", "NotPrincipal")',
      'policyUnknownAction("/Statement/0/Action", "s3:GetObject")',
      'policyUnknownAction("/Statement/0/Action", "ecr:PullImage")',
    ]);
    assert.deepEqual(ids('repository', '{"Version": "2012-10-17"}'), ['policyMissing("/Statement")']);
  });
});
