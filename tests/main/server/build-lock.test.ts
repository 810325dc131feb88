import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withDirLock } from '../../../main/server/build-lock';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-lock-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('withDirLock', () => {
  it('serialises holders: the second waits (onWait once) until the first is done, then the lock is gone', async () => {
    const lock = path.join(dir, 'sub', 'a.lock');
    const events: string[] = [];
    let waits = 0;
    const first = withDirLock(lock, async () => {
      events.push('first in');
      await sleep(120);
      events.push('first out');
      return 1;
    });
    const second = withDirLock(
      lock,
      async () => {
        events.push('second in');
        return 2;
      },
      { pollMs: 20, onWait: () => waits++ },
    );
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
    expect(waits).toBe(1);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('releases the lock when fn throws', async () => {
    const lock = path.join(dir, 'b.lock');
    await expect(withDirLock(lock, async () => Promise.reject(new Error('build failed')))).rejects.toThrow('build failed');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over a stale lock and times out on a live one', async () => {
    const stale = path.join(dir, 'c.lock');
    fs.mkdirSync(stale);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(stale, old, old);
    expect(await withDirLock(stale, async () => 'ran', { staleMs: 30_000, pollMs: 10 })).toBe('ran');

    const live = path.join(dir, 'd.lock');
    fs.mkdirSync(live);
    await expect(withDirLock(live, async () => 'never', { timeoutMs: 50, pollMs: 10 })).rejects.toThrow(`Timed out waiting for another build to release ${live}.`);
    expect(fs.existsSync(live)).toBe(true); // someone else's lock is left alone
  });
});
