/** Shared by the PyTorch engine tests: the torch peer, a quick run, and the messages it produced. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childMessageSchema, type ChildMessage, type TrainingConfigInput } from '../../../shared/contract/training';
import type { GraphData } from '../../../shared/graph/types';
import type { TrainingHandle } from '../../../main/engine/client';
import { startPytorchTraining } from '../../../main/engine-pytorch/index';
import { PYTHON, pythonWith } from '../../shared/export/peers';

export { PYTHON };
export const torchPeer = pythonWith('torch, numpy');

/** Small LeNet-style classifier (valid-only convs, a softmax head) that trains 512 samples in ~1 s. */
export function smallGraph(): GraphData {
  const nodes: GraphData['nodes'] = [
    { id: 'in', type: 'Input', params: { shape: [28, 28, 1] } },
    { id: 'conv', type: 'Conv2D', params: { filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' } },
    { id: 'bn', type: 'BatchNormalization', params: {} },
    { id: 'pool', type: 'MaxPooling2D', params: { poolSize: 2 } },
    { id: 'flat', type: 'Flatten', params: {} },
    { id: 'out', type: 'Dense', params: { units: 10, activation: 'softmax' } },
  ].map((n) => ({ ...n, position: { x: 0, y: 0 } }));
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id, targetPort: 0 }));
  return { nodes, edges, groups: [] };
}

export interface Collected {
  handle: TrainingHandle;
  messages: ChildMessage[];
  /** Resolves with the done message, or the error it failed with. */
  result: Promise<{ ok: true } | { ok: false; error: Error & { code?: string } }>;
}

/** Starts a run, records every message (checking each against the protocol schema). */
export async function collect(config: TrainingConfigInput, react?: (m: ChildMessage, h: TrainingHandle) => void): Promise<Collected> {
  const messages: ChildMessage[] = [];
  let handle: TrainingHandle | null = null;
  const early: ChildMessage[] = [];
  handle = await startPytorchTraining(
    { engine: 'pytorch', device: 'cpu', python: PYTHON, ...config },
    {
      onMessage(m) {
        childMessageSchema.parse(m);
        messages.push(m);
        if (handle) react?.(m, handle);
        else early.push(m);
      },
    },
  );
  const h = handle;
  for (const m of early) react?.(m, h);
  const result = h.done.then(
    () => ({ ok: true as const }),
    (error: Error & { code?: string }) => ({ ok: false as const, error }),
  );
  return { handle: h, messages, result };
}

/** A fake `python`: probes go to the real one; running the runner prints `lines` stderr lines and exits 1. */
export function crashingPython(lines: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-fake-python-'));
  const file = path.join(dir, 'python');
  writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = "-c" ]; then exec "${PYTHON}" "$@"; fi\ni=1\nwhile [ $i -le ${lines} ]; do echo "stderr line $i" >&2; i=$((i+1)); done\nexit 1\n`,
  );
  chmodSync(file, 0o755);
  return file;
}
