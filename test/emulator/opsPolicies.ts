// ECR operations for repository settings and policies: lifecycle policies with their preview (lifecycle.ts is the
// evaluator), repository policies, tag mutability with exclusion filters, and scan on push.
import { EcrError, invalid } from './ecrErrors';
import { evaluateLifecycle, parseLifecyclePolicy } from './lifecycle';
import { REPO_NAME_RE, type LifecyclePreviewRecord, type LifecycleView, type RepoRecord, type Store } from './state';
import type { TagMutability } from './types';

type Json = Record<string, unknown>;

/** The part of ecrApi.ts's CallContext these operations use. */
interface PolicyContext {
  store: Store;
  accountId: string;
  region: string;
  now: number;
}

type PolicyOperation = (input: Json, ctx: PolicyContext) => Json;

const epoch = (ms: number): number => ms / 1000;
const MAX_POLICY = 10240;
const MAX_PREVIEW_PAGE = 100;
const MUTABILITIES: readonly TagMutability[] = ['IMMUTABLE', 'MUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'];
const MAX_EXCLUSION_FILTERS = 5;

function text(input: Json, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new EcrError('SerializationException', `STRING_VALUE can not be converted to ${field}`);
  return v;
}

function required(input: Json, field: string): string {
  const v = text(input, field);
  if (v === undefined) throw invalid(field, 'Member must not be null');
  return v;
}

/** The repository named by the request, with the same checks and messages as ecrApi.ts's repoOf. */
function repoOf(input: Json, ctx: PolicyContext, action: string): RepoRecord {
  const registryId = text(input, 'registryId') ?? ctx.accountId;
  if (!/^[0-9]{12}$/.test(registryId)) throw invalid('registryId', "must satisfy regular expression '[0-9]{12}'");
  if (registryId !== ctx.accountId && !ctx.store.hasAccount(registryId)) {
    throw new EcrError(
      'AccessDeniedException',
      `User: arn:aws:iam::${ctx.accountId}:user/emulator is not authorized to perform: ecr:${action} on resource: arn:aws:ecr:${ctx.region}:${registryId}:repository/* because no resource-based policy allows the ecr:${action} action`,
    );
  }
  const name = required(input, 'repositoryName');
  if (name.length < 2 || name.length > 256 || !REPO_NAME_RE.test(name)) {
    throw invalid('repositoryName', "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'");
  }
  const repo = ctx.store.repo(registryId, ctx.region, name);
  if (!repo) {
    throw new EcrError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
    );
  }
  return repo;
}

const ids = (repo: RepoRecord): Json => ({ registryId: repo.accountId, repositoryName: repo.name });
const where = (repo: RepoRecord): string => `for the repository with name '${repo.name}' in the registry with id '${repo.accountId}'`;

function lifecycleOf(repo: RepoRecord): { text: string; lastEvaluatedAt?: number } {
  if (!repo.lifecyclePolicy) throw new EcrError('LifecyclePolicyNotFoundException', `Lifecycle policy does not exist ${where(repo)}`);
  return repo.lifecyclePolicy;
}

/** The images the evaluator sees: platform manifests of a stored index follow their index and are left out. */
function evaluatedImages(repo: RepoRecord): LifecycleView[] {
  const out: LifecycleView[] = [];
  for (let i = 0, span = repo.span; i < span; i++) {
    const img = repo.lifecycleViewAt(i);
    if (img && !(img.parentIndex && repo.findByDigest(img.parentIndex))) out.push(img);
  }
  return out;
}

