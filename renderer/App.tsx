/** The editor shell: toolbar, palette, canvas, inspector, bottom panels, dialogs, keyboard shortcuts. */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { DatasetInfo } from '../shared/contract/datasets';
import type { ProjectFileRef } from '../shared/contract/host';
import { Canvas } from './canvas/Canvas';
import { autoLayout } from './canvas/layout';
import { Palette } from './panels/Palette';
import { Inspector } from './panels/Inspector';
import { IssuesList, Summary } from './panels/Summary';
import { NameDialog, OpenDialog, PresetsDialog, RecoveryDialog } from './panels/Dialogs';
import { useEditor, useSession } from './state/context';
import { documentTitle, isDirty } from './state/store';
import type { Recovery } from './state/session';
import { createClipboard } from './state/clipboard';
import { TrainBadge, TrainPanel } from './panels/train/TrainPanel';
import { ImportDialog } from './panels/import/ImportDialog';

const CodePanel = lazy(() => import('./panels/CodePanel'));
const RunsPanel = lazy(() => import('./panels/runs/RunsPanel'));

type BottomTab = 'issues' | 'summary' | 'code' | 'train' | 'runs';
type Dialog =
  | { kind: 'presets' }
  | { kind: 'open'; files: ProjectFileRef[] | null }
  | { kind: 'saveAs' }
  | { kind: 'saveBlock' }
  | { kind: 'recovery'; recovery: Recovery }
  | { kind: 'import' }
  | null;

export function App({ initialRecovery }: { initialRecovery: Recovery | null }) {
  return (
    <ReactFlowProvider>
      <Shell initialRecovery={initialRecovery} />
    </ReactFlowProvider>
  );
}

function isTextTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable || !!el.closest?.('.monaco-editor');
}

