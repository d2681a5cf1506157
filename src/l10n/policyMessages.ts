// Renderers of the policy validation messages (src/policies/validate.ts).
import * as vscode from 'vscode';
import type { PolicyMessageId } from '../policies/validate';
import type { MessageTable } from './render';

export const policyMessages = {
  policyInvalidJson: (line, column) => vscode.l10n.t('The policy is not valid JSON (line {0}, column {1}).', line, column),
  policyNotObject: () => vscode.l10n.t('The policy must be a JSON object.'),
  policyMissing: (path) => vscode.l10n.t('{0} is missing.', path),
  policyWrongType: (path, type) => vscode.l10n.t('{0} must be of type {1}.', path, type),
  policyBadValue: (path, expected) => vscode.l10n.t('{0} must be {1}.', path, expected),
  policyUnknownProperty: (path) => vscode.l10n.t('{0} is not a property ECR knows.', path),
  policyNeedsOneOf: (path, a, b) => vscode.l10n.t('{0} needs exactly one of {1} and {2}.', path, a, b),
  policyNotAllowedWith: (path, other) => vscode.l10n.t('{0} is not allowed with {1}.', path, other),
  policyTooManyWildcards: (path, pattern) => vscode.l10n.t('{0}: “{1}” has more than four wildcards (*).', path, pattern),
  policyUnknownAction: (path, action) => vscode.l10n.t('{0}: “{1}” is not an Amazon ECR action.', path, action),
} satisfies MessageTable<PolicyMessageId>;
