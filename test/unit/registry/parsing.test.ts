// Pure parsers of the registry client: untrusted text, WWW-Authenticate, Link, Retry-After, image references.
import { strict as assert } from 'node:assert';
import {
  RegistryError,
  formatImageUri,
  isValidDigest,
  isValidTag,
  parseImageReference,
  parseLinkNext,
  parseRetryAfter,
  parseWwwAuthenticate,
  sanitizeText,
} from '../../../src/registry';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('(unit) registry parsing', () => {
  describe('sanitizeText', () => {
    it('removes ANSI CSI sequences (colours, cursor moves, screen clears)', () => {
      assert.equal(sanitizeText('\x1b[31mred\x1b[0m name'), 'red name');
      assert.equal(sanitizeText('a\x1b[2J\x1b[1;1Hb'), 'ab');
      assert.equal(sanitizeText('x\x9b31my'), 'xy'); // 8-bit CSI
      assert.equal(sanitizeText('trailing\x1b['), 'trailing');
    });

    it('removes OSC sequences (hyperlinks, window titles) terminated by BEL or ST, or unterminated', () => {
      assert.equal(sanitizeText('\x1b]8;;https://evil.example\x07click\x1b]8;;\x07'), 'click');
      assert.equal(sanitizeText('\x1b]0;owned title\x1b\\repo'), 'repo');
      assert.equal(sanitizeText('repo\x1b]52;c;ZXZpbA=='), 'repo'); // clipboard write, never terminated
      assert.equal(sanitizeText('a\x1bPqdcs\x1b\\b'), 'ab'); // DCS
      assert.equal(sanitizeText('a\x1b7b\x1bc'), 'ab'); // two-byte ESC sequences
    });

    it('removes C0/C1 controls and turns line breaks and tabs into a space', () => {
      assert.equal(sanitizeText('a\x00b\x07c\x08d\x7fe\x85f\x9ag'), 'abcde fg');
      // 8-bit string introducers (OSC 0x9D, APC 0x9F) swallow their payload up to ST (0x9C)
      assert.equal(sanitizeText('a\x9d0;title\x9cb\x9fapc\x9cc'), 'abc');
      assert.equal(sanitizeText('line1\r\nline2\tend'), 'line1 line2 end');
    });

    it('removes bidi overrides, isolates and marks (Trojan Source)', () => {
      const tricky = 'app\u202Egpj.exe\u202C \u2066x\u2069 \u200E\u200F\u061C\uFEFFz';
      assert.equal(sanitizeText(tricky), 'appgpj.exe x z');
    });

    it('bounds the length in code points with an ellipsis, never splitting a surrogate pair', () => {
      assert.equal(sanitizeText('abcdef', 4), 'abc…');
      assert.equal(sanitizeText('abcd', 4), 'abcd');
      assert.equal(sanitizeText('🐳🐳🐳🐳🐳', 3), '🐳🐳…');
      assert.equal(sanitizeText('x'.repeat(1000)).length, 256);
      assert.equal(Array.from(sanitizeText('日本語のリポジトリ名'.repeat(40))).length, 256);
    });

    it('keeps ordinary text, including non-Latin scripts, untouched', () => {
      for (const s of ['team/app', 'v1.2.3-rc.1', 'リポジトリ', 'Ünïcödé', 'a b']) assert.equal(sanitizeText(s), s);
      assert.equal(sanitizeText(undefined as unknown as string), '');
    });
  });

  describe('parseWwwAuthenticate', () => {
    it('docker-registry htpasswd', () => {
      assert.deepEqual(parseWwwAuthenticate('Basic realm="basic-realm"'), [{ scheme: 'basic', params: { realm: 'basic-realm' } }]);
    });

    it('Amazon ECR', () => {
      assert.deepEqual(
        parseWwwAuthenticate('Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"'),
        [{ scheme: 'basic', params: { realm: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/', service: 'ecr.amazonaws.com' } }],
      );
    });

    it('Docker Hub', () => {
      const [c] = parseWwwAuthenticate(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      );
      assert.deepEqual(c, {
        scheme: 'bearer',
        params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' },
      });
    });

    it('GHCR and Quay', () => {
      assert.deepEqual(
        parseWwwAuthenticate('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"')[0].params,
        {
          realm: 'https://ghcr.io/token',
          service: 'ghcr.io',
          scope: 'repository:user/image:pull',
        },
      );
      assert.deepEqual(parseWwwAuthenticate('Bearer realm="https://quay.io/v2/auth",service="quay.io"')[0].params, {
        realm: 'https://quay.io/v2/auth',
        service: 'quay.io',
      });
    });

    it('quoted commas, insufficient_scope and several scopes (distribution spec example)', () => {
      const [c] = parseWwwAuthenticate(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push",error="insufficient_scope"',
      );
      assert.equal(c.params.scope, 'repository:samalba/my-app:pull,push');
      assert.equal(c.params.error, 'insufficient_scope');
      const [d] = parseWwwAuthenticate('Bearer realm="r", scope="repository:a:pull repository:b:pull"');
      assert.equal(d.params.scope, 'repository:a:pull repository:b:pull');
    });

    it('several challenges in one header, odd spacing, case, escapes and unquoted values', () => {
      const cs = parseWwwAuthenticate('  BASIC  realm = "a \\"quoted\\" realm" , Bearer realm=https://t.example/token ,service=svc');
      assert.deepEqual(cs, [
        { scheme: 'basic', params: { realm: 'a "quoted" realm' } },
        { scheme: 'bearer', params: { realm: 'https://t.example/token', service: 'svc' } },
      ]);
    });

    it('token68 challenges and garbage do not throw', () => {
      assert.deepEqual(parseWwwAuthenticate('Negotiate abc123==, Basic realm="x"'), [
        { scheme: 'negotiate', params: {}, token68: 'abc123==' },
        { scheme: 'basic', params: { realm: 'x' } },
      ]);
      assert.deepEqual(parseWwwAuthenticate(''), []);
      assert.deepEqual(parseWwwAuthenticate(null), []);
      assert.doesNotThrow(() => parseWwwAuthenticate('=,,"unterminated'));
      assert.doesNotThrow(() => parseWwwAuthenticate('Bearer realm="unterminated'));
      assert.equal(parseWwwAuthenticate('Bearer realm="unterminated')[0].params.realm, 'unterminated');
    });
  });

  describe('parseLinkNext', () => {
    it('docker-registry relative, URL-encoded link', () => {
      assert.equal(parseLinkNext('</v2/_catalog?last=ns1%2Frepo-046&n=100>; rel="next"'), '/v2/_catalog?last=ns1%2Frepo-046&n=100');
    });

    it('picks rel=next among several links and rel lists; ignores other rels', () => {
      assert.equal(parseLinkNext('</a>; rel="prev", </b?x=1>; title="a;b, c"; rel=next'), '/b?x=1');
      assert.equal(parseLinkNext('<https://h/c>; rel="last next"'), 'https://h/c');
      assert.equal(parseLinkNext('</a>; rel="prev"'), undefined);
      assert.equal(parseLinkNext(undefined), undefined);
      assert.equal(parseLinkNext('garbage'), undefined);
    });
  });

  describe('parseRetryAfter', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    it('delay-seconds', () => {
      assert.equal(parseRetryAfter('7', now), 7);
      assert.equal(parseRetryAfter(' 0 ', now), 0);
    });
    it('HTTP-date relative to now, never negative', () => {
      assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30);
      assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
    });
    it('absent or garbled → undefined', () => {
      assert.equal(parseRetryAfter(null, now), undefined);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter('-5', now), undefined);
    });
  });

  describe('image references', () => {
    it('parses repo:tag, repo@digest, repo:tag@digest, with and without a host', () => {
      assert.deepEqual(parseImageReference('team/app:v1'), { host: undefined, repo: 'team/app', tag: 'v1', digest: undefined });
      assert.deepEqual(parseImageReference(`app@${DIGEST}`), { host: undefined, repo: 'app', tag: undefined, digest: DIGEST });
      assert.deepEqual(parseImageReference(`123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1@${DIGEST}`), {
        host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        repo: 'team/app',
        tag: 'v1',
        digest: DIGEST,
      });
      assert.deepEqual(parseImageReference('127.0.0.1:5000/app:latest'), {
        host: '127.0.0.1:5000',
        repo: 'app',
        tag: 'latest',
        digest: undefined,
      });
      assert.deepEqual(parseImageReference('localhost/app'), { host: 'localhost', repo: 'app', tag: undefined, digest: undefined });
      // "team" has no dot, colon or localhost: it is a path component, not a host
      assert.equal(parseImageReference('team/app').host, undefined);
    });

    it('rejects bad tags, digests and names with a clear message', () => {
      const cases: Array<[string, RegExp]> = [
        ['app:-bad', /Not a valid tag/],
        [`app:${'t'.repeat(129)}`, /Not a valid tag/],
        ['app@sha256:ABC', /Not a valid digest/],
        ['app@md5:0123', /Not a valid digest/],
        ['App/Upper:v1', /Not a valid repository name/],
        ['team//app', /Not a valid repository name/],
        ['', /Not a valid image reference/],
        ['bad_host.example:99999999/app', /Not a valid registry host/],
      ];
      for (const [input, re] of cases) {
        assert.throws(
          () => parseImageReference(input),
          (e: unknown) => e instanceof RegistryError && e.code === 'invalidInput' && re.test(e.message),
          input,
        );
      }
      // the echoed input is sanitised
      assert.throws(
        () => parseImageReference('app:\x1b[31mred'),
        (e: unknown) => e instanceof Error && !e.message.includes('\x1b'),
      );
    });

    it('tag and digest validators follow the spec grammar', () => {
      assert.ok(isValidTag('_x') && isValidTag('v1.0-rc_1') && isValidTag('A'.repeat(128)));
      assert.ok(!isValidTag('.x') && !isValidTag('A'.repeat(129)) && !isValidTag('a b') && !isValidTag(''));
      assert.ok(isValidDigest(DIGEST));
      assert.ok(!isValidDigest(DIGEST.toUpperCase()) && !isValidDigest(DIGEST + 'a') && !isValidDigest('sha512:' + 'a'.repeat(64)));
    });

    it('formats host/repo[:tag][@digest], accepting a proxyEndpoint URL as host', () => {
      const host = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
      assert.equal(formatImageUri({ host, repo: 'team/app', tag: 'v1' }), `${host}/team/app:v1`);
      assert.equal(formatImageUri({ host: `https://${host}`, repo: 'team/app', digest: DIGEST }), `${host}/team/app@${DIGEST}`);
      assert.equal(formatImageUri({ host: '127.0.0.1:5000', repo: 'a', tag: 't', digest: DIGEST }), `127.0.0.1:5000/a:t@${DIGEST}`);
      assert.equal(formatImageUri({ host, repo: 'r' }), `${host}/r`);
      assert.throws(() => formatImageUri({ host, repo: 'r', tag: 'bad tag' }), /Not a valid tag/);
      assert.throws(() => formatImageUri({ host: 'evil host', repo: 'r' }), /Not a valid registry host/);
      // round trip
      const uri = formatImageUri({ host, repo: 'team/app', tag: 'v1', digest: DIGEST });
      assert.deepEqual(parseImageReference(uri), { host, repo: 'team/app', tag: 'v1', digest: DIGEST });
    });
  });
});
