// Listing contenders: the data layer (EcrService from the shipped dist/aws.js), the floor (a bare loop of
// SigV4-signed fetch + JSON.parse doing the same calls) and the installed AWS CLI (paging by itself).
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import {
  ECRClient,
  paginateDescribeImages,
  paginateDescribeRepositories,
  type ImageDetail,
  type Repository as SdkRepository,
} from '@aws-sdk/client-ecr';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import type { Aws } from '../src/aws/load';
import type { EcrRegistry, Image, Repository } from '../src/model/types';
import { runProcess } from './stats';

export const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
export const PAGE = 1000;

export interface BenchEnv {
  /** Environment for SDK/CLI clients: dummy keys, empty shared files, no IMDS. */
  awsEnv: Record<string, string>;
  accessKeyId: string;
  secretAccessKey: string;
}

/** node:crypto behind the SDK's Checksum interface (what @smithy/hash-node does), for SignatureV4. */
class NodeSha256 implements Checksum {
  private h: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.h.digest());
  }
  reset(): void {
    this.h = this.fresh();
  }
}

function toBuffer(d: SourceData): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

/** The floor: the same JSON 1.1 requests the SDK sends, signed with SigV4, over global fetch, parsed with JSON.parse. */
export class FloorClient {
  private readonly signers = new Map<string, SignatureV4>();
  private readonly host: string;
  constructor(
    private readonly endpoint: string,
    private readonly env: BenchEnv,
  ) {
    this.host = new URL(endpoint).host;
  }

  private signer(region: string): SignatureV4 {
    let s = this.signers.get(region);
    if (!s) {
      s = new SignatureV4({
        credentials: { accessKeyId: this.env.accessKeyId, secretAccessKey: this.env.secretAccessKey },
        region,
        service: 'ecr',
        sha256: NodeSha256,
      });
      this.signers.set(region, s);
    }
    return s;
  }

  async call<T>(region: string, operation: string, input: Record<string, unknown>): Promise<T> {
    const url = new URL(this.endpoint);
    const signed = await this.signer(region).sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: this.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET_PREFIX + operation },
      body: JSON.stringify(input),
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') headers[k] = v;
    const res = await fetch(this.endpoint, { method: 'POST', headers, body: signed.body as string });
    const text = await res.text();
    if (!res.ok) throw new Error(`${operation}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }

  async listRepositories(region: string, registryId: string): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    let nextToken: string | undefined;
    do {
      const page: { repositories?: Array<Record<string, unknown>>; nextToken?: string } = await this.call(region, 'DescribeRepositories', {
        registryId,
        maxResults: PAGE,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const r of page.repositories ?? []) out.push(r);
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }

  async listImages(region: string, registryId: string, repositoryName: string): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    let nextToken: string | undefined;
    do {
      const page: { imageDetails?: Array<Record<string, unknown>>; nextToken?: string } = await this.call(region, 'DescribeImages', {
        registryId,
        repositoryName,
        maxResults: PAGE,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const d of page.imageDetails ?? []) out.push(d);
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }
}

/**
 * The SDK's own paginator with nothing of ours around it (no mapping, no sanitising, no sorting): splits the data
 * layer's overhead over the floor into the SDK's share and ours.
 */
export function bareSdkClient(endpoint: string, region: string, env: BenchEnv): ECRClient {
  return new ECRClient({
    region,
    endpoint,
    maxAttempts: 3,
    credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
  });
}

export async function sdkRepositories(client: ECRClient, registryId: string): Promise<SdkRepository[]> {
  const out: SdkRepository[] = [];
  for await (const page of paginateDescribeRepositories({ client, pageSize: PAGE }, { registryId }))
    for (const r of page.repositories ?? []) out.push(r);
  return out;
}

export async function sdkImages(client: ECRClient, registryId: string, repositoryName: string): Promise<ImageDetail[]> {
  const out: ImageDetail[] = [];
  for await (const page of paginateDescribeImages({ client, pageSize: PAGE }, { registryId, repositoryName }))
    for (const d of page.imageDetails ?? []) out.push(d);
  return out;
}

/** The data layer as the tree uses it: every page of a listing, items kept. */
export async function dataLayerRepositories(svc: InstanceType<Aws['EcrService']>, registry: EcrRegistry): Promise<Repository[]> {
  const out: Repository[] = [];
  for await (const page of svc.listRepositories(registry)) for (const r of page) out.push(r);
  return out;
}

export async function dataLayerImages(svc: InstanceType<Aws['EcrService']>, repo: Repository): Promise<Image[]> {
  const out: Image[] = [];
  for await (const page of svc.listImages(repo)) for (const i of page) out.push(i);
  return out;
}

export interface AwsCli {
  /** The real executable (a pyenv shim resolved, so the shim's own start-up is not charged to the CLI). */
  path: string;
  version: string;
  /** v2 has a pager to switch off; v1 has none (and rejects --no-cli-pager). */
  pagerArgs: string[];
}

export async function findAwsCli(env: NodeJS.ProcessEnv): Promise<AwsCli | undefined> {
  let bin = 'aws';
  const pyenv = await runProcess('pyenv', ['which', 'aws'], { env }).catch(() => undefined);
  if (pyenv?.code === 0 && pyenv.stdout.trim()) bin = pyenv.stdout.trim();
  const v = await runProcess(bin, ['--version'], { env }).catch(() => undefined);
  if (!v || v.code !== 0) return undefined;
  const version = (v.stdout + v.stderr).trim().split(/\s+/)[0] ?? 'aws-cli';
  return { path: bin, version, pagerArgs: /^aws-cli\/1\./.test(version) ? [] : ['--no-cli-pager'] };
}

/** `aws ecr <op> … --endpoint-url … --region …` with its own paging (`--page-size 1000`: the same calls). */
export async function awsCliList(
  cli: AwsCli,
  env: NodeJS.ProcessEnv,
  endpoint: string,
  region: string,
  args: string[],
  countKey: string,
): Promise<number> {
  const res = await runProcess(
    cli.path,
    ['ecr', ...args, '--page-size', String(PAGE), '--endpoint-url', endpoint, '--region', region, '--output', 'json', ...cli.pagerArgs],
    { env },
  );
  if (res.code !== 0) throw new Error(`aws ecr ${args[0]} failed (exit ${res.code}): ${res.stderr.trim().slice(0, 400)}`);
  // Count without re-parsing tens of MB: each item has exactly one such key.
  return res.stdout.split(`"${countKey}"`).length - 1;
}
