// Lifecycle policies as ECR documents them (Amazon ECR User Guide, "Lifecycle policy properties" and "Lifecycle
// policy evaluation rules"): the validation ECR applies on PutLifecyclePolicy / StartLifecyclePolicyPreview, and the
// evaluator behind the preview. The evaluator sorts the images once (newest first) and then makes one linear pass
// per rule, so a repository of N images and R rules costs O(N log N + R·N).
import { EcrError } from './ecrErrors';
import { wildcardCount, wildcardMatch } from './wildcard';

export type CountType = 'imageCountMoreThan' | 'sinceImagePushed' | 'sinceImagePulled' | 'sinceImageTransitioned';

export interface LifecycleRule {
  priority: number;
  tagStatus: 'tagged' | 'untagged' | 'any';
  prefixes?: string[];
  patterns?: string[];
  storageClass: 'standard' | 'archive';
  countType: CountType;
  countNumber: number;
  action: 'EXPIRE' | 'TRANSITION';
}

export interface EvaluatedImage {
  digest: string;
  tags: readonly string[];
  pushedAt: number;
  lastPull?: number;
}

export interface LifecycleHit<T extends EvaluatedImage> {
  image: T;
  rule: LifecycleRule;
}

const MIN_TEXT = 100;
const MAX_TEXT = 30720;
const MAX_WILDCARDS = 4;
const DAY_MS = 86_400_000;
const COUNT_TYPES: readonly CountType[] = ['imageCountMoreThan', 'sinceImagePushed', 'sinceImagePulled', 'sinceImageTransitioned'];

type Json = Record<string, unknown>;

/** ECR's wording for a policy it refuses (InvalidParameterException on the lifecyclePolicyText member). */
export function lifecycleInvalid(reason: string): EcrError {
  return new EcrError(
    'InvalidParameterException',
    `Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ${reason}'`,
  );
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(obj: Json, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k))
      throw lifecycleInvalid(`object instance has properties which are not allowed by the schema: ["${k}"] at ${where}`);
  }
}

function stringList(v: unknown, field: string, where: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s.length > 0)) {
    throw lifecycleInvalid(`${field} must be a non-empty list of non-empty strings at ${where}`);
  }
  return v as string[];
}

function parseRule(raw: unknown, index: number): LifecycleRule {
  const where = `/rules/${index}`;
  if (!isObject(raw)) throw lifecycleInvalid(`instance type is not allowed, expected an object at ${where}`);
  onlyKeys(raw, ['rulePriority', 'description', 'selection', 'action'], where);
  const priority = raw.rulePriority;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 1) {
    throw lifecycleInvalid(`rulePriority must be a positive integer at ${where}`);
  }
  if (raw.description !== undefined && typeof raw.description !== 'string')
    throw lifecycleInvalid(`description must be a string at ${where}`);
  const sel = raw.selection;
  const act = raw.action;
  if (!isObject(sel)) throw lifecycleInvalid(`object has missing required properties (["selection"]) at ${where}`);
  if (!isObject(act)) throw lifecycleInvalid(`object has missing required properties (["action"]) at ${where}`);
  onlyKeys(
    sel,
    ['tagStatus', 'tagPrefixList', 'tagPatternList', 'storageClass', 'countType', 'countUnit', 'countNumber'],
    `${where}/selection`,
  );
  onlyKeys(act, ['type', 'targetStorageClass'], `${where}/action`);

  const tagStatus = sel.tagStatus;
  if (tagStatus !== 'tagged' && tagStatus !== 'untagged' && tagStatus !== 'any') {
    throw lifecycleInvalid(`tagStatus must be one of ["tagged","untagged","any"] at ${where}/selection`);
  }
  const hasPrefixes = sel.tagPrefixList !== undefined;
  const hasPatterns = sel.tagPatternList !== undefined;
  if (tagStatus === 'tagged' && hasPrefixes === hasPatterns) {
    throw lifecycleInvalid(`a rule with tagStatus tagged must specify exactly one of tagPrefixList and tagPatternList at ${where}`);
  }
  if (tagStatus !== 'tagged' && (hasPrefixes || hasPatterns)) {
    throw lifecycleInvalid(`tagPrefixList and tagPatternList are only allowed when tagStatus is tagged at ${where}`);
  }
  const prefixes = hasPrefixes ? stringList(sel.tagPrefixList, 'tagPrefixList', where) : undefined;
  const patterns = hasPatterns ? stringList(sel.tagPatternList, 'tagPatternList', where) : undefined;
  for (const p of patterns ?? []) {
    if (wildcardCount(p) > MAX_WILDCARDS)
      throw lifecycleInvalid(`tagPatternList entry "${p}" has more than ${MAX_WILDCARDS} wildcards at ${where}`);
  }

  const countType = sel.countType as CountType;
  if (!COUNT_TYPES.includes(countType))
    throw lifecycleInvalid(`countType must be one of ${JSON.stringify(COUNT_TYPES)} at ${where}/selection`);
  const countNumber = sel.countNumber;
  if (typeof countNumber !== 'number' || !Number.isInteger(countNumber) || countNumber < 1) {
    throw lifecycleInvalid(`countNumber must be a positive integer at ${where}/selection`);
  }
  if (countType === 'imageCountMoreThan') {
    if (sel.countUnit !== undefined)
      throw lifecycleInvalid(`countUnit is not allowed with countType imageCountMoreThan at ${where}/selection`);
  } else if (sel.countUnit !== 'days') {
    throw lifecycleInvalid(`countUnit must be "days" with countType ${countType} at ${where}/selection`);
  }
  const storageClass = sel.storageClass ?? 'standard';
  if (storageClass !== 'standard' && storageClass !== 'archive')
    throw lifecycleInvalid(`storageClass must be standard or archive at ${where}`);
  if (countType === 'sinceImageTransitioned' && storageClass !== 'archive') {
    throw lifecycleInvalid(`countType sinceImageTransitioned needs storageClass archive at ${where}/selection`);
  }

  const type = act.type;
  if (type === 'expire') {
    if (act.targetStorageClass !== undefined)
      throw lifecycleInvalid(`targetStorageClass is only allowed with action transition at ${where}/action`);
  } else if (type === 'transition') {
    if (act.targetStorageClass !== 'archive')
      throw lifecycleInvalid(`action transition needs targetStorageClass archive at ${where}/action`);
    if (storageClass !== 'standard' || countType === 'imageCountMoreThan') {
      throw lifecycleInvalid(`action transition applies to standard images selected by age at ${where}`);
    }
  } else {
    throw lifecycleInvalid(`action type must be one of ["expire","transition"] at ${where}/action`);
  }
  return {
    priority,
    tagStatus,
    ...(prefixes ? { prefixes } : {}),
    ...(patterns ? { patterns } : {}),
    storageClass,
    countType,
    countNumber,
    action: type === 'expire' ? 'EXPIRE' : 'TRANSITION',
  };
}

