// Text shown through the Ui seam is inert: VS Code's notification link syntax and `$(icon)` syntax never survive
// (checked with the link pattern VS Code's own linkedText parser uses), and the clipboard gets one clean line.
import { strict as assert } from 'node:assert';
import { clipboardText, inertText } from '../../../src/model/sanitize';

// vs/base/common/linkedText.ts: `[text](https:… | command:… | file:…)` becomes a clickable link in notifications.
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const VSCODE_ICON = /(\\)?\$\(([a-z0-9-]+?(?:~[a-z0-9-]*?)?)\)/gi;

describe('(unit) model: inert text for the Ui seam', () => {
  const hostile = [
    'manifest unknown [click](command:workbench.action.quit)',
    'see [docs](https://evil.example/x "title") or [f](file:///etc/passwd)',
    '[x] (command:workbench.action.terminal.new)',
    'repo $(alert) $(loading~spin) name',
    'tag\nwith a newline [x](command:a)',
  ];

  it('no link or icon VS Code would render survives', () => {
    for (const text of hostile) {
      const out = inertText(text);
      assert.equal(out.match(VSCODE_LINK), null, out);
      assert.equal([...out.matchAll(VSCODE_ICON)].filter((m) => !m[1]).length, 0, out);
      assert.equal(out.replace(/\u200b/g, ''), text.replace(/\] \(/, '] ('), 'the words stay readable');
    }
  });

  it('line breaks stay (modal details), escape sequences and controls go', () => {
    assert.equal(inertText('a\n\nb\x1b[31mred\x07'), 'a\n\nbred');
  });

  it('the clipboard gets one line without control characters', () => {
    assert.equal(clipboardText('host/repo:tag\nrm -rf ~\r\x1b[2J'), 'host/repo:tag rm -rf ~');
    assert.equal(clipboardText('a\u202eb'), 'ab');
  });
});
