/**
 * Inspector: a form generated from the selected layer's zod params schema, validated as you type (errors
 * beside the field). Valid edits commit immediately; one focus→blur edit session is one undo entry.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphNode } from '../../shared/graph/types';
import { getLayerSpec } from '../state/core';
import { useEditor, useEditorStore } from '../state/context';
import { describeSchema, formatFieldValue, parseFieldInput, validateParams, type FieldDescriptor } from '../forms/schemaForm';
import { formatBytes, formatCount, formatShape } from '../canvas/format';
import { groupMembers } from '../canvas/derive';

export function Inspector() {
  const graph = useEditor((s) => s.graph);
  const selected = useEditor((s) => s.selectedNodes);
  const analysis = useEditor((s) => s.analysis);
  if (selected.length === 0) return <aside className="nw-inspector nw-muted nw-pad">Select a layer to edit its parameters.</aside>;
  if (selected.length > 1) {
    return (
      <aside className="nw-inspector nw-pad" data-testid="inspector">
        <h3>{selected.length} selected</h3>
        <p className="nw-muted">Copy, duplicate, delete, or save the selection as a block.</p>
      </aside>
    );
  }
  const node = graph.nodes.find((n) => n.id === selected[0]);
  if (!node) {
    const group = graph.groups.find((g) => g.id === selected[0]);
    if (!group) return <aside className="nw-inspector" />;
    const members = groupMembers(graph, group.id);
    let params = 0;
    let macs = 0;
    for (const id of members) {
      const info = analysis.nodes.get(id);
      if (info) {
        params += info.params.trainable + info.params.nonTrainable;
        macs += info.macs;
      }
    }
    return (
      <aside className="nw-inspector nw-pad" data-testid="inspector">
        <h3>{group.name}</h3>
        <div className="nw-muted">{group.block ? `Block: ${group.block.template}` : 'Group'}</div>
        <dl className="nw-facts">
          <dt>Layers</dt>
          <dd>{members.length}</dd>
          <dt>Params</dt>
          <dd>{formatCount(params)}</dd>
          <dt>MACs</dt>
          <dd>{formatCount(macs)}</dd>
        </dl>
        {group.block && Object.keys(group.block.params).length > 0 && (
          <pre className="nw-code-small">{JSON.stringify(group.block.params, null, 1)}</pre>
        )}
        <p className="nw-muted">Double-click the block on the canvas to expand it.</p>
      </aside>
    );
  }
  return <LayerInspector key={node.id} node={node} />;
}

function LayerInspector({ node }: { node: GraphNode }) {
  const store = useEditorStore();
  const info = useEditor((s) => s.analysis.nodes.get(node.id));
  const issues = useEditor((s) => s.analysis.issues.filter((i) => i.nodeId === node.id));
  const spec = getLayerSpec(node.type);
  const fields = useMemo(() => (spec ? describeSchema(spec.paramsSchema) : []), [spec]);
  const [drafts, setDrafts] = useState<Record<string, string | boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [name, setName] = useState(node.name ?? node.id);

  // Params we committed ourselves keep the drafts (so "3," stays while typing "3, 5"); a change from
  // elsewhere (undo, a fix) resets the form to the document.
  const committed = useRef<unknown>(node.params);
  useEffect(() => {
    if (node.params === committed.current) return;
    committed.current = node.params;
    setDrafts({});
    setErrors({});
  }, [node.params]);
  useEffect(() => setName(node.name ?? node.id), [node.name, node.id]);

  if (!spec) return <aside className="nw-inspector nw-pad">Unknown layer type {node.type}</aside>;

  const valueText = (f: FieldDescriptor): string | boolean => {
    if (f.name in drafts) return drafts[f.name];
    const v = node.params[f.name];
    return f.kind === 'boolean' ? v === true : formatFieldValue(f, v);
  };

  const change = (f: FieldDescriptor, input: string | boolean) => {
    const nextDrafts = { ...drafts, [f.name]: input };
    setDrafts(nextDrafts);
    const candidate: Record<string, unknown> = { ...node.params };
    const fieldErrors: Record<string, string> = {};
    for (const field of fields) {
      if (!(field.name in nextDrafts)) continue;
      const parsed = parseFieldInput(field, nextDrafts[field.name]);
      if (parsed.ok) {
        if (parsed.value === undefined) delete candidate[field.name];
        else candidate[field.name] = parsed.value;
      } else fieldErrors[field.name] = parsed.error;
    }
    const schemaErrors = Object.keys(fieldErrors).length ? {} : validateParams(spec.paramsSchema, candidate);
    const all = { ...schemaErrors, ...fieldErrors };
    setErrors(all);
    if (Object.keys(all).length === 0) {
      const parsed = spec.paramsSchema.safeParse(candidate);
      if (parsed.success && store.getState().setParams(node.id, parsed.data as Record<string, unknown>)) {
        committed.current = store.getState().graph.nodes.find((n) => n.id === node.id)?.params;
      }
    }
  };

  const gesture = {
    onFocus: () => store.getState().beginGesture(),
    onBlur: () => store.getState().endGesture(),
  };

  return (
    <aside className="nw-inspector nw-pad" data-testid="inspector">
      <div className="nw-inspector-head">
        <span className="nw-node-type">{node.type}</span>
        <span className="nw-muted">{spec.category}</span>
      </div>
      <label className="nw-field">
        <span>Name</span>
        <input
          data-testid="param-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name !== (node.name ?? node.id) && store.getState().rename(node.id, name)}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        />
      </label>
      {fields.map((f) => {
        const v = valueText(f);
        const err = errors[f.name];
        return (
          <label key={f.name} className={`nw-field${err ? ' invalid' : ''}`} title={f.description}>
            <span>{f.label}</span>
            {f.kind === 'boolean' ? (
              <input type="checkbox" data-testid={`param-${f.name}`} checked={v === true} onChange={(e) => change(f, e.target.checked)} {...gesture} />
            ) : f.kind === 'enum' ? (
              <select data-testid={`param-${f.name}`} value={String(v)} onChange={(e) => change(f, e.target.value)} {...gesture}>
                {(f.optional || f.nullable) && <option value="">—</option>}
                {f.options?.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                data-testid={`param-${f.name}`}
                value={String(v)}
                inputMode={f.kind === 'integer' || f.kind === 'number' ? 'decimal' : 'text'}
                placeholder={f.kind === 'size' ? 'n or h, w' : f.kind === 'numberArray' ? 'e.g. 28, 28, 1' : ''}
                onChange={(e) => change(f, e.target.value)}
                {...gesture}
              />
            )}
            {err && (
              <span className="nw-field-error" data-testid={`param-error-${f.name}`}>
                {err}
              </span>
            )}
          </label>
        );
      })}
      <dl className="nw-facts">
        <dt>Output</dt>
        <dd data-testid="inspector-shape">{formatShape(info?.outputShape)}</dd>
        <dt>Params</dt>
        <dd>
          {formatCount(info?.params.trainable ?? 0)} trainable
          {info && info.params.nonTrainable > 0 ? ` + ${formatCount(info.params.nonTrainable)}` : ''}
        </dd>
        <dt>MACs</dt>
        <dd>{formatCount(info?.macs ?? 0)}</dd>
        <dt>Memory</dt>
        <dd>{formatBytes(info?.activationBytes ?? 0)}</dd>
        <dt>RF</dt>
        <dd>{info?.receptiveField ?? '—'}</dd>
      </dl>
      {issues.map((i, k) => (
        <div key={k} className={`nw-issue-inline ${i.severity}`}>
          {i.message}
          {i.fix && (
            <button className="nw-fix" onClick={() => store.getState().applyFix(i)}>
              Fix: {i.fix.label}
            </button>
          )}
        </div>
      ))}
      <details className="nw-doc">
        <summary>About {node.type}</summary>
        <p>{spec.doc}</p>
      </details>
    </aside>
  );
}
