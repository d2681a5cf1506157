// Checks a policy document before it is sent to ECR: JSON syntax (with line and column) and the shape the JSON
// schemas in media/schemas describe. Rules that relate several rules to each other (unique priorities, the `any`
// rule last) are ECR's to judge: its reason comes back as the save error. Returns structured messages.
import { message, type Message } from '../model/message';
import { isEcrAction } from './ecrActions';
import type { PolicyKind } from './policyUri';

export type PolicyMessageId =
  | 'policyInvalidJson'
  | 'policyNotObject'
  | 'policyMissing'
  | 'policyWrongType'
  | 'policyBadValue'
  | 'policyUnknownProperty'
  | 'policyNeedsOneOf'
  | 'policyNotAllowedWith'
  | 'policyTooManyWildcards'
  | 'policyUnknownAction';

export type PolicyMessage = Message<PolicyMessageId>;

export type ParsedPolicy = { ok: true; value: Record<string, unknown> } | { ok: false; problems: PolicyMessage[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** JSON.parse with the error position as (line, column): Node ≤ 20 says "at position N", newer Node "(line L column C)". */
export function parsePolicyJson(text: string): ParsedPolicy {
  try {
    const value: unknown = JSON.parse(text);
    if (!isObject(value)) return { ok: false, problems: [message('policyNotObject')] };
    return { ok: true, value };
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const pos = /position (\d+)/.exec(msg);
    const where = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : lineColumn(text, pos ? Number(pos[1]) : text.length);
    return { ok: false, problems: [message('policyInvalidJson', where.line, where.column)] };
  }
}

class Checker {
  readonly problems: PolicyMessage[] = [];
  add(m: PolicyMessage): void {
    if (this.problems.length < 20) this.problems.push(m);
  }
  keys(obj: Json, allowed: readonly string[], at: string): void {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) this.add(message('policyUnknownProperty', `${at}/${k}`));
  }
  integer(obj: Json, key: string, at: string, required = true): void {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.add(message('policyMissing', `${at}/${key}`));
    } else if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) this.add(message('policyBadValue', `${at}/${key}`, 'integer ≥ 1'));
  }
  oneOf(obj: Json, key: string, values: readonly string[], at: string, required = true): string | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.add(message('policyMissing', `${at}/${key}`));
      return undefined;
    }
    if (typeof v !== 'string' || !values.includes(v)) {
      this.add(message('policyBadValue', `${at}/${key}`, values.join(' | ')));
      return undefined;
    }
    return v;
  }
  strings(obj: Json, key: string, at: string): string[] | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s.length > 0)) {
      this.add(message('policyWrongType', `${at}/${key}`, 'string[]'));
      return undefined;
    }
    return v as string[];
  }
}

const COUNT_TYPES = ['imageCountMoreThan', 'sinceImagePushed', 'sinceImagePulled', 'sinceImageTransitioned'] as const;

