import * as assert from 'node:assert/strict';
import { CredHelperConfigError } from '../../../src/login/credHelperBase';
import {
  addEcrLoginHelpers,
  detectFormat,
  findJsonSyntaxError,
  formatConfig,
  parseConfigText,
  removeAuthEntries,
  removeEcrLoginHelpers,
  staleAuthKeys,
} from '../../../src/login/credHelperConfig';
import { hostsServedByEcrLogin } from '../../../src/login/credHelperHosts';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('(unit) login/credHelperConfig: parsing', () => {
  it('names the line and column of the first syntax error, whatever the engine says', () => {
    assert.equal(findJsonSyntaxError('{"a": 1}'), undefined);
    assert.deepEqual(findJsonSyntaxError('{\n\t"auths": {,\n}'), { offset: 13, line: 2, column: 12 });
    assert.equal(findJsonSyntaxError('{"a": 1,}')?.column, 9, 'a trailing comma is not JSON');
    assert.equal(findJsonSyntaxError('{\n  // comment\n  "a": 1\n}')?.line, 2, 'comments are not JSON');
    assert.equal(findJsonSyntaxError('{"a": "x')?.offset, 8, 'unterminated string: the end of the text');
    assert.equal(findJsonSyntaxError('{"a": 01}')?.line, 1);
    assert.equal(findJsonSyntaxError('{"a": "\\x"}')?.column, 8);
    assert.equal(findJsonSyntaxError('{} {}')?.column, 4, 'text after the value');
    assert.equal(findJsonSyntaxError('\ufeff{"a": [1, 2.5e3, true, false, null, "\\u00e9"]}'), undefined);
  });

  it('throws a structured error with file, line, column and the offending line (sanitised)', () => {
    const err = (() => {
      try {
        parseConfigText('{\n\t"auths": {, "\u001b[31m"\n}', '/home/u/.docker/config.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof CredHelperConfigError);
    assert.equal(err.code, 'syntax');
    assert.equal(err.problem.id, 'chConfigSyntax');
    assert.deepEqual(err.problem.args.slice(0, 3), ['/home/u/.docker/config.json', 2, 12]);
    assert.ok(!String(err.problem.args[3]).includes('\u001b'), 'no escape sequence from the file reaches the message');
  });

  it('a blank file is an empty config; non-objects and non-object sections are refused', () => {
    assert.deepEqual(parseConfigText('', 'f').data, {});
    assert.equal(parseConfigText(' \n', 'f').blank, true);
    assert.throws(
      () => parseConfigText('[]', 'f'),
      (e: CredHelperConfigError) => e.code === 'notObject',
    );
    assert.throws(
      () => parseConfigText('{"credHelpers": "ecr-login"}', 'f'),
      (e: CredHelperConfigError) => e.problem.id === 'chConfigFieldNotObject' && e.problem.args[1] === 'credHelpers',
    );
    assert.deepEqual(parseConfigText('{"auths": null}', 'f').data, { auths: null });
  });
});

describe('(unit) login/credHelperConfig: formatting', () => {
  const samples = [
    '{\n\t"auths": {\n\t\t"gcr.io": {\n\t\t\t"auth": "dTpw"\n\t\t}\n\t},\n\t"psFormat": "table {{.ID}}\\u0026"\n}',
    '{\n  "auths": {},\n  "credsStore": "desktop",\n  "x": [\n    1,\n    2\n  ]\n}\n',
    '{\r\n    "auths": {}\r\n}\r\n',
    '{"auths":{"a":{"auth":"x"}},"n":null}',
    '{}',
  ];
  for (const text of samples) {
    it(`re-serialises a CLI-style file byte for byte: ${JSON.stringify(text).slice(0, 40)}…`, () => {
      const parsed = parseConfigText(text, 'f');
      assert.equal(formatConfig(parsed.data, parsed.format), text);
    });
  }

  it('detects indentation, line ends, the final newline and Go HTML escaping', () => {
    assert.deepEqual(detectFormat('{\n  "a": 1\n}\n'), { indent: '  ', eol: '\n', finalNewline: true, escapeHtml: false });
    assert.deepEqual(detectFormat('{"a":"\\u003c"}'), { indent: '', eol: '\n', finalNewline: false, escapeHtml: true });
    assert.equal(detectFormat('').indent, '\t', 'a new file looks like docker wrote it');
  });
});

describe('(unit) login/credHelperConfig: editing', () => {
  it('adds ecr-login per host, keeps other keys and their order, never touches credsStore', () => {
    const data = { auths: {}, credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' }, zeta: { deep: [1] } };
    const r = addEcrLoginHelpers(data, [`https://${ECR.toUpperCase()}/`, ECR]);
    assert.deepEqual(r.added, [{ host: ECR }]);
    assert.deepEqual(Object.keys(r.data), ['auths', 'credsStore', 'credHelpers', 'zeta']);
    assert.deepEqual(r.data.credHelpers, { 'gcr.io': 'gcloud', [ECR]: 'ecr-login' });
    assert.equal(r.data.credsStore, 'desktop');
    assert.deepEqual(data.credHelpers, { 'gcr.io': 'gcloud' }, 'the input is not mutated');
    assert.equal(r.createdSection, false);
  });

  it('is idempotent: a host already on ecr-login is reported, not added', () => {
    const once = addEcrLoginHelpers({}, [ECR]);
    assert.equal(once.createdSection, true);
    const twice = addEcrLoginHelpers(once.data, [ECR]);
    assert.deepEqual(twice.added, []);
    assert.deepEqual(twice.already, [ECR]);
    assert.equal(twice.data, once.data);
  });

  it('replaces another helper only when asked, and the undo brings it back', () => {
    const data = { credHelpers: { [ECR]: 'desktop' } };
    assert.deepEqual(addEcrLoginHelpers(data, [ECR]).keptOtherHelper, [{ host: ECR, helper: 'desktop' }]);
    const r = addEcrLoginHelpers(data, [ECR], new Set([ECR]));
    assert.deepEqual(r.added, [{ host: ECR, replaced: 'desktop' }]);
    assert.deepEqual(removeEcrLoginHelpers(r.data, r.added, r.createdSection).data, data);
  });

  it('undo removes exactly what was added; an entry changed since is left alone', () => {
    const base = { credHelpers: { 'gcr.io': 'gcloud' } };
    const r = addEcrLoginHelpers(base, [ECR, '210987654321.dkr.ecr.eu-west-1.amazonaws.com']);
    const changed = { ...r.data, credHelpers: { ...(r.data.credHelpers as object), [ECR]: 'desktop' } };
    const undo = removeEcrLoginHelpers(changed, r.added, r.createdSection);
    assert.deepEqual(undo.changedSince, [{ host: ECR, now: 'desktop' }]);
    assert.deepEqual(undo.data.credHelpers, { 'gcr.io': 'gcloud', [ECR]: 'desktop' });
    const created = addEcrLoginHelpers({ auths: {} }, [ECR]);
    assert.deepEqual(removeEcrLoginHelpers(created.data, created.added, true).data, { auths: {} }, 'a created section goes again');
  });

  it('finds stale auths entries (with credentials, any spelling docker maps to the host) and removes only those asked', () => {
    const data = {
      auths: {
        [`https://${ECR}`]: { auth: 'QVdTOnB3' },
        [`${ECR}/v2/`]: { identitytoken: 'x' },
        [ECR.replace('us-east-1', 'eu-west-1')]: { auth: 'QVdTOnB3' },
        'localhost:5001': {},
      },
    };
    assert.deepEqual(staleAuthKeys(data, ECR), [`https://${ECR}`, `${ECR}/v2/`]);
    assert.deepEqual(staleAuthKeys(data, 'localhost:5001'), [], 'an entry without credentials is not stale');
    const removed = removeAuthEntries(data, [`https://${ECR}`]);
    assert.deepEqual(Object.keys(removed.auths as object), [`${ECR}/v2/`, ECR.replace('us-east-1', 'eu-west-1'), 'localhost:5001']);
  });

  it('lists the hosts served by ecr-login', () => {
    assert.deepEqual(hostsServedByEcrLogin({ credHelpers: { [ECR]: 'ecr-login', 'gcr.io': 'gcloud', 'bad host': 'ecr-login' } }), [ECR]);
  });
});
