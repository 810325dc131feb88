/** Layer palette: categories, search, drag onto the canvas (or double-click), hover card with the offline doc. */
import { useMemo, useState, type DragEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { blockTemplates, getLayerSpec, layerTypes } from '../state/core';
import { useEditor, useEditorStore } from '../state/context';
import { DND_BLOCK, DND_LAYER, DND_USER_BLOCK } from '../canvas/Canvas';
import { paletteGroups } from './paletteModel';

interface Hover {
  title: string;
  doc: string;
  top: number;
}

export function Palette() {
  const [query, setQuery] = useState('');
  const [hover, setHover] = useState<Hover | null>(null);
  const store = useEditorStore();
  const userBlocks = useEditor((s) => s.project.blocks);
  const rf = useReactFlow();
  const groups = useMemo(
    () => paletteGroups(layerTypes, (t) => getLayerSpec(t), [...blockTemplates.values()], Object.values(userBlocks), query),
    [query, userBlocks],
  );

  const centre = () => {
    const el = document.querySelector('.nw-canvas');
    const r = el?.getBoundingClientRect();
    const p = rf.screenToFlowPosition({ x: (r?.left ?? 0) + (r?.width ?? 800) / 2, y: (r?.top ?? 0) + (r?.height ?? 600) / 2 });
    return { x: Math.round(p.x - 100), y: Math.round(p.y - 40) };
  };

  const drag = (mime: string, value: string) => (e: DragEvent) => {
    e.dataTransfer.setData(mime, value);
    e.dataTransfer.setData('text/plain', value);
    e.dataTransfer.effectAllowed = 'copy';
    setHover(null);
  };

  const showDoc = (title: string, doc: string) => (e: React.MouseEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    setHover({ title, doc, top: r.top });
  };

  return (
    <aside className="nw-palette" data-testid="palette" onMouseLeave={() => setHover(null)}>
      <input
        className="nw-search"
        type="search"
        placeholder="Search layers…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
        aria-label="Search layers"
      />
      <div className="nw-palette-list">
        {groups.map((g) => (
          <details key={g.title} open className="nw-palette-group" data-testid={`palette-group-${g.title}`}>
            <summary>
              {g.title} <span className="nw-muted">{g.items.length}</span>
            </summary>
            {g.items.map((item) => (
              <div
                key={`${item.kind}:${item.id}`}
                className={`nw-palette-item kind-${item.kind}`}
                draggable
                data-testid={item.kind === 'layer' ? `palette-${item.id}` : item.kind === 'block' ? `palette-block-${item.id}` : `palette-user-${item.id}`}
                onDragStart={drag(item.kind === 'layer' ? DND_LAYER : item.kind === 'block' ? DND_BLOCK : DND_USER_BLOCK, item.id)}
                onDoubleClick={() => {
                  const s = store.getState();
                  if (item.kind === 'layer') s.addLayer(item.id, centre());
                  else if (item.kind === 'block') s.addBlock(item.id, centre());
                  else s.addUserBlock(item.id, centre());
                }}
                onMouseEnter={showDoc(item.label, item.doc)}
              >
                {item.label}
              </div>
            ))}
          </details>
        ))}
        {groups.length === 0 && <div className="nw-muted nw-pad">No layer matches “{query}”.</div>}
      </div>
      {hover && (
        <div className="nw-hovercard" style={{ top: Math.max(8, hover.top - 8) }} data-testid="palette-doc" role="tooltip">
          <strong>{hover.title}</strong>
          <p>{hover.doc || 'No documentation.'}</p>
        </div>
      )}
    </aside>
  );
}
