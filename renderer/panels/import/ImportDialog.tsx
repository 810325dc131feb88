/**
 * "Import model…": an ONNX file or a TF.js / Keras model.json → a new, unsaved project. The desktop offers
 * its native picker (Browse…); every host also takes a file from an <input type="file">, sent as base64
 * (the topology is all the importer needs, so TF.js weight files are not asked for). A file with ops the
 * catalog cannot express is refused by name first; "Import without them" retries with allowPartial.
 */
import { useState } from 'react';
import { IMPORT_UNSUPPORTED_PHRASE, type Host, type ImportModelRequest, type ImportModelResult } from '../../../shared/contract/host';
import { MAX_TEXT_CHARS } from '../../../shared/contract/rpc';
import { Modal } from '../Dialogs';

type Source = Omit<ImportModelRequest, 'allowPartial'>;
type Phase =
  | { kind: 'pick' }
  | { kind: 'busy'; label: string }
  | { kind: 'error'; message: string }
  | { kind: 'partial'; source: Source; message: string }
  | { kind: 'done'; label: string; result: ImportModelResult };

/** Base64 of a file's bytes, in chunks (String.fromCharCode on a whole large file overflows the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// styles.css is shared; the dialog's two styles stay local.
const ERROR_STYLE = { color: 'var(--error)', whiteSpace: 'pre-wrap' } as const;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const labelOf = (s: Source) => s.name ?? s.path?.split(/[\\/]/).pop() ?? 'model';

export function ImportDialog({
  host,
  onImported,
  onClose,
}: {
  host: Host;
  /** Opens the imported project as a new, unsaved document (the caller asked about unsaved work first). */
  onImported: (projectText: string, label: string) => boolean;
  onClose: () => void;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: 'pick' });

  const run = async (source: Source, allowPartial: boolean) => {
    const label = labelOf(source);
    setPhase({ kind: 'busy', label });
    try {
      const result = await host.importModel({ ...source, allowPartial });
      if (onImported(result.projectText, label)) setPhase({ kind: 'done', label, result });
      else setPhase({ kind: 'error', message: `The project imported from ${label} could not be opened (see the notice).` });
    } catch (e) {
      const message = errorText(e);
      setPhase(!allowPartial && message.includes(IMPORT_UNSUPPORTED_PHRASE) ? { kind: 'partial', source, message } : { kind: 'error', message });
    }
  };

  const fromFile = async (file: File) => {
    const bytesBase64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    if (bytesBase64.length > MAX_TEXT_CHARS) {
      setPhase({ kind: 'error', message: `${file.name} is too large to send to the host (${(file.size / 2 ** 20).toFixed(0)} MB); import it with \`netwright import\` instead.` });
      return;
    }
    await run({ name: file.name, bytesBase64 }, false);
  };

  const browse = async () => {
    try {
      const chosen = await host.chooseModelFile?.();
      if (chosen) await run({ path: chosen }, false);
    } catch (e) {
      setPhase({ kind: 'error', message: errorText(e) });
    }
  };

  return (
    <Modal title="Import model" onClose={onClose} testId="import-dialog">
      {phase.kind !== 'done' && (
        <>
          <p className="nw-muted">
            An ONNX file (opset ≥ 13) or a TF.js / Keras <code>model.json</code>. The architecture becomes an editable graph; weights are not
            imported.
          </p>
          <div style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
            {host.chooseModelFile && (
              <button onClick={() => void browse()} data-testid="btn-import-browse" disabled={phase.kind === 'busy'}>
                Browse…
              </button>
            )}
            <input
              type="file"
              accept=".onnx,.json"
              data-testid="import-file-input"
              disabled={phase.kind === 'busy'}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void fromFile(file);
              }}
            />
          </div>
        </>
      )}
      {phase.kind === 'busy' && <p data-testid="import-busy">Importing {phase.label}…</p>}
      {phase.kind === 'error' && (
        <p style={ERROR_STYLE} data-testid="import-error">
          {phase.message}
        </p>
      )}
      {phase.kind === 'partial' && (
        <div data-testid="import-partial">
          <p style={ERROR_STYLE}>{phase.message}</p>
          <div className="nw-modal-actions">
            <button onClick={onClose}>Cancel</button>
            <button className="primary" data-testid="btn-import-partial" onClick={() => void run(phase.source, true)}>
              Import without them
            </button>
          </div>
        </div>
      )}
      {phase.kind === 'done' && <ImportReport label={phase.label} result={phase.result} onClose={onClose} />}
    </Modal>
  );
}

function ImportReport({ label, result, onClose }: { label: string; result: ImportModelResult; onClose: () => void }) {
  return (
    <div data-testid="import-report">
      <p>
        Imported <strong>{label}</strong> as a new, unsaved project.
      </p>
      {result.unsupported.length > 0 && (
        <>
          <h3>Left out ({result.unsupported.length})</h3>
          <ul data-testid="import-unsupported">
            {result.unsupported.map((u) => (
              <li key={u.name}>
                <strong>{u.name}</strong> ({u.op}): {u.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.warnings.length > 0 && (
        <>
          <h3>Warnings ({result.warnings.length})</h3>
          <ul data-testid="import-warnings">
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      )}
      {result.unsupported.length === 0 && result.warnings.length === 0 && <p className="nw-muted">Every layer came across; no warnings.</p>}
      <div className="nw-modal-actions">
        <button className="primary" onClick={onClose} data-testid="btn-import-done">
          Done
        </button>
      </div>
    </div>
  );
}
