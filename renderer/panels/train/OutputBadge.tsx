/** The live "loss · acc" badge on the graph's output node while a run is active and after it. */
import { useEditor } from '../../state/context';
import { badgeText, outputNodeId } from './model';
import { useTrainStore } from './useTrain';

export function OutputBadge({ nodeId }: { nodeId: string }) {
  const isOutput = useEditor((s) => outputNodeId(s.graph) === nodeId);
  // Primitive selections: the node re-renders only when the text or phase changes, not per message.
  const text = useTrainStore((s) => (isOutput ? badgeText(s.run) : null));
  const phase = useTrainStore((s) => (isOutput ? s.run.phase : null));
  if (!text) return null;
  return (
    <div className={`nw-run-badge phase-${phase}`} data-testid="output-badge" data-phase={phase} title={`Training ${phase}: ${text}`}>
      {phase === 'running' && <span className="nw-run-dot" />}
      {text}
    </div>
  );
}
