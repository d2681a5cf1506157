// The emulator's virtual (scale) images as a lifecycle evaluation sees them: RepoRecord.lifecycleViewAt must give
// the same digest, tags and times as the full record imageAt builds, after deletions, untagging and explicit pushes,
// in both push orders, and the memoised digests must be the ones computed from scratch.
import { strict as assert } from 'node:assert';
import { RepoRecord, type LifecycleView } from '../../emulator/state';

const NOW = Date.UTC(2025, 5, 1);

function view(img: LifecycleView | undefined): unknown {
  if (!img) return undefined;
  const out: Record<string, unknown> = { digest: img.digest, tags: img.tags, pushedAt: img.pushedAt, lastPull: img.lastPull };
  if (img.parentIndex !== undefined) out.parentIndex = img.parentIndex;
  return out;
}

function repoWith(scrambled: boolean): RepoRecord {
  const repo = new RepoRecord('123456789012', 'us-east-1', scrambled ? 'scale/scrambled' : 'scale/listed', NOW, 'MUTABLE', false);
  repo.addScaleImages(60, NOW, scrambled);
  repo.addImage({
    digest: `sha256:${'e'.repeat(64)}`,
    tags: ['explicit'],
    sizeBytes: 10,
    pushedAt: NOW - 5,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    manifest: '{}',
  });
  return repo;
}

describe('(unit) emulator state: the lifecycle view of scale images', () => {
  for (const scrambled of [false, true]) {
    it(`matches imageAt for every position (${scrambled ? 'scrambled' : 'listed'} push order, deletions, untagged)`, () => {
      const repo = repoWith(scrambled);
      // Read some digests before changing anything, so the memo holds them when the changes happen.
      const early = [3, 7, 11].map((i) => repo.lifecycleViewAt(i)?.digest);
      assert.ok(repo.deleteImage(repo.scaleDigest(7)));
      repo.untag('build-11');
      repo.untag('build-12');
      assert.ok(repo.removeTag('build-20'));
      assert.equal(repo.span, 61);
      let present = 0;
      for (let i = 0; i < repo.span; i++) {
        const lite = repo.lifecycleViewAt(i);
        assert.deepEqual(view(lite), view(repo.imageAt(i)), `position ${i}`);
        if (lite) present++;
      }
      assert.equal(present, repo.imageCount);
      assert.equal(repo.lifecycleViewAt(7), undefined);
      assert.deepEqual(repo.lifecycleViewAt(11)?.tags, []);
      assert.deepEqual(repo.lifecycleViewAt(60)?.tags, ['explicit']);
      assert.equal(repo.lifecycleViewAt(61), undefined);
      assert.deepEqual(early, [repo.scaleDigest(3), repo.scaleDigest(7), repo.scaleDigest(11)]);
    });
  }

  it('memoised digests equal freshly computed ones and stay unique', () => {
    const repo = repoWith(false);
    const first = Array.from({ length: 60 }, (_, i) => repo.scaleDigest(i));
    const fresh = repoWith(false);
    // Out of order on the second record: the memo must not depend on the order of the calls.
    const second = Array.from({ length: 60 }, (_, i) => 59 - i)
      .map((i) => fresh.scaleDigest(i))
      .reverse();
    assert.deepEqual(second, first);
    assert.equal(new Set(first).size, 60);
    for (const [i, d] of first.entries()) {
      assert.match(d, /^sha256:[0-9a-f]{64}$/);
      assert.equal(repo.scaleIndexOfDigest(d), i);
      assert.equal(repo.findByDigest(d)?.digest, d);
    }
    // Another repository's virtual images have other digests.
    assert.notEqual(repoWith(true).scaleDigest(0), first[0]);
  });
});
