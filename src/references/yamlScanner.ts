// Image references in YAML (Compose, Kubernetes, Helm values, GitHub Actions workflows, CloudFormation): read with
// the `yaml` package. The fast path walks the package's lexer tokens (every scalar with its exact offset); only
// documents that need structure (Helm `repository:`/`tag:` pairs, `image:` without a tag) are composed into nodes.
import { isScalar, Lexer, parseAllDocuments, visit, type Pair, type Scalar } from 'yaml';
import { parseEcrHost } from './ecrHost';
import { identityAt, referenceFromParsed, type ImageReference, type LineIndex, type TextRange } from './imageReference';
import { isTemplated, parseImageText, parseRepositoryText } from './imageText';

/** Keys whose untagged ECR value means `:latest` (Compose/Kubernetes/Actions `image`, CloudFormation `Image`/`ImageUri`). */
const IMAGE_KEYS = new Set(['image', 'Image', 'ImageUri', 'container']);

/** The lexer's control tokens: they mark structure and take no room in the source. */
const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

interface Literal {
  /** Offset of the first character of the value (inside quotes). */
  offset: number;
  value: string;
}

/**
 * The text of a scalar token when it is a literal: a single-line plain scalar, or a single-line quoted scalar without
 * escapes. Anything else (escapes, folding, block scalars) would make offsets guesswork, so it is skipped.
 */
function literalOfToken(token: string, offset: number, plain: boolean): Literal | undefined {
  if (token.includes('\n') || token.includes('\r')) return undefined;
  if (plain) return { offset, value: token };
  const quote = token[0];
  if ((quote !== '"' && quote !== "'") || token.length < 2 || token[token.length - 1] !== quote) return undefined;
  const inner = token.slice(1, -1);
  if (quote === '"' && inner.includes('\\')) return undefined;
  if (quote === "'" && inner.includes("'")) return undefined;
  return { offset: offset + 1, value: inner };
}

/** The literal text of a composed scalar node (same rules as literalOfToken), read from the source by its range. */
function literalOfNode(text: string, node: Scalar): Literal | undefined {
  const range = node.range;
  if (!range) return undefined;
  const raw = text.slice(range[0], range[1]);
  const type = node.type;
  if (type !== 'PLAIN' && type !== 'QUOTE_DOUBLE' && type !== 'QUOTE_SINGLE') return undefined;
  return literalOfToken(raw, range[0], type === 'PLAIN');
}

export function scanYaml(text: string, lines: LineIndex, limit: number): ImageReference[] {
  const refs: ImageReference[] = [];
  let needsStructure = false;
  let offset = 0;
  let scalarNext = false;
  let afterBlockHeader = false;
  for (const token of new Lexer().lex(text)) {
    if (CONTROL_TOKENS.has(token)) {
      if (token === '\x1f') scalarNext = true;
      continue;
    }
    const start = offset;
    offset += token.length;
    const first = token[0];
    const plain = scalarNext;
    scalarNext = false;
    if (first === '|' || first === '>') {
      afterBlockHeader = !plain && /^[|>][-+0-9]*$/.test(token);
      continue;
    }
    const quoted = !plain && (first === '"' || first === "'");
    if (!plain && !quoted) continue;
    if (plain && afterBlockHeader) {
      afterBlockHeader = false;
      continue;
    }
    afterBlockHeader = false;
    // Every ECR host has "ecr" in it: most scalars (keys, names, numbers) stop here.
    if (token.length < 12 || !(token.includes('ecr') || token.includes('ECR'))) continue;
    // The lexer's tokens are slices of the source; if that ever stops holding, positions would be wrong: compose instead.
    if (!text.startsWith(token, start)) return scanComposed(text, lines, limit);
    const literal = literalOfToken(token, start, plain);
    if (!literal) continue;
    const parsed = parseImageText(literal.value, { allowDockerScheme: true });
    if (parsed) {
      if (parsed.tag === undefined && parsed.digest === undefined) needsStructure = true;
      else refs.push(referenceFromParsed(parsed, lines, identityAt(literal.offset), 'yaml'));
    } else if (!isTemplated(literal.value) && parseEcrHost(literal.value)) {
      needsStructure = true; // a `registry:` key of a Helm image block
    }
    if (refs.length > limit) return refs;
  }
  if (!needsStructure) return refs;
  return mergeByPosition(refs, structuredReferences(text, lines));
}

/** Everything through composed documents: used when the lexer path cannot vouch for its offsets. */
function scanComposed(text: string, lines: LineIndex, limit: number): ImageReference[] {
  const refs: ImageReference[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    visit(doc, {
      Scalar(_key, node) {
        if (refs.length > limit) return visit.BREAK;
        const literal = literalOfNode(text, node);
        const parsed = literal && parseImageText(literal.value, { allowDockerScheme: true });
        if (literal && parsed && (parsed.tag !== undefined || parsed.digest !== undefined)) {
          refs.push(referenceFromParsed(parsed, lines, identityAt(literal.offset), 'yaml'));
        }
        return undefined;
      },
    });
  }
  return mergeByPosition(refs, structuredReferences(text, lines));
}

