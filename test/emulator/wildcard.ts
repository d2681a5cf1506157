// Tag wildcard matching as ECR does it for lifecycle tagPatternList and tag mutability exclusion filters:
// `*` matches any run of characters (also none), everything else literally, over the whole tag. Segment scanning
// instead of a RegExp keeps it linear in the tag length whatever the pattern (no backtracking).

export function wildcardMatch(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    if (part === '') continue;
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** Number of `*` in a pattern (ECR allows at most four per tagPatternList entry). */
export const wildcardCount = (pattern: string): number => pattern.split('*').length - 1;
