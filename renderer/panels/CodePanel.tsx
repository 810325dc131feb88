/** Live code export in a read-only monaco editor, with copy and save. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useEditor, useSession } from '../state/context';
import { loadExporters, monacoLanguage, reportText, type CodeExporter } from './exporters';

type Monaco = typeof import('./monaco')['monaco'];

export default function CodePanel() {
  const session = useSession();
  const live = useEditor((s) => s.project);
  // Export after edits settle (a drag changes the project on every frame; code only needs the result).
  const [project, setProject] = useState(live);
  useEffect(() => {
    const t = setTimeout(() => setProject(live), 250);
    return () => clearTimeout(t);
  }, [live]);
  const theme = useEditor((s) => s.theme);
  const [exporters, setExporters] = useState<CodeExporter[] | null>(null);
  const [target, setTarget] = useState<string>('');
  const [status, setStatus] = useState('');
  // Bumped when monaco has loaded, so the effect below puts the current code into the new editor.
  const [ready, setReady] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<ReturnType<Monaco['editor']['create']> | null>(null);
  const monacoRef = useRef<Monaco | null>(null);

  useEffect(() => {
    loadExporters()
      .then((list) => {
        setExporters(list);
        const first = list.find((e) => e.id.toLowerCase().includes('pytorch')) ?? list[0];
        if (first) setTarget((t) => t || first.id);
      })
      .catch((e: unknown) => setStatus(`Could not load exporters: ${e instanceof Error ? e.message : String(e)}`));
  }, []);

  const exporter = exporters?.find((e) => e.id === target) ?? null;
  const output = useMemo(() => {
    if (!exporter) return null;
    try {
      const r = exporter.exportCode(project);
      return r.ok ? { ok: true as const, text: r.code } : { ok: false as const, text: `# This target cannot express the graph:\n${reportText(r.report)}` };
    } catch (e) {
      return { ok: false as const, text: `# Export failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }, [exporter, project]);

  useEffect(() => {
    if (!exporter || !host.current) return;
    let disposed = false;
    void import('./monaco').then(({ monaco }) => {
      if (disposed || !host.current) return;
      monacoRef.current = monaco;
      if (!editor.current) {
        editor.current = monaco.editor.create(host.current, {
          value: '',
          readOnly: true,
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 12,
          scrollBeyondLastLine: false,
          theme: theme === 'dark' ? 'vs-dark' : 'vs',
        });
        setReady(true);
      }
    });
    return () => {
      disposed = true;
    };
  }, [exporter]);

  useEffect(() => () => editor.current?.dispose(), []);
  useEffect(() => monacoRef.current?.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs'), [theme, ready]);

  useEffect(() => {
    const ed = editor.current;
    const monaco = monacoRef.current;
    if (!ed || !monaco || !output || !exporter) return;
    const model = ed.getModel();
    if (model) monaco.editor.setModelLanguage(model, output.ok ? monacoLanguage(exporter.language) : 'plaintext');
    if (ed.getValue() !== output.text) ed.setValue(output.text);
  }, [ready, output, exporter]);

  if (exporters === null) return <div className="nw-pad nw-muted">{status || 'Loading exporters…'}</div>;
  if (exporters.length === 0) {
    return (
      <div className="nw-pad nw-muted" data-testid="code-unavailable">
        Code export is not available yet in this build.
      </div>
    );
  }
  const copy = async () => {
    if (!output) return;
    try {
      await navigator.clipboard.writeText(output.text);
      setStatus('Copied.');
    } catch {
      setStatus('Clipboard not available; select the code and copy it.');
    }
  };
  const save = async () => {
    if (!output?.ok || !exporter) return;
    try {
      const r = await session.host.exportModel({ format: exporter.id, projectText: session.store.getState().serialize() });
      setStatus(r ? `Saved ${r.path}` : 'Save cancelled.');
    } catch (e) {
      // Hosts without a file system (mock) cannot save; offer the browser download instead.
      download(`model.${exporter.language.toLowerCase().includes('python') ? 'py' : 'ts'}`, output.text);
      setStatus(`Downloaded (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  return (
    <div className="nw-code" data-testid="code-panel">
      <div className="nw-code-bar">
        <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="code-target">
          {exporters.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label}
            </option>
          ))}
        </select>
        <button data-testid="btn-copy-code" onClick={copy} disabled={!output}>
          Copy
        </button>
        <button data-testid="btn-save-code" onClick={save} disabled={!output?.ok}>
          Save…
        </button>
        <span className="nw-muted">{status}</span>
      </div>
      <div className="nw-code-editor" ref={host} data-testid="code-editor" />
      <pre className="nw-code-text" data-testid="code-text" hidden>
        {output?.text}
      </pre>
    </div>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
