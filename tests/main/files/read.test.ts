import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTextFile } from '../../../main/files/read';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nw-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTextFile', () => {
  it('reads UTF-8 and drops a BOM', async () => {
    const p = join(dir, 'a.json');
    await writeFile(p, '\ufeff{"é":1}');
    expect(await readTextFile(p)).toBe('{"é":1}');
  });

  it('says "File not found" for a missing file', async () => {
    const p = join(dir, 'missing.json');
    await expect(readTextFile(p)).rejects.toThrow(`File not found: ${p}`);
  });

  it('refuses folders and oversized files with specific messages', async () => {
    await expect(readTextFile(dir)).rejects.toThrow(`Is a folder, not a file: ${dir}`);
    const p = join(dir, 'big.json');
    await writeFile(p, 'x'.repeat(2000));
    await expect(readTextFile(p, { maxBytes: 1000 })).rejects.toThrow(/^File too large: .*big\.json is 2,000 bytes \(limit 1,000\)$/);
  });

  const isRoot = process.getuid?.() === 0;
  if (isRoot) console.log('skipping the real EACCES test: running as root, chmod 000 does not stop root reading (the mapping is tested below)');
  it.skipIf(isRoot)('says "Permission denied" for an unreadable file', async () => {
    const p = join(dir, 'secret.json');
    await writeFile(p, '{}');
    await chmod(p, 0o000);
    await expect(readTextFile(p)).rejects.toThrow(`Permission denied: cannot read ${p}`);
  });
});

describe('toFileError', () => {
  it('maps errno codes to one-line messages (root cannot trigger EACCES for real)', async () => {
    const { toFileError } = await import('../../../main/files/errors');
    const e = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(toFileError(e('EACCES'), '/p', 'read').message).toBe('Permission denied: cannot read /p');
    expect(toFileError(e('ENOSPC'), '/p', 'write').message).toBe('Disk full: cannot write /p');
    expect(toFileError(e('EROFS'), '/p', 'write').message).toBe('Read-only file system: cannot write /p');
    expect(toFileError(e('EWEIRD'), '/p', 'read').message).toBe('Cannot read /p: EWEIRD: raw');
    expect(toFileError(e('ENOENT'), '/p', 'read').code).toBe('ENOENT');
  });
});