const INVALID_POLICY = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'";
const AWS_PRINCIPAL = /^(\*|[0-9]{12}|arn:aws(-[a-z]+)*:iam::[0-9]{12}:(root|user\/.+|role\/.+))$/;

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/** What ECR checks of a repository policy: IAM policy grammar, a principal per statement, ECR actions only. */
function validateRepositoryPolicy(policy: string): void {
  if (policy.length < 1 || policy.length > MAX_POLICY)
    throw invalid('policyText', `Member must have length less than or equal to ${MAX_POLICY}`);
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw new EcrError('InvalidParameterException', INVALID_POLICY);
  }
  const bad = () => new EcrError('InvalidParameterException', INVALID_POLICY);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad();
  const d = doc as Json;
  if (d.Version !== undefined && d.Version !== '2012-10-17' && d.Version !== '2008-10-17') throw bad();
  const statements = listOf(d.Statement);
  if (d.Statement === undefined || statements.length === 0) throw bad();
  for (const s of statements) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw bad();
    const st = s as Json;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw bad();
    const principal = st.Principal ?? st.NotPrincipal;
    if (principal === undefined) throw bad();
    if (principal !== '*') {
      if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) throw bad();
      const p = principal as Json;
      if (Object.keys(p).length === 0 || Object.keys(p).some((k) => !['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(k)))
        throw bad();
      if (p.AWS !== undefined && !listOf(p.AWS).every((a) => typeof a === 'string' && AWS_PRINCIPAL.test(a))) throw bad();
    }
    const actions = st.Action ?? st.NotAction;
    if (actions === undefined || listOf(actions).length === 0) throw bad();
    if (!listOf(actions).every((a) => typeof a === 'string' && (a === '*' || /^ecr:[A-Za-z*]+$/.test(a)))) throw bad();
  }
}

function exclusionFilters(input: Json, mutability: TagMutability): string[] {
  const raw = input.imageTagMutabilityExclusionFilters;
  const withExclusion = mutability.endsWith('_WITH_EXCLUSION');
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
    if (withExclusion)
      throw invalid('imageTagMutabilityExclusionFilters', `Member must not be empty when imageTagMutability is ${mutability}`);
    return [];
  }
  if (!withExclusion) {
    throw new EcrError(
      'InvalidParameterException',
      `Invalid parameter: imageTagMutabilityExclusionFilters can only be used with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION`,
    );
  }
  if (!Array.isArray(raw)) throw new EcrError('SerializationException', 'imageTagMutabilityExclusionFilters must be a list');
  if (raw.length > MAX_EXCLUSION_FILTERS) {
    throw invalid('imageTagMutabilityExclusionFilters', `Member must have length less than or equal to ${MAX_EXCLUSION_FILTERS}`);
  }
  return raw.map((f: unknown) => {
    const filter = (f as Json | null)?.filter;
    if ((f as Json | null)?.filterType !== 'WILDCARD')
      throw invalid('imageTagMutabilityExclusionFilters.member.filterType', 'Member must satisfy enum value set: [WILDCARD]');
    if (typeof filter !== 'string' || !/^[0-9a-zA-Z._*-]{1,128}$/.test(filter)) {
      throw invalid(
        'imageTagMutabilityExclusionFilters.member.filter',
        'Member must satisfy regular expression pattern: ^[0-9a-zA-Z._*-]{1,128}$',
      );
    }
    return filter;
  });
}

// nextToken of GetLifecyclePolicyPreview: an offset bound to the preview it came from.
function previewToken(completeAt: number, offset: number): string {
  return Buffer.from(JSON.stringify({ p: completeAt, o: offset })).toString('base64url');
}
function previewOffset(token: unknown, completeAt: number): number {
  if (token === undefined || token === null) return 0;
  try {
    const t = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { p?: unknown; o?: unknown };
    if (t.p === completeAt && typeof t.o === 'number' && Number.isInteger(t.o) && t.o >= 0) return t.o;
  } catch {
    // fall through
  }
  throw invalid('nextToken', 'Invalid NextToken');
}

/**
 * One LifecyclePolicyPreviewResult. Built by assignment: spreading a conditional literal into each result
 * (`{ ...(tagged ? { imageTags } : {}), … }`) made V8 fall off its fast object-literal path, at several
 * microseconds per result and a heap full of garbage on every page of a 10,000-image preview.
 */