function checkLifecycle(doc: Json, c: Checker): void {
  c.keys(doc, ['rules'], '');
  const rules = doc.rules;
  if (!Array.isArray(rules) || rules.length === 0) {
    c.add(rules === undefined ? message('policyMissing', '/rules') : message('policyWrongType', '/rules', 'array'));
    return;
  }
  rules.forEach((rule: unknown, i) => {
    const at = `/rules/${i}`;
    if (!isObject(rule)) return c.add(message('policyWrongType', at, 'object'));
    c.keys(rule, ['rulePriority', 'description', 'selection', 'action'], at);
    c.integer(rule, 'rulePriority', at);
    if (rule.description !== undefined && typeof rule.description !== 'string')
      c.add(message('policyWrongType', `${at}/description`, 'string'));
    const sel = rule.selection;
    if (!isObject(sel))
      c.add(sel === undefined ? message('policyMissing', `${at}/selection`) : message('policyWrongType', `${at}/selection`, 'object'));
    else {
      const s = `${at}/selection`;
      c.keys(sel, ['tagStatus', 'tagPrefixList', 'tagPatternList', 'storageClass', 'countType', 'countUnit', 'countNumber'], s);
      const status = c.oneOf(sel, 'tagStatus', ['tagged', 'untagged', 'any'], s);
      c.strings(sel, 'tagPrefixList', s);
      const patterns = c.strings(sel, 'tagPatternList', s);
      if (status === 'tagged' && (sel.tagPrefixList === undefined) === (sel.tagPatternList === undefined)) {
        c.add(message('policyNeedsOneOf', s, 'tagPrefixList', 'tagPatternList'));
      }
      if (status && status !== 'tagged') {
        for (const k of ['tagPrefixList', 'tagPatternList'])
          if (sel[k] !== undefined) c.add(message('policyNotAllowedWith', `${s}/${k}`, `tagStatus ${status}`));
      }
      for (const p of patterns ?? []) if (p.split('*').length - 1 > 4) c.add(message('policyTooManyWildcards', `${s}/tagPatternList`, p));
      c.oneOf(sel, 'storageClass', ['standard', 'archive'], s, false);
      const countType = c.oneOf(sel, 'countType', COUNT_TYPES, s);
      c.integer(sel, 'countNumber', s);
      if (countType === 'imageCountMoreThan' && sel.countUnit !== undefined)
        c.add(message('policyNotAllowedWith', `${s}/countUnit`, 'countType imageCountMoreThan'));
      if (countType && countType !== 'imageCountMoreThan') c.oneOf(sel, 'countUnit', ['days'], s);
    }
    const act = rule.action;
    if (!isObject(act))
      c.add(act === undefined ? message('policyMissing', `${at}/action`) : message('policyWrongType', `${at}/action`, 'object'));
    else {
      c.keys(act, ['type', 'targetStorageClass'], `${at}/action`);
      const type = c.oneOf(act, 'type', ['expire', 'transition'], `${at}/action`);
      if (type === 'transition') c.oneOf(act, 'targetStorageClass', ['archive'], `${at}/action`);
      if (type === 'expire' && act.targetStorageClass !== undefined)
        c.add(message('policyNotAllowedWith', `${at}/action/targetStorageClass`, 'type expire'));
    }
  });
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function checkRepositoryPolicy(doc: Json, c: Checker): void {
  c.keys(doc, ['Version', 'Id', 'Statement'], '');
  if (doc.Version !== undefined) c.oneOf(doc, 'Version', ['2012-10-17', '2008-10-17'], '');
  const statements = list(doc.Statement);
  if (statements.length === 0) return c.add(message('policyMissing', '/Statement'));
  statements.forEach((st, i) => {
    const at = Array.isArray(doc.Statement) ? `/Statement/${i}` : '/Statement';
    if (!isObject(st)) return c.add(message('policyWrongType', at, 'object'));
    c.keys(st, ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'], at);
    c.oneOf(st, 'Effect', ['Allow', 'Deny'], at);
    if (st.Principal === undefined && st.NotPrincipal === undefined) c.add(message('policyNeedsOneOf', at, 'Principal', 'NotPrincipal'));
    const actions = st.Action ?? st.NotAction;
    if (actions === undefined) c.add(message('policyNeedsOneOf', at, 'Action', 'NotAction'));
    for (const a of list(actions)) {
      if (typeof a !== 'string') c.add(message('policyWrongType', `${at}/Action`, 'string'));
      else if (!isEcrAction(a)) c.add(message('policyUnknownAction', `${at}/Action`, a));
    }
  });
}

/** Problems of a policy document's text (empty = fine to send to ECR). */
export function validatePolicyText(kind: PolicyKind, text: string): PolicyMessage[] {
  const parsed = parsePolicyJson(text);
  if (!parsed.ok) return parsed.problems;
  const c = new Checker();
  if (kind === 'lifecycle') checkLifecycle(parsed.value, c);
  else checkRepositoryPolicy(parsed.value, c);
  return c.problems;
}
