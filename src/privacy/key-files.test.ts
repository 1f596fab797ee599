/**
 * No data key is ever tracked by git: a key in the repository is a key every clone has
 * (issue 12, finding 1). Looks at every tracked file, by name and by content, so that a
 * keyring saved under another name is found too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseKeyring } from './crypto.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Whether a text is a keyring file: every entry `id:base64 of 32 bytes`. */
function isKeyring(text: string): boolean {
  if (!/^\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{40,}/.test(text)) return false;
  try {
    parseKeyring(text);
    return true;
  } catch {
    return false;
  }
}

describe('data keys and the repository', () => {
  it('tracks no key file, by name or by content', () => {
    // A checkout without git cannot be checked: that fails rather than passes.
    const files = execFileSync('git', ['-C', root, 'ls-files', '-z'], { encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    assert.ok(files.includes('package.json'), 'git lists the checkout');
    assert.deepEqual(
      files.filter((file) => file.endsWith('.keys')),
      [],
      'no *.keys file is tracked',
    );
    const keyrings = files.filter((file) => {
      try {
        return isKeyring(readFileSync(path.join(root, file), 'utf8'));
      } catch {
        return false; // deleted in the work tree, or not text
      }
    });
    assert.deepEqual(keyrings, [], 'no tracked file holds a keyring');
  });

  it('ignores key files, so that a new one is never added by accident', () => {
    const ignored = execFileSync(
      'git',
      ['-C', root, 'check-ignore', '--no-index', 'data.keys', 'x/other.keys'],
      {
        encoding: 'utf8',
      },
    );
    assert.deepEqual(ignored.trim().split('\n'), ['data.keys', 'x/other.keys']);
  });

  it('recognises a keyring file', () => {
    assert.ok(isKeyring('k1:3Dy/Qe41vewysp7NDHHyUtYk2k5Y00InI6WU033Nc50=\n'));
    assert.ok(!isKeyring('# notes: k1 is the key id\n'));
  });
});
