/** The Runs panel's modal questions, in the app's dialog style (Dialogs.tsx Modal). */
import { useState } from 'react';
import { Modal } from '../Dialogs';
import type { CodeExporter } from '../exporters';
import { MODEL_FILE_FORMATS } from './runsStore';

export function ConfirmDialog({
  title,
  text,
  confirm,
  danger,
  onConfirm,
  onClose,
  testId,
}: {
  title: string;
  text: string;
  confirm: string;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  testId: string;
}) {
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      <p data-testid={`${testId}-text`}>{text}</p>
      <div className="nw-modal-actions">
        <button onClick={onClose} data-testid={`${testId}-cancel`}>
          Cancel
        </button>
        <button className={danger ? 'nw-danger' : 'primary'} onClick={onConfirm} data-testid={`${testId}-ok`} autoFocus>
          {confirm}
        </button>
      </div>
    </Modal>
  );
}

/** Asks for the total epoch count to train a stopped run up to. */
export function ResumeDialog({ run, done, planned, onResume, onClose }: { run: string; done: number; planned: number; onResume: (epochs: number) => void; onClose: () => void }) {
  const [epochs, setEpochs] = useState(Math.max(planned, done + 1));
  const valid = Number.isInteger(epochs) && epochs > done;
  return (
    <Modal title={`Resume ${run}`} onClose={onClose} testId="resume-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onResume(epochs);
        }}
      >
        <p>
          {done} of {planned} epochs were trained. Training continues from the last checkpoint with the run&apos;s own settings.
        </p>
        <label className="nw-field">
          <span>Train up to epoch (total)</span>
          <input type="number" min={done + 1} value={epochs} autoFocus onChange={(e) => setEpochs(e.target.valueAsNumber)} data-testid="resume-epochs" />
        </label>
        {!valid && <div className="nw-warn">Enter a whole number above {done}.</div>}
        <div className="nw-modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="resume-ok">
            Resume training
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Picks a format for a run's export; the result (path or why not) shows in the dialog. */
export function ExportDialog({
  run,
  hasWeights,
  exporters,
  result,
  busy,
  onExport,
  onClose,
}: {
  run: string;
  hasWeights: boolean;
  exporters: CodeExporter[];
  result: { kind: 'info' | 'error'; text: string } | null;
  busy: boolean;
  onExport: (format: string) => void;
  onClose: () => void;
}) {
  const [format, setFormat] = useState<string>(hasWeights ? 'onnx' : (exporters[0]?.id ?? 'onnx'));
  return (
    <Modal title={`Export ${run}`} onClose={onClose} testId="export-dialog">
      <div className="nw-runs-export-formats" role="radiogroup">
        <strong>Trained model (weights from the run&apos;s best checkpoint)</strong>
        {MODEL_FILE_FORMATS.map((f) => (
          <label key={f.id} className={hasWeights ? '' : 'nw-muted'}>
            <input type="radio" name="format" value={f.id} disabled={!hasWeights} checked={format === f.id} onChange={() => setFormat(f.id)} data-testid={`export-format-${f.id}`} /> {f.label}
          </label>
        ))}
        {!hasWeights && <span className="nw-muted">No checkpoint yet: no epoch of this run finished.</span>}
        <strong>Code (graph + the run&apos;s training settings)</strong>
        {exporters.map((e) => (
          <label key={e.id}>
            <input type="radio" name="format" value={e.id} checked={format === e.id} onChange={() => setFormat(e.id)} data-testid={`export-format-${e.id}`} /> {e.label}
          </label>
        ))}
      </div>
      {result && (
        <pre className={`nw-runs-export-result ${result.kind}`} data-testid="export-result" data-kind={result.kind}>
          {result.text}
        </pre>
      )}
      <div className="nw-modal-actions">
        <button onClick={onClose}>Close</button>
        <button className="primary" disabled={busy} onClick={() => onExport(format)} data-testid="export-ok">
          {busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
    </Modal>
  );
}
