// What a policy document shows when the repository has none yet: a valid JSON starting point (the editor is a plain
// JSON editor, so no comments) whose descriptions say what each rule does. Saving it unchanged is not possible:
// VS Code only saves a changed document.
import type { PolicyKind } from './policyUri';

export function lifecycleTemplate(): string {
  return `${JSON.stringify(
    {
      rules: [
        {
          rulePriority: 1,
          description: 'Expire untagged images 14 days after they were pushed',
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
          action: { type: 'expire' },
        },
        {
          rulePriority: 2,
          description: 'Keep the newest 30 images (the rule with tagStatus any must have the highest priority)',
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
          action: { type: 'expire' },
        },
      ],
    },
    null,
    2,
  )}\n`;
}

/** Lets the registry's own account pull; principals of other accounts go in the Principal list. */
export function repositoryPolicyTemplate(registryId: string): string {
  return `${JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowPull',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${registryId}:root`] },
          Action: ['ecr:BatchGetImage', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer'],
        },
      ],
    },
    null,
    2,
  )}\n`;
}

export function policyTemplate(kind: PolicyKind, registryId: string): string {
  return kind === 'lifecycle' ? lifecycleTemplate() : repositoryPolicyTemplate(registryId);
}

/** ECR returns policies as it stored them (often minified): show them indented, keep anything unparsable as is. */
export function formatPolicyText(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}
