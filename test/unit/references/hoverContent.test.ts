// The hover's command links: Show Vulnerabilities only for an image with findings, with arguments that name the image
// shown (the pinned digest's, the tag only when it points there) and pass the commands' re-validation; every linked
// command listed for `enabledCommands`.
import { strict as assert } from 'node:assert';
import { debugText } from '../../../src/model/message';
import { parseReferenceCommandArgs } from '../../../src/references/commandArgs';
import { hoverContent } from '../../../src/references/hoverContent';
import type { ImageInfo, ReferenceResolution } from '../../../src/references/batches';
import { scanReferences } from '../../../src/references/scanner';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const EU = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const COMMANDS = { reveal: 'x.reveal', copyPinned: 'x.copy', showFindings: 'x.findings', chooseProfiles: 'x.profiles' };

function refOf(text: string) {
  return scanReferences(`image: ${text}\n`, 'yaml').references[0]!;
}

function resolved(tagImage: ImageInfo | undefined, digestImage?: ImageInfo): ReferenceResolution {
  return {
    state: 'resolved',
    ...(tagImage ? { tagImage } : {}),
    ...(digestImage ? { digestImage } : {}),
    tagMissing: false,
    digestMissing: false,
    digestMismatch: !!tagImage && !!digestImage && tagImage.digest !== digestImage.digest,
    versionsKnown: false,
    partial: false,
    fetchedAt: 0,
  };
}

/** The links of the Markdown: [command, decoded arguments]. */
function links(markdown: string): [string, unknown][] {
  return [...markdown.matchAll(/\]\(command:([^?)]+)\?([^)]*)\)/g)].map((m) => [m[1]!, JSON.parse(decodeURIComponent(m[2]!))]);
}

const vulnerable: ImageInfo = { digest: digest('a'), tags: ['1.8.3'], scan: { status: 'COMPLETE', counts: { CRITICAL: 2 } } };
const clean: ImageInfo = { digest: digest('b'), tags: ['1.8.4'], scan: { status: 'COMPLETE', counts: {} } };

describe('(unit) references hover links', () => {
  it('links Show Vulnerabilities for an image with findings, with arguments the command accepts', () => {
    const ref = refOf(`${EU}/payments/api:1.8.3`);
    const content = hoverContent({ ref, resolution: resolved(vulnerable), now: 0, render: debugText, commands: COMMANDS });
    const found = links(content.markdown);
    assert.deepEqual(
      found.map(([c]) => c),
      ['x.reveal', 'x.copy', 'x.findings'],
    );
    const args = found.find(([c]) => c === 'x.findings')![1] as unknown[];
    const expected = {
      host: EU,
      registryId: '123456789012',
      region: 'eu-west-1',
      repository: 'payments/api',
      tag: '1.8.3',
      digest: digest('a'),
    };
    assert.deepEqual(args, [expected]);
    assert.deepEqual(parseReferenceCommandArgs(args[0]), expected);
    assert.deepEqual([...content.commands].sort(), ['x.copy', 'x.findings', 'x.reveal']);
  });

  it('offers no Show Vulnerabilities without findings or without a scan', () => {
    const ref = refOf(`${EU}/payments/api:1.8.4`);
    for (const image of [clean, { digest: digest('c'), tags: ['1.8.4'] }]) {
      const content = hoverContent({ ref, resolution: resolved(image), now: 0, render: debugText, commands: COMMANDS });
      assert.ok(!content.commands.includes('x.findings'));
      assert.ok(!content.markdown.includes('command:x.findings'));
    }
  });

  it('names the pinned image, without the tag when the tag moved elsewhere', () => {
    const ref = refOf(`${EU}/payments/api:1.8.4@${digest('a')}`);
    const content = hoverContent({ ref, resolution: resolved(clean, vulnerable), now: 0, render: debugText, commands: COMMANDS });
    const args = links(content.markdown).find(([c]) => c === 'x.findings')![1];
    assert.deepEqual(args, [
      { host: EU, registryId: '123456789012', region: 'eu-west-1', repository: 'payments/api', digest: digest('a') },
    ]);
  });

  it('lists the scan counts worst first, whatever order the server sent them in', () => {
    const ref = refOf(`${EU}/payments/api:1.8.3`);
    const image: ImageInfo = {
      digest: digest('d'),
      tags: ['1.8.3'],
      scan: { status: 'COMPLETE', counts: { LOW: 3, CRITICAL: 1, MEDIUM: 2 } },
    };
    const content = hoverContent({ ref, resolution: resolved(image), now: 0, render: debugText, commands: COMMANDS });
    assert.match(content.markdown, /CRITICAL 1 · MEDIUM 2 · LOW 3/);
  });
});
