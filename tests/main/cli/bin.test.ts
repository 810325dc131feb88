import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyBareGraph } from './helpers';

/** Spawns the real bin/netwright shim, as a user or a script would. */
const BIN = resolve('bin/netwright');
let dir: string;

function run(args: string[], cwd = dir) {
  const started = performance.now();
  const r = spawnSync(BIN, args, { cwd, encoding: 'utf8', env: { ...process.env, NETWRIGHT_DEBUG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: performance.now() - started };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nw-bin-'));
  await writeFile(join(dir, 'tiny.json'), JSON.stringify(tinyBareGraph()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bin/netwright', () => {
  it('--version from another working directory', () => {
    const r = run(['--version']);
    expect(r).toMatchObject({ code: 0, out: 'netwright 0.1.0\n', err: '' });
    console.log(`bin/netwright --version: ${r.ms.toFixed(0)} ms (start-up incl. tsx)`);
  });

  it('inspect --json of a relative path and of a preset', () => {
    const r = run(['inspect', 'tiny.json', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).totals.params).toBe(54_754);
    const p = run(['inspect', 'preset:lenet5', '--json']);
    expect(JSON.parse(p.out).totals.trainableParams).toBe(61_706);
  });

  it('bad input: exit 2, exactly one stderr line, no stack trace', () => {
    for (const args of [['bogus'], ['inspect', 'missing.json'], ['inspect'], ['preset', 'nope'], ['inspect', 'preset:lenet5', '--x']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      const lines = r.err.trimEnd().split('\n');
      expect(lines, r.err).toHaveLength(1);
      expect(lines[0]).toMatch(/^netwright: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('validate exit codes', () => {
    const v = run(['validate', 'tiny.json']);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/✓ valid: 6 layers\n$/);
  });
});
