// Hardening of the data layer against the project's ECR emulator: one sanitiser for the whole project, server errors
// told apart from network errors, problems that name their region, and hostile names, sizes and dates from the
// server rendered inert and bounded by the pure formatting code.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyAwsError, ProblemError, sanitizeText as awsSanitize } from '../../src/aws';
import type { EcrRegistry, Image, Problem, Repository } from '../../src/model/types';
import { sanitizeText as registrySanitize } from '../../src/model/sanitize';
import { formatDateTime, formatSize, relativeTime } from '../../src/tree/format';
import { contextValue, nodeId } from '../../src/tree/nodeIds';
import { HOSTILE_REPOSITORY_NAMES, HOSTILE_TAGS, hostileSeed, UNSAFE_CHARS } from '../fixtures/hostile/hostileData';
import { collect, rejection } from './helpers/awsHelpers';
import { emulatorSuite } from './helpers/ecrSuite';
import { message } from '../../src/model/message';

const ROOT = path.resolve(__dirname, '..', '..');

describe('(unit) hardening: data layer', function () {
  this.timeout(120_000);
  const suite = emulatorSuite({ AWS_ACCESS_KEY_ID: 'AKIDHARDEN', AWS_SECRET_ACCESS_KEY: 'x' });
  const { service, inEnv, ownRegistry } = suite;

  describe('one sanitiser', () => {
    it('the AWS bundle uses the registry sanitiser itself, imported from its module (not registry/index)', () => {
      assert.equal(awsSanitize, registrySanitize);
      const offenders: string[] = [];
      for (const f of fs.readdirSync(path.join(ROOT, 'src', 'aws'))) {
        const text = fs.readFileSync(path.join(ROOT, 'src', 'aws', f), 'utf8');
        if (/from '\.\.\/registry(\/index)?'/.test(text)) offenders.push(`${f} imports the registry client`);
        if (/function sanitizeText/.test(text)) offenders.push(`${f} defines its own sanitizeText`);
      }
      assert.deepEqual(offenders, []);
    });
  });

  describe('problem codes and regions', () => {
    it('a persistent 5xx is a serverError with a retry action, not "unreachable"', () => {
      const err = Object.assign(new Error('We encountered an internal error.'), {
        name: 'ServerException',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      });
      const p = classifyAwsError(err, { operation: 'DescribeImages', region: 'eu-west-1' });
      assert.equal(p.code, 'serverError');
      assert.equal(p.actionId, 'retry');
      assert.equal(p.region, 'eu-west-1');
      assert.deepStrictEqual(p.message, message('aws.serverErrorStatusName', 500, 'ServerException'));
      assert.match(contextValue({ kind: 'problem', problem: p }), /(^|;)retryable(;|$)/);
      // A refused connection is still "unreachable".
      const refused = classifyAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), {});
      assert.equal(refused.code, 'unreachable');
    });

    it('a 500 that persists through the SDK retries reaches the caller as serverError (emulator)', async () => {
      suite.server.emulator.seed({ repositories: [{ name: 'a' }] });
      const s = service({ maxAttempts: 2 });
      const reg = await ownRegistry(s);
      suite.server.emulator.fault({ operation: 'DescribeRepositories', kind: 'serverError' });
      const err = await rejection(inEnv(() => collect(s.listRepositories(reg))));
      assert.ok(err instanceof ProblemError, String(err));
      assert.equal(err.problem.code, 'serverError');
      assert.equal(err.problem.region, 'us-east-1');
      assert.equal(suite.server.emulator.calls('DescribeRepositories'), 2, 'retried once, then reported');
    });

    it('an account-scoped emulator fault fails one registry while the other keeps listing', async () => {
      const other = '111122223333';
      suite.server.emulator.addAccount(other);
      suite.server.emulator.seed({ repositories: [{ name: 'mine' }, { accountId: other, name: 'theirs' }] });
      const s = service({ registryIds: [other] });
      const regs = (await inEnv(() => s.listRegistries())).filter((r): r is EcrRegistry => r.kind === 'registry');
      assert.equal(regs.length, 2);
      suite.server.emulator.fault({ operation: 'DescribeRepositories', kind: 'accessDenied', accountId: other });
      const failing = regs.find((r) => r.registryId === other) as EcrRegistry;
      const working = regs.find((r) => r.registryId !== other) as EcrRegistry;
      const err = await rejection(inEnv(() => collect(s.listRepositories(failing))));
      assert.ok(err instanceof ProblemError && err.problem.code === 'accessDenied', String(err));
      assert.deepEqual(
        (await inEnv(() => collect(s.listRepositories(working)))).items.map((r) => r.name),
        ['mine'],
      );
      // Still active for the failing account (unlimited), and still not for the working one.
      assert.ok((await rejection(inEnv(() => collect(s.listRepositories(failing))))) instanceof ProblemError);
    });

    it('the same failure in two regions gives two distinguishable problems (region field, distinct row ids)', async () => {
      const s = service({ regions: ['us-east-1', 'eu-west-1'] });
      suite.server.emulator.fault({ operation: 'DescribeRegistry', kind: 'serverError' });
      const entries = await inEnv(() => s.listRegistries());
      const problems = entries.filter((e): e is Problem => e.kind === 'problem');
      assert.equal(problems.length, 2, JSON.stringify(entries));
      assert.deepEqual(problems.map((p) => p.problem.region).sort(), ['eu-west-1', 'us-east-1']);
      assert.deepStrictEqual(problems[0].problem.message, problems[1].problem.message, 'same message: only the region tells them apart');
      assert.notEqual(nodeId(problems[0]), nodeId(problems[1]));
    });
  });

  describe('a proxyEndpoint that points at another host', () => {
    it("is refused once the registry's host is known: the token is not handed out, the host does not move, refresh recovers", async () => {
      suite.server.emulator.setTokenLifetime(1000); // renewed at half-life, so the next call asks ECR again
      const s = service();
      const reg = await ownRegistry(s);
      const shown = reg.host;
      await new Promise((r) => setTimeout(r, 600));
      suite.server.emulator.setProxyEndpoint('http://127.0.0.2:9/\x1b]8;;https://evil.example\x07');
      try {
        const err = await rejection(inEnv(() => s.getAuthorizationToken([reg])));
        assert.ok(err instanceof ProblemError, String(err));
        assert.equal(err.problem.code, 'badResponse');
        const [got, expected] = err.problem.message.args;
        assert.equal(err.problem.message.id, 'aws.foreignProxyEndpoint');
        assert.match(String(got), /^127\.0\.0\.2:9/);
        assert.equal(expected, shown);
        assert.ok(!UNSAFE_CHARS.test(String(got)));
        assert.equal(reg.host, shown, 'the registry keeps the host the user saw');
      } finally {
        suite.server.emulator.setProxyEndpoint(undefined);
        suite.server.emulator.setTokenLifetime(12 * 3600_000);
      }
      const tokens = await inEnv(() => s.getAuthorizationToken([reg]));
      assert.equal(tokens.get(reg.id)?.proxyEndpoint, suite.server.url, 'the refused token was not cached');
    });
  });

  describe('hostile input from the server', () => {
    let repos: Repository[];
    let images: Map<string, Image[]>;

    before(async () => {
      suite.server.emulator.reset();
      suite.server.emulator.seed({ repositories: hostileSeed() }, { validateNames: false });
      const s = service();
      const reg = await ownRegistry(s);
      repos = (await inEnv(() => collect(s.listRepositories(reg)))).items;
      images = new Map();
      for (const name of ['odd/tags', 'odd/values']) {
        const repo = repos.find((r) => r.name === name);
        assert.ok(repo, name);
        images.set(name, (await inEnv(() => collect(s.listImages(repo)))).items);
      }
    });

    it('every repository name arrives without escape sequences, controls or bidi overrides, at most 256 characters', () => {
      assert.equal(repos.length, Object.keys(HOSTILE_REPOSITORY_NAMES).length + 2);
      for (const r of repos) {
        assert.ok(!UNSAFE_CHARS.test(r.name), JSON.stringify(r.name));
        assert.ok(!UNSAFE_CHARS.test(r.uri), JSON.stringify(r.uri));
        assert.ok(Array.from(r.name).length <= 256, `${r.name.length} characters`);
      }
      const names = repos.map((r) => r.name);
      assert.ok(names.includes('osc8/click'), names.join(' | '));
      assert.ok(names.includes('csi/red'), names.join(' | '));
      assert.ok(names.includes('bidi/abcgpj.exex'), names.join(' | '));
      assert.ok(names.includes('ünïcödé/リポジトリ'), 'non-ASCII survives unchanged');
      assert.ok(
        names.some((n) => n.startsWith('long/xxx') && n.endsWith('…')),
        'a very long name is cut with an ellipsis',
      );
    });

    it('tags are cleaned and bounded the same way; Markdown stays literal text for the tree to escape', () => {
      const tags = (images.get('odd/tags') ?? []).flatMap((i) => i.tags);
      assert.equal(tags.length, HOSTILE_TAGS.length);
      for (const t of tags) {
        assert.ok(!UNSAFE_CHARS.test(t), JSON.stringify(t));
        assert.ok(Array.from(t).length <= 128);
      }
      assert.ok(tags.includes('tag-link'));
      assert.ok(tags.includes('タグ-日本語'));
      assert.ok(tags.includes('[tag](command:workbench.action.quit)'));
    });

    it('negative, huge and missing sizes, and epoch-0, far-future, NaN and out-of-range dates never crash the formatting', () => {
      const odd = images.get('odd/values') ?? [];
      assert.equal(odd.length, 4);
      for (const img of odd) {
        for (const d of [img.pushedAt, img.lastPulledAt]) {
          if (d === undefined) continue;
          assert.ok(d instanceof Date);
          assert.ok(Number.isFinite(d.getTime()), `an invalid date reached the model for ${img.tags.join()}: ${String(d)}`);
          const text = `${formatDateTime(d, 'en')} ${relativeTime(d, Date.now(), 'en')}`;
          assert.ok(text.length < 80 && !UNSAFE_CHARS.test(text), text);
        }
        if (img.sizeBytes !== undefined) {
          assert.ok(img.sizeBytes >= 0 && Number.isFinite(img.sizeBytes), `size ${img.sizeBytes} reached the model`);
          const text = formatSize(img.sizeBytes, 'en');
          assert.ok(text.length < 40, text);
        }
      }
      const byTag = new Map(odd.map((i) => [i.tags[0], i]));
      assert.equal(byTag.get('size-negative')?.sizeBytes, undefined, 'a negative size is dropped, not shown');
      assert.equal(byTag.get('size-negative')?.pushedAt?.getTime(), 0, 'epoch 0 is a valid date and kept');
      assert.equal(byTag.get('size-huge')?.pushedAt?.getUTCFullYear(), 9999);
      assert.equal(byTag.get('size-zero')?.sizeBytes, 0);
      assert.equal(byTag.get('size-zero')?.pushedAt, undefined, 'a NaN date is dropped');
      assert.equal(byTag.get('date-beyond')?.pushedAt, undefined, 'an out-of-range date is dropped');
      assert.equal(byTag.get('date-beyond')?.lastPulledAt, undefined);
    });

    it('the pure formatters themselves survive invalid input (defence in depth)', () => {
      for (const n of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e300]) assert.equal(typeof formatSize(n, 'en'), 'string');
      for (const lang of ['en', 'ja', 'not a locale!']) {
        assert.equal(typeof formatDateTime(new Date(Number.NaN), lang), 'string');
        assert.equal(typeof relativeTime(new Date(Number.NaN), Date.now(), lang), 'string');
      }
    });
  });
});
