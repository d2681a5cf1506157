// Image scanning calls: findings (all pages, normalised), StartImageScan, waiting for a scan with the SDK's
// waiter, the registry's scanning configuration; scan-specific errors become ScanProblemErrors.
import {
  DescribeImagesCommand,
  GetRegistryScanningConfigurationCommand,
  StartImageScanCommand,
  paginateDescribeImageScanFindings,
  waitUntilImageScanComplete,
  type DescribeImageScanFindingsCommandOutput,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import type { Message } from '../model/message';
import type { EcrRegistry, Image, ProblemCode, ProblemInfo, RegistrySource } from '../model/types';
import { scanMessage, type ScanMessageId } from '../scan/messages';
import type { ScanReport } from '../scan/model';
import { ScanReportBuilder } from '../scan/normalize';
import type { RegistryScanning, ScanFrequency } from '../scan/scanning';
import { PAGE_SIZE, repeatingTokenError, type EcrCalls } from './calls';
import { rawJsonClient } from './rawJson';
import { ProblemError, classifyAwsError, errorName, isAwsError, sanitizeText } from './problems';

/** What the scan calls need from EcrService: its clients and its error classification. */
export type ScanDeps = EcrCalls;

/** Why a scan call failed, beyond the general problems: drives the UI's offer (Scan Now, try again later…). */
export type ScanIssue =
  | { kind: 'neverScanned' }
  | { kind: 'scanLimit'; /** ms since epoch, when known. */ retryAt?: number }
  | { kind: 'unsupportedImage' }
  | { kind: 'manualScanUnavailable' }
  | { kind: 'scanFailed'; status: string }
  | { kind: 'waitTimeout' };

/** A scan-specific failure: `detail` is the structured message the UI renders; `problem` keeps the usual shape. */
export class ScanProblemError extends ProblemError {
  constructor(
    readonly issue: ScanIssue,
    readonly detail: Message<ScanMessageId>,
    code: ProblemCode,
    extra: Partial<ProblemInfo> = {},
  ) {
    super({ code, message: detail, ...extra });
  }
}

/**
 * By shape, not instanceof: the error comes from the lazily loaded AWS bundle, whose class is not the one a caller
 * in another bundle imports.
 */
export function isScanProblem(err: unknown): err is ScanProblemError {
  if (!(err instanceof Error) || err.name !== 'ProblemError') return false;
  const e = err as Partial<ScanProblemError>;
  return typeof e.issue === 'object' && e.issue !== null && typeof e.detail === 'object' && e.detail !== null;
}

export interface ScanState {
  status?: string;
  description?: string;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Give up after this long (default 30 minutes). */
  maxWaitSeconds?: number;
  /** Polling delays (the waiter backs off exponentially between them); defaults 5 s and 30 s. */
  minDelaySeconds?: number;
  maxDelaySeconds?: number;
  /** Called with each status the waiter sees (for progress). */
  onStatus?(state: ScanState): void;
}

/** ECR allows one manual scan per image per 24 hours. */
export const SCAN_INTERVAL_MS = 24 * 3_600_000;
/** Statuses after which waiting longer cannot produce findings. */
const DEAD_ENDS = new Set(['FAILED', 'UNSUPPORTED_IMAGE', 'SCAN_ELIGIBILITY_EXPIRED', 'FINDINGS_UNAVAILABLE']);

interface EcrTarget {
  registry: EcrRegistry;
  source: RegistrySource;
  repositoryName: string;
  digest: string;
  /** `repo:tag` (or `repo@sha256:…`) for messages, sanitised. */
  ref: string;
}

function targetOf(image: Image, tag?: string): EcrTarget {
  const repo = image.parent;
  const registry = repo.parent;
  if (registry.type !== 'ecr') throw new TypeError('image scans need an image of an ECR registry');
  const shown = tag ?? image.tags[0];
  const ref = sanitizeText(shown ? `${repo.name}:${shown}` : `${repo.name}@${image.digest.slice(0, 19)}`, 300);
  return { registry, source: registry.source, repositoryName: repo.name, digest: image.digest, ref };
}

function clean(value: unknown, max = 300): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? sanitizeText(value, max) : undefined;
}

export class ImageScans {
  constructor(private readonly deps: ScanDeps) {}

