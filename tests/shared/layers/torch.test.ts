/**
 * Our layer arithmetic against the real reference: seeded random configs of every layer with a PyTorch
 * equivalent are built in torch by torch_layers.py (Debian's /usr/bin/python3), which runs a forward pass
 * and reports the output shape, trainable parameters and conv/linear multiply-accumulates it measures.
 * Skips with a printed reason when torch is missing, unless NETWRIGHT_REQUIRE_PEERS=1 (CI), where it fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Shape } from '../../../shared/graph/types';
import { params, spec } from './helpers';

/** Overridable (NETWRIGHT_TORCH_PYTHON, shared with the presets reference) to exercise the skip/fail paths. */
const PYTHON = process.env.NETWRIGHT_TORCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_layers.py', import.meta.url));
const peersRequired = process.env.NETWRIGHT_REQUIRE_PEERS === '1';

interface Case {
  type: string;
  params: Record<string, unknown>;
  inputs: Shape[];
}
interface Ours {
  shape: Shape;
  trainable: number;
  macs: number;
}
type TorchResult = { shape: number[]; trainable: number; macs: number } | { error: string };

/** mulberry32: small, seedable, identical on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const size = (lo: number, hi: number): number | [number, number] => (next() < 0.3 ? [int(lo, hi), int(lo, hi)] : int(lo, hi));
  return { next, int, pick, size };
}

type Gen = (r: ReturnType<typeof rng>) => Omit<Case, 'params'> & { raw: Record<string, unknown> };

const image = (r: ReturnType<typeof rng>, lo = 6, hi = 24, cmax = 12): Shape => [r.int(lo, hi), r.int(lo, hi), r.int(1, cmax)];

/** Padding 'same' only at stride 1: torch has no 'same' for strided convs (TF pads asymmetrically). */
function window(r: ReturnType<typeof rng>, withDilation: boolean) {
  const strides = r.next() < 0.5 ? 1 : r.size(1, 3);
  const strided = strides !== 1;
  const dilationRate = withDilation && !strided && r.next() < 0.5 ? r.pick([2, 3, [2, 1], [1, 2]]) : 1;
  return { kernelSize: r.size(1, 5), strides, dilationRate, padding: strided ? 'valid' : r.pick(['valid', 'same']) };
}

