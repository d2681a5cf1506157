// "A newer tag in the same line": tags read as versions (`1.8.3`, `v2.4`, `20.11.1-alpine`), compared numerically.
// A line keeps the prefix (`v`), the number of numeric parts, the suffix (`-alpine`, `-prod`) and the major version
// (for 0.x also the minor version, which semver treats as breaking there). Pre-releases never count as newer.

export interface TagVersion {
  readonly prefix: string;
  readonly numbers: readonly number[];
  readonly suffix: string;
}

const VERSION_RE = /^([A-Za-z]*?)(\d{1,9}(?:\.\d{1,9}){1,3})((?:[-_+][A-Za-z0-9._-]*)?)$/;
const PRERELEASE_RE = /^-(?:alpha|beta|rc|pre|preview|dev|snapshot|canary|nightly)(?:[.\-_]?\d*)*$/i;

/** The version a tag spells, or undefined (`latest`, `main`, commit hashes, dates without dots). */
export function parseTagVersion(tag: string): TagVersion | undefined {
  const m = VERSION_RE.exec(tag);
  if (!m) return undefined;
  return { prefix: m[1]!, numbers: m[2]!.split('.').map(Number), suffix: m[3]! };
}

export function isPrerelease(v: TagVersion): boolean {
  return PRERELEASE_RE.test(v.suffix);
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function sameLine(current: TagVersion, candidate: TagVersion): boolean {
  if (candidate.prefix !== current.prefix || candidate.numbers.length !== current.numbers.length) return false;
  if (candidate.numbers[0] !== current.numbers[0]) return false;
  if (current.numbers[0] === 0 && candidate.numbers[1] !== current.numbers[1]) return false;
  if (isPrerelease(candidate)) return false;
  // A pre-release's line is its release: 1.9.0-rc.1 → 1.9.0 and later releases of 1.x.
  return isPrerelease(current) ? candidate.suffix === '' : candidate.suffix === current.suffix;
}

/** The highest tag of `tags` in the same line as `current` and newer than it; undefined when it is the newest. */
export function newestInLine(current: string, tags: Iterable<string>): string | undefined {
  const cur = parseTagVersion(current);
  if (!cur) return undefined;
  let best: { tag: string; v: TagVersion } | undefined;
  for (const tag of tags) {
    const v = parseTagVersion(tag);
    if (!v || !sameLine(cur, v)) continue;
    const vsCurrent = compareNumbers(v.numbers, cur.numbers);
    if (vsCurrent < 0 || (vsCurrent === 0 && !isPrerelease(cur))) continue;
    if (!best || compareNumbers(v.numbers, best.v.numbers) > 0 || (compareNumbers(v.numbers, best.v.numbers) === 0 && tag < best.tag)) {
      best = { tag, v };
    }
  }
  return best?.tag;
}