function keyName(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

function scalarValue(pair: Pair | undefined): Scalar | undefined {
  return pair && isScalar(pair.value) ? pair.value : undefined;
}

/** References that need the mapping around them: Helm image blocks and untagged `image:` values. */
function structuredReferences(text: string, lines: LineIndex): ImageReference[] {
  const refs: ImageReference[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    visit(doc, {
      Map(_key, map) {
        const pairs = new Map<string, Pair>();
        for (const item of map.items) {
          const name = keyName(item as Pair);
          if (name !== undefined) pairs.set(name, item as Pair);
        }
        const helm = helmReference(text, lines, pairs);
        if (helm) refs.push(helm);
        for (const [name, pair] of pairs) {
          if (!IMAGE_KEYS.has(name)) continue;
          const node = scalarValue(pair);
          const literal = node && literalOfNode(text, node);
          const parsed = literal && parseRepositoryText(literal.value);
          if (literal && parsed)
            refs.push(referenceFromParsed(parsed, lines, identityAt(literal.offset), 'yaml', { implicitLatest: true }));
        }
        return undefined;
      },
    });
  }
  return refs;
}

/**
 * A Helm-style image block in one mapping: `repository: <ecr host>/<name>` (or `registry: <ecr host>` +
 * `repository: <name>`), `tag: <tag>` and optionally `digest: sha256:…`.
 */
function helmReference(text: string, lines: LineIndex, pairs: Map<string, Pair>): ImageReference | undefined {
  const repoNode = scalarValue(pairs.get('repository'));
  const tagNode = scalarValue(pairs.get('tag'));
  if (!repoNode || !tagNode) return undefined;
  const repo = literalOfNode(text, repoNode);
  const tag = literalOfNode(text, tagNode);
  if (!repo || !tag || isTemplated(tag.value) || tag.value.includes('@')) return undefined;
  const registryNode = scalarValue(pairs.get('registry'));
  let hostLiteral: Literal | undefined;
  if (registryNode) {
    hostLiteral = literalOfNode(text, registryNode);
    if (!hostLiteral) return undefined;
  }
  // Parse `host/repository:tag` assembled from the parts, then map each part back to its own scalar.
  const hostText = hostLiteral ? `${hostLiteral.value}/` : '';
  const combined = `${hostText}${repo.value}:${tag.value}`;
  const digestNode = scalarValue(pairs.get('digest'));
  const digest = digestNode ? literalOfNode(text, digestNode) : undefined;
  const withDigest = digest && digest.value ? `${combined}@${digest.value}` : combined;
  const parsed = parseImageText(withDigest);
  if (!parsed || parsed.tag === undefined) return undefined;
  const repoStart = hostText.length;
  const tagStart = repoStart + repo.value.length + 1;
  const digestStart = tagStart + tag.value.length + 1;
  const map = (i: number): number => {
    if (i < repoStart) return hostLiteral!.offset + i;
    if (i < tagStart) return repo.offset + (i - repoStart);
    if (i < digestStart) return tag.offset + (i - tagStart);
    return digest!.offset + (i - digestStart);
  };
  const sameSource = (s: readonly [number, number]): boolean =>
    (s[0] >= repoStart && s[1] <= tagStart - 1) || (s[0] >= tagStart && s[1] <= digestStart - 1) || s[0] >= digestStart;
  const repoRange = lines.range(repo.offset, repo.offset + repo.value.length);
  const tagRange = lines.range(tag.offset, tag.offset + tag.value.length);
  const ref = referenceFromParsed(parsed, lines, map, 'helm', { contiguous: sameSource, range: repoRange });
  const others: TextRange[] = [tagRange];
  if (hostLiteral) others.push(lines.range(hostLiteral.offset, hostLiteral.offset + hostLiteral.value.length));
  const digestRange = digest && digest.value ? lines.range(digest.offset, digest.offset + digest.value.length) : undefined;
  if (digestRange) others.push(digestRange);
  return {
    ...ref,
    otherRanges: others,
    // In a Helm block the digest has its own key: removing it empties that value.
    ...(digestRange ? { digestRange, digestRemovalRange: digestRange } : {}),
    // An empty `digest:` value is where a pinned digest goes (charts render `repository@digest` from it).
    ...(digest && !digest.value ? { pinPosition: lines.position(digest.offset), pinIntoDigestKey: true } : {}),
  };
}

/** Both lists in document order without duplicates (same start position). */
function mergeByPosition(a: ImageReference[], b: ImageReference[]): ImageReference[] {
  const seen = new Set(a.map((r) => `${r.range.start.line}:${r.range.start.character}`));
  const out = a.concat(b.filter((r) => !seen.has(`${r.range.start.line}:${r.range.start.character}`)));
  out.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  return out;
}
