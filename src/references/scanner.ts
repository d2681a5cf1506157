// The reference scanner's entry point: which files are scanned and how, and the per-document limit.
import { mayContainEcrHost } from './ecrHost';
import { scanDockerfile } from './dockerfileScanner';
import { LineIndex, MAX_REFERENCES_PER_DOCUMENT, type ImageReference } from './imageReference';
import { scanJson, scanTerraform } from './stringLiteralScanner';
import { scanYaml } from './yamlScanner';

export type FileKind = 'dockerfile' | 'yaml' | 'json' | 'terraform';

export { MAX_REFERENCES_PER_DOCUMENT } from './imageReference';

/** Documents larger than this are not scanned (generated files, lock files). */
export const MAX_SCANNED_LENGTH = 5 * 1024 * 1024;

export interface ScanResult {
  readonly references: readonly ImageReference[];
  /** More references than the limit: only the first `limit` are returned. */
  readonly truncated: boolean;
}

const LANGUAGE_KINDS: Readonly<Record<string, FileKind>> = {
  dockerfile: 'dockerfile',
  containerfile: 'dockerfile',
  yaml: 'yaml',
  dockercompose: 'yaml',
  'github-actions-workflow': 'yaml',
  helm: 'yaml',
  json: 'json',
  jsonc: 'json',
  terraform: 'terraform',
  'terraform-vars': 'terraform',
  hcl: 'terraform',
};

/** The kind of a document from its file name (and VS Code language id when known); undefined: not scanned. */
export function fileKindOf(fileName: string, languageId?: string): FileKind | undefined {
  const base = fileName.replace(/^.*[\\/]/, '');
  const lower = base.toLowerCase();
  if (/^(?:docker|container)file(?:\..+)?$/.test(lower) || /\.(?:docker|container)file$/.test(lower)) return 'dockerfile';
  if (/\.ya?ml$/.test(lower)) return 'yaml';
  if (/\.tf\.json$/.test(lower) || /\.jsonc?$/.test(lower)) return 'json';
  if (/\.(?:tf|tfvars|hcl)$/.test(lower)) return 'terraform';
  return languageId ? LANGUAGE_KINDS[languageId] : undefined;
}

/** Every ECR image reference in a document, in document order, with exact ranges. */
export function scanReferences(text: string, kind: FileKind, limit = MAX_REFERENCES_PER_DOCUMENT): ScanResult {
  if (text.length > MAX_SCANNED_LENGTH || !mayContainEcrHost(text)) return { references: [], truncated: false };
  const lines = new LineIndex(text);
  const refs =
    kind === 'dockerfile'
      ? scanDockerfile(text, lines, limit)
      : kind === 'yaml'
        ? scanYaml(text, lines, limit)
        : kind === 'json'
          ? scanJson(text, lines, limit)
          : scanTerraform(text, lines, limit);
  return refs.length > limit ? { references: refs.slice(0, limit), truncated: true } : { references: refs, truncated: false };
}
