/**
 * Autosave and crash recovery. The host stores one opaque text; we wrap the project in a small envelope
 * recording when it was written and which file it belonged to, so the start-up prompt can say
 * "Restore unsaved work from <time>?". Timers are injected so the schedule is unit-testable.
 */
import type { Host, ProjectFileRef } from '../../shared/contract/host';

export const AUTOSAVE_FORMAT = 'netwright-autosave';
export const AUTOSAVE_INTERVAL_MS = 5000;

export interface AutosaveEnvelope {
  format: typeof AUTOSAVE_FORMAT;
  savedAt: string;
  file: ProjectFileRef | null;
  project: string;
}

export function wrapAutosave(project: string, file: ProjectFileRef | null, now: Date): string {
  const env: AutosaveEnvelope = { format: AUTOSAVE_FORMAT, savedAt: now.toISOString(), file, project };
  return JSON.stringify(env);
}

export function unwrapAutosave(text: string | null): AutosaveEnvelope | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<AutosaveEnvelope>;
    if (v.format !== AUTOSAVE_FORMAT || typeof v.project !== 'string' || typeof v.savedAt !== 'string') return null;
    return { format: AUTOSAVE_FORMAT, savedAt: v.savedAt, file: v.file ?? null, project: v.project };
  } catch {
    return null;
  }
}

export function recoveryQuestion(env: AutosaveEnvelope): string {
  const when = new Date(env.savedAt);
  const time = Number.isNaN(when.getTime()) ? env.savedAt : when.toLocaleString();
  return `Restore unsaved work from ${time}${env.file ? ` (${env.file.name})` : ''}?`;
}

export interface AutosaveSource {
  /** Monotonic change counter of the document; autosave writes when it moved since the last write. */
  version(): number;
  /** Whether the document has unsaved changes. */
  dirty(): boolean;
  serialize(): string;
  file(): ProjectFileRef | null;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  now(): Date;
}

export const realTimers: Timers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
  now: () => new Date(),
};

/** Writes the document to the host's autosave slot every `intervalMs` while it is dirty and has changed. */
export class Autosaver {
  private handle: unknown = null;
  private lastWritten = -1;
  private writing = false;
  lastError: string | null = null;
  writes = 0;

  constructor(
    private readonly host: Pick<Host, 'writeAutosave' | 'clearAutosave'>,
    private readonly source: AutosaveSource,
    private readonly timers: Timers = realTimers,
    private readonly intervalMs = AUTOSAVE_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timers.setInterval(() => void this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  /** One scheduling step; exposed for tests. Returns whether it wrote. */
  async tick(): Promise<boolean> {
    if (this.writing || !this.source.dirty()) return false;
    const v = this.source.version();
    if (v === this.lastWritten) return false;
    this.writing = true;
    try {
      await this.host.writeAutosave(wrapAutosave(this.source.serialize(), this.source.file(), this.timers.now()));
      this.lastWritten = v;
      this.writes++;
      this.lastError = null;
      return true;
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      return false;
    } finally {
      this.writing = false;
    }
  }

  /** After an explicit save the recovery copy is obsolete. */
  async discard(): Promise<void> {
    this.lastWritten = this.source.version();
    await this.host.clearAutosave();
  }
}
