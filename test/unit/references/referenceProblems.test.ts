// Problems and quick fixes computed from references and their resolution (pure): codes, severities, ranges,
// structured messages and the exact edits, applied to the text to show the result.
import { strict as assert } from 'node:assert';
import { debugText, message } from '../../../src/model/message';
import type { ImageReference, TextRange } from '../../../src/references/imageReference';
import { referenceFixes, referenceProblems, type TextEditSpec } from '../../../src/references/referenceProblems';
import type { ImageInfo, ReferenceResolution } from '../../../src/references/batches';
import { scanReferences, type FileKind } from '../../../src/references/scanner';

const EU = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
const img = (n: number, tags: string[], scan?: ImageInfo['scan']): ImageInfo => ({ digest: digest(n), tags, ...(scan ? { scan } : {}) });
const r = (x: TextRange): string => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;

function resolved(over: Partial<Extract<ReferenceResolution, { state: 'resolved' }>>): ReferenceResolution {
  return {
    state: 'resolved',
    tagMissing: false,
    digestMissing: false,
    digestMismatch: false,
    versionsKnown: true,
    partial: false,
    fetchedAt: 0,
    ...over,
  };
}

function only(text: string, kind: FileKind = 'yaml'): ImageReference {
  const refs = scanReferences(text, kind).references;
  assert.equal(refs.length, 1);
  return refs[0]!;
}

