// The emulator's lifecycle policy validation and evaluator, against the examples and rules of the ECR user guide.
import { strict as assert } from 'node:assert';
import { evaluateLifecycle, parseLifecyclePolicy, type EvaluatedImage } from '../../emulator/lifecycle';
import { EcrError } from '../../emulator/ecrErrors';
import { wildcardMatch } from '../../emulator/wildcard';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 0, 31);

interface RuleSpec {
  priority: number;
  tagStatus: string;
  prefixes?: string[];
  patterns?: string[];
  count: ['imageCountMoreThan', number] | ['sinceImagePushed', number];
}

function policy(...rules: RuleSpec[]): string {
  return JSON.stringify(
    {
      rules: rules.map((r) => ({
        rulePriority: r.priority,
        description: `rule ${r.priority}`,
        selection: {
          tagStatus: r.tagStatus,
          ...(r.prefixes ? { tagPrefixList: r.prefixes } : {}),
          ...(r.patterns ? { tagPatternList: r.patterns } : {}),
          countType: r.count[0],
          ...(r.count[0] === 'sinceImagePushed' ? { countUnit: 'days' } : {}),
          countNumber: r.count[1],
        },
        action: { type: 'expire' },
      })),
    },
    null,
    2,
  );
}

const image = (digest: string, tags: string[], daysAgo: number): EvaluatedImage => ({ digest, tags, pushedAt: NOW - daysAgo * DAY });

function expired(text: string, images: EvaluatedImage[]): string[] {
  return evaluateLifecycle(parseLifecyclePolicy(text), images, NOW).map((h) => `${h.image.digest}@${h.rule.priority}`);
}

function rejects(text: string, reason: RegExp): void {
  assert.throws(
    () => parseLifecyclePolicy(text),
    (err: unknown) => err instanceof EcrError && err.type === 'InvalidParameterException' && reason.test(err.message),
  );
}

describe('(unit) emulator lifecycle evaluator', () => {
  it('user guide example A: an image seen by a higher-priority rule is counted but not expired by a lower one', () => {
    const images = [image('A', ['beta-1', 'prod-1'], 10), image('B', ['beta-2', 'prod-2'], 9), image('C', ['beta-3'], 8)];
    const text = policy(
      { priority: 1, tagStatus: 'tagged', patterns: ['prod*'], count: ['imageCountMoreThan', 1] },
      { priority: 2, tagStatus: 'tagged', patterns: ['beta*'], count: ['imageCountMoreThan', 1] },
    );
    assert.deepEqual(expired(text, images), ['A@1']);
  });

  it('user guide example B: every pattern of a list must match one of the tags', () => {
    const images = [image('A', ['beta-1', 'prod-1'], 10), image('B', ['beta-2', 'prod-2'], 9), image('C', ['beta-3', 'prod-3'], 8)];
    const text = policy(
      { priority: 1, tagStatus: 'tagged', patterns: ['alpha*', 'beta*'], count: ['imageCountMoreThan', 1] },
      { priority: 2, tagStatus: 'tagged', patterns: ['beta*', 'prod*'], count: ['imageCountMoreThan', 1] },
    );
    // Rule 1 needs an alpha* tag too, so it selects nothing; rule 2 keeps the newest of the three.
    assert.deepEqual(expired(text, images), ['A@2', 'B@2']);
  });

  it('keep the last 10 images: the 5 oldest of 15 expire, oldest first', () => {
    const images = Array.from({ length: 15 }, (_, i) => image(`d${i}`, i % 3 === 0 ? [] : [`v${i}`], 15 - i));
    const text = policy({ priority: 1, tagStatus: 'any', count: ['imageCountMoreThan', 10] });
    assert.deepEqual(expired(text, images), ['d0@1', 'd1@1', 'd2@1', 'd3@1', 'd4@1']);
  });

  it('expire untagged after 14 days leaves tagged and younger images alone', () => {
    const images = [image('old-untagged', [], 20), image('old-tagged', ['v1'], 30), image('young-untagged', [], 3)];
    const text = policy({ priority: 1, tagStatus: 'untagged', count: ['sinceImagePushed', 14] });
    assert.deepEqual(expired(text, images), ['old-untagged@1']);
  });

  it('a protecting rule (keep 9999 prod) shields its images from the catch-all any rule', () => {
    const images = [image('p1', ['prod-1'], 40), image('p2', ['prod-2'], 39), image('t1', ['test-1'], 38), image('t2', ['test-2'], 1)];
    const text = policy(
      { priority: 1, tagStatus: 'tagged', prefixes: ['prod'], count: ['imageCountMoreThan', 9999] },
      { priority: 2, tagStatus: 'any', count: ['sinceImagePushed', 30] },
    );
    assert.deepEqual(expired(text, images), ['t1@2']);
  });

  it('prefix lists need every prefix on some tag; patterns match whole tags with up to four wildcards', () => {
    const images = [image('both', ['release-1', 'stable'], 5), image('one', ['release-2'], 4)];
    assert.deepEqual(
      expired(policy({ priority: 1, tagStatus: 'tagged', prefixes: ['release', 'stab'], count: ['sinceImagePushed', 1] }), images),
      ['both@1'],
    );
    assert.deepEqual(expired(policy({ priority: 1, tagStatus: 'tagged', patterns: ['r*e*-*'], count: ['sinceImagePushed', 1] }), images), [
      'both@1',
      'one@1',
    ]);
    assert.deepEqual(
      expired(policy({ priority: 1, tagStatus: 'tagged', patterns: ['release'], count: ['sinceImagePushed', 1] }), images),
      [],
    );
  });

  it('the tag wildcard is whole-string and linear', () => {
    assert.equal(wildcardMatch('prod*', 'prod'), true);
    assert.equal(wildcardMatch('*prod', 'preprod'), true);
    assert.equal(wildcardMatch('p*d', 'pd'), true);
    assert.equal(wildcardMatch('p*d', 'prodx'), false);
    assert.equal(wildcardMatch('a*a*a', 'aa'), false);
    assert.equal(wildcardMatch('*a*b*c*', 'xaybzc'), true);
    assert.equal(wildcardMatch('v1', 'v1.0'), false);
    assert.equal(wildcardMatch('*a*a*a*a*b', 'a'.repeat(300)), false);
  });

  it('rules apply in priority order whatever their order in the document', () => {
    const images = Array.from({ length: 4 }, (_, i) => image(`d${i}`, [`v${i}`], 10 - i));
    const text = JSON.stringify({
      rules: [
        { rulePriority: 20, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } },
        {
          rulePriority: 5,
          description: 'keep v0 forever, padding the text beyond one hundred characters',
          selection: { tagStatus: 'tagged', tagPatternList: ['v0'], countType: 'imageCountMoreThan', countNumber: 50 },
          action: { type: 'expire' },
        },
      ],
    });
    assert.deepEqual(expired(text, images), ['d1@20', 'd2@20']);
  });
});

