// The shipped JSON schemas (media/schemas) against the pure validation, the templates, the snippets inside the
// schemas and the SDK's list of ECR operations. ajv is the JSON Schema validator ESLint already brings along.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { ECR_ACTIONS, PERMISSION_ONLY_ACTIONS } from '../../../src/policies/ecrActions';
import { lifecycleTemplate, repositoryPolicyTemplate } from '../../../src/policies/templates';

const ROOT = path.resolve(__dirname, '../../..');
const load = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'media/schemas', name), 'utf8')) as Record<string, unknown>;

// VS Code's snippet syntax: "^${1:10}" inserts the number 10; "${1:text}" inserts text.
function expandSnippet(body: unknown): unknown {
  if (typeof body === 'string') {
    const plain = body.replace(/\$\{\d+:([^}]*)\}/g, '$1');
    return plain.startsWith('^') ? JSON.parse(plain.slice(1)) : plain;
  }
  if (Array.isArray(body)) return body.map(expandSnippet);
  if (body && typeof body === 'object') return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, expandSnippet(v)]));
  return body;
}

describe('(unit) policies JSON schemas', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const lifecycle = ajv.compile(load('lifecycle-policy.schema.json'));
  const repository = ajv.compile(load('repository-policy.schema.json'));

  it('accept the templates', () => {
    assert.ok(lifecycle(JSON.parse(lifecycleTemplate())), JSON.stringify(lifecycle.errors));
    assert.ok(repository(JSON.parse(repositoryPolicyTemplate('123456789012'))), JSON.stringify(repository.errors));
  });

  it('the rule snippets produce rules the schema accepts', () => {
    const schema = load('lifecycle-policy.schema.json') as {
      definitions: { rule: { defaultSnippets: Array<{ label: string; body: unknown }> } };
    };
    const snippets = schema.definitions.rule.defaultSnippets;
    assert.ok(snippets.some((s) => /Keep the last N tagged images/.test(s.label)));
    assert.ok(snippets.some((s) => /Expire untagged images after N days/.test(s.label)));
    const rules = snippets.map((s, i) => ({ ...(expandSnippet(s.body) as object), rulePriority: i + 1 }));
    for (const rule of rules) assert.ok(lifecycle({ rules: [rule] }), `${JSON.stringify(rule)}: ${JSON.stringify(lifecycle.errors)}`);
    const statements = (
      load('repository-policy.schema.json') as { definitions: { statement: { defaultSnippets: Array<{ body: unknown }> } } }
    ).definitions.statement.defaultSnippets;
    for (const s of statements)
      assert.ok(repository({ Version: '2012-10-17', Statement: [expandSnippet(s.body)] }), JSON.stringify(repository.errors));
  });

  it('flag what ECR refuses (squiggles while typing)', () => {
    const rule = (selection: object, action: object = { type: 'expire' }) => ({ rules: [{ rulePriority: 1, selection, action }] });
    const bad = [
      rule({ tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 1 }),
      rule({ tagStatus: 'untagged', tagPatternList: ['a*'], countType: 'imageCountMoreThan', countNumber: 1 }),
      rule({ tagStatus: 'tagged', tagPatternList: ['a*b*c*d*e*'], countType: 'imageCountMoreThan', countNumber: 1 }),
      rule({ tagStatus: 'any', countType: 'imageCountMoreThan', countUnit: 'days', countNumber: 1 }),
      rule({ tagStatus: 'any', countType: 'sinceImagePushed', countNumber: 1 }),
      rule({ tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 0 }),
      rule({ tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }, { type: 'transition' }),
      rule({ tagStaus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }),
      { rules: [] },
    ];
    for (const doc of bad) assert.equal(lifecycle(doc), false, JSON.stringify(doc));
    const statement = (s: object) => ({ Version: '2012-10-17', Statement: [s] });
    assert.equal(repository(statement({ Effect: 'Allow', Principal: '*', Action: ['ecr:PullImage'] })), false);
    assert.equal(repository(statement({ Effect: 'Allow', Action: ['ecr:BatchGetImage'] })), false);
    assert.equal(repository(statement({ Effect: 'Allow', Principal: '*', Action: ['ecr:Describe*', 'ecr:BatchGetImage'] })), true);
  });

  it('the repository policy schema names every ECR action of the SDK', () => {
    const commands = fs
      .readdirSync(path.join(ROOT, 'node_modules/@aws-sdk/client-ecr/dist-types/commands'))
      .filter((f) => f.endsWith('Command.d.ts'))
      .map((f) => f.replace(/Command\.d\.ts$/, ''));
    assert.deepEqual([...ECR_ACTIONS].sort(), [...new Set([...commands, ...PERMISSION_ONLY_ACTIONS])].sort());
    const schema = load('repository-policy.schema.json') as { definitions: { action: { anyOf: Array<{ enum?: string[] }> } } };
    const names = schema.definitions.action.anyOf[0]!.enum ?? [];
    assert.deepEqual(names.filter((n) => n.startsWith('ecr:') && n !== 'ecr:*').sort(), ECR_ACTIONS.map((a) => `ecr:${a}`).sort());
  });
});
