import { describe, expect, it } from 'vitest';
import { Autosaver, recoveryQuestion, unwrapAutosave, wrapAutosave, type Timers } from '../../../renderer/state/autosave';
import { createMockHost } from '../../../renderer/host/mock';

function fakeTimers() {
  const handlers: (() => void)[] = [];
  const timers: Timers = {
    setInterval: (fn) => handlers.push(fn) - 1,
    clearInterval: (h) => {
      handlers[h as number] = () => undefined;
    },
    now: () => new Date('2026-03-01T10:20:00Z'),
  };
  return { timers, fire: () => handlers.forEach((h) => h()) };
}

describe('autosave envelope', () => {
  it('wraps and unwraps, and rejects anything else', () => {
    const text = wrapAutosave('{"format":"netwright"}', { path: '/p/a.json', name: 'a.json' }, new Date('2026-03-01T10:20:00Z'));
    const env = unwrapAutosave(text)!;
    expect(env.project).toBe('{"format":"netwright"}');
    expect(env.file?.name).toBe('a.json');
    expect(recoveryQuestion(env)).toMatch(/^Restore unsaved work from .+ \(a\.json\)\?$/);
    expect(unwrapAutosave('{"format":"netwright"}')).toBeNull();
    expect(unwrapAutosave('garbage')).toBeNull();
    expect(unwrapAutosave(null)).toBeNull();
  });
});

describe('Autosaver scheduling', () => {
  it('writes only when dirty and changed since the last write, on each interval', async () => {
    const host = createMockHost();
    let version = 0;
    let dirty = false;
    const { timers, fire } = fakeTimers();
    const saver = new Autosaver(host, { version: () => version, dirty: () => dirty, serialize: () => `doc v${version}`, file: () => null }, timers, 5000);
    saver.start();
    expect(await saver.tick()).toBe(false); // clean document
    dirty = true;
    version = 1;
    expect(await saver.tick()).toBe(true);
    expect(unwrapAutosave(await host.readAutosave())?.project).toBe('doc v1');
    expect(await saver.tick()).toBe(false); // unchanged since the last write
    version = 2;
    fire();
    await new Promise((r) => setTimeout(r, 0));
    expect(saver.writes).toBe(2);
    expect(unwrapAutosave(await host.readAutosave())?.project).toBe('doc v2');
    await saver.discard();
    expect(await host.readAutosave()).toBeNull();
    saver.stop();
  });

  it('records a failing host instead of throwing', async () => {
    const host = { writeAutosave: async () => Promise.reject(new Error('disk full')), clearAutosave: async () => undefined };
    const saver = new Autosaver(host, { version: () => 1, dirty: () => true, serialize: () => 'x', file: () => null }, fakeTimers().timers);
    expect(await saver.tick()).toBe(false);
    expect(saver.lastError).toBe('disk full');
  });
});