function Shell({ initialRecovery }: { initialRecovery: Recovery | null }) {
  const session = useSession();
  const { store, host } = session;
  const rf = useReactFlow();
  const theme = useEditor((s) => s.theme);
  const title = useEditor(documentTitle);
  const dirty = useEditor(isDirty);
  const canUndo = useEditor((s) => s.canUndo);
  const canRedo = useEditor((s) => s.canRedo);
  const undoLabel = useEditor((s) => s.undoLabel);
  const redoLabel = useEditor((s) => s.redoLabel);
  const notice = useEditor((s) => s.notice);
  const issueCount = useEditor((s) => s.analysis.issues.filter((i) => i.severity === 'error').length);
  const dataset = useEditor((s) => (typeof s.project.meta.dataset === 'string' ? s.project.meta.dataset : ''));
  const inputShape = useEditor((s) => s.graph.nodes.find((n) => n.type === 'Input')?.params.shape);
  const [tab, setTab] = useState<BottomTab>('summary');
  const [dialog, setDialog] = useState<Dialog>(initialRecovery ? { kind: 'recovery', recovery: initialRecovery } : null);
  const [datasets, setDatasets] = useState<DatasetInfo[]>([]);
  const [recent, setRecent] = useState<ProjectFileRef[]>([]);
  const [clipboard] = useState(() => createClipboard());

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    host.listDatasets().then(setDatasets, () => setDatasets([]));
    void session.recent().then(setRecent);
    host.getSetting('theme').then(
      (t) => (t === 'dark' || t === 'light') && store.getState().setTheme(t),
      () => undefined,
    );
  }, [host, session, store]);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => store.getState().notice === notice && store.getState().setNotice(null), notice.kind === 'error' ? 8000 : 3000);
    return () => clearTimeout(t);
  }, [notice, store]);

  const fit = useCallback(() => void rf.fitView({ padding: 0.15, maxZoom: 1.2, duration: 200 }), [rf]);

  const confirmDiscard = useCallback(
    () => !isDirty(store.getState()) || window.confirm('Discard unsaved changes to the current project?'),
    [store],
  );

  const actions = {
    newDoc: () => setDialog({ kind: 'presets' }),
    open: async () => {
      if (!confirmDiscard()) return;
      if (host.kind === 'electron') {
        await session.open();
        return;
      }
      setDialog({ kind: 'open', files: null });
      const files = await session.openableFiles();
      setDialog((d) => (d?.kind === 'open' ? { kind: 'open', files } : d));
    },
    openPath: async (path: string) => {
      setDialog(null);
      await session.open(path);
      setRecent(await session.recent());
    },
    // The mock host has no dialogs of its own, so Save As asks for a name here; real hosts ask themselves.
    save: async () => {
      if (!store.getState().file && host.kind === 'mock') return setDialog({ kind: 'saveAs' });
      await session.save();
      setRecent(await session.recent());
    },
    saveAs: async () => {
      if (host.kind === 'mock') return setDialog({ kind: 'saveAs' });
      await session.saveAs(null);
      setRecent(await session.recent());
    },
    undo: () => store.getState().undo(),
    redo: () => store.getState().redo(),
    copy: async () => {
      const text = store.getState().copySelection();
      if (text) await clipboard.write(text);
    },
    cut: async () => {
      const text = store.getState().copySelection();
      if (!text) return;
      await clipboard.write(text);
      store.getState().deleteSelection();
    },
    paste: async () => {
      const text = await clipboard.read();
      if (text) store.getState().paste(text);
    },
    duplicate: () => store.getState().duplicateSelection(),
    del: () => store.getState().deleteSelection(),
    selectAll: () => store.getState().selectAll(),
    layout: async () => {
      const moves = await autoLayout(store.getState().graph);
      store.getState().moveNodes(moves);
      setTimeout(fit, 50);
    },
    fit,
    zoomIn: () => void rf.zoomIn({ duration: 150 }),
    zoomOut: () => void rf.zoomOut({ duration: 150 }),
    toggleTheme: () => {
      const next = store.getState().theme === 'dark' ? 'light' : 'dark';
      store.getState().setTheme(next);
      void host.setSetting('theme', next).catch(() => undefined);
    },
    saveBlock: () => setDialog({ kind: 'saveBlock' }),
    // The imported graph replaces the document, so unsaved work is asked about before the dialog opens.
    importModel: () => confirmDiscard() && setDialog({ kind: 'import' }),
  };

  // Native menu commands (desktop host) map onto the same actions.
  useEffect(
    () =>
      host.onMenuCommand((command) => {
        const map: Record<string, () => unknown> = {
          new: actions.newDoc,
          open: actions.open,
          save: actions.save,
          saveAs: actions.saveAs,
          undo: actions.undo,
          redo: actions.redo,
          cut: actions.cut,
          copy: actions.copy,
          paste: actions.paste,
          delete: actions.del,
          selectAll: actions.selectAll,
          zoomIn: actions.zoomIn,
          zoomOut: actions.zoomOut,
          zoomReset: actions.fit,
          toggleDarkMode: actions.toggleTheme,
          export: () => setTab('code'),
          importModel: actions.importModel,
        };
        if (command.startsWith('openRecent:')) void actions.openPath(command.slice('openRecent:'.length));
        else map[command]?.();
      }),
    // The handlers read the store at call time; re-subscribing on every render is unnecessary.
    [host],
  );

  // Keyboard shortcuts (skipped while typing in a field or the code editor).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTextTarget(e.target) || dialog) return;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      const run = (f: () => unknown) => {
        e.preventDefault();
        void f();
      };
      if (mod && k === 'z' && !e.shiftKey) run(actions.undo);
      else if (mod && ((k === 'z' && e.shiftKey) || k === 'y')) run(actions.redo);
      else if (mod && k === 's' && e.shiftKey) run(actions.saveAs);
      else if (mod && k === 's') run(actions.save);
      else if (mod && k === 'o') run(actions.open);
      else if (mod && k === 'n') run(actions.newDoc);
      else if (mod && k === 'd') run(actions.duplicate);
      else if (mod && k === 'a') run(actions.selectAll);
      else if (mod && k === 'b') run(actions.saveBlock);
      else if (mod && k === 'i') run(actions.importModel);
      else if (mod && e.shiftKey && k === 'l') run(actions.layout);
      else if (mod && k === '0') run(actions.fit);
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) run(actions.del);
    };
    // Copy/paste go through the DOM clipboard events so the system clipboard carries the fragment text.
    const onCopy = (e: ClipboardEvent) => {
      if (isTextTarget(e.target)) return;
      const text = store.getState().copySelection();
      if (!text || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', text);
      clipboard.remember(text);
      e.preventDefault();
    };
    const onCut = (e: ClipboardEvent) => {
      onCopy(e);
      if (e.defaultPrevented) store.getState().deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTextTarget(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (text && store.getState().paste(text)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  });

  // Leaving with unsaved work: ask (browser); a clean exit removes the crash-recovery copy.
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (isDirty(store.getState())) {
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [store]);

  const ds = datasets.find((d) => d.id === dataset);
  const shapeMismatch =
    ds && Array.isArray(inputShape) && JSON.stringify(inputShape) !== JSON.stringify(ds.inputShape)
      ? `${ds.name} images are ${ds.inputShape.join('×')}, the Input is ${(inputShape as number[]).join('×')}`
      : null;

  return (
    <div className="nw-app" data-theme={theme}>
      <header className="nw-toolbar" role="toolbar">
        <span className="nw-brand" data-testid="doc-title" title={title}>
          {dirty && (
            <span className="nw-dirty" data-testid="dirty-indicator" title="Unsaved changes">
              ●
            </span>
          )}
          {title.replace(/^● /, '').replace(/ — Netwright$/, '')}
        </span>
        <div className="nw-tool-group">
          <button data-testid="btn-new" onClick={actions.newDoc} title="New from preset (Ctrl+N)">
            New
          </button>
          <button data-testid="btn-open" onClick={actions.open} title="Open (Ctrl+O)">
            Open
          </button>
          <button data-testid="btn-save" onClick={actions.save} title="Save (Ctrl+S)">
            Save
          </button>
          <button data-testid="btn-save-as" onClick={actions.saveAs} title="Save As (Ctrl+Shift+S)">
            Save As
          </button>
          <button data-testid="btn-import" onClick={actions.importModel} title="Import an ONNX or TF.js model (Ctrl+I)">
            Import model…
          </button>
          {recent.length > 0 && (
            <select
              data-testid="recent-files"
              value=""
              onChange={(e) => e.target.value && confirmDiscard() && void actions.openPath(e.target.value)}
              title="Open recent"
            >
              <option value="">Recent…</option>
              {recent.map((r) => (
                <option key={r.path} value={r.path}>
                  {r.name}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="nw-tool-group">
          <button data-testid="btn-undo" onClick={actions.undo} disabled={!canUndo} title={`Undo${undoLabel ? ` ${undoLabel}` : ''} (Ctrl+Z)`}>
            ↶ Undo
          </button>
          <button data-testid="btn-redo" onClick={actions.redo} disabled={!canRedo} title={`Redo${redoLabel ? ` ${redoLabel}` : ''} (Ctrl+Shift+Z)`}>
            ↷ Redo
          </button>
        </div>
        <div className="nw-tool-group">
          <button data-testid="btn-copy" onClick={actions.copy} title="Copy (Ctrl+C)">
            Copy
          </button>
          <button data-testid="btn-paste" onClick={actions.paste} title="Paste (Ctrl+V)">
            Paste
          </button>
          <button data-testid="btn-duplicate" onClick={actions.duplicate} title="Duplicate (Ctrl+D)">
            Duplicate
          </button>
          <button data-testid="btn-delete" onClick={actions.del} title="Delete (Del)">
            Delete
          </button>
          <button data-testid="btn-save-block" onClick={actions.saveBlock} title="Save selection as block (Ctrl+B)">
            Save as block
          </button>
        </div>
        <div className="nw-tool-group">
          <button data-testid="btn-layout" onClick={actions.layout} title="Auto-layout (Ctrl+Shift+L)">
            Auto-layout
          </button>
          <button data-testid="btn-fit" onClick={actions.fit} title="Fit view (Ctrl+0)">
            Fit
          </button>
        </div>
        <div className="nw-tool-group nw-right">
          <label className="nw-dataset" title={shapeMismatch ?? 'Dataset used for training'}>
            Dataset
            <select data-testid="dataset-select" value={dataset} onChange={(e) => store.getState().setDataset(e.target.value)}>
              {!ds && <option value={dataset}>{dataset || '—'}</option>}
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
            {shapeMismatch && <span className="nw-warn">⚠</span>}
          </label>
          <button data-testid="btn-theme" onClick={actions.toggleTheme} title="Toggle dark mode">
            {theme === 'dark' ? '☀' : '☾'}
          </button>
        </div>
      </header>
      <main className="nw-main">
        <Palette />
        <section className="nw-center">
          <Canvas />
          <div className="nw-bottom">
            <nav className="nw-tabs" role="tablist">
              <button className={tab === 'issues' ? 'active' : ''} onClick={() => setTab('issues')} data-testid="tab-issues">
                Problems {issueCount > 0 && <span className="nw-count error">{issueCount}</span>}
              </button>
              <button className={tab === 'summary' ? 'active' : ''} onClick={() => setTab('summary')} data-testid="tab-summary">
                Summary
              </button>
              <button className={tab === 'code' ? 'active' : ''} onClick={() => setTab('code')} data-testid="tab-code">
                Code
              </button>
              <button className={tab === 'train' ? 'active' : ''} onClick={() => setTab('train')} data-testid="tab-train">
                Train <TrainBadge />
              </button>
              <button className={tab === 'runs' ? 'active' : ''} onClick={() => setTab('runs')} data-testid="tab-runs">
                Runs
              </button>
            </nav>
            <div className="nw-tab-body">
              {tab === 'issues' && <IssuesList />}
              {tab === 'summary' && <Summary />}
              {tab === 'train' && <TrainPanel />}
              {tab === 'runs' && (
                <Suspense fallback={<div className="nw-pad nw-muted">Loading runs…</div>}>
                  <RunsPanel onResumed={() => setTab('train')} />
                </Suspense>
              )}
              {tab === 'code' && (
                <Suspense fallback={<div className="nw-pad nw-muted">Loading editor…</div>}>
                  <CodePanel />
                </Suspense>
              )}
            </div>
          </div>
        </section>
        <Inspector />
      </main>
      {notice && (
        <div className={`nw-notice ${notice.kind}`} data-testid={`notice-${notice.kind}`} onClick={() => store.getState().setNotice(null)}>
          {notice.text}
        </div>
      )}
      {dialog?.kind === 'presets' && (
        <PresetsDialog
          onClose={() => setDialog(null)}
          onPick={(name) => {
            if (!confirmDiscard()) return;
            setDialog(null);
            void session.newFromPreset(name);
          }}
        />
      )}
      {dialog?.kind === 'open' && (
        <OpenDialog
          files={dialog.files}
          onOpen={(p) => void actions.openPath(p)}
          onBrowse={host.kind === 'mock' ? null : () => void session.open().then(() => setDialog(null))}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'saveAs' && (
        <NameDialog
          title="Save project as"
          label="File name"
          initial={store.getState().file?.name ?? `${String(store.getState().project.meta.preset ?? 'untitled')}.netwright.json`}
          confirm="Save"
          testId="save-as"
          onClose={() => setDialog(null)}
          onSubmit={(name) => {
            setDialog(null);
            const file = /\.json$/i.test(name) ? name : `${name}.netwright.json`;
            void session.saveAs({ path: file, name: file }).then(async () => setRecent(await session.recent()));
          }}
        />
      )}
      {dialog?.kind === 'saveBlock' && (
        <NameDialog
          title="Save selection as block"
          label="Block name"
          initial="my_block"
          confirm="Save block"
          testId="save-block"
          onClose={() => setDialog(null)}
          onSubmit={(name) => {
            setDialog(null);
            store.getState().saveSelectionAsBlock(name);
          }}
        />
      )}
      {dialog?.kind === 'import' && (
        <ImportDialog
          host={host}
          onClose={() => setDialog(null)}
          onImported={(text, label) => {
            // A new document: no file yet (Save asks where), dirty so leaving asks first.
            if (!store.getState().loadText(text, null, { dirty: true })) return false;
            store.getState().setNotice({ kind: 'info', text: `Imported ${label}` });
            setTimeout(fit, 50);
            return true;
          }}
        />
      )}
      {dialog?.kind === 'recovery' && (
        <RecoveryDialog
          question={dialog.recovery.question}
          onRestore={() => {
            const r = dialog.recovery;
            setDialog(null);
            void session.restore(r);
          }}
          onDiscard={() => {
            setDialog(null);
            void session.discardRecovery();
          }}
        />
      )}
    </div>
  );
}