/** Parses and validates a lifecycle policy; the rules come back in evaluation order (lowest rulePriority first). */
export function parseLifecyclePolicy(text: string): LifecycleRule[] {
  if (text.length < MIN_TEXT) {
    throw new EcrError(
      'InvalidParameterException',
      `Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length greater than or equal to ${MIN_TEXT}'`,
    );
  }
  if (text.length > MAX_TEXT) {
    throw new EcrError(
      'InvalidParameterException',
      `Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length less than or equal to ${MAX_TEXT}'`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw lifecycleInvalid('the policy is not valid JSON');
  }
  if (!isObject(doc)) throw lifecycleInvalid('instance type is not allowed, expected an object');
  onlyKeys(doc, ['rules'], '/');
  if (!Array.isArray(doc.rules) || doc.rules.length === 0) throw lifecycleInvalid('rules must be a non-empty array');
  const rules = doc.rules.map((r, i) => parseRule(r, i));

  const priorities = new Set<number>();
  for (const r of rules) {
    if (priorities.has(r.priority)) throw lifecycleInvalid(`rulePriority ${r.priority} is used by more than one rule`);
    priorities.add(r.priority);
  }
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  const anyRules = sorted.filter((r) => r.tagStatus === 'any');
  if (anyRules.length > 1) throw lifecycleInvalid("only one rule may have tagStatus 'any'");
  if (anyRules.length === 1 && sorted[sorted.length - 1] !== anyRules[0]) {
    throw lifecycleInvalid("the rule with tagStatus 'any' must have the highest rulePriority");
  }
  if (sorted.filter((r) => r.tagStatus === 'untagged' && r.storageClass === 'standard').length > 1) {
    throw lifecycleInvalid('only one rule may select untagged images');
  }
  const prefixSets = new Set<string>();
  for (const r of sorted) {
    if (!r.prefixes) continue;
    const key = JSON.stringify([...new Set(r.prefixes)].sort());
    if (prefixSets.has(key)) throw lifecycleInvalid('the rules must contain a unique set of tag prefixes');
    prefixSets.add(key);
  }
  return sorted;
}

function selects(rule: LifecycleRule, tags: readonly string[]): boolean {
  if (rule.tagStatus === 'any') return true;
  if (rule.tagStatus === 'untagged') return tags.length === 0;
  if (tags.length === 0) return false;
  // Every listed prefix/pattern must match at least one of the image's tags.
  if (rule.prefixes) return rule.prefixes.every((p) => tags.some((t) => t.startsWith(p)));
  return (rule.patterns ?? []).every((p) => tags.some((t) => wildcardMatch(p, t)));
}

/**
 * Which images the rules act on. As ECR documents: rules apply in priority order; an image is acted on by at most
 * one rule; an image that matched the tag selection of a higher-priority rule cannot be expired by a lower one, yet
 * lower rules still count it (imageCountMoreThan keeps the newest `countNumber` of everything they select).
 * All images here are in the standard storage class (the emulator archives nothing).
 */
export function evaluateLifecycle<T extends EvaluatedImage>(
  rules: readonly LifecycleRule[],
  images: readonly T[],
  now: number,
): Array<LifecycleHit<T>> {
  const order = images.map((_, i) => i);
  order.sort((a, b) => {
    const x = images[a] as T;
    const y = images[b] as T;
    return y.pushedAt - x.pushedAt || (x.digest < y.digest ? -1 : x.digest > y.digest ? 1 : 0);
  });
  const claimed = new Uint8Array(images.length);
  const hits: Array<LifecycleHit<T>> = [];
  for (const rule of rules) {
    if (rule.storageClass !== 'standard') continue;
    const cutoff = now - rule.countNumber * DAY_MS;
    const selected: number[] = [];
    let seen = 0;
    for (const i of order) {
      const img = images[i] as T;
      if (!selects(rule, img.tags)) continue;
      selected.push(i);
      const identified =
        rule.countType === 'imageCountMoreThan'
          ? seen >= rule.countNumber
          : rule.countType === 'sinceImagePushed'
            ? img.pushedAt < cutoff
            : rule.countType === 'sinceImagePulled'
              ? (img.lastPull ?? img.pushedAt) < cutoff
              : false;
      seen++;
      if (identified && !claimed[i]) hits.push({ image: img, rule });
    }
    for (const i of selected) claimed[i] = 1;
  }
  // Oldest first, like ECR expires them.
  hits.sort((a, b) => a.image.pushedAt - b.image.pushedAt);
  return hits;
}
