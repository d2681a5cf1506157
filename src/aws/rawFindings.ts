// DescribeImageScanFindings answers are read once [pure]. A page holds up to 1,000 findings, and every finding goes
// through the scan normaliser (scan/normalize.ts), which reads untrusted JSON field by field anyway. The SDK's own
// deserialiser would first copy each finding, attribute and package into new objects by walking the operation's
// schema: about as much work again as parsing the JSON, spent on objects that are thrown away a moment later.
//
// Two middlewares on the client skip that copy for this one operation and nothing else:
// - inner (deserialize step, low priority: between the SDK's deserialiser and the HTTP handler): on a 2xx answer it
//   parses the body with JSON.parse, keeps `imageScanFindings` as parsed, and hands the SDK's deserialiser the rest
//   (status, next token, ids): a few hundred bytes. Anything else (errors, a body that is not a JSON object) is
//   left to the SDK untouched, so errors are classified as before.
// - outer (deserialize step, high priority: right after the SDK's deserialiser): puts the parsed
//   `imageScanFindings` back into the output.
// The SDK still signs, retries, resolves the endpoint, reads the status and the next token. The output's
// `imageScanFindings` is then JSON as ECR sent it: timestamps are epoch seconds, not Dates (the normaliser reads
// both); `FindingsPage` in scan/normalize.ts says so in its type.
import { Readable } from 'node:stream';
import type { ECRClient } from '@aws-sdk/client-ecr';

const COMMAND = 'DescribeImageScanFindingsCommand';
/** Where the inner middleware leaves the parsed findings for the outer one (the context lives for one call). */
const PARSED = Symbol('ecrExplorer.rawImageScanFindings');
const installed = new WeakSet<object>();
/** DescribeImageScanFindingsResponse's members other than `imageScanFindings`. */
const REST = ['registryId', 'repositoryName', 'imageId', 'imageScanStatus', 'nextToken'];

interface Response {
  statusCode: number;
  body?: unknown;
}

function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && typeof (value as { statusCode?: unknown }).statusCode === 'number';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/** Installs the two middlewares on `client` (once per client). */
export function readFindingsRaw(client: ECRClient): void {
  if (installed.has(client)) return;
  installed.add(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response;
      if (context.commandName !== COMMAND || !isResponse(response) || response.statusCode < 200 || response.statusCode >= 300) {
        return result;
      }
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
      if (!isRecord(parsed) || !('imageScanFindings' in parsed)) return result;
      (context as Record<symbol, unknown>)[PARSED] = parsed.imageScanFindings;
      // The members the output has besides the findings (the SDK drops any others anyway).
      const rest: Record<string, unknown> = {};
      for (const key of REST) if (key in parsed) rest[key] = parsed[key];
      response.body = Buffer.from(JSON.stringify(rest), 'utf8');
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'ecrExplorerRawFindingsParse' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const store = context as Record<symbol, unknown>;
      if (context.commandName === COMMAND && PARSED in store) {
        const parsed = store[PARSED];
        delete store[PARSED];
        if (isRecord(result.output)) result.output.imageScanFindings = parsed;
      }
      return result;
    },
    { step: 'deserialize', priority: 'high', name: 'ecrExplorerRawFindingsAttach' },
  );
}
