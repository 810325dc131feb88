import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ModelReference {
  trainable: number;
  /** Logits shape without batch, e.g. [1000]. */
  logits: number[];
  /** (C, H, W) of the feature map entering the final pooling / flatten. */
  features: number[];
  /** Multiply-accumulates of Conv2d + Linear for one sample. */
  macs: number;
}

export type Reference =
  | { ok: true; torch: string; torchvision: string; models: Record<string, ModelReference> }
  | { ok: false; missingPeer: boolean; reason: string };

/** Debian's python3 has torch; the override exists to exercise the skip/fail paths. */
const PYTHON = process.env.NETWRIGHT_TORCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torchvision_reference.py', import.meta.url));

/**
 * Runs the reference script once (all models in one process, ~10 s). A missing peer (no Debian python,
 * torch or torchvision) is reported as such so the caller can skip; any other failure is an error.
 */
export function computeReference(): Reference {
  if (!existsSync(PYTHON)) return { ok: false, missingPeer: true, reason: `${PYTHON} not found (Debian python3)` };
  const probe = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return { ok: false, missingPeer: true, reason: `torch/torchvision not importable by ${PYTHON} (apt install python3-torchvision): ${probe.stderr.trim().split('\n').pop()}` };
  const run = spawnSync(PYTHON, [SCRIPT], { encoding: 'utf8', maxBuffer: 16 << 20, timeout: 300_000 });
  if (run.status !== 0) return { ok: false, missingPeer: false, reason: `reference script failed (${run.status}): ${run.stderr}` };
  const parsed = JSON.parse(run.stdout) as { torch: string; torchvision: string; models: Record<string, ModelReference> };
  return { ok: true, ...parsed };
}

/** CI sets NETWRIGHT_REQUIRE_PEERS=1: a missing peer must fail instead of skipping. */
export const peersRequired = process.env.NETWRIGHT_REQUIRE_PEERS === '1';
