// Big list answers read once [pure]. A page of DescribeImageScanFindings, DescribeImages or DescribeRepositories
// holds up to 1,000 items, and every item then goes through our own mapping (scan/normalize.ts, mapping.ts), which
// reads untrusted JSON field by field anyway. The SDK's deserialiser would first copy each item (and each nested
// attribute, package, tag list) into new objects by walking the operation's schema: about as much work again as
// parsing the JSON, spent on objects thrown away a moment later (docs/PERFORMANCE.md has the figures).
//
// `rawJsonClient(client)` is a view of an ECRClient for the paginators of those three listings. Each command sent
// through it gets two middlewares:
// - inner (deserialize step, low priority: between the SDK's deserialiser and the HTTP handler): on a 2xx answer it
//   parses the body with JSON.parse, keeps the list member as parsed, and hands the SDK's deserialiser only the
//   small members besides it (status, next token, ids). Anything else (errors, a body that breaks off or is not a
//   JSON object) is left to the SDK as it came, so failures are reported and classified exactly as before.
// - outer (deserialize step, high priority: right after the SDK's deserialiser): puts the parsed list back into the
//   output.
// The SDK still signs, retries, resolves the endpoint and reads the status and the next token. The list member is
// then JSON as ECR sent it (timestamps in epoch seconds, any shape at all from a hostile server), which is what its
// readers accept. Other calls on the same client (waiters, single-image look-ups, writes) are untouched.
import { Readable } from 'node:stream';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { isRecord } from '../model/untrusted';

interface RawRead {
  /** The list member handed over as parsed JSON. */
  member: string;
  /** The output's other members: the SDK reads these (it drops unknown ones anyway). */
  rest: readonly string[];
}

const RAW_READS: Readonly<Record<string, RawRead>> = {
  DescribeImageScanFindingsCommand: {
    member: 'imageScanFindings',
    rest: ['registryId', 'repositoryName', 'imageId', 'imageScanStatus', 'nextToken'],
  },
  DescribeImagesCommand: { member: 'imageDetails', rest: ['nextToken'] },
  DescribeRepositoriesCommand: { member: 'repositories', rest: ['nextToken'] },
};

/** Where the inner middleware leaves the parsed member for the outer one (the context lives for one call). */
const PARSED = Symbol('ecrExplorer.rawJson');
const views = new WeakMap<ECRClient, ECRClient>();
const prepared = new WeakSet<object>();

interface Response {
  statusCode: number;
  body?: unknown;
}

interface MiddlewareCommand {
  middlewareStack: ECRClient['middlewareStack'];
}

function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && typeof (value as { statusCode?: unknown }).statusCode === 'number';
}

async function bodyBytes(body: unknown): Promise<Uint8Array | undefined> {
  if (body instanceof Uint8Array) return body;
  if (typeof body !== 'object' || body === null || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<unknown>) {
    if (chunk instanceof Uint8Array) chunks.push(chunk);
    else if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function prepare(command: MiddlewareCommand): void {
  if (prepared.has(command)) return;
  prepared.add(command);
  command.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const read = context.commandName !== undefined ? RAW_READS[context.commandName] : undefined;
      const response = result.response;
      if (!read || !isResponse(response) || response.statusCode < 200 || response.statusCode >= 300) return result;
      let bytes: Uint8Array | undefined;
      try {
        bytes = await bodyBytes(response.body);
      } catch (err) {
        // A body that broke off: the SDK's deserialiser reports it as it always does (status and response attached).
        response.body = new Readable({
          read() {
            this.destroy(err instanceof Error ? err : new Error(String(err)));
          },
        });
        return result;
      }
      if (!bytes) return result;
      // Until replaced below, the SDK reads the bytes as they came (and reports a bad body its own way).
      response.body = bytes;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
      } catch {
        return result;
      }
      if (!isRecord(parsed) || !(read.member in parsed)) return result;
      (context as Record<symbol, unknown>)[PARSED] = parsed[read.member];
      const rest: Record<string, unknown> = {};
      for (const key of read.rest) if (key in parsed) rest[key] = parsed[key];
      response.body = Buffer.from(JSON.stringify(rest), 'utf8');
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'ecrExplorerRawJsonParse' },
  );
  command.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const store = context as Record<symbol, unknown>;
      const read = context.commandName !== undefined ? RAW_READS[context.commandName] : undefined;
      if (read && PARSED in store) {
        const parsed = store[PARSED];
        delete store[PARSED];
        if (isRecord(result.output)) result.output[read.member] = parsed;
      }
      return result;
    },
    { step: 'deserialize', priority: 'high', name: 'ecrExplorerRawJsonAttach' },
  );
}

/**
 * A view of `client` (same sockets, credentials and configuration) for the paginators of DescribeImageScanFindings,
 * DescribeImages and DescribeRepositories: their list member arrives as parsed JSON (see the file comment). The
 * output types still name the SDK's shapes; callers read the member as untrusted JSON.
 */
export function rawJsonClient(client: ECRClient): ECRClient {
  let view = views.get(client);
  if (!view) {
    const send = (command: MiddlewareCommand, ...rest: unknown[]): Promise<unknown> => {
      prepare(command);
      return (client.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
    };
    // An object whose prototype is the client: the paginators' `instanceof ECRClient` check holds.
    view = Object.assign(Object.create(client) as ECRClient, { send });
    views.set(client, view);
  }
  return view;
}
