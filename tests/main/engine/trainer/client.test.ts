import { describe, expect, it } from 'vitest';
import type { ChildMessage } from '../../../../shared/contract/training';
import { startTraining, TrainingError } from '../../../../main/engine/client';
import { smallMnist } from './helpers';

const base = { graph: smallMnist(), dataset: { id: 'mnist', limit: 600 }, batchSize: 16, backend: 'wasm', workers: 1 } as const;

describe('training client ↔ child process', () => {
  it('rejects an invalid config before starting a process', () => {
    expect(() => startTraining({ ...base, epochs: 0 }, { onMessage: () => undefined })).toThrow(/Invalid training config: epochs: /);
  });

  it('runs in a child process; pause, resume and stop take effect within one batch', async () => {
    const messages: ChildMessage[] = [];
    let pausedAt = -1;
    const h = startTraining(
      { ...base, epochs: 3 },
      {
        onMessage(m) {
          messages.push(m);
          if (m.type === 'batch' && m.epoch === 1 && m.batch === 2) {
            pausedAt = m.batch;
            h.pause();
          }
          if (m.type === 'paused') setTimeout(() => h.resume(), 300);
          if (m.type === 'batch' && m.epoch === 1 && m.batch === 6) h.stop();
        },
      },
    );
    expect(h.pid).toBeGreaterThan(0);
    const done = await h.done;
    const paused = messages.find((m) => m.type === 'paused');
    expect(paused).toMatchObject({ epoch: 1 });
    // Paused before the next batch started (the request may race one batch in flight).
    expect((paused as { batch: number }).batch - pausedAt).toBeLessThanOrEqual(1);
    expect(messages.some((m) => m.type === 'resumed')).toBe(true);
    const batches = messages.filter((m) => m.type === 'batch');
    expect(batches.length).toBeLessThanOrEqual(7);
    expect(done).toMatchObject({ type: 'done', stopped: true, backend: 'wasm' });
    expect(messages[0]).toMatchObject({ type: 'ready', backend: 'wasm', startEpoch: 1 });
  });

  it('reports failures inside the child as error messages with a code', async () => {
    const got: ChildMessage[] = [];
    const h = startTraining({ ...base, dataset: { id: 'cifar10' } }, { onMessage: (m) => got.push(m) });
    const err = await h.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe('DATASET');
    expect(got).toContainEqual(expect.objectContaining({ type: 'error', code: 'DATASET', message: expect.stringContaining("Unknown dataset 'cifar10'") }));
  });

  it('a killed child is reported as CHILD_CRASHED and the caller keeps running', async () => {
    const got: ChildMessage[] = [];
    const h = startTraining(
      { ...base, epochs: 5 },
      {
        onMessage(m) {
          got.push(m);
          if (m.type === 'batch' && m.batch === 3) h.kill('SIGKILL');
        },
      },
    );
    const err = await h.done.catch((e: unknown) => e);
    expect((err as TrainingError).code).toBe('CHILD_CRASHED');
    const last = got[got.length - 1];
    expect(last).toMatchObject({ type: 'error', code: 'CHILD_CRASHED' });
    expect((last as { message: string }).message).toMatch(/^training process was killed \(SIGKILL\) before finishing/);
    // Still alive: a new run in a new process works.
    const again = startTraining({ ...base, epochs: 1, dataset: { id: 'mnist', limit: 100 } }, { onMessage: () => undefined });
    expect((await again.done).type).toBe('done');
  });
});