describe('(unit) emulator lifecycle validation (what ECR refuses)', () => {
  const any = (priority: number): RuleSpec => ({ priority, tagStatus: 'any', count: ['imageCountMoreThan', 5] });
  const untagged = (priority: number): RuleSpec => ({ priority, tagStatus: 'untagged', count: ['sinceImagePushed', 5] });

  it('more than one tagStatus any rule', () => rejects(policy(untagged(1), any(2), any(3)), /only one rule may have tagStatus 'any'/));
  it('the any rule not having the highest priority', () => rejects(policy(any(1), untagged(2)), /must have the highest rulePriority/));
  it('duplicate rulePriority', () =>
    rejects(
      policy(untagged(1), { priority: 1, tagStatus: 'tagged', prefixes: ['v'], count: ['imageCountMoreThan', 1] }),
      /rulePriority 1/,
    ));
  it('tagged without a prefix or pattern list', () =>
    rejects(policy({ priority: 1, tagStatus: 'tagged', count: ['imageCountMoreThan', 1] }), /exactly one of tagPrefixList/));
  it('tagged with both lists', () =>
    rejects(
      policy({ priority: 1, tagStatus: 'tagged', prefixes: ['a'], patterns: ['b*'], count: ['imageCountMoreThan', 1] }),
      /exactly one of tagPrefixList/,
    ));
  it('untagged with a prefix list', () =>
    rejects(
      policy({ priority: 1, tagStatus: 'untagged', prefixes: ['a'], count: ['imageCountMoreThan', 1] }),
      /only allowed when tagStatus is tagged/,
    ));
  it('more than four wildcards in a pattern', () =>
    rejects(
      policy({ priority: 1, tagStatus: 'tagged', patterns: ['a*b*c*d*e*f'], count: ['imageCountMoreThan', 1] }),
      /more than 4 wildcards/,
    ));
  it('two untagged rules', () => rejects(policy(untagged(1), untagged(2)), /only one rule may select untagged images/));
  it('two rules with the same prefix set', () =>
    rejects(
      policy(
        { priority: 1, tagStatus: 'tagged', prefixes: ['a', 'b'], count: ['imageCountMoreThan', 1] },
        { priority: 2, tagStatus: 'tagged', prefixes: ['b', 'a'], count: ['sinceImagePushed', 1] },
      ),
      /unique set of tag prefixes/,
    ));
  it('countUnit with imageCountMoreThan, none with sinceImagePushed, countNumber 0', () => {
    const base = JSON.parse(policy(untagged(1))) as { rules: Array<{ selection: Record<string, unknown> }> };
    const sel = base.rules[0]!.selection;
    delete sel.countUnit;
    rejects(JSON.stringify(base, null, 4), /countUnit must be "days"/);
    Object.assign(sel, { countType: 'imageCountMoreThan', countUnit: 'days' });
    rejects(JSON.stringify(base, null, 4), /countUnit is not allowed/);
    Object.assign(sel, { countNumber: 0 });
    delete sel.countUnit;
    rejects(JSON.stringify(base, null, 4), /countNumber must be a positive integer/);
  });
  it('unknown properties, bad enum values, not JSON, too short', () => {
    rejects(policy(untagged(1)).replace('"tagStatus"', '"tagStatuss"'), /not allowed by the schema/);
    rejects(policy(untagged(1)).replace('"untagged"', '"UNTAGGED"'), /tagStatus must be one of/);
    rejects(policy(untagged(1)).replace('"expire"', '"delete"'), /action type must be one of/);
    rejects(`${policy(untagged(1))},`, /not valid JSON/);
    rejects('{"rules":[]}', /greater than or equal to 100/);
  });
  it('accepts the rules the user guide shows', () => {
    assert.equal(parseLifecyclePolicy(policy(untagged(1), any(2))).length, 2);
  });
});