function previewResultJson(r: LifecyclePreviewRecord['results'][number]): Json {
  const out: Json = {};
  if (r.tags.length > 0) out.imageTags = r.tags;
  out.imageDigest = r.digest;
  out.imagePushedAt = epoch(r.pushedAt);
  out.action = r.action === 'EXPIRE' ? { type: 'EXPIRE' } : { type: 'TRANSITION', targetStorageClass: 'ARCHIVE' };
  out.appliedRulePriority = r.priority;
  out.storageClass = 'STANDARD';
  return out;
}

export const policyOperations: Record<string, PolicyOperation> = {
  PutLifecyclePolicy(input, ctx) {
    const repo = repoOf(input, ctx, 'PutLifecyclePolicy');
    const policy = required(input, 'lifecyclePolicyText');
    parseLifecyclePolicy(policy);
    repo.lifecyclePolicy = { text: policy };
    return { ...ids(repo), lifecyclePolicyText: policy };
  },

  GetLifecyclePolicy(input, ctx) {
    const repo = repoOf(input, ctx, 'GetLifecyclePolicy');
    const lp = lifecycleOf(repo);
    return { ...ids(repo), lifecyclePolicyText: lp.text, ...(lp.lastEvaluatedAt ? { lastEvaluatedAt: epoch(lp.lastEvaluatedAt) } : {}) };
  },

  DeleteLifecyclePolicy(input, ctx) {
    const repo = repoOf(input, ctx, 'DeleteLifecyclePolicy');
    const lp = lifecycleOf(repo);
    repo.lifecyclePolicy = undefined;
    return { ...ids(repo), lifecyclePolicyText: lp.text, ...(lp.lastEvaluatedAt ? { lastEvaluatedAt: epoch(lp.lastEvaluatedAt) } : {}) };
  },

  StartLifecyclePolicyPreview(input, ctx) {
    const repo = repoOf(input, ctx, 'StartLifecyclePolicyPreview');
    const given = text(input, 'lifecyclePolicyText');
    const policy = given ?? lifecycleOf(repo).text;
    if (repo.lifecyclePreview && ctx.now < repo.lifecyclePreview.completeAt) {
      throw new EcrError(
        'LifecyclePolicyPreviewInProgressException',
        `The previous lifecycle policy preview request has not been completed ${where(repo)}`,
      );
    }
    const rules = parseLifecyclePolicy(policy);
    const settings = ctx.store.lifecyclePreviewSettings;
    const hits = evaluateLifecycle(rules, evaluatedImages(repo), ctx.now);
    repo.lifecyclePreview = {
      text: policy,
      completeAt: ctx.now + settings.delayMs,
      failed: settings.fail,
      expiring: hits.filter((h) => h.rule.action === 'EXPIRE').length,
      results: hits.map((h) => ({
        digest: h.image.digest,
        tags: [...h.image.tags],
        pushedAt: h.image.pushedAt,
        priority: h.rule.priority,
        action: h.rule.action,
      })),
    };
    return { ...ids(repo), lifecyclePolicyText: policy, status: 'IN_PROGRESS' };
  },

  GetLifecyclePolicyPreview(input, ctx) {
    const repo = repoOf(input, ctx, 'GetLifecyclePolicyPreview');
    const preview = repo.lifecyclePreview;
    if (!preview) throw new EcrError('LifecyclePolicyPreviewNotFoundException', `There is no lifecycle policy preview ${where(repo)}`);
    const base = { ...ids(repo), lifecyclePolicyText: preview.text };
    if (ctx.now < preview.completeAt) return { ...base, status: 'IN_PROGRESS', previewResults: [] };
    if (preview.failed) return { ...base, status: 'FAILED', previewResults: [] };
    const max = input.maxResults ?? MAX_PREVIEW_PAGE;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_PREVIEW_PAGE) {
      throw invalid('maxResults', `Member must have value between 1 and ${MAX_PREVIEW_PAGE}`);
    }
    const filter = (input.filter as Json | undefined)?.tagStatus;
    if (filter !== undefined && filter !== 'TAGGED' && filter !== 'UNTAGGED' && filter !== 'ANY') {
      throw invalid('filter.tagStatus', 'Member must satisfy enum value set: [TAGGED, ANY, UNTAGGED]');
    }
    let results = preview.results;
    if (filter === 'TAGGED') results = results.filter((r) => r.tags.length > 0);
    if (filter === 'UNTAGGED') results = results.filter((r) => r.tags.length === 0);
    const wanted = input.imageIds;
    if (Array.isArray(wanted)) {
      const digests = new Set(wanted.map((w) => (w as Json).imageDigest));
      const tags = new Set(wanted.map((w) => (w as Json).imageTag));
      results = results.filter((r) => digests.has(r.digest) || r.tags.some((t) => tags.has(t)));
    }
    const start = previewOffset(input.nextToken, preview.completeAt);
    const page = results.slice(start, start + max);
    const expiring = preview.expiring;
    const transitioning = preview.results.length - expiring;
    return {
      ...base,
      status: 'COMPLETE',
      previewResults: page.map(previewResultJson),
      ...(start + max < results.length ? { nextToken: previewToken(preview.completeAt, start + max) } : {}),
      summary: {
        expiringImageTotalCount: expiring,
        ...(transitioning > 0
          ? { transitioningImageTotalCounts: [{ targetStorageClass: 'ARCHIVE', imageTotalCount: transitioning }] }
          : {}),
      },
    };
  },

  SetRepositoryPolicy(input, ctx) {
    const repo = repoOf(input, ctx, 'SetRepositoryPolicy');
    const policy = required(input, 'policyText');
    validateRepositoryPolicy(policy);
    repo.repositoryPolicy = policy;
    return { ...ids(repo), policyText: policy };
  },

  GetRepositoryPolicy(input, ctx) {
    const repo = repoOf(input, ctx, 'GetRepositoryPolicy');
    if (repo.repositoryPolicy === undefined) {
      throw new EcrError('RepositoryPolicyNotFoundException', `Repository policy does not exist ${where(repo)}`);
    }
    return { ...ids(repo), policyText: repo.repositoryPolicy };
  },

  DeleteRepositoryPolicy(input, ctx) {
    const repo = repoOf(input, ctx, 'DeleteRepositoryPolicy');
    const policy = repo.repositoryPolicy;
    if (policy === undefined) throw new EcrError('RepositoryPolicyNotFoundException', `Repository policy does not exist ${where(repo)}`);
    repo.repositoryPolicy = undefined;
    return { ...ids(repo), policyText: policy };
  },

  PutImageTagMutability(input, ctx) {
    const repo = repoOf(input, ctx, 'PutImageTagMutability');
    const mutability = required(input, 'imageTagMutability') as TagMutability;
    if (!MUTABILITIES.includes(mutability))
      throw invalid('imageTagMutability', `Member must satisfy enum value set: [${MUTABILITIES.join(', ')}]`);
    const filters = exclusionFilters(input, mutability);
    repo.tagMutability = mutability;
    repo.mutabilityExclusions = filters;
    return {
      ...ids(repo),
      imageTagMutability: mutability,
      ...(filters.length > 0 ? { imageTagMutabilityExclusionFilters: filters.map((filter) => ({ filterType: 'WILDCARD', filter })) } : {}),
    };
  },

  PutImageScanningConfiguration(input, ctx) {
    const repo = repoOf(input, ctx, 'PutImageScanningConfiguration');
    const cfg = input.imageScanningConfiguration as Json | undefined;
    if (!cfg || typeof cfg !== 'object') throw invalid('imageScanningConfiguration', 'Member must not be null');
    if (cfg.scanOnPush !== undefined && typeof cfg.scanOnPush !== 'boolean') {
      throw new EcrError('SerializationException', 'BOOLEAN_VALUE can not be converted to scanOnPush');
    }
    repo.scanOnPush = cfg.scanOnPush === true;
    return { ...ids(repo), imageScanningConfiguration: { scanOnPush: repo.scanOnPush } };
  },
};
