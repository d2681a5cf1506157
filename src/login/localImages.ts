// The local images a container CLI lists [pure], parsed defensively from `<cli> images` JSON: podman prints one
// array (Names, Id, Size, Created), docker/nerdctl/finch one object per line (Repository, Tag, ID, Size as text,
// CreatedAt). Anything malformed is skipped, names are kept only when they are plain image references (so they are
// safe in an argv and on screen), and dangling images come last.
import type { CliKind } from './cliBase';

export interface LocalImage {
  /** What `<cli> tag` takes as its source: `repository:tag` for a named image, else the image id. */
  ref: string;
  /** e.g. `localhost/app` or `nginx`; undefined for a dangling image. */
  repository?: string;
  /** undefined for a dangling image. */
  tag?: string;
  /** Image id (without `sha256:`), possibly shortened by the CLI. */
  id: string;
  /** Repository digest when the CLI knows one. */
  digest?: string;
  sizeBytes?: number;
  createdAt?: Date;
  /** No repository and tag (`<none>:<none>`). */
  dangling: boolean;
}

/** At most this many images are kept (a machine with more is unusual; the pick stays responsive). */
export const MAX_LOCAL_IMAGES = 2000;
const MAX_OUTPUT_CHARS = 16 * 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const SAFE_REF = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,400}$/;
const NONE = '<none>';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `187MB`, `1.2 GiB`, `3.54kB`, `512B` or a number → bytes; undefined when it cannot be read. */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b)?\s*$/i.exec(v);
  if (!m) return undefined;
  const unit = UNITS[(m[2] ?? 'b').toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

function parseDate(v: unknown): Date | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return new Date(v < 1e12 ? v * 1000 : v);
  if (typeof v !== 'string') return undefined;
  // docker: "2024-05-01 10:20:30 +0000 UTC"
  const cleaned = v.replace(/ ([+-]\d{4}) [A-Z]{2,5}$/, ' $1').replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T');
  const t = Date.parse(cleaned.replace(/T(\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/, 'T$1$2:$3'));
  return Number.isNaN(t) ? undefined : new Date(t);
}

function shortId(v: unknown): string | undefined {
  const id = typeof v === 'string' ? v.replace(/^sha256:/, '') : undefined;
  return id && /^[0-9a-f]{6,64}$/.test(id) ? id : undefined;
}

/** Splits `repo:tag` at the last colon after the last slash (a registry port is not a tag). */
function splitName(name: string): { repository: string; tag?: string } {
  const at = name.indexOf('@');
  const base = at >= 0 ? name.slice(0, at) : name;
  const colon = base.lastIndexOf(':');
  if (colon > base.lastIndexOf('/')) return { repository: base.slice(0, colon), tag: base.slice(colon + 1) };
  return { repository: base };
}

function named(repository: string | undefined, tag: string | undefined): { repository: string; tag: string } | undefined {
  if (!repository || !tag || repository === NONE || tag === NONE) return undefined;
  const ref = `${repository}:${tag}`;
  return SAFE_REF.test(ref) ? { repository, tag } : undefined;
}

function fromPodman(entry: Json): LocalImage[] {
  const id = shortId(entry.Id ?? entry.ID);
  if (!id) return [];
  const common = {
    id,
    digest: typeof entry.Digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(entry.Digest) ? entry.Digest : undefined,
    sizeBytes: parseSize(entry.Size),
    createdAt: parseDate(entry.Created) ?? parseDate(entry.CreatedAt),
  };
  const names = Array.isArray(entry.Names) ? entry.Names : Array.isArray(entry.RepoTags) ? entry.RepoTags : [];
  const out: LocalImage[] = [];
  for (const n of names) {
    if (typeof n !== 'string') continue;
    const { repository, tag } = splitName(n);
    const ok = named(repository, tag);
    if (ok) out.push({ ...common, ref: `${ok.repository}:${ok.tag}`, repository: ok.repository, tag: ok.tag, dangling: false });
  }
  if (out.length === 0) out.push({ ...common, ref: id, dangling: true });
  return out;
}

function fromLine(entry: Json): LocalImage[] {
  const id = shortId(entry.ID ?? entry.Id);
  if (!id) return [];
  const ok = named(
    typeof entry.Repository === 'string' ? entry.Repository : undefined,
    typeof entry.Tag === 'string' ? entry.Tag : undefined,
  );
  const digest = typeof entry.Digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(entry.Digest) ? entry.Digest : undefined;
  const base = { id, digest, sizeBytes: parseSize(entry.Size), createdAt: parseDate(entry.CreatedAt) };
  return ok
    ? [{ ...base, ref: `${ok.repository}:${ok.tag}`, repository: ok.repository, tag: ok.tag, dangling: false }]
    : [{ ...base, ref: id, dangling: true }];
}

/**
 * Local images from `<cli> images` output (see buildImagesCommand). Named images first (newest first, then by
 * name), dangling images last; duplicates (the same name twice) removed.
 */
export function parseLocalImages(cli: CliKind, output: string): LocalImage[] {
  const raw = output.length > MAX_OUTPUT_CHARS ? output.slice(0, MAX_OUTPUT_CHARS) : output;
  const entries: Json[] = [];
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) for (const e of parsed) if (isObject(e)) entries.push(e);
    } catch {
      // not one array: fall through to line by line
    }
  }
  if (entries.length === 0) {
    for (const line of trimmed.split(/\r?\n/)) {
      const l = line.trim();
      if (!l.startsWith('{')) continue;
      try {
        const e: unknown = JSON.parse(l);
        if (isObject(e)) entries.push(e);
      } catch {
        // a line that is not JSON (a warning) is skipped
      }
    }
  }
  const podmanShape = cli === 'podman' || entries.some((e) => 'Names' in e || 'RepoTags' in e);
  const seen = new Set<string>();
  const images: LocalImage[] = [];
  for (const e of entries) {
    for (const img of podmanShape && !('Repository' in e) ? fromPodman(e) : fromLine(e)) {
      if (seen.has(img.ref)) continue;
      seen.add(img.ref);
      images.push(img);
      if (images.length >= MAX_LOCAL_IMAGES) break;
    }
    if (images.length >= MAX_LOCAL_IMAGES) break;
  }
  const time = (i: LocalImage) => i.createdAt?.getTime() ?? 0;
  return images.sort((a, b) => Number(a.dangling) - Number(b.dangling) || time(b) - time(a) || a.ref.localeCompare(b.ref));
}
