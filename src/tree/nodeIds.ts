// Stable ids and composable contextValues for tree nodes (pure). Ids keep expansion state across refreshes;
// contextValues are sorted `;`-joined sets so package.json menus can match them with regexes.
import { debugText } from '../model/message';
import type { Node, ProblemCode } from '../model/types';
import { worstSeverity } from '../model/severity';
import { isMultiArch } from './format';

export function nodeId(node: Node): string {
  switch (node.kind) {
    case 'registry':
      return node.id;
    case 'repository':
      return `${node.parent.id}/${node.name}`;
    case 'tag':
      return `${nodeId(node.parent)}:${node.tag ?? `@${node.image.digest}`}`;
    case 'platform':
      return `${nodeId(node.parent)}#${node.digest}`;
    case 'untaggedGroup':
      return `${nodeId(node.parent)}#untagged`;
    case 'loadMore':
      return `${nodeId(node.parent)}#loadMore`;
    case 'problem':
      return `${node.parent ? nodeId(node.parent) : ''}#problem:${node.problem.code}:${node.problem.profile ?? ''}:${node.problem.region ?? ''}:${debugText(node.problem.message)}`;
    case 'placeholder':
      return `${node.parent ? nodeId(node.parent) : ''}#placeholder`;
  }
}

const AUTH_CODES: readonly ProblemCode[] = ['noCredentials', 'expiredCredentials', 'unauthorized'];
const RETRYABLE_CODES: readonly ProblemCode[] = [
  'throttled',
  'unreachable',
  'serverError',
  'timeout',
  'badResponse',
  'cancelled',
  'unknown',
];

export interface ContextFlags {
  /** A valid (unexpired) login is recorded for this registry. */
  loggedIn?: boolean;
  /** The Amazon ECR credential helper serves this registry for the chosen CLI. */
  credHelper?: boolean;
}

export function contextValue(node: Node, flags: ContextFlags = {}): string {
  const parts: string[] = [node.kind];
  switch (node.kind) {
    case 'registry':
      parts.push(node.type === 'ecr' ? 'ecrRegistry' : 'genericRegistry');
      if (flags.loggedIn) parts.push('loggedIn');
      if (flags.credHelper) parts.push('credHelper');
      break;
    case 'repository':
      parts.push(node.parent.type === 'ecr' ? 'ecrRepository' : 'genericRepository');
      break;
    case 'tag':
      parts.push('image', node.tag === undefined ? 'untagged' : 'tagged');
      if (isMultiArch(node.image)) parts.push('multiArch');
      if (node.parent.parent.type === 'ecr') {
        parts.push('ecrImage');
        // Findings to show (the inline Show Vulnerabilities action).
        if (worstSeverity(node.image.scan?.counts)) parts.push('scanFindings');
      }
      break;
    case 'problem':
      if (AUTH_CODES.includes(node.problem.code)) parts.push('authProblem');
      if (RETRYABLE_CODES.includes(node.problem.code)) parts.push('retryable');
      if (node.problem.actionId) parts.push(`action-${node.problem.actionId}`);
      break;
    default:
      break;
  }
  return [...new Set(parts)].sort().join(';');
}
