/**
 * Two runs side by side: their graph diff and settings diff as display lines (shared/graph/diff does the
 * comparing; this only words it). Pure, for the Runs panel and its unit tests.
 */
import type { RunDetailInfo } from '../../../shared/contract/runs';
import { countGraphChanges, diffGraphs, diffSettings, type EdgeRef, type GraphDiff, type ValueChange } from '../../../shared/graph/diff';
import { runConfig, runGraph } from './model';

export type LineKind = 'changed' | 'added' | 'removed' | 'same';

export interface DiffLine {
  key: string;
  before: string;
  after: string;
  kind: LineKind;
}

export interface DiffSection {
  title: string;
  lines: DiffLine[];
}

export interface RunDiffView {
  a: string;
  b: string;
  settings: DiffLine[];
  settingsChanged: number;
  graph: DiffSection[];
  graphChanged: number;
  /** One sentence for the top of the view. */
  headline: string;
}

/** Settings that differ between any two runs by construction (their own folders), not by choice. */
export const IGNORED_SETTINGS = ['graph', 'runDir', 'resumeFrom'];

/** Short, stable text for a JSON value: 0.001, "adam" → adam, [3,3] → [3,3], absent → —. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return JSON.stringify(v);
}

const valueLine = (prefix: string) => (c: ValueChange): DiffLine => ({
  key: prefix ? `${prefix}.${c.key}` : c.key,
  before: formatValue(c.before),
  after: formatValue(c.after),
  kind: c.before === undefined ? 'added' : c.after === undefined ? 'removed' : 'changed',
});

const edgeText = (e: EdgeRef): string => `${e.source}${e.sourcePort ? `[${e.sourcePort}]` : ''} → ${e.target}${e.targetPort ? ` (input ${e.targetPort + 1})` : ''}`;

/** The graph diff as sections of lines, empty sections left out. */
export function graphSections(d: GraphDiff): DiffSection[] {
  const layers: DiffLine[] = [
    ...d.nodesRemoved.map((n) => ({ key: n.name, before: n.type, after: '—', kind: 'removed' as const })),
    ...d.nodesAdded.map((n) => ({ key: n.name, before: '—', after: n.type, kind: 'added' as const })),
  ];
  const changes: DiffLine[] = [];
  for (const c of d.nodesChanged) {
    if (c.renamed) changes.push({ key: `${c.renamed.before} (name)`, before: c.renamed.before, after: c.renamed.after, kind: 'changed' });
    if (c.typeChanged) changes.push({ key: `${c.name} (type)`, before: c.typeChanged.before, after: c.typeChanged.after, kind: 'changed' });
    changes.push(...c.params.map(valueLine(c.name)));
  }
  const edges: DiffLine[] = [
    ...d.edgesRemoved.map((e) => ({ key: edgeText(e), before: 'connected', after: '—', kind: 'removed' as const })),
    ...d.edgesAdded.map((e) => ({ key: edgeText(e), before: '—', after: 'connected', kind: 'added' as const })),
  ];
  const blocks: DiffLine[] = [
    ...d.groupsRemoved.map((g) => ({ key: g.name, before: `${g.template ?? 'group'} (${g.size} layers)`, after: '—', kind: 'removed' as const })),
    ...d.groupsAdded.map((g) => ({ key: g.name, before: '—', after: `${g.template ?? 'group'} (${g.size} layers)`, kind: 'added' as const })),
  ];
  for (const g of d.groupsChanged) {
    if (g.renamed) blocks.push({ key: `${g.renamed.before} (name)`, before: g.renamed.before, after: g.renamed.after, kind: 'changed' });
    if (g.templateChanged) blocks.push({ key: `${g.name} (template)`, before: formatValue(g.templateChanged.before), after: formatValue(g.templateChanged.after), kind: 'changed' });
    blocks.push(...g.params.map(valueLine(g.name)));
    if (g.membersAdded.length || g.membersRemoved.length) {
      blocks.push({ key: `${g.name} (layers)`, before: g.membersRemoved.join(', ') || '—', after: g.membersAdded.join(', ') || '—', kind: 'changed' });
    }
  }
  return [
    { title: 'Changed layers', lines: changes },
    { title: 'Added / removed layers', lines: layers },
    { title: 'Connections', lines: edges },
    { title: 'Blocks', lines: blocks },
  ].filter((s) => s.lines.length > 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Run a (older side) against run b. Besides the saved settings, the backend and device each run actually
 * used are compared ('auto' resolves differently on different machines).
 */
export function runDiffView(a: RunDetailInfo, b: RunDetailInfo): RunDiffView {
  const ga = runGraph(a);
  const gb = runGraph(b);
  const withActual = (r: RunDetailInfo) => ({ ...(runConfig(r) ?? {}), actual: { backend: r.summary.backend, device: r.summary.device, engine: r.summary.engine } });
  const s = diffSettings(withActual(a), withActual(b), IGNORED_SETTINGS);
  const settings: DiffLine[] = [
    ...s.changed.map(valueLine('')),
    ...s.same.map((x) => ({ key: x.key, before: formatValue(x.value), after: formatValue(x.value), kind: 'same' as const })),
  ];
  let graph: DiffSection[];
  let graphChanged: number;
  if (ga && gb) {
    const d = diffGraphs(ga, gb);
    graph = graphSections(d);
    graphChanged = countGraphChanges(d);
  } else {
    graph = [{ title: 'Graph', lines: [{ key: 'snapshot', before: ga ? 'present' : 'missing', after: gb ? 'present' : 'missing', kind: 'changed' }] }];
    graphChanged = 1;
  }
  const headline =
    graphChanged === 0 && s.changed.length === 0
      ? 'Same graph and same settings.'
      : `${graphChanged === 0 ? 'Same graph' : `Graph: ${plural(graphChanged, 'difference')}`} · ${s.changed.length === 0 ? 'same settings' : `${plural(s.changed.length, 'setting')} changed`}.`;
  return { a: a.summary.name, b: b.summary.name, settings, settingsChanged: s.changed.length, graph, graphChanged, headline };
}
