import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runCli } from '../../../main/cli/dispatch';
import type { CliIO } from '../../../main/cli/types';

/** A CliIO that records what a command printed. */
export function captureIO(cwd: string): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
  };
  return io;
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/**
 * A temp working folder for one CLI test file (made at once, removed after the file's tests) and `cli`,
 * which runs a command line in it and returns the exit code and what it printed.
 */
export function cliWorkspace(prefix: string): { dir: string; cli: (...argv: string[]) => Promise<CliResult> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = async (...argv: string[]): Promise<CliResult> => {
    const io = captureIO(dir);
    const code = await runCli(argv, io);
    return { code, out: io.out, err: io.err };
  };
  return { dir, cli };
}

/**
 * input 28×28×1 → conv 8@3×3 valid → conv 8@3×3 same → add(c1, c2) → flatten → dense 10.
 * By hand: params 80 + 584 + 0 + 0 + 54,090 = 54,754; MACs 26·26·8·9 + 26·26·8·72 + 5408·10 = 492,128.
 */
export function tinyBareGraph() {
  return {
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [28, 28, 1] } },
      { id: 'c1', type: 'Conv2D', params: { filters: 8, kernelSize: 3 } },
      { id: 'c2', type: 'Conv2D', params: { filters: 8, kernelSize: 3, padding: 'same' } },
      { id: 'add', type: 'Add', params: {} },
      { id: 'flat', type: 'Flatten', params: {} },
      { id: 'out', type: 'Dense', params: { units: 10 } },
    ],
    edges: [
      { source: 'in', target: 'c1', targetPort: 0 },
      { source: 'c1', target: 'c2', targetPort: 0 },
      { source: 'c1', target: 'add', targetPort: 0 },
      { source: 'c2', target: 'add', targetPort: 1 },
      { source: 'add', target: 'flat', targetPort: 0 },
      { source: 'flat', target: 'out', targetPort: 0 },
    ],
  };
}

/** Same graph, but c2 uses 'valid' padding: Add gets [26,26,8] vs [24,24,8]. */
export function brokenBareGraph() {
  const g = tinyBareGraph();
  g.nodes[2].params = { filters: 8, kernelSize: 3, padding: 'valid' };
  return g;
}
