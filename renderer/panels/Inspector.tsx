/** Inspector: params form for the selected layer (or template block), rename, facts, issues, doc. */
import { useEffect, useMemo, useState } from 'react';
import type { GraphGroup, GraphNode } from '../../shared/graph/types';
import { blockParamsSchema, getLayerSpec } from '../state/core';
import { useEditor, useEditorStore } from '../state/context';
import { formatBytes, formatCount, formatShape } from '../canvas/format';
import { groupMembers } from '../canvas/derive';
import { ParamsForm } from './ParamsForm';
import { LayerActivations } from './inspect/LayerActivations';

export function Inspector() {
  const selected = useEditor((s) => s.selectedNodes);
  // Subscribe to the selected node/group objects only, so edits elsewhere (a drag) do not re-render.
  const node = useEditor((s) => (s.selectedNodes.length === 1 ? s.graph.nodes.find((n) => n.id === s.selectedNodes[0]) : undefined));
  const group = useEditor((s) => (s.selectedNodes.length === 1 ? s.graph.groups.find((g) => g.id === s.selectedNodes[0]) : undefined));
  if (selected.length === 0) return <aside className="nw-inspector nw-muted nw-pad">Select a layer to edit its parameters.</aside>;
  if (selected.length > 1) {
    return (
      <aside className="nw-inspector nw-pad" data-testid="inspector">
        <h3>{selected.length} selected</h3>
        <p className="nw-muted">Copy, duplicate, delete, or save the selection as a block.</p>
      </aside>
    );
  }
  if (node) return <LayerInspector key={node.id} node={node} />;
  return group ? <BlockInspector key={group.id} group={group} /> : <aside className="nw-inspector" />;
}

function BlockInspector({ group }: { group: GraphGroup }) {
  const store = useEditorStore();
  const analysis = useEditor((s) => s.analysis);
  // Membership changes only with the group record (or a nested one), not with a drag.
  const groups = useEditor((s) => s.graph.groups);
  const members = useMemo(() => groupMembers(store.getState().graph, group.id), [store, group.id, groups]);
  let params = 0;
  let macs = 0;
  for (const id of members) {
    const info = analysis.nodes.get(id);
    if (info) {
      params += info.params.trainable + info.params.nonTrainable;
      macs += info.macs;
    }
  }
  const schema = group.block ? blockParamsSchema(group.block.template) : undefined;
  return (
    <aside className="nw-inspector nw-pad" data-testid="inspector">
      <div className="nw-inspector-head">
        <span className="nw-node-type">{group.name}</span>
        <span className="nw-muted">{group.block ? group.block.template.replace(/^user:/, '') : 'Group'}</span>
      </div>
      {schema && group.block && (
        <ParamsForm schema={schema} params={group.block.params} onCommit={(p) => store.getState().setBlockParams(group.id, p)} />
      )}
      <dl className="nw-facts">
        <dt>Layers</dt>
        <dd>{members.length}</dd>
        <dt>Params</dt>
        <dd>{formatCount(params)}</dd>
        <dt>MACs</dt>
        <dd>{formatCount(macs)}</dd>
      </dl>
      <p className="nw-muted">Double-click the block on the canvas to {group.collapsed ? 'expand' : 'collapse'} it.</p>
    </aside>
  );
}

function LayerInspector({ node }: { node: GraphNode }) {
  const store = useEditorStore();
  const info = useEditor((s) => s.analysis.nodes.get(node.id));
  const allIssues = useEditor((s) => s.analysis.issues);
  const issues = allIssues.filter((i) => i.nodeId === node.id);
  const spec = getLayerSpec(node.type);
  const [name, setName] = useState(node.name ?? node.id);
  useEffect(() => setName(node.name ?? node.id), [node.name, node.id]);

  if (!spec) return <aside className="nw-inspector nw-pad">Unknown layer type {node.type}</aside>;
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
          onBlur={() => name !== (node.name ?? node.id) && !store.getState().rename(node.id, name) && setName(node.name ?? node.id)}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        />
      </label>
      <ParamsForm schema={spec.paramsSchema} params={node.params} onCommit={(p) => store.getState().setParams(node.id, p)} />
      <dl className="nw-facts">
        <dt>Output</dt>
        <dd data-testid="inspector-shape">{formatShape(info?.outputShape)}</dd>
        <dt>Params</dt>
        <dd>
          {formatCount(info?.params.trainable ?? 0)} trainable
          {info && info.params.nonTrainable > 0 ? ` + ${formatCount(info.params.nonTrainable)} non-trainable` : ''}
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
      {node.type !== 'Input' && <LayerActivations nodeId={node.id} />}
      <details className="nw-doc">
        <summary>About {node.type}</summary>
        <p>{spec.doc}</p>
      </details>
    </aside>
  );
}
