/**
 * File workflow around the store: open/save/save-as through the Host, recents, autosave and crash
 * recovery, and the window title. Plain TS (no React) so it is unit-tested against the mock host.
 */
import type { Host, ProjectFileRef } from '../../shared/contract/host';
import { Autosaver, recoveryQuestion, unwrapAutosave, type AutosaveEnvelope, type Timers, realTimers } from './autosave';
import { documentTitle, isDirty, type EditorStore } from './store';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface Recovery {
  envelope: AutosaveEnvelope;
  question: string;
}

export class Session {
  readonly autosaver: Autosaver;
  private unsubscribe: (() => void) | null = null;
  private lastTitle = '';

  constructor(
    readonly store: EditorStore,
    readonly host: Host,
    timers: Timers = realTimers,
    intervalMs?: number,
  ) {
    this.autosaver = new Autosaver(
      host,
      {
        version: () => store.getState().version,
        dirty: () => isDirty(store.getState()),
        serialize: () => store.getState().serialize(),
        file: () => store.getState().file,
      },
      timers,
      intervalMs,
    );
  }

  /** Starts autosave and title tracking; returns a pending crash-recovery question, if any. */
  async start(): Promise<Recovery | null> {
    let recovery: Recovery | null = null;
    try {
      const env = unwrapAutosave(await this.host.readAutosave());
      if (env) recovery = { envelope: env, question: recoveryQuestion(env) };
    } catch (e) {
      this.notify('error', `Could not read the autosave: ${message(e)}`);
    }
    this.autosaver.start();
    this.unsubscribe = this.store.subscribe((s) => {
      const title = documentTitle(s);
      if (title === this.lastTitle) return;
      this.lastTitle = title;
      if (typeof document !== 'undefined') document.title = title;
      void this.host.setDocumentState?.({ title, dirty: isDirty(s) }).catch(() => undefined);
    });
    return recovery;
  }

  stop(): void {
    this.autosaver.stop();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Loads the autosaved document as dirty (it was never saved to its file). */
  async restore(recovery: Recovery): Promise<boolean> {
    const ok = this.store.getState().loadText(recovery.envelope.project, recovery.envelope.file, { dirty: true });
    if (ok) this.notify('info', 'Restored unsaved work.');
    return ok;
  }

  async discardRecovery(): Promise<void> {
    await this.host.clearAutosave();
  }

  private notify(kind: 'error' | 'info', text: string) {
    this.store.getState().setNotice({ kind, text });
  }

  async open(path?: string): Promise<boolean> {
    try {
      const result = await this.host.openProject(path);
      if (!result) return false;
      const ok = this.store.getState().loadText(result.text, result.ref);
      if (ok) this.notify('info', `Opened ${result.ref.name}`);
      return ok;
    } catch (e) {
      this.notify('error', `Open failed: ${message(e)}`);
      return false;
    }
  }

  /** Save to the current file, or ask for one (ref null → host's Save As) when there is none yet. */
  async save(): Promise<ProjectFileRef | null> {
    return this.saveTo(this.store.getState().file);
  }

  /** Save As: `ref` is a chosen destination (in-page picker); null lets the host ask (native dialog). */
  async saveAs(ref: ProjectFileRef | null = null): Promise<ProjectFileRef | null> {
    return this.saveTo(ref);
  }

  private async saveTo(ref: ProjectFileRef | null): Promise<ProjectFileRef | null> {
    const state = this.store.getState();
    const version = state.version;
    try {
      const saved = await this.host.saveProject(ref, state.serialize());
      if (!saved) return null;
      // Only mark clean if nothing changed while the save was in flight.
      if (this.store.getState().version === version) this.store.getState().markSaved(saved);
      else this.store.setState({ file: saved });
      await this.autosaver.discard();
      this.notify('info', `Saved ${saved.name}`);
      return saved;
    } catch (e) {
      this.notify('error', `Save failed: ${message(e)}`);
      return null;
    }
  }

  async recent(): Promise<ProjectFileRef[]> {
    try {
      return await this.host.recentProjects();
    } catch {
      return [];
    }
  }

  /** Files the in-page Open dialog can list (recents first, then the host's workspace files). */
  async openableFiles(): Promise<ProjectFileRef[]> {
    const recent = await this.recent();
    let listed: ProjectFileRef[] = [];
    try {
      listed = (await this.host.listProjectFiles?.()) ?? [];
    } catch {
      listed = [];
    }
    const seen = new Set(recent.map((r) => r.path));
    return [...recent, ...listed.filter((f) => !seen.has(f.path))];
  }

  /** New document from a preset; the autosave slot is cleared since nothing unsaved remains. */
  async newFromPreset(preset: string): Promise<void> {
    this.store.getState().newDocument(preset);
    await this.host.clearAutosave().catch(() => undefined);
  }
}
