import { spawnSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile, type AtomicFs } from '../../../main/files/atomic';
import { FileError } from '../../../main/files/errors';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nw-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, unlink: fsp.unlink };

describe('atomicWriteFile', () => {
  it('creates and replaces a file, leaving no temp files', async () => {
    const target = join(dir, 'p.json');
    await atomicWriteFile(target, 'one');
    expect(await readFile(target, 'utf8')).toBe('one');
    await atomicWriteFile(target, new TextEncoder().encode('two'));
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['p.json']);
  });

  it('keeps the old content when the write fails half-way, and removes the temp file', async () => {
    const target = join(dir, 'p.json');
    await writeFile(target, 'old complete content');
    const failingFs: AtomicFs = {
      ...realFs,
      open: (async (...args: Parameters<typeof fsp.open>) => {
        const handle = await fsp.open(...args);
        // Write the first half for real, then fail like a full disk would.
        handle.writeFile = async (data: unknown) => {
          await handle.write(String(data).slice(0, 5));
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        };
        return handle;
      }) as typeof fsp.open,
    };
    const err = await atomicWriteFile(target, 'new content that never fully lands', failingFs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileError);
    expect((err as FileError).message).toBe(`Disk full: cannot write ${target}`);
    expect(await readFile(target, 'utf8')).toBe('old complete content');
    expect(await readdir(dir)).toEqual(['p.json']);
  });

  it('keeps the old content when the rename fails', async () => {
    const target = join(dir, 'p.json');
    await writeFile(target, 'old');
    const failingFs: AtomicFs = {
      ...realFs,
      rename: async () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      },
    };
    await expect(atomicWriteFile(target, 'new', failingFs)).rejects.toThrow(`Permission denied: cannot write ${target}`);
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['p.json']);
  });

  it('a process killed between write and rename leaves the target intact', async () => {
    const target = join(dir, 'p.json');
    await writeFile(target, 'old');
    const script = `
      import { atomicWriteFile } from ${JSON.stringify(resolve('main/files/atomic.ts'))};
      import * as fsp from 'node:fs/promises';
      await atomicWriteFile(${JSON.stringify(target)}, 'x'.repeat(1 << 20), {
        open: fsp.open, unlink: fsp.unlink,
        rename: async () => { process.kill(process.pid, 'SIGKILL'); await new Promise(() => {}); },
      });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(await readFile(target, 'utf8')).toBe('old');
    // The orphaned temp file is a hidden sibling, never the target itself.
    const left = (await readdir(dir)).filter((f) => f !== 'p.json');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.p\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
  });

  it('reports a missing folder clearly', async () => {
    const target = join(dir, 'nope', 'p.json');
    await expect(atomicWriteFile(target, 'x')).rejects.toThrow(`Folder does not exist for: ${target}`);
  });
});
