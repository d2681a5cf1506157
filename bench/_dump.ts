import { readFileSync } from 'node:fs';
import { scanReferences, fileKindOf } from '../src/references/scanner';
for (const f of process.argv.slice(2)) {
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n');
  const r = scanReferences(text, fileKindOf(f)!);
  console.log('==', f, r.truncated);
  const at = (rg: any) => rg ? `${rg.start.line}:${rg.start.character}-${rg.end.line}:${rg.end.character} ${JSON.stringify(rg.start.line===rg.end.line ? lines[rg.start.line].slice(rg.start.character, rg.end.character) : '?')}` : '-';
  for (const ref of r.references) {
    console.log(ref.uri, ref.source, ref.implicitLatest ? 'IMPLICIT' : '');
    console.log('   range', at(ref.range), '| repo', at(ref.repositoryRange), '| tag', at(ref.tagRange), '| digest', at(ref.digestRange), '| rm', at(ref.digestRemovalRange), '| pin', ref.pinPosition ? `${ref.pinPosition.line}:${ref.pinPosition.character}` : '-', '| others', (ref.otherRanges ?? []).map(at).join(', '));
  }
}
