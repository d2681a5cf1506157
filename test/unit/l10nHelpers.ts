// Renders structured messages with the real renderer tables of src/l10n/ in plain Node, in English or Japanese.
import './vscodeL10nStandIn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../../src/l10n/messages';
import { renderedIds, renderMessage } from '../../src/l10n/render';
import type { Message } from '../../src/model/message';
import { l10nStandIn } from './vscodeL10nStandIn';

const ROOT = join(__dirname, '..', '..');
export const EN_BUNDLE = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
export const JA_BUNDLE = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;

/** The message as the extension shows it in English ('en') or Japanese ('ja'). */
export function render(msg: Message, lang: 'en' | 'ja' = 'en'): string {
  const before = l10nStandIn.bundle;
  l10nStandIn.bundle = lang === 'ja' ? JA_BUNDLE : undefined;
  try {
    return renderMessage(msg);
  } finally {
    l10nStandIn.bundle = before;
  }
}

export { l10nStandIn, renderedIds };