  /**
   * Every finding of an image's latest scan, normalised (paginator, 1000 per page: N findings cost ceil(N/1000)
   * calls). ScanNotFoundException → ScanProblemError 'neverScanned'. A repeated page token stops the listing.
   */
  async findings(image: Image, opts: { signal?: AbortSignal; tag?: string; limit?: number } = {}): Promise<ScanReport> {
    const t = targetOf(image, opts.tag);
    const builder = new ScanReportBuilder(opts.limit);
    const paginator = paginateDescribeImageScanFindings(
      { client: rawJsonClient(this.deps.client(t.source)), pageSize: PAGE_SIZE },
      { registryId: t.registry.registryId, repositoryName: t.repositoryName, imageId: { imageDigest: t.digest } },
      { abortSignal: opts.signal },
    );
    const seen = new Set<string>();
    const iterator = paginator[Symbol.asyncIterator]();
    // The next page is requested before this one is normalised, so the work overlaps the round trip. The client
    // hands over each page's findings as parsed JSON (rawJson.ts): the normaliser is their only reader.
    let pending: Promise<IteratorResult<DescribeImageScanFindingsCommandOutput>> | undefined = iterator.next();
    try {
      for (;;) {
        let step: IteratorResult<DescribeImageScanFindingsCommandOutput>;
        try {
          step = await (pending as Promise<IteratorResult<DescribeImageScanFindingsCommandOutput>>);
        } catch (err) {
          pending = undefined;
          throw await this.scanError(err, t, 'DescribeImageScanFindings', opts.signal);
        }
        pending = undefined;
        if (step.done) break;
        const token = step.value.nextToken;
        const repeated = token !== undefined && seen.has(token);
        if (token && !repeated) {
          seen.add(token);
          pending = iterator.next();
          // Rejections are handled when awaited above; until then, none may surface as unhandled.
          pending.catch(() => undefined);
          // Let the request go out before the CPU work below.
          await new Promise((resolve) => setImmediate(resolve));
        }
        builder.add(step.value);
        if (!token) break;
        if (repeated || builder.isTruncated) {
          if (!builder.isTruncated) {
            throw repeatingTokenError(t.source);
          }
          break;
        }
      }
    } finally {
      // A request still in flight (the listing stopped early) finishes before the paginator is closed.
      if (pending) await pending.catch(() => undefined);
      await iterator.return?.(undefined);
    }
    return builder.build();
  }

  /** StartImageScan; the returned state is usually IN_PROGRESS. */
  async start(image: Image, opts: { signal?: AbortSignal; tag?: string } = {}): Promise<ScanState> {
    const t = targetOf(image, opts.tag);
    try {
      const out = await this.deps.client(t.source).send(
        new StartImageScanCommand({
          registryId: t.registry.registryId,
          repositoryName: t.repositoryName,
          imageId: { imageDigest: t.digest },
        }),
        { abortSignal: opts.signal },
      );
      return { status: clean(out.imageScanStatus?.status, 64), description: clean(out.imageScanStatus?.description) };
    } catch (err) {
      if (isAwsError(err, 'LimitExceededException') && !opts.signal?.aborted) {
        const retryAt = await this.nextScanTime(t, opts.signal).catch(() => undefined);
        throw new ScanProblemError(
          { kind: 'scanLimit', ...(retryAt !== undefined ? { retryAt } : {}) },
          retryAt !== undefined
            ? scanMessage('scan.limit', t.ref, new Date(retryAt).toISOString())
            : scanMessage('scan.limitUnknown', t.ref),
          'throttled',
          { region: t.source.region },
        );
      }
      throw await this.scanError(err, t, 'StartImageScan', opts.signal);
    }
  }

  /** When the last scan (completion time) is 24 hours old: the earliest time ECR accepts another manual scan. */
  private async nextScanTime(t: EcrTarget, signal?: AbortSignal): Promise<number | undefined> {
    const out = await this.deps.client(t.source).send(
      new DescribeImagesCommand({
        registryId: t.registry.registryId,
        repositoryName: t.repositoryName,
        imageIds: [{ imageDigest: t.digest }],
      }),
      { abortSignal: signal },
    );
    const last = out.imageDetails?.[0]?.imageScanFindingsSummary?.imageScanCompletedAt;
    return last instanceof Date && Number.isFinite(last.getTime()) ? last.getTime() + SCAN_INTERVAL_MS : undefined;
  }