const GENERATORS: [string, number, Gen][] = [
  ['Conv2D', 12, (r) => ({ type: 'Conv2D', inputs: [image(r)], raw: { filters: r.int(1, 24), ...window(r, true), useBias: r.next() < 0.7, activation: r.pick(['linear', 'relu', 'gelu']) } })],
  ['DepthwiseConv2D', 5, (r) => ({ type: 'DepthwiseConv2D', inputs: [image(r)], raw: { depthMultiplier: r.int(1, 3), ...window(r, true), useBias: r.next() < 0.5 } })],
  ['SeparableConv2D', 4, (r) => ({ type: 'SeparableConv2D', inputs: [image(r)], raw: { filters: r.int(1, 24), depthMultiplier: r.int(1, 2), ...window(r, false), useBias: r.next() < 0.5 } })],
  [
    'Conv2DTranspose',
    5,
    (r) => {
      const strides = r.size(1, 3);
      // torch output_padding must stay below the stride: 'same' at stride 1 needs an odd kernel.
      const kernelSize = strides === 1 ? r.pick([1, 3, 5]) : r.size(1, 5);
      return { type: 'Conv2DTranspose', inputs: [image(r, 2, 10)], raw: { filters: r.int(1, 16), kernelSize, strides, padding: r.pick(['valid', 'same']), useBias: r.next() < 0.5 } };
    },
  ],
  [
    'Conv1D',
    4,
    (r) => {
      const strides = r.int(1, 2);
      return {
        type: 'Conv1D',
        inputs: [[r.int(8, 40), r.int(1, 16)]],
        raw: { filters: r.int(1, 16), kernelSize: r.int(1, 7), strides, dilationRate: strides === 1 ? r.int(1, 3) : 1, padding: strides === 1 ? r.pick(['valid', 'same']) : 'valid' },
      };
    },
  ],
  ['MaxPooling2D', 3, (r) => ({ type: 'MaxPooling2D', inputs: [image(r)], raw: { poolSize: r.size(1, 4), strides: r.pick([null, 1, 2, [2, 1]]) } })],
  ['AveragePooling2D', 2, (r) => ({ type: 'AveragePooling2D', inputs: [image(r)], raw: { poolSize: r.size(1, 4), strides: r.pick([null, 1, 2]) } })],
  ['MaxPooling1D', 2, (r) => ({ type: 'MaxPooling1D', inputs: [[r.int(4, 40), r.int(1, 8)]], raw: { poolSize: r.int(1, 5), strides: r.pick([null, 1, 2, 3]) } })],
  ['AveragePooling1D', 1, (r) => ({ type: 'AveragePooling1D', inputs: [[r.int(4, 40), r.int(1, 8)]], raw: { poolSize: r.int(1, 5), strides: r.pick([null, 1, 2, 3]) } })],
  ['GlobalAveragePooling2D', 1, (r) => ({ type: 'GlobalAveragePooling2D', inputs: [image(r)], raw: {} })],
  ['ZeroPadding2D', 2, (r) => ({ type: 'ZeroPadding2D', inputs: [image(r)], raw: { padding: r.pick([r.int(0, 3), [r.int(0, 3), r.int(0, 3)], [[r.int(0, 3), r.int(0, 3)], [r.int(0, 3), r.int(0, 3)]]]) } })],
  ['UpSampling2D', 1, (r) => ({ type: 'UpSampling2D', inputs: [image(r, 2, 8)], raw: { size: r.size(1, 3) } })],
  ['Dense', 4, (r) => ({ type: 'Dense', inputs: [r.next() < 0.5 ? [r.int(1, 300)] : image(r, 2, 6)], raw: { units: r.int(1, 200), useBias: r.next() < 0.8 } })],
  ['Flatten', 1, (r) => ({ type: 'Flatten', inputs: [image(r)], raw: {} })],
  ['BatchNormalization', 3, (r) => ({ type: 'BatchNormalization', inputs: [r.next() < 0.7 ? image(r) : [r.int(1, 64)]], raw: {} })],
  ['LayerNormalization', 2, (r) => ({ type: 'LayerNormalization', inputs: [[r.int(2, 10), r.int(2, 64)]], raw: {} })],
  ['LRN', 1, (r) => ({ type: 'LRN', inputs: [image(r)], raw: { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 } })],
  ['Embedding', 2, (r) => ({ type: 'Embedding', inputs: [[r.int(1, 20)]], raw: { inputDim: r.int(2, 500), outputDim: r.int(1, 64) } })],
  ['SimpleRNN', 2, (r) => ({ type: 'SimpleRNN', inputs: [[r.int(1, 12), r.int(1, 20)]], raw: { units: r.int(1, 32), returnSequences: r.next() < 0.5, useBias: r.next() < 0.8 } })],
  ['LSTM', 3, (r) => ({ type: 'LSTM', inputs: [[r.int(1, 12), r.int(1, 20)]], raw: { units: r.int(1, 32), returnSequences: r.next() < 0.5, useBias: r.next() < 0.8 } })],
  ['GRU', 3, (r) => ({ type: 'GRU', inputs: [[r.int(1, 12), r.int(1, 20)]], raw: { units: r.int(1, 32), returnSequences: r.next() < 0.5, useBias: r.next() < 0.8 } })],
  [
    'MultiHeadAttention',
    4,
    (r) => {
      const numHeads = r.int(1, 4);
      const keyDim = r.int(1, 8);
      const tv = r.int(1, 9);
      const inputs: Shape[] = [[r.int(1, 9), numHeads * keyDim], [tv, r.int(1, 20)]];
      if (r.next() < 0.6) inputs.push([tv, r.int(1, 20)]);
      return { type: 'MultiHeadAttention', inputs, raw: { numHeads, keyDim, useBias: r.next() < 0.7 } };
    },
  ],
  ['Concatenate', 1, (r) => ({ type: 'Concatenate', inputs: [[5, 5, r.int(1, 8)], [5, 5, r.int(1, 8)], [5, 5, r.int(1, 8)]], raw: {} })],
  ['Add', 1, () => ({ type: 'Add', inputs: [[4, 4, 3], [4, 4, 3]], raw: {} })],
];

