/** Custom React Flow node and edge renderers: layer, collapsed block, expanded-group frame, shape edge. */
import { memo } from 'react';
import {
  BaseEdge,
  EdgeLabelRenderer,
  Handle,
  Position,
  getBezierPath,
  type EdgeProps,
  type NodeProps,
} from '@xyflow/react';
import type { GraphIssue } from '../../shared/infer/types';
import { useEditor } from '../state/context';
import type { BlockFlowNode, FlowEdge, FrameFlowNode, LayerFlowNode } from './derive';
import { formatCount, formatShape } from './format';
import { OutputBadge } from '../panels/train/OutputBadge';

function firstIssue(issues: GraphIssue[]): GraphIssue | undefined {
  return issues.find((i) => i.severity === 'error') ?? issues[0];
}

function IssueCallout({ issue, nodeId }: { issue: GraphIssue; nodeId: string }) {
  const applyFix = useEditor((s) => s.applyFix);
  return (
    <div className={`nw-issue-callout ${issue.severity}`} data-testid={`issue-${issue.code}`} title={issue.message}>
      <span className="nw-issue-text">{issue.message}</span>
      {issue.fix && (
        <button
          className="nw-fix nodrag"
          data-testid={`fix-${nodeId}`}
          onClick={(e) => {
            e.stopPropagation();
            applyFix(issue);
          }}
        >
          Fix: {issue.fix.label}
        </button>
      )}
    </div>
  );
}

export const LayerNode = memo(function LayerNode({ data, selected }: NodeProps<LayerFlowNode>) {
  const issue = firstIssue(data.issues);
  const isInput = data.type === 'Input';
  return (
    <div
      className={`nw-node cat-${data.category.toLowerCase()}${issue ? ` has-${issue.severity}` : ''}${selected ? ' selected' : ''}`}
      data-testid={`node-${data.nodeId}`}
      data-type={data.type}
    >
      {!isInput && <Handle type="target" position={Position.Top} className="nw-handle" data-testid={`in-${data.nodeId}`} />}
      <div className="nw-node-head">
        <span className="nw-node-type">{data.type}</span>
        <span className="nw-node-name" title={data.name}>
          {data.name}
        </span>
      </div>
      <div className="nw-node-summary" title={data.summary}>
        {data.summary || '\u00a0'}
      </div>
      <div className="nw-node-foot">
        <span className="nw-node-shape" data-testid={`shape-${data.nodeId}`}>
          {formatShape(data.outputShape)}
        </span>
        <span className="nw-node-params">{data.params > 0 ? `${formatCount(data.params)} params` : ''}</span>
      </div>
      <Handle type="source" position={Position.Bottom} className="nw-handle" data-testid={`out-${data.nodeId}`} />
      <OutputBadge nodeId={data.nodeId} />
      {issue && selected && <IssueCallout issue={issue} nodeId={data.nodeId} />}
      {issue && !selected && (
        <div className={`nw-issue-badge ${issue.severity}`} data-testid={`issue-${issue.code}`} title={issue.message}>
          !
        </div>
      )}
    </div>
  );
});

export const BlockNode = memo(function BlockNode({ data, selected }: NodeProps<BlockFlowNode>) {
  const issue = firstIssue(data.issues);
  return (
    <div
      className={`nw-node nw-block${issue ? ` has-${issue.severity}` : ''}${selected ? ' selected' : ''}`}
      data-testid={`node-${data.groupId}`}
      data-type="block"
      title="Double-click to expand"
    >
      <Handle type="target" position={Position.Top} className="nw-handle" />
      <div className="nw-node-head">
        <span className="nw-node-type" title={data.name}>
          ▸ {data.name}
        </span>
        <span className="nw-node-name">{data.layers} layers</span>
      </div>
      <div className="nw-node-summary" title={data.template ?? 'group'}>
        {data.template ? data.template.replace(/^user:/, '') : 'Group'} · {formatCount(data.macs)} MACs
      </div>
      <div className="nw-node-foot">
        <span className="nw-node-shape" data-testid={`shape-${data.groupId}`}>
          {formatShape(data.outputShape)}
        </span>
        <span className="nw-node-params">{formatCount(data.params)} params</span>
      </div>
      <Handle type="source" position={Position.Bottom} className="nw-handle" />
      {issue && selected && <IssueCallout issue={issue} nodeId={issue.nodeId ?? data.groupId} />}
      {issue && !selected && (
        <div className={`nw-issue-badge ${issue.severity}`} data-testid={`issue-${issue.code}`} title={issue.message}>
          !
        </div>
      )}
    </div>
  );
});

export const FrameNode = memo(function FrameNode({ data }: NodeProps<FrameFlowNode>) {
  const setCollapsed = useEditor((s) => s.setCollapsed);
  return (
    <div className="nw-frame" data-testid={`frame-${data.groupId}`} style={{ width: data.width, height: data.height }}>
      <div className="nw-frame-head" title="Double-click to collapse">
        <button
          className="nw-frame-toggle nodrag"
          data-testid={`btn-collapse-${data.groupId}`}
          onClick={(e) => {
            e.stopPropagation();
            setCollapsed(data.groupId, true);
          }}
        >
          ▾
        </button>
        <span>{data.name}</span>
        {data.template && <span className="nw-frame-template">{data.template.replace(/^user:/, '')}</span>}
      </div>
    </div>
  );
});

export const ShapeEdge = memo(function ShapeEdge(props: EdgeProps<FlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const applyFix = useEditor((s) => s.applyFix);
  const issue = data?.issue ?? null;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={issue ? 'nw-edge-error' : selected ? 'nw-edge-selected' : ''} />
      <EdgeLabelRenderer>
        <div
          className={`nw-edge-label nodrag nopan${issue ? ' error' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          data-testid={`edge-${id}`}
          title={issue?.message}
        >
          {data?.label}
          {issue && selected && (
            <div className="nw-edge-issue" data-testid={`issue-${issue.code}`}>
              {issue.message}
              {issue.fix && (
                <button className="nw-fix" data-testid={`fix-${issue.nodeId ?? id}`} onClick={() => applyFix(issue)}>
                  Fix: {issue.fix.label}
                </button>
              )}
            </div>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});

export const nodeTypes = { layer: LayerNode, block: BlockNode, frame: FrameNode };
export const edgeTypes = { shape: ShapeEdge };
