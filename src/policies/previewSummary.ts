// What a lifecycle policy preview means for the user: how many images each rule would act on (with the rule's
// description from the previewed text), and the lookup the tree uses to mark affected images (one Map per
// repository, so marking 10,000 images costs a Map insert each and a row lookup is O(1)).
import type { LifecyclePreview, PreviewImage } from '../aws/policies';

export interface RuleCount {
  priority: number;
  description?: string;
  /** expire or transition. */
  action: string;
  count: number;
}

export interface PreviewSummary {
  total: number;
  expiring: number;
  transitioning: number;
  rules: RuleCount[];
}

function ruleDescriptions(policyText: string): Map<number, string> {
  const out = new Map<number, string>();
  try {
    const doc = JSON.parse(policyText) as { rules?: Array<{ rulePriority?: unknown; description?: unknown }> };
    for (const r of doc.rules ?? []) {
      if (typeof r.rulePriority === 'number' && typeof r.description === 'string') out.set(r.rulePriority, r.description.slice(0, 200));
    }
  } catch {
    // The text was accepted by ECR, so this only happens for a server that answers oddly: counts without names.
  }
  return out;
}

export function summarizePreview(preview: LifecyclePreview): PreviewSummary {
  const descriptions = ruleDescriptions(preview.policyText);
  const byRule = new Map<string, RuleCount>();
  for (const img of preview.images) {
    const priority = img.rulePriority ?? 0;
    const key = `${priority}|${img.action}`;
    let entry = byRule.get(key);
    if (!entry) {
      entry = { priority, action: img.action, count: 0 };
      const d = descriptions.get(priority);
      if (d !== undefined) entry.description = d;
      byRule.set(key, entry);
    }
    entry.count++;
  }
  const expiring = preview.images.filter((i) => i.action === 'EXPIRE').length;
  return {
    total: preview.images.length,
    expiring: Math.max(expiring, preview.expiringCount),
    transitioning: preview.images.length - expiring,
    rules: [...byRule.values()].sort((a, b) => a.priority - b.priority),
  };
}

export interface PreviewMark {
  rulePriority?: number;
  action: string;
}

/** Preview results per repository key (see policyUri.ts repositoryKey); cleared by Clear Preview. */
export class PreviewMarks {
  private readonly byRepository = new Map<string, { images: PreviewImage[]; marks: Map<string, PreviewMark> }>();

  set(repositoryKey: string, images: PreviewImage[]): void {
    const marks = new Map<string, PreviewMark>();
    for (const img of images) {
      const mark: PreviewMark = { action: img.action };
      if (img.rulePriority !== undefined) mark.rulePriority = img.rulePriority;
      marks.set(img.digest, mark);
    }
    this.byRepository.set(repositoryKey, { images, marks });
  }

  /** Removes one repository's marks (or all); returns the digests that were marked, for re-rendering those rows. */
  clear(repositoryKey?: string): string[] {
    const keys = repositoryKey === undefined ? [...this.byRepository.keys()] : [repositoryKey];
    const digests: string[] = [];
    for (const k of keys) {
      const entry = this.byRepository.get(k);
      if (entry) digests.push(...entry.marks.keys());
      this.byRepository.delete(k);
    }
    return digests;
  }

  get(repositoryKey: string, digest: string): PreviewMark | undefined {
    return this.byRepository.get(repositoryKey)?.marks.get(digest);
  }

  images(repositoryKey: string): readonly PreviewImage[] {
    return this.byRepository.get(repositoryKey)?.images ?? [];
  }

  has(repositoryKey?: string): boolean {
    return repositoryKey === undefined ? this.byRepository.size > 0 : this.byRepository.has(repositoryKey);
  }
}
