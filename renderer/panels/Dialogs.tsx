/** Modal dialogs: presets gallery, in-page open / save-as pickers, crash recovery, save-as-block. */
import { useEffect, useState, type ReactNode } from 'react';
import type { ProjectFileRef } from '../../shared/contract/host';
import { presetInfo, presetNames } from '../state/core';
import { formatCount } from '../canvas/format';

export function Modal({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId: string }) {
  useEffect(() => {
    const key = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [onClose]);
  return (
    <div className="nw-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="nw-modal" role="dialog" aria-label={title} data-testid={testId}>
        <div className="nw-modal-head">
          <h2>{title}</h2>
          <button className="nw-icon" onClick={onClose} aria-label="Close" data-testid="btn-close-dialog">
            ×
          </button>
        </div>
        <div className="nw-modal-body">{children}</div>
      </div>
    </div>
  );
}

interface PresetCard {
  name: string;
  title: string;
  description: string;
  params: number | null;
  input: string;
}

function presetCards(): PresetCard[] {
  return presetNames.map((name) => {
    let info: Record<string, unknown> = {};
    try {
      info = (presetInfo(name) ?? {}) as unknown as Record<string, unknown>;
    } catch {
      info = {};
    }
    const pick = (...keys: string[]) => keys.map((k) => info[k]).find((v) => typeof v === 'string') as string | undefined;
    const num = ['trainableParams', 'params', 'parameters'].map((k) => info[k]).find((v) => typeof v === 'number') as number | undefined;
    return {
      name,
      title: pick('title', 'label', 'displayName', 'name') ?? name,
      description: pick('description', 'doc', 'summary') ?? '',
      params: num ?? null,
      input: Array.isArray(info.inputShape) ? `input ${info.inputShape.join('×')}` : '',
    };
  });
}

export function PresetsDialog({ onPick, onClose }: { onPick: (name: string) => void; onClose: () => void }) {
  const [cards] = useState(presetCards);
  return (
    <Modal title="New from preset — model zoo" onClose={onClose} testId="presets-dialog">
      <div className="nw-preset-grid">
        <button className="nw-preset-card" data-testid="preset-blank" onClick={() => onPick('blank')}>
          <strong>Blank</strong>
          <span className="nw-preset-desc">An empty canvas: drag layers in from the palette.</span>
        </button>
        {cards.map((c) => (
          <button key={c.name} className="nw-preset-card" data-testid={`preset-${c.name}`} onClick={() => onPick(c.name)}>
            <strong>{c.title}</strong>
            <span className="nw-muted">
              {c.input}
              {c.params !== null ? ` · ${formatCount(c.params)} params` : ''}
            </span>
            <span className="nw-preset-desc">{c.description}</span>
          </button>
        ))}
      </div>
    </Modal>
  );
}

export function OpenDialog({
  files,
  onOpen,
  onBrowse,
  onClose,
}: {
  files: ProjectFileRef[] | null;
  onOpen: (path: string) => void;
  onBrowse: (() => void) | null;
  onClose: () => void;
}) {
  return (
    <Modal title="Open project" onClose={onClose} testId="open-dialog">
      {files === null && <div className="nw-muted">Loading…</div>}
      {files?.length === 0 && <div className="nw-muted">No saved projects yet.</div>}
      <ul className="nw-file-list">
        {files?.map((f) => (
          <li key={f.path}>
            <button data-testid={`open-file-${f.name}`} onClick={() => onOpen(f.path)} title={f.path}>
              {f.name}
              <span className="nw-muted">{f.path !== f.name ? f.path : ''}</span>
            </button>
          </li>
        ))}
      </ul>
      {onBrowse && (
        <button onClick={onBrowse} data-testid="btn-browse">
          Browse…
        </button>
      )}
    </Modal>
  );
}

export function NameDialog({
  title,
  label,
  initial,
  confirm,
  onSubmit,
  onClose,
  testId,
}: {
  title: string;
  label: string;
  initial: string;
  confirm: string;
  onSubmit: (name: string) => void;
  onClose: () => void;
  testId: string;
}) {
  const [name, setName] = useState(initial);
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSubmit(name.trim());
        }}
      >
        <label className="nw-field">
          <span>{label}</span>
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} data-testid={`${testId}-input`} />
        </label>
        <div className="nw-modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid={`${testId}-ok`} disabled={!name.trim()}>
            {confirm}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function RecoveryDialog({ question, onRestore, onDiscard }: { question: string; onRestore: () => void; onDiscard: () => void }) {
  return (
    <Modal title="Recover unsaved work" onClose={onDiscard} testId="recovery-dialog">
      <p data-testid="recovery-question">{question}</p>
      <div className="nw-modal-actions">
        <button onClick={onDiscard} data-testid="btn-discard-recovery">
          Discard
        </button>
        <button className="primary" onClick={onRestore} data-testid="btn-restore">
          Restore
        </button>
      </div>
    </Modal>
  );
}
