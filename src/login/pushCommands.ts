// Command lines for getting an image into a registry [pure]: `<cli> images` (listing), `tag`, `push` and `build`
// for docker, podman, finch and nerdctl, validated so that nothing from a name, a tag or a setting can become an
// option of the CLI; plus the echo of a command line with build-argument secrets masked.
import * as path from 'node:path';
import { message, type Message } from '../model/message';
import { sanitizeText } from '../model/sanitize';
import type { CliCommand, CliKind } from './cliBase';
import { executableFor, insecureFlags, normalizeHost, shellQuote } from './commandLines';

export type PushCommandMessageId =
  | 'push.invalidImageRef'
  | 'push.invalidPath'
  | 'push.invalidPlatform'
  | 'push.invalidBuildArgName'
  | 'push.invalidBuildArgValue'
  | 'push.noTags';

/** A failure of pure push code, carrying a structured message (rendered by src/l10n/). */
export class PushError extends Error {
  override readonly name = 'PushError';
  constructor(readonly detail: Message) {
    super(detail.id);
  }
}

const fail = (id: PushCommandMessageId, ...args: string[]): never => {
  throw new PushError(message(id, ...args));
};

export interface CliTarget {
  cli: CliKind;
  /** Custom executable path (setting ecrExplorer.containerCliPath); default: `cli` on PATH. */
  executable?: string;
  /** Extra arguments placed before the subcommand (setting ecrExplorer.containerCliArgs). */
  extraArgs?: string[];
}

export interface RegistryAccess {
  /** The registry speaks plain HTTP (honoured for loopback hosts only, like login). */
  plainHttp?: boolean;
  /** podman: directory with the registry's ca.crt. */
  certDir?: string;
}

const UNSAFE = /[\s\p{Cc}]/u;

/**
 * Checks an image reference for a CLI's argv: no option look-alike, no whitespace or controls, a registry host
 * that parses. Returns the host. `local` references (an image id or a local name) need no host.
 */
export function checkImageRef(ref: string, opts: { local?: boolean } = {}): string | undefined {
  if (!ref || ref.startsWith('-') || UNSAFE.test(ref) || ref.length > 512) fail('push.invalidImageRef', sanitizeText(ref, 200));
  if (opts.local) return undefined;
  const slash = ref.indexOf('/');
  if (slash <= 0) fail('push.invalidImageRef', sanitizeText(ref, 200));
  try {
    return normalizeHost(ref.slice(0, slash));
  } catch {
    return fail('push.invalidImageRef', sanitizeText(ref, 200));
  }
}

/** `<cli> images` in a machine-readable form: podman prints one JSON array, the others one object per line. */
export function buildImagesCommand(o: CliTarget): CliCommand {
  const format = o.cli === 'podman' ? ['--format', 'json'] : ['--no-trunc', '--format', '{{json .}}'];
  return { command: executableFor(o), args: [...(o.extraArgs ?? []), 'images', ...format] };
}

/** `<cli> tag <local image> <registry>/<repository>:<tag>`. */
export function buildTagCommand(o: CliTarget & { source: string; target: string }): CliCommand {
  checkImageRef(o.source, { local: true });
  checkImageRef(o.target);
  return { command: executableFor(o), args: [...(o.extraArgs ?? []), 'tag', o.source, o.target] };
}

/** `<cli> push [--tls-verify=false] <registry>/<repository>:<tag>`. */
export function buildPushCommand(o: CliTarget & RegistryAccess & { imageRef: string }): CliCommand {
  const host = checkImageRef(o.imageRef) as string;
  const flags = insecureFlags(o, host);
  return { command: executableFor(o), args: [...(o.extraArgs ?? []), ...flags.global, 'push', ...flags.sub, o.imageRef] };
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Platforms as the CLIs take them (`linux/amd64`, `linux/arm64/v8`); anything else is refused. */
export function checkPlatforms(platforms: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of platforms.map((x) => x.trim().toLowerCase()).filter(Boolean)) {
    if (!PLATFORM.test(p)) fail('push.invalidPlatform', sanitizeText(p, 100));
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

export interface BuildCommandOptions extends CliTarget {
  /** Absolute path of the Dockerfile/Containerfile. */
  file: string;
  /** Absolute path of the build context (usually the file's folder). */
  context: string;
  /** Full image references, e.g. `<registry>/<repository>:<tag>`. */
  tags: string[];
  /** e.g. ['linux/amd64', 'linux/arm64']; empty = the CLI's default. */
  platforms?: string[];
  /** Build arguments (setting ecrExplorer.build.args), in their order. */
  buildArgs?: Record<string, string>;
}

/** `<cli> build -f <file> -t <ref>… [--platform a,b] [--build-arg K=V]… <context>`. */
export function buildBuildCommand(o: BuildCommandOptions): CliCommand {
  for (const p of [o.file, o.context]) {
    if (!path.isAbsolute(p) || UNSAFE.test(p.replace(/ /g, '')) || p.includes('\0')) fail('push.invalidPath', sanitizeText(p, 300));
  }
  if (o.tags.length === 0) fail('push.noTags');
  const args = [...(o.extraArgs ?? []), 'build', '-f', o.file];
  for (const t of o.tags) {
    checkImageRef(t);
    args.push('-t', t);
  }
  const platforms = checkPlatforms(o.platforms ?? []);
  if (platforms.length > 0) args.push('--platform', platforms.join(','));
  for (const [name, value] of Object.entries(o.buildArgs ?? {})) {
    if (!BUILD_ARG_NAME.test(name)) fail('push.invalidBuildArgName', sanitizeText(name, 100));
    if (typeof value !== 'string' || value.includes('\0') || /[\r\n]/.test(value)) fail('push.invalidBuildArgValue', name);
    args.push('--build-arg', `${name}=${value}`);
  }
  // A context path starting with '-' is impossible: it is absolute.
  args.push(o.context);
  return { command: executableFor(o), args };
}

const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|AUTH|CERT|_KEY$|^KEY$)/i;

/**
 * Which build-argument values must never be shown: those of secret-looking names, and values that look like a
 * token (long, no spaces, letters and digits). They are masked in the echoed command line and redacted from the
 * CLI's output.
 */
export function secretBuildArgValues(buildArgs: Record<string, string> | undefined): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(buildArgs ?? {})) {
    if (typeof value !== 'string' || value.length === 0) continue;
    const tokenLike = value.length >= 16 && !/\s/.test(value) && /[A-Za-z]/.test(value) && /\d/.test(value);
    if (SECRET_NAME.test(name) || tokenLike) out.push(value);
  }
  return out;
}

/** The command line as the terminal echoes it: secret build-argument values become `***`, text sanitised. */
export function displayCommandLine(cmd: CliCommand, secrets: readonly string[] = []): string {
  const parts = [cmd.command, ...cmd.args].map((a, i, all) => {
    if (all[i - 1] === '--build-arg') {
      const eq = a.indexOf('=');
      const value = a.slice(eq + 1);
      if (eq > 0 && secrets.some((s) => s.length > 0 && value.includes(s))) return `${a.slice(0, eq)}=***`;
    }
    let shown = a;
    for (const s of secrets) if (s.length > 0) shown = shown.split(s).join('***');
    return shellQuote(shown);
  });
  return sanitizeText(parts.join(' '), 4000);
}

/** The digest a push reports (docker/nerdctl: `…: digest: sha256:… size: N`; podman: `Writing manifest…`, none). */
export function pushedDigestFromOutput(output: string): string | undefined {
  const m = /digest: (sha256:[0-9a-f]{64})/.exec(output);
  return m?.[1];
}
