// Severities in the display language (src/l10n/severityWords.ts): one renderer for the tree and the findings report.
import { strict as assert } from 'node:assert';
import { JA_BUNDLE, l10nStandIn } from '../l10nHelpers';
import { severityWord } from '../../../src/l10n/severityWords';
import { reportStrings } from '../../../src/scan/panel/reportStrings';
import { SEVERITY_ORDER } from '../../../src/model/severity';

function inLanguage<T>(lang: 'en' | 'ja', run: () => T): T {
  const before = l10nStandIn.bundle;
  l10nStandIn.bundle = lang === 'ja' ? JA_BUNDLE : undefined;
  try {
    return run();
  } finally {
    l10nStandIn.bundle = before;
  }
}

describe('(unit) severity words', () => {
  it('says every severity in English as ECR names it, with a capital', () => {
    assert.deepEqual(
      inLanguage('en', () => SEVERITY_ORDER.map(severityWord)),
      ['Critical', 'High', 'Medium', 'Low', 'Informational', 'Undefined'],
    );
  });

  it('says every severity in Japanese, each differently', () => {
    const words = inLanguage('ja', () => SEVERITY_ORDER.map(severityWord));
    assert.deepEqual(words, ['緊急', '高', '中', '低', '情報', '未定義']);
    assert.equal(new Set(words).size, SEVERITY_ORDER.length);
  });

  it('the findings report page gets the same words as the tree', () => {
    for (const lang of ['en', 'ja'] as const) {
      const strings = inLanguage(lang, () => reportStrings());
      for (const s of SEVERITY_ORDER) {
        assert.equal(strings[`sev${s}`], inLanguage(lang, () => severityWord(s)), `${lang} ${s}`);
      }
    }
  });
});