/** Applies edits (non-overlapping) to a text, last first. */
function apply(text: string, edits: readonly TextEditSpec[]): string {
  const lines = text.split('\n');
  const offset = (l: number, c: number): number => lines.slice(0, l).reduce((n, s) => n + s.length + 1, 0) + c;
  const sorted = edits
    .map((e) => ({
      s: offset(e.range.start.line, e.range.start.character),
      e: offset(e.range.end.line, e.range.end.character),
      t: e.newText,
    }))
    .sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

describe('(unit) references problems', () => {
  const text = `image: ${EU}/api:1.8.3\n`;
  const ref = only(text);

  it('reports a missing tag as an Error on the tag', () => {
    const [p, ...rest] = referenceProblems(ref, resolved({ tagMissing: true }), { threshold: 'CRITICAL' });
    assert.equal(rest.length, 0);
    assert.deepEqual(
      [p!.code, p!.severity, r(p!.range), debugText(p!.message)],
      ['tagNotFound', 'error', '0:56-0:61', 'references.tagNotFound("1.8.3", "api")'],
    );
  });

  it('reports a missing repository on the repository part', () => {
    const [p] = referenceProblems(ref, { state: 'repositoryMissing', fetchedAt: 0 }, { threshold: 'CRITICAL' });
    assert.deepEqual([p!.code, p!.severity, r(p!.range)], ['repositoryNotFound', 'error', '0:7-0:55']);
  });

  it('warns about findings at or above the threshold, and informs about a newer tag', () => {
    const scan = { status: 'COMPLETE', counts: { CRITICAL: 2, HIGH: 3, LOW: 7 } };
    const res = resolved({ tagImage: img(1, ['1.8.3'], scan), newerInLine: { tag: '1.8.4', image: img(2, ['1.8.4']) } });
    assert.deepEqual(
      referenceProblems(ref, res, { threshold: 'HIGH' }).map((p) => [p.code, p.severity, r(p.range), debugText(p.message)]),
      [
        ['vulnerable', 'warning', '0:7-0:61', 'references.vulnerable(5, "HIGH", "CRITICAL 2, HIGH 3")'],
        ['newerTag', 'information', '0:56-0:61', 'references.newerTag("1.8.4", "1.8.3")'],
      ],
    );
    assert.deepEqual(
      referenceProblems(ref, res, { threshold: 'none' }).map((p) => p.code),
      ['newerTag'],
    );
    const clean = resolved({ tagImage: img(1, ['1.8.3'], { counts: { LOW: 1 } }) });
    assert.deepEqual(referenceProblems(ref, clean, { threshold: 'CRITICAL' }), []);
  });

  it('says nothing for unavailable or unknown answers (the missing credentials are said once elsewhere)', () => {
    assert.deepEqual(referenceProblems(ref, undefined, { threshold: 'LOW' }), []);
    assert.deepEqual(
      referenceProblems(
        ref,
        { state: 'unavailable', problem: { code: 'noCredentials', message: message('aws.noCredentials', 'x') }, fetchedAt: 0 },
        { threshold: 'LOW' },
      ),
      [],
    );
  });

  it('warns when the tag moved away from the pinned digest, on the digest', () => {
    const pinned = `image: ${EU}/api:1.8.3@${digest(1)}\n`;
    const pref = only(pinned);
    const res = resolved({ tagImage: img(2, ['1.8.3']), digestImage: img(1, []), digestMismatch: true });
    const [p] = referenceProblems(pref, res, { threshold: 'CRITICAL' });
    assert.deepEqual([p!.code, p!.severity, r(p!.range)], ['digestMismatch', 'warning', '0:62-0:133']);
    assert.match(debugText(p!.message), /^references\.digestMismatch\("1\.8\.3", "sha256:000000000000", "sha256:000000000000"\)$/);
  });
});

describe('(unit) references quick fixes', () => {
  it('pins a tag to its digest in place', () => {
    const text = `image: "${EU}/api:1.8.3" # api\n`;
    const fixes = referenceFixes(only(text), resolved({ tagImage: img(7, ['1.8.3']) }));
    assert.deepEqual(
      fixes.map((f) => f.kind),
      ['pinDigest'],
    );
    assert.equal(apply(text, fixes[0]!.edits), `image: "${EU}/api:1.8.3@${digest(7)}" # api\n`);
  });

  it('pins an implicit latest with the tag written out, and an empty Helm digest key with a bare digest', () => {
    const text = `image: ${EU}/api\n`;
    const [pin] = referenceFixes(only(text), resolved({ tagImage: img(7, ['latest']) }));
    assert.equal(apply(text, pin!.edits), `image: ${EU}/api:latest@${digest(7)}\n`);
    const helm = `image:\n  registry: ${EU}\n  repository: api\n  tag: "1.8.3"\n  digest: ""\n`;
    const [hpin] = referenceFixes(only(helm), resolved({ tagImage: img(7, ['1.8.3']) }));
    assert.equal(apply(helm, hpin!.edits), `image:\n  registry: ${EU}\n  repository: api\n  tag: "1.8.3"\n  digest: "${digest(7)}"\n`);
  });

  it('updates to the newest tag of the line, moving a pinned digest along', () => {
    const text = `image: ${EU}/api:1.8.3@${digest(1)}\n`;
    const res = resolved({
      tagImage: img(1, ['1.8.3']),
      digestImage: img(1, ['1.8.3']),
      newerInLine: { tag: '1.8.4', image: img(2, ['1.8.4']) },
    });
    const fixes = referenceFixes(only(text), res);
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.fixes, f.preferred]),
      [['updateTag', 'newerTag', true]],
    );
    assert.equal(apply(text, fixes[0]!.edits), `image: ${EU}/api:1.8.4@${digest(2)}\n`);
  });

  it('updates the tag in a Dockerfile ARG where it is written', () => {
    const text = `ARG TAG=1.8.3\nFROM ${EU}/api:\${TAG}\n`;
    const res = resolved({ tagImage: img(1, ['1.8.3']), newerInLine: { tag: '1.9.0', image: img(2, ['1.9.0']) } });
    const update = referenceFixes(only(text, 'dockerfile'), res).find((f) => f.kind === 'updateTag')!;
    assert.equal(apply(text, update.edits), `ARG TAG=1.9.0\nFROM ${EU}/api:\${TAG}\n`);
  });

  it('removes or refreshes a stale digest', () => {
    const text = `image: ${EU}/api:1.8.3@${digest(1)}\n`;
    const res = resolved({ tagImage: img(2, ['1.8.3']), digestImage: img(1, []), digestMismatch: true });
    const fixes = referenceFixes(only(text), res);
    assert.deepEqual(
      fixes.map((f) => [f.kind, f.fixes]),
      [
        ['updateDigest', 'digestMismatch'],
        ['removeDigest', 'digestMismatch'],
      ],
    );
    assert.equal(apply(text, fixes[0]!.edits), `image: ${EU}/api:1.8.3@${digest(2)}\n`);
    assert.equal(apply(text, fixes[1]!.edits), `image: ${EU}/api:1.8.3\n`);
    const gone = referenceFixes(only(text), resolved({ tagImage: img(2, ['1.8.3']), digestMissing: true }));
    assert.deepEqual(
      gone.map((f) => [f.kind, f.fixes]),
      [
        ['updateDigest', 'digestNotFound'],
        ['removeDigest', 'digestNotFound'],
      ],
    );
  });

  it('offers nothing without an answer or for a missing tag', () => {
    const ref = only(`image: ${EU}/api:1.8.3\n`);
    assert.deepEqual(referenceFixes(ref, undefined), []);
    assert.deepEqual(referenceFixes(ref, resolved({ tagMissing: true })), []);
  });
});
