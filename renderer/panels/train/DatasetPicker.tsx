/**
 * Dataset choice for the project: the host's built-ins, datasets imported in this window, and "Import
 * dataset…" (image folder / CSV / IDX by path, or the desktop's native picker) with a preview grid,
 * class balance, split sizes and skipped files before "Use this dataset".
 */
import { useState } from 'react';
import type { DatasetInfo } from '../../../shared/contract/datasets';
import type { SampleImage } from '../../../shared/contract/runs';
import { useSession } from '../../state/context';
import { PixelCanvas } from '../inspect/PixelCanvas';
import { importId } from './model';
import { useTrainStore } from './useTrain';

const IMPORT = '__import__';

interface Props {
  datasetId: string;
  datasets: DatasetInfo[];
  disabled: boolean;
}

export function DatasetPicker({ datasetId, datasets, disabled }: Props) {
  const { store: editor } = useSession();
  const [importing, setImporting] = useState(false);
  const known = datasets.some((d) => d.id === datasetId);
  return (
    <>
      <label className="nw-train-field">
        Dataset
        <select
          data-testid="train-dataset"
          value={importing ? IMPORT : datasetId}
          disabled={disabled}
          onChange={(e) => {
            if (e.target.value === IMPORT) return setImporting(true);
            setImporting(false);
            editor.getState().setDataset(e.target.value);
          }}
        >
          {!known && <option value={datasetId}>{datasetId || '—'}</option>}
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
          <option value={IMPORT}>Import dataset…</option>
        </select>
      </label>
      {importing && <ImportDataset onDone={() => setImporting(false)} />}
    </>
  );
}

function ImportDataset({ onDone }: { onDone: () => void }) {
  const { host, store: editor } = useSession();
  const addImported = useTrainStore((s) => s.addImported);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ info: DatasetInfo; preview: SampleImage[] } | null>(null);

  const inspect = async (p: string) => {
    if (!p.trim()) return setError('Type the path of an image folder, a CSV file or an IDX file.');
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await host.inspectDataset(importId(p)));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const browse = async () => {
    const chosen = await host.chooseDataset?.();
    if (chosen) {
      setPath(chosen);
      await inspect(chosen);
    }
  };

  return (
    <div className="nw-import" data-testid="dataset-import">
      <div className="nw-import-row">
        <input
          data-testid="dataset-path"
          className="nw-import-path"
          value={path}
          placeholder="datasets/my-images (folder of class sub-folders), data.csv or train-images.idx3-ubyte"
          title="A path inside the workspace (e.g. its datasets/ folder) or an absolute path the host allows"
          onChange={(e) => setPath(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void inspect(path)}
        />
        {host.chooseDataset && (
          <button data-testid="dataset-browse" onClick={() => void browse()} disabled={busy}>
            Browse…
          </button>
        )}
        <button data-testid="dataset-inspect" onClick={() => void inspect(path)} disabled={busy}>
          {busy ? 'Reading…' : 'Preview'}
        </button>
        <button onClick={onDone}>Cancel</button>
      </div>
      {error && (
        <div className="nw-train-fault" role="alert" data-testid="dataset-import-error">
          {error}
        </div>
      )}
      {result && (
        <DatasetPreview
          info={result.info}
          preview={result.preview}
          onUse={() => {
            addImported(result.info);
            editor.getState().setDataset(result.info.id);
            onDone();
          }}
        />
      )}
    </div>
  );
}

export function DatasetPreview({ info, preview, onUse }: { info: DatasetInfo; preview: SampleImage[]; onUse: () => void }) {
  const max = Math.max(1, ...info.classCounts);
  return (
    <div className="nw-import-preview" data-testid="dataset-preview">
      <div>
        <strong>{info.name}</strong> · {info.kind} · {JSON.stringify(info.inputShape)} ·{' '}
        <span data-testid="dataset-sizes">
          {info.split.train.toLocaleString()} train · {info.split.val.toLocaleString()} val · {info.split.test.toLocaleString()} test
        </span>
        <button data-testid="dataset-use" className="nw-primary" onClick={onUse}>
          Use this dataset
        </button>
      </div>
      <div className="nw-import-body">
        {preview.length > 0 && (
          <div className="nw-gallery" data-testid="dataset-thumbs">
            {preview.map((s) => (
              <PixelCanvas key={`${s.label}-${s.index}`} pixels={s.pixels} width={s.width} height={s.height} channels={s.channels} size={40} title={`${s.className} (#${s.index})`} />
            ))}
          </div>
        )}
        {info.classNames.length > 0 && (
          <div className="nw-balance" data-testid="class-balance" title="Samples per class">
            {info.classNames.map((c, i) => (
              <div key={c} className="nw-balance-row">
                <span className="nw-balance-name" title={c}>
                  {c}
                </span>
                <span className="nw-balance-bar" style={{ width: `${(100 * (info.classCounts[i] ?? 0)) / max}%` }} />
                <span className="nw-balance-count">{info.classCounts[i] ?? 0}</span>
              </div>
            ))}
          </div>
        )}
      </div>
      {info.skipped.length > 0 && (
        <details className="nw-skipped" data-testid="dataset-skipped">
          <summary>
            {info.skipped.length} file{info.skipped.length === 1 ? '' : 's'} skipped
          </summary>
          <ul>
            {info.skipped.slice(0, 100).map((s) => (
              <li key={s.file}>
                {s.file}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