/** Draws configs until our inference accepts them (a random kernel may not fit its input). */
function makeCases(): { cases: Case[]; ours: Ours[] } {
  const r = rng(20240611);
  const cases: Case[] = [];
  const ours: Ours[] = [];
  for (const [, n, gen] of GENERATORS) {
    for (let made = 0, tries = 0; made < n && tries < 100; tries++) {
      const g = gen(r);
      const p = params(g.type, g.raw);
      const s = spec(g.type);
      const res = s.inferShape(g.inputs, p);
      if ('error' in res) continue;
      cases.push({ type: g.type, params: p, inputs: g.inputs });
      ours.push({ shape: res.shape, trainable: s.paramCounts(g.inputs, p).trainable, macs: s.macs(g.inputs, res.shape, p) });
      made++;
    }
  }
  return { cases, ours };
}

/** Keras keeps one bias per gate; torch's RNN/LSTM keep two (b_ih, b_hh). GRU with resetAfter matches. */
function torchExtraBias(c: Case): number {
  if (!c.params.useBias) return 0;
  const units = c.params.units as number;
  return c.type === 'SimpleRNN' ? units : c.type === 'LSTM' ? 4 * units : 0;
}

/** Layers whose multiply-adds torch's conv/linear hooks can see (MHA's matmuls happen outside modules). */
const MAC_CHECKED = new Set(['Conv2D', 'Conv1D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'Dense']);

function runTorch(cases: Case[]): { ok: true; torch: string; results: TorchResult[] } | { ok: false; missingPeer: boolean; reason: string } {
  if (!existsSync(PYTHON)) return { ok: false, missingPeer: true, reason: `${PYTHON} not found (Debian python3)` };
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, missingPeer: true, reason: `torch not importable by ${PYTHON} (apt install python3-torch): ${probe.stderr.trim().split('\n').pop()}` };
  const run = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 16 << 20, timeout: 120_000 });
  if (run.status !== 0) return { ok: false, missingPeer: false, reason: `torch_layers.py failed (${run.status}): ${run.stderr}` };
  const out = JSON.parse(run.stdout) as { torch: string; results: TorchResult[] };
  return { ok: true, ...out };
}

const { cases, ours } = makeCases();
const ref = runTorch(cases);
if (!ref.ok && ref.missingPeer && !peersRequired) console.warn(`[layers/torch] SKIPPED: ${ref.reason}`);

describe('torch reference peer', () => {
  it('generates ~50 seeded configs covering every mapped layer', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.type)).size).toBe(GENERATORS.length);
  });

  it.runIf(!ref.ok && (peersRequired || !ref.missingPeer))('PyTorch is available and runs', () => {
    if (!ref.ok) expect.fail(ref.reason);
  });
});

describe.runIf(ref.ok)('layers vs PyTorch', () => {
  const results = ref.ok ? ref.results : [];
  it.each(cases.map((c, i) => [`${i} ${c.type} ${JSON.stringify(c.params)} on ${JSON.stringify(c.inputs)}`, i] as const))('%s', (_label, i) => {
    const c = cases[i];
    const t = results[i];
    if ('error' in t) expect.fail(`torch refused the config: ${t.error}`);
    expect(ours[i].shape).toEqual(t.shape);
    expect(ours[i].trainable + torchExtraBias(c)).toBe(t.trainable);
    if (MAC_CHECKED.has(c.type)) expect(ours[i].macs).toBe(t.macs);
  });
});