  /**
   * Waits until the image's scan is COMPLETE with the SDK's waiter (`waitUntilImageScanComplete`, exponential
   * back-off). The waiter would keep polling through errors and dead-end statuses until its time is up; here a
   * non-transient error or a FAILED / UNSUPPORTED_IMAGE / … status ends the wait at once. ACTIVE (enhanced,
   * continuous scanning) counts as done.
   */
  async waitForScan(image: Image, opts: WaitOptions & { tag?: string } = {}): Promise<ScanState> {
    const t = targetOf(image, opts.tag);
    const client = this.deps.client(t.source);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let fatal: unknown;
    let last: ScanState = {};
    let finished: ScanState | undefined;
    // The waiter only calls send(): a client whose send() watches each answer and stops the waiter when needed.
    const watched = Object.assign(Object.create(client) as ECRClient, {
      send: async (command: Parameters<ECRClient['send']>[0]): Promise<unknown> => {
        try {
          const out = (await client.send(command as never, { abortSignal: controller.signal })) as DescribeImageScanFindingsCommandOutput;
          last = { status: clean(out.imageScanStatus?.status, 64), description: clean(out.imageScanStatus?.description) };
          opts.onStatus?.(last);
          if (last.status === 'ACTIVE' || (last.status !== undefined && DEAD_ENDS.has(last.status))) {
            finished = last;
            controller.abort();
          }
          return out;
        } catch (err) {
          const name = errorName(err);
          const code = classifyAwsError(err).code;
          const transient = name === 'ScanNotFoundException' || ['throttled', 'unreachable', 'timeout', 'serverError'].includes(code);
          if (!transient && !controller.signal.aborted) {
            fatal = err;
            controller.abort();
          }
          throw err;
        }
      },
    });
    const maxWaitTime = opts.maxWaitSeconds ?? 1800;
    const minDelay = opts.minDelaySeconds ?? 5;
    try {
      const result = await waitUntilImageScanComplete(
        {
          client: watched,
          maxWaitTime,
          minDelay,
          maxDelay: Math.max(minDelay, opts.maxDelaySeconds ?? 30),
          abortSignal: controller.signal,
        },
        { registryId: t.registry.registryId, repositoryName: t.repositoryName, imageId: { imageDigest: t.digest } },
      );
      const reason = result.reason as DescribeImageScanFindingsCommandOutput | undefined;
      return { status: clean(reason?.imageScanStatus?.status, 64) ?? 'COMPLETE', description: clean(reason?.imageScanStatus?.description) };
    } catch (err) {
      if (opts.signal?.aborted) throw await this.deps.fail(err, t.source, 'DescribeImageScanFindings', opts.signal);
      if (fatal !== undefined) throw await this.scanError(fatal, t, 'DescribeImageScanFindings', opts.signal);
      const end = finished as ScanState | undefined;
      if (end?.status === 'ACTIVE') return end;
      if (end?.status !== undefined) {
        const kind = end.status === 'UNSUPPORTED_IMAGE' ? 'unsupportedImage' : 'scanFailed';
        throw new ScanProblemError(
          kind === 'unsupportedImage' ? { kind } : { kind, status: end.status },
          kind === 'unsupportedImage'
            ? scanMessage('scan.unsupported', t.ref, end.description ?? end.status)
            : scanMessage('scan.failed', t.ref, end.description ?? end.status),
          'unknown',
          { region: t.source.region, actionId: 'showLog' },
        );
      }
      if (isAwsError(err, 'TimeoutError')) {
        throw new ScanProblemError(
          { kind: 'waitTimeout' },
          scanMessage('scan.waitTimeout', t.ref, Math.round(maxWaitTime / 60)),
          'timeout',
          {
            region: t.source.region,
            actionId: 'retry',
          },
        );
      }
      // The waiter's own failure (FAILED seen by its acceptor before ours): its message embeds the response, so it is
      // never shown; the last status we saw says what happened.
      throw new ScanProblemError(
        { kind: 'scanFailed', status: last.status ?? 'FAILED' },
        scanMessage('scan.failed', t.ref, last.description ?? last.status ?? 'FAILED'),
        'unknown',
        { region: t.source.region, actionId: 'showLog' },
      );
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** GetRegistryScanningConfiguration: basic or enhanced, and the rules (frequency + wildcard filters). */
  async registryScanning(registry: EcrRegistry, opts: { signal?: AbortSignal } = {}): Promise<RegistryScanning> {
    try {
      const out = await this.deps
        .client(registry.source)
        .send(new GetRegistryScanningConfigurationCommand({}), { abortSignal: opts.signal });
      const cfg = out.scanningConfiguration;
      const frequencies: ScanFrequency[] = ['SCAN_ON_PUSH', 'CONTINUOUS_SCAN', 'MANUAL'];
      return {
        scanType: cfg?.scanType === 'ENHANCED' ? 'ENHANCED' : 'BASIC',
        rules: (cfg?.rules ?? [])
          .filter((r) => frequencies.includes(r.scanFrequency as ScanFrequency))
          .map((r) => ({
            frequency: r.scanFrequency as ScanFrequency,
            filters: (r.repositoryFilters ?? []).map((f) => clean(f.filter, 256)).filter((f): f is string => f !== undefined),
          })),
      };
    } catch (err) {
      throw await this.deps.fail(err, registry.source, 'GetRegistryScanningConfiguration', opts.signal);
    }
  }

  /** Scan-specific exceptions first, then the general classification of EcrService. */
  private async scanError(err: unknown, t: EcrTarget, operation: string, signal?: AbortSignal): Promise<ProblemError> {
    if (signal?.aborted || err instanceof ProblemError) return this.deps.fail(err, t.source, operation, signal);
    const region = { region: t.source.region };
    switch (errorName(err)) {
      case 'ScanNotFoundException':
        return new ScanProblemError({ kind: 'neverScanned' }, scanMessage('scan.neverScanned', t.ref), 'notFound', region);
      case 'UnsupportedImageTypeException':
        return new ScanProblemError({ kind: 'unsupportedImage' }, scanMessage('scan.unsupported', t.ref, ''), 'unknown', region);
      case 'ValidationException':
        if (operation === 'StartImageScan') {
          return new ScanProblemError({ kind: 'manualScanUnavailable' }, scanMessage('scan.manualUnavailable', t.ref), 'unknown', region);
        }
        break;
      default:
        break;
    }
    return this.deps.fail(err, t.source, operation, signal);
  }
}
