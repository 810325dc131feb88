import { describe, expect, it, vi } from 'vitest';
import type { ChildMessage, DoneMessage } from '../../../shared/contract/training';
import { runOutcome, STOP_GRACE_MS, TrainingError } from '../../../main/engine/handle';

const doneMsg = { type: 'done', stopped: false } as unknown as DoneMessage;

describe('runOutcome', () => {
  it('the first error wins: one error message, done rejects with a TrainingError, later settles are ignored', async () => {
    const seen: ChildMessage[] = [];
    const o = runOutcome((m) => seen.push(m));
    expect(o.finished).toBe(false);
    expect(o.fail('CHILD_CRASHED', 'gone')).toBe(true);
    expect(o.fail('INTERNAL', 'again')).toBe(false);
    expect(o.finish(doneMsg)).toBe(false);
    expect(o.finished).toBe(true);
    expect(seen).toEqual([{ type: 'error', code: 'CHILD_CRASHED', message: 'gone' }]);
    const err = await o.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect(err).toMatchObject({ code: 'CHILD_CRASHED', message: 'gone', name: 'TrainingError' });
  });

  it('finish resolves done; a later failure sends nothing', async () => {
    const seen: ChildMessage[] = [];
    const o = runOutcome((m) => seen.push(m));
    expect(o.finish(doneMsg)).toBe(true);
    expect(o.fail('INTERNAL', 'late')).toBe(false);
    await expect(o.done).resolves.toBe(doneMsg);
    expect(seen).toEqual([]);
  });

  it('a throwing listener does not throw out of deliver or fail', () => {
    const o = runOutcome(() => {
      throw new Error('listener bug');
    });
    expect(() => o.deliver({ type: 'log', level: 'info', message: 'x' })).not.toThrow();
    expect(o.fail('INTERNAL', 'boom')).toBe(true);
  });

  it('killIfStuck kills only a run that has not finished after the grace period', () => {
    vi.useFakeTimers();
    try {
      const stuck = runOutcome(() => undefined);
      const finishing = runOutcome(() => undefined);
      const kills: string[] = [];
      stuck.killIfStuck(() => kills.push('stuck'));
      finishing.killIfStuck(() => kills.push('finishing'));
      finishing.finish(doneMsg);
      vi.advanceTimersByTime(STOP_GRACE_MS - 1);
      expect(kills).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(kills).toEqual(['stuck']);
    } finally {
      vi.useRealTimers();
    }
  });
});
