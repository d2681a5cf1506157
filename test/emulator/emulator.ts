// The project's ECR emulator: ECR API (AWS JSON 1.1), Registry HTTP API v2 and the /_emulator control API on one
// port of 127.0.0.1, with seeding, scale data, fault injection and per-operation call counters.
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { EcrError, OPERATION_NAMES, operations, registryHost, type CallContext } from './ecrApi';
import { handleV2, v2Error, v2Operation, type V2Auth, type V2Response } from './registryApi';
import { handleV2Write, isV2Write } from './registryUpload';
import { REPO_NAME_RE, Store, type ImageRecord } from './state';
import { demoSeed, DEMO_ACCESS_KEYS, DEMO_SCALE } from './demo';
import type {
  EmulatorOptions,
  EmulatorSummary,
  FaultSpec,
  ImageSeed,
  Location,
  RegistryScanningSeed,
  RepositorySeed,
  ScaleSpec,
  ScanBehaviour,
  SeedSpec,
} from './types';

export type * from './types';

const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';
const TWELVE_HOURS = 12 * 60 * 60 * 1000;
const MAX_BODY = 8 * 1024 * 1024;
const TEN_MB = 10 * 1024 * 1024;

interface ActiveFault extends FaultSpec {
  remaining: number;
  /** Matching requests still let through before the fault applies. */
  skip: number;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class Emulator {
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;
  private readonly store = new Store();
  private readonly counters = new Map<string, number>();
  private faults: ActiveFault[] = [];
  private readonly secret = randomBytes(32);
  private readonly expiries = new Map<string, number>();
  private readonly accessKeys: Map<string, string>;
  private tokenLifetimeMs: number;
  private proxyEndpointOverride?: string;
  readonly defaultAccountId: string;
  readonly defaultRegion: string;
  /** The clock; replace to freeze or advance time in tests. */
  now: () => number;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.defaultAccountId = options.defaultAccountId ?? DEFAULT_ACCOUNT;
    this.defaultRegion = options.defaultRegion ?? DEFAULT_REGION;
    this.accessKeys = new Map(Object.entries(options.accessKeys ?? {}));
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? TWELVE_HOURS;
    this.proxyEndpointOverride = options.proxyEndpoint;
    this.now = options.now ?? Date.now;
    this.store.ensureAccount(this.defaultAccountId, this.defaultRegion);
    if (options.scans) this.store.scans = { ...options.scans };
    if (options.seed === 'demo') this.seedDemo();
    else if (options.seed) this.seed(options.seed);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  get port(): number {
    return this.boundPort;
  }

  /** http://127.0.0.1:PORT (valid after listen()). */
  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get controlUrl(): string {
    return `${this.url}/_emulator`;
  }

  async listen(port = this.options.port ?? 0): Promise<void> {
    if (this.server) return;
    const server = http.createServer({ keepAlive: true }, (req, res) => {
      this.dispatch(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify({ __type: 'ServerException', message: `emulator error: ${String(err)}` }));
        } else {
          res.destroy();
        }
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : 0;
  }

  /** Stops listening and destroys open connections. Idempotent. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  // ---- configuration -----------------------------------------------------------------------------------------

  /** GetAuthorizationToken lifetime (ms); negative values issue already-expired tokens. */
  setTokenLifetime(ms: number): void {
    this.tokenLifetimeMs = ms;
  }

  get tokenLifetime(): number {
    return this.tokenLifetimeMs;
  }

  /** proxyEndpoint in GetAuthorizationToken; undefined = the emulator's own URL. */
  setProxyEndpoint(url: string | undefined): void {
    this.proxyEndpointOverride = url;
  }

  get proxyEndpoint(): string {
    return this.proxyEndpointOverride ?? this.url;
  }

  /** Requests signed with this access key id act as `accountId`. */
  mapAccessKey(accessKeyId: string, accountId: string): void {
    this.accessKeys.set(accessKeyId, accountId);
    this.store.ensureAccount(accountId, this.defaultRegion);
  }

  /**
   * Lifecycle policy previews stay IN_PROGRESS for `delayMs` of emulator time (default 1000) after
   * StartLifecyclePolicyPreview; with `fail` they end FAILED instead of COMPLETE. reset() restores the defaults.
   */
  setLifecyclePreview(opts: { delayMs?: number; fail?: boolean }): void {
    Object.assign(this.store.lifecyclePreviewSettings, opts);
  }

  /** Registers an (empty) account so cross-account calls to it succeed. */
  addAccount(accountId: string, region = this.defaultRegion): void {
    assertAccount(accountId);
    this.store.ensureAccount(accountId, region);
  }

  // ---- tokens ------------------------------------------------------------------------------------------------

  /**
   * The registry password (what GetAuthorizationToken wraps as base64 `AWS:<password>`) for `registryId` in
   * `region`. It is stable for the emulator's lifetime so tests can compare it with what a client decoded; each
   * issue (API call or this method) moves that registry's expiry to now + token lifetime.
   */
  passwordFor(registryId: string = this.defaultAccountId, region: string = this.defaultRegion): string {
    return this.issuePassword(registryId, region, this.now() + this.tokenLifetimeMs);
  }

  /** base64(`AWS:<password>`), as returned in authorizationToken. */
  authorizationTokenFor(registryId: string = this.defaultAccountId, region: string = this.defaultRegion): string {
    return Buffer.from(`AWS:${this.passwordFor(registryId, region)}`).toString('base64');
  }

  /** When the password of `registryId`/`region` stops working on /v2 (ms), if one was issued. */
  tokenExpiresAt(registryId: string = this.defaultAccountId, region: string = this.defaultRegion): number | undefined {
    return this.expiries.get(`${registryId}|${region}`);
  }

  // Shaped like a real ECR password (base64 JSON with payload/datakey/version/type), derived with an HMAC from a
  // per-emulator secret, so verifying it needs no table; only the latest expiry per registry is kept.
  private issuePassword(registryId: string, region: string, expiresAt: number): string {
    this.expiries.set(`${registryId}|${region}`, expiresAt);
    const claims = { r: registryId, g: region };
    const payload = Buffer.concat(
      [0, 1, 2, 3, 4, 5].map((k) => createHmac('sha256', this.secret).update(`payload|${k}|${registryId}|${region}`).digest()),
    ).toString('base64');
    const doc = { payload, datakey: this.mac(payload, claims), version: '2', type: 'DATA_KEY', claims };
    return Buffer.from(JSON.stringify(doc)).toString('base64');
  }

  private mac(payload: string, claims: { r: string; g: string }): string {
    return createHmac('sha256', this.secret).update(`${payload}|${claims.r}|${claims.g}`).digest('base64');
  }

  private verifyPassword(username: string, password: string): V2Auth | 'expired' | undefined {
    if (username !== 'AWS') return undefined;
    try {
      const doc = JSON.parse(Buffer.from(password, 'base64').toString('utf8')) as {
        payload?: unknown;
        datakey?: unknown;
        claims?: { r?: unknown; g?: unknown };
      };
      const c = doc.claims;
      if (typeof doc.payload !== 'string' || typeof doc.datakey !== 'string' || !c || typeof c.r !== 'string' || typeof c.g !== 'string')
        return undefined;
      const expected = Buffer.from(this.mac(doc.payload, { r: c.r, g: c.g }));
      const got = Buffer.from(doc.datakey);
      if (expected.length !== got.length || !timingSafeEqual(expected, got)) return undefined;
      const expiresAt = this.expiries.get(`${c.r}|${c.g}`);
      if (expiresAt === undefined || expiresAt <= this.now()) return 'expired';
      return { registryId: c.r, region: c.g };
    } catch {
      return undefined;
    }
  }

  // ---- seeding -----------------------------------------------------------------------------------------------

  /**
   * Adds repositories and images (existing repositories are kept; their images are added to).
   * `validateNames: false` (test-only, for hostile-input tests) accepts names real ECR would reject: escape
   * sequences, control characters, bidi overrides, very long names.
   */
  seed(spec: SeedSpec, opts: { validateNames?: boolean } = {}): void {
    const now = this.now();
    for (const r of spec.repositories) {
      if (r.accountId) assertAccount(r.accountId);
      this.store.seedRepository(r, { accountId: this.defaultAccountId, region: this.defaultRegion }, now, opts.validateNames !== false);
    }
    for (const c of spec.registryScanning ?? []) this.setRegistryScanning(c);
  }

  /** The demo data set used by `npm start` (two accounts, two regions, namespaced repositories). */
  seedDemo(): void {
    for (const [key, account] of Object.entries(DEMO_ACCESS_KEYS)) this.mapAccessKey(key, account);
    this.seed(demoSeed(this.now()));
    this.seedScale({ repository: DEMO_SCALE.repository, images: DEMO_SCALE.images });
  }

  createRepository(name: string, opts: Location & Omit<RepositorySeed, 'name' | 'images' | 'accountId' | 'region'> = {}): void {
    this.seed({ repositories: [{ ...opts, name }] });
  }

  /** Adds images to a repository (created if missing); returns the digests of the images added. */
  putImages(repository: string, images: ImageSeed[], where: Location = {}): string[] {
    const repo = this.repoFor(repository, where);
    return this.store.seedImages(repo, images, this.now()).map((i: ImageRecord) => i.digest);
  }

  /**
   * Scale data in one call: `repositories` repositories named `<prefix>-00001`…, and/or `images` virtual images
   * (tags `build-<n>`, Docker v2 manifests) in `repository`. Cheap: images are computed from their index.
   */
  seedScale(spec: ScaleSpec): void {
    const now = this.now();
    const accountId = spec.accountId ?? this.defaultAccountId;
    const region = spec.region ?? this.defaultRegion;
    assertAccount(accountId);
    if (spec.repositories) {
      const prefix = spec.prefix ?? 'scale/repo';
      const width = Math.max(5, String(spec.repositories).length);
      for (let i = 1; i <= spec.repositories; i++) {
        this.store.createRepo(
          accountId,
          region,
          `${prefix}-${String(i).padStart(width, '0')}`,
          { createdAt: now - (spec.repositories - i) * 1000 },
          now,
        );
      }
    }
    if (spec.images) {
      this.repoFor(spec.repository ?? 'scale/images', { accountId, region }).addScaleImages(
        spec.images,
        now,
        spec.pushOrder === 'scrambled',
      );
    }
  }

  /** `count` virtual images in `repository` (created if missing). */
  seedImages(repository: string, count: number, where: Location = {}): void {
    this.seedScale({ ...where, repository, images: count });
  }

  /** Sets an account's (default: the default account's) registry scanning configuration in a region. */
  setRegistryScanning(config: RegistryScanningSeed): void {
    const accountId = config.accountId ?? this.defaultAccountId;
    assertAccount(accountId);
    this.store.registryScanning.set(`${accountId}/${config.region ?? this.defaultRegion}`, {
      scanType: config.scanType,
      rules: config.rules ?? [],
    });
  }

  /** How later StartImageScan calls behave (duration of IN_PROGRESS, outcome). Survives reset(). */
  setScanBehaviour(behaviour: ScanBehaviour): void {
    this.store.scans = { ...behaviour };
  }

  /** Forgets all data, faults and counters (keeps token settings and access-key mappings). */
  reset(): void {
    this.store.clear();
    this.store.ensureAccount(this.defaultAccountId, this.defaultRegion);
    for (const account of new Set(this.accessKeys.values())) this.store.ensureAccount(account, this.defaultRegion);
    this.faults = [];
    this.counters.clear();
  }

  summary(): EmulatorSummary {
    return {
      url: this.url,
      accounts: [...this.store.accounts.entries()].map(([accountId, regions]) => ({
        accountId,
        regions: [...regions.entries()].map(([region, repos]) => ({
          region,
          repositories: repos.size,
          images: [...repos.values()].reduce((s, r) => s + r.imageCount, 0),
        })),
      })),
    };
  }

  /** Tag names of one repository (sorted), handy in assertions. */
  tagsOf(repository: string, where: Location = {}): string[] {
    const repo = this.store.repo(where.accountId ?? this.defaultAccountId, where.region ?? this.defaultRegion, repository);
    if (!repo) return [];
    const tags: string[] = [];
    for (let i = 0; i < repo.span; i++) tags.push(...(repo.imageAt(i)?.tags ?? []));
    return tags.sort();
  }

  private repoFor(name: string, where: Location) {
    if (!REPO_NAME_RE.test(name)) throw new Error(`invalid repository name: ${name}`);
    const accountId = where.accountId ?? this.defaultAccountId;
    assertAccount(accountId);
    return this.store.createRepo(accountId, where.region ?? this.defaultRegion, name, {}, this.now());
  }

  // ---- counters and faults -----------------------------------------------------------------------------------

  /** Calls received for `operation` (X-Amz-Target op name or v2.* name), or all counts when omitted. */
  calls(): Record<string, number>;
  calls(operation: string): number;
  calls(operation?: string): number | Record<string, number> {
    if (operation !== undefined) return this.counters.get(operation) ?? 0;
    return Object.fromEntries(this.counters);
  }

  resetCalls(): void {
    this.counters.clear();
  }

  /** Injects a fault; several may be active; the first matching non-latency fault wins. */
  fault(spec: FaultSpec): void {
    const known = [...OPERATION_NAMES, '*', 'v2.*', 'v2.ping', 'v2.catalog', 'v2.tags', 'v2.manifest', 'v2.blob', 'v2.upload'];
    if (!known.includes(spec.operation)) throw new Error(`unknown operation for a fault: ${spec.operation} (one of ${known.join(', ')})`);
    const kinds = [
      'throttle',
      'serverError',
      'html502',
      'malformedJson',
      'truncated',
      'latency',
      'drop',
      'repeatNextToken',
      'huge',
      'accessDenied',
      'expiredToken',
    ];
    if (!kinds.includes(spec.kind)) throw new Error(`unknown fault kind: ${spec.kind} (one of ${kinds.join(', ')})`);
    this.faults.push({ ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY, skip: spec.after ?? 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private takeFaults(op: string, accountId?: string): { latencyMs: number; fault?: ActiveFault } {
    let latencyMs = 0;
    let fault: ActiveFault | undefined;
    const family = op.startsWith('v2.') ? 'v2.*' : '*';
    for (const f of this.faults) {
      if (f.remaining <= 0 || (f.operation !== op && f.operation !== family)) continue;
      if (f.accountId !== undefined && f.accountId !== accountId) continue;
      if (f.skip > 0) {
        f.skip--;
        continue;
      }
      if (f.kind === 'latency') {
        latencyMs += f.ms ?? 1000;
        f.remaining--;
      } else if (!fault) {
        fault = f;
        f.remaining--;
      }
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return { latencyMs, fault };
  }

  private count(op: string): void {
    this.counters.set(op, (this.counters.get(op) ?? 0) + 1);
  }

  // ---- HTTP --------------------------------------------------------------------------------------------------

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_emulator/') || url.pathname === '/_emulator') {
      await this.control(req, res, url);
      return;
    }
    if (url.pathname === '/v2' || url.pathname.startsWith('/v2/')) {
      await this.v2(req, res, url);
      return;
    }
    const target = req.headers['x-amz-target'];
    if (req.method === 'POST' && typeof target === 'string') {
      await this.ecr(req, res, target);
      return;
    }
    send(res, { status: 404, headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('Not Found\n') }, req.method === 'HEAD');
  }

  private async ecr(req: http.IncomingMessage, res: http.ServerResponse, target: string): Promise<void> {
    const op = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    this.count(op);
    const raw = await readBody(req);
    const { latencyMs, fault } = this.takeFaults(op, targetAccount(raw) ?? this.callContext(req).accountId);
    if (latencyMs > 0) await delay(latencyMs);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    // randomUUID draws from a pooled entropy buffer; a fresh randomBytes(16) per call cost more than many handlers.
    const requestId = randomUUID();
    const ctx = this.callContext(req);
    const errorReply = (type: string, message: string, status = 400): Reply => {
      return {
        status,
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': `${type}:` },
        body: Buffer.from(JSON.stringify({ __type: type, message })),
      };
    };
    if (fault) {
      const arn = `arn:aws:iam::${ctx.accountId}:user/emulator`;
      switch (fault.kind) {
        case 'throttle':
          return send(res, errorReply('ThrottlingException', 'Rate exceeded'));
        case 'serverError':
          return send(res, errorReply('ServerException', 'We encountered an internal error. Please try again.', 500));
        case 'accessDenied':
          return send(
            res,
            errorReply(
              'AccessDeniedException',
              `User: ${arn} is not authorized to perform: ecr:${op} on resource: arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/* because no identity-based policy allows the ecr:${op} action`,
            ),
          );
        case 'expiredToken':
          return send(res, errorReply('ExpiredTokenException', 'The security token included in the request is expired'));
        case 'html502':
          return send(res, {
            status: 502,
            headers: { 'Content-Type': 'text/html' },
            body: Buffer.from(
              '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
            ),
          });
        default:
          break;
      }
    }
    let reply: Reply;
    let input: Record<string, unknown> = {};
    if (!req.headers.authorization && !req.headers['x-emulator-account-id']) {
      reply = errorReply('MissingAuthenticationTokenException', 'Missing Authentication Token');
    } else {
      let parseError = false;
      try {
        const parsed: unknown = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
        input = parsed as Record<string, unknown>;
      } catch {
        parseError = true;
      }
      const handler = Object.prototype.hasOwnProperty.call(operations, op) ? operations[op] : undefined;
      if (parseError) {
        reply = errorReply('SerializationException', 'Start of structure or map found where not expected.');
      } else if (!handler) {
        reply = errorReply('UnknownOperationException', '');
      } else {
        try {
          const out = handler(input, ctx);
          reply = {
            status: 200,
            headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': requestId },
            body: Buffer.from(JSON.stringify(this.applyBodyFault(fault, out, input))),
          };
        } catch (err) {
          if (err instanceof EcrError) reply = errorReply(err.type, err.message, err.status);
          else reply = errorReply('ServerException', `internal error: ${String(err)}`, 500);
        }
      }
    }
    this.sendWithFault(res, reply, fault);
  }

  private applyBodyFault(
    fault: ActiveFault | undefined,
    out: Record<string, unknown>,
    input: Record<string, unknown>,
  ): Record<string, unknown> {
    if (fault?.kind === 'repeatNextToken') {
      // A broken pager: hand back the token we were given (or keep handing back the first one).
      const given = input.nextToken;
      if (typeof given === 'string') return { ...out, nextToken: given };
      return out;
    }
    if (fault?.kind === 'huge') {
      return { ...out, padding: 'x'.repeat(Math.max(0, (fault.bytes ?? TEN_MB) - 64)) };
    }
    return out;
  }

  private sendWithFault(res: http.ServerResponse, reply: Reply, fault: ActiveFault | undefined, head = false): void {
    if (fault?.kind === 'malformedJson') {
      const cut = reply.body.subarray(0, Math.max(1, Math.floor(reply.body.length / 2)));
      send(res, { status: 200, headers: { ...reply.headers }, body: cut }, head);
      return;
    }
    if (fault?.kind === 'truncated') {
      const half = reply.body.subarray(0, Math.floor(reply.body.length / 2));
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
      res.write(half, () => res.destroy());
      return;
    }
    send(res, reply, head);
  }

  /** The account a /v2 request's Basic password was issued for (for account-scoped faults). */
  private v2Account(req: http.IncomingMessage): string | undefined {
    const m = /^Basic\s+(\S+)/i.exec(typeof req.headers.authorization === 'string' ? req.headers.authorization : '');
    if (!m) return undefined;
    const [user, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
    const auth = this.verifyPassword(user, rest.join(':'));
    return auth && auth !== 'expired' ? auth.registryId : undefined;
  }

  private callContext(req: http.IncomingMessage): CallContext {
    const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(auth);
    const header = req.headers['x-emulator-account-id'];
    const headerAccount = typeof header === 'string' && /^[0-9]{12}$/.test(header) ? header : undefined;
    const accountId = headerAccount ?? (scope ? this.accessKeys.get(scope[1]) : undefined) ?? this.defaultAccountId;
    return {
      store: this.store,
      accountId,
      region: scope?.[2] ?? this.defaultRegion,
      now: this.now(),
      tokenLifetimeMs: this.tokenLifetimeMs,
      proxyEndpoint: this.proxyEndpoint,
      issuePassword: (registryId, region, expiresAt) => this.issuePassword(registryId, region, expiresAt),
    };
  }

  private async v2(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const op = v2Operation(url.pathname);
    this.count(op);
    const head = req.method === 'HEAD';
    const { latencyMs, fault } = this.takeFaults(op, this.v2Account(req));
    if (latencyMs > 0) await delay(latencyMs);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const faultReply = ((): V2Response | undefined => {
      switch (fault?.kind) {
        case 'throttle':
          return v2Error(429, 'TOOMANYREQUESTS', 'Rate exceeded', { 'Retry-After': '1' });
        case 'serverError':
          return v2Error(500, 'UNKNOWN', 'We encountered an internal error. Please try again.');
        case 'accessDenied':
          return v2Error(
            403,
            'DENIED',
            `User: arn:aws:iam::${this.defaultAccountId}:user/emulator is not authorized to perform: ecr:BatchGetImage`,
          );
        case 'expiredToken':
          return v2Error(403, 'DENIED', 'Your authorization token has expired. Reauthenticate and try again.');
        case 'html502':
          return {
            status: 502,
            headers: { 'Content-Type': 'text/html' },
            body: Buffer.from('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'),
          };
        default:
          return undefined;
      }
    })();
    if (faultReply) return send(res, faultReply, head);
    const port = this.boundPort;
    const v2ctx = { store: this.store, verify: (u: string, p: string) => this.verifyPassword(u, p), realmHost: `127.0.0.1:${port}` };
    const reply = isV2Write(req.method, url.pathname)
      ? await handleV2Write(req, url, {
          ...v2ctx,
          now: this.now(),
          callContext: {
            tokenLifetimeMs: this.tokenLifetimeMs,
            proxyEndpoint: this.proxyEndpoint,
            issuePassword: (registryId, region, expiresAt) => this.issuePassword(registryId, region, expiresAt),
          },
        })
      : handleV2(req, url, v2ctx);
    if (fault?.kind === 'huge' && reply.status === 200) {
      const bytes = fault.bytes ?? TEN_MB;
      const body = Buffer.alloc(bytes, 0x20);
      reply.body.copy(body, 0);
      return send(res, { ...reply, body, headers: { ...reply.headers, 'Content-Length': String(bytes) } }, head);
    }
    this.sendWithFault(res, reply, fault?.kind === 'malformedJson' || fault?.kind === 'truncated' ? fault : undefined, head);
  }

  // ---- control API -------------------------------------------------------------------------------------------

  private async control(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(req);
    const reply = (status: number, value: unknown): void =>
      send(res, { status, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) });
    let body: Record<string, unknown> = {};
    try {
      if (raw.length > 0) body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return reply(400, { error: 'body is not JSON' });
    }
    const route = url.pathname.replace(/^\/_emulator\/?/, '').replace(/\/$/, '');
    const p = (k: string): string | undefined => {
      const v = body[k] ?? url.searchParams.get(k) ?? undefined;
      return v === undefined || v === null ? undefined : String(v);
    };
    try {
      switch (route) {
        case '':
        case 'state':
          return reply(200, {
            ...this.summary(),
            controlUrl: this.controlUrl,
            tokenLifetimeMs: this.tokenLifetimeMs,
            proxyEndpoint: this.proxyEndpoint,
            faults: this.faults,
          });
        case 'reset':
          this.reset();
          return reply(200, { ok: true });
        case 'seed':
          if (body.preset === 'demo') this.seedDemo();
          else this.seed(body as unknown as SeedSpec, { validateNames: url.searchParams.get('validateNames') !== 'false' });
          return reply(200, { ok: true, ...this.summary() });
        case 'seedScale':
          this.seedScale(body as ScaleSpec);
          return reply(200, { ok: true, ...this.summary() });
        case 'faults':
          if (req.method === 'DELETE') {
            this.clearFaults();
            return reply(200, { ok: true });
          }
          if (req.method === 'GET') return reply(200, { faults: this.faults });
          for (const f of Array.isArray(body.faults) ? (body.faults as FaultSpec[]) : [body as unknown as FaultSpec]) this.fault(f);
          return reply(200, { ok: true, faults: this.faults });
        case 'scanning':
          if (body.behaviour && typeof body.behaviour === 'object') this.setScanBehaviour(body.behaviour as ScanBehaviour);
          if (body.registry && typeof body.registry === 'object') this.setRegistryScanning(body.registry as RegistryScanningSeed);
          return reply(200, { ok: true, behaviour: this.store.scans });
        case 'faults/clear':
          this.clearFaults();
          return reply(200, { ok: true });
        case 'calls': {
          const op = p('operation');
          return reply(200, op ? { operation: op, count: this.calls(op) } : { calls: this.calls() });
        }
        case 'calls/reset':
          this.resetCalls();
          return reply(200, { ok: true });
        case 'token': {
          const lifetime = p('lifetimeMs');
          if (lifetime !== undefined) this.setTokenLifetime(Number(lifetime));
          if ('proxyEndpoint' in body) this.setProxyEndpoint(typeof body.proxyEndpoint === 'string' ? body.proxyEndpoint : undefined);
          return reply(200, { tokenLifetimeMs: this.tokenLifetimeMs, proxyEndpoint: this.proxyEndpoint });
        }
        case 'password': {
          const registryId = p('registryId') ?? this.defaultAccountId;
          const region = p('region') ?? this.defaultRegion;
          const password = this.passwordFor(registryId, region);
          return reply(200, {
            username: 'AWS',
            password,
            authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
            host: `127.0.0.1:${this.port}`,
            ecrHost: registryHost(registryId, region),
          });
        }
        case 'accessKeys': {
          const key = p('accessKeyId');
          const account = p('accountId');
          if (!key || !account) return reply(400, { error: 'accessKeyId and accountId are required' });
          assertAccount(account);
          this.mapAccessKey(key, account);
          return reply(200, { ok: true });
        }
        default:
          return reply(404, {
            error: `unknown control route /_emulator/${route}`,
            routes: [
              'state',
              'reset',
              'seed',
              'seedScale',
              'faults',
              'faults/clear',
              'calls',
              'calls/reset',
              'token',
              'password',
              'accessKeys',
              'scanning',
            ],
          });
      }
    } catch (err) {
      return reply(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** The registry an ECR request names (registryId in its body), for account-scoped faults. */
function targetAccount(raw: Buffer): string | undefined {
  try {
    const id = (JSON.parse(raw.toString('utf8')) as { registryId?: unknown }).registryId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

function assertAccount(id: string): void {
  if (!/^[0-9]{12}$/.test(id)) throw new Error(`account id must be 12 digits: ${id}`);
}

function send(res: http.ServerResponse, reply: Reply, head = false): void {
  const headers = { ...reply.headers };
  if (!('Content-Length' in headers)) headers['Content-Length'] = String(reply.body.length);
  res.writeHead(reply.status, headers);
  if (head) res.end();
  else res.end(reply.body);
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// Plain 'data'/'end' listeners: an async iterator over the request cost more per call than most handlers.
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: Error): void => {
      req.off('data', onData);
      req.destroy();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY) fail(new Error('request body too large'));
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', fail);
  });
}
