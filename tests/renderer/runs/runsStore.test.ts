import { describe, expect, it } from 'vitest';
import { createRunsStore } from '../../../renderer/panels/runs/runsStore';
import { createEditorStore } from '../../../renderer/state/store';
import type { TrainingConfigInput } from '../../../shared/contract/training';
import { loadProject } from '../../../shared/format';
import type { GraphData } from '../../../shared/graph/types';
import { buildPreset } from '../../../shared/presets';
import { detail, runsHost, summary, trainingConfig } from './fixtures';

const A = summary('20261124-140000-lr0.001', { dir: '/ws/runs/lenet5/a', createdAt: '2026-11-24T14:00:00Z', learningRate: 0.001 });
const B = summary('20261124-141000-lr0.01', { dir: '/ws/runs/lenet5/b', createdAt: '2026-11-24T14:10:00Z', learningRate: 0.01, status: 'stopped', lastEpoch: 1, epochs: 3 });
const OTHER = summary('20261124-120000-alexnet', { dir: '/ws/runs/alexnet/c', project: 'alexnet', createdAt: '2026-11-24T12:00:00Z' });

function setup(extra: { running?: boolean } = {}) {
  const host = runsHost([detail(A), detail(B), detail({ ...OTHER, ...(extra.running ? { status: 'running' as const } : {}) })]);
  const editor = createEditorStore();
  const started: TrainingConfigInput[] = [];
  const runs = createRunsStore({
    host,
    project: () => 'lenet5',
    startConfig: async (c) => void started.push(c),
    openProject: (text) => editor.getState().loadText(text, null, { dirty: true }),
  });
  return { host, editor, started, runs };
}

describe('runs store over the host', () => {
  it('lists this project’s runs, or every project’s with the toggle', async () => {
    const { host, runs } = setup();
    await runs.getState().refresh();
    expect(runs.getState().summaries.map((s) => s.dir)).toEqual([A.dir, B.dir]);
    await runs.getState().setAllProjects(true);
    expect(runs.getState().summaries).toHaveLength(3);
    expect(host.calls).toEqual(['listRuns:lenet5', 'listRuns:null']);
  });

  it('reports a host that cannot list runs', async () => {
    const { host, runs } = setup();
    host.listRuns = async () => {
      throw new Error('Run history is not available yet: not wired into this host yet');
    };
    await runs.getState().refresh();
    expect(runs.getState().listError).toMatch(/not wired/);
  });

  it('selecting a run reads its detail once; unselecting keeps the cache', async () => {
    const { host, runs } = setup();
    await runs.getState().refresh();
    await runs.getState().toggle(A.dir);
    await runs.getState().toggle(B.dir);
    expect(runs.getState().selected).toEqual([A.dir, B.dir]);
    expect(Object.keys(runs.getState().details).sort()).toEqual([A.dir, B.dir]);
    await runs.getState().toggle(A.dir);
    await runs.getState().toggle(A.dir);
    expect(runs.getState().selected).toEqual([B.dir, A.dir]);
    expect(host.calls.filter((c) => c.startsWith('readRun'))).toHaveLength(2);
    // A refresh that shows the run moved on (resumed: more epochs) reads it again.
    host.runs.set(B.dir, detail({ ...B, lastEpoch: 2 }));
    await runs.getState().refresh();
    expect(runs.getState().details[B.dir].summary.lastEpoch).toBe(2);
    expect(host.calls.filter((c) => c === `readRun:${B.dir}`)).toHaveLength(2);
  });

  it('compares exactly two selected runs, older first', async () => {
    const { runs } = setup();
    await runs.getState().refresh();
    await runs.getState().compare();
    expect(runs.getState().message).toEqual({ kind: 'error', text: 'Select exactly two runs to compare (0 selected).' });
    await runs.getState().toggle(B.dir);
    await runs.getState().toggle(A.dir);
    await runs.getState().compare();
    expect(runs.getState().diff).toEqual([A.dir, B.dir]);
    runs.getState().closeDiff();
    expect(runs.getState().diff).toBeNull();
  });

  it('deletes a run, drops it from the selection and lists again; a refusal is shown', async () => {
    const { host, runs } = setup({ running: true });
    await runs.getState().setAllProjects(true);
    await runs.getState().toggle(A.dir);
    expect(await runs.getState().remove(A.dir)).toBe(true);
    expect(host.runs.has(A.dir)).toBe(false);
    expect(runs.getState().selected).toEqual([]);
    expect(runs.getState().summaries.map((s) => s.dir)).toEqual([B.dir, OTHER.dir]);
    expect(runs.getState().message?.text).toBe(`Deleted run ${A.name}.`);
    expect(await runs.getState().remove(OTHER.dir)).toBe(false);
    expect(runs.getState().message).toEqual({ kind: 'error', text: `Could not delete ${OTHER.name}: Run is still training; stop it first.` });
  });

  it('exports the trained model with the run folder and the snapshot as project text', async () => {
    const { host, runs } = setup();
    await runs.getState().refresh();
    expect(await runs.getState().exportRun(A.dir, 'onnx')).toBe('/ws/exports/model.onnx');
    expect(runs.getState().message).toEqual({ kind: 'info', text: 'Exported the ONNX model to /ws/exports/model.onnx' });
    expect(host.exported[0].runDir).toBe(A.dir);
    const loaded = loadProject(host.exported[0].projectText);
    expect(loaded.ok && loaded.project.graph.nodes.length).toBe(buildPreset('lenet5').graph.nodes.length);
  });

  it('refuses a model file without a checkpoint, and shows the code target’s capability report', async () => {
    const { host, runs } = setup();
    // LeNet-5 with an ELU(alpha 0.5) between the dense layers: TF.js code cannot express it.
    const g: GraphData = structuredClone(buildPreset('lenet5').graph);
    g.nodes.push({ id: 'elu', name: 'elu_half', type: 'ELU', params: { alpha: 0.5 }, position: { x: 0, y: 0 } });
    g.edges = g.edges.filter((e) => !(e.source === 'fc1' && e.target === 'fc2'));
    g.edges.push({ id: 'e1', source: 'fc1', target: 'elu', targetPort: 0 }, { id: 'e2', source: 'elu', target: 'fc2', targetPort: 0 });
    const noCkpt = summary('early', { dir: '/ws/runs/lenet5/early', canResume: false, lastEpoch: null, status: 'incomplete' });
    host.runs.set(noCkpt.dir, detail(noCkpt, trainingConfig(g)));
    await runs.getState().refresh();
    expect(await runs.getState().exportRun(noCkpt.dir, 'tfjs')).toBeNull();
    expect(runs.getState().message?.text).toMatch(/no checkpoint yet/);
    expect(await runs.getState().exportRun(noCkpt.dir, 'tfjs-code')).toBeNull();
    expect(runs.getState().message?.kind).toBe('error');
    expect(runs.getState().message?.text).toMatch(/cannot express this run's graph:\n.*elu_half.*alpha/);
    expect(host.exported).toEqual([]);
    // PyTorch can express it: the code export goes to the host with the run folder (for its settings).
    expect(await runs.getState().exportRun(noCkpt.dir, 'pytorch')).toBe('/ws/exports/pytorch');
    expect(host.exported.map((e) => [e.format, e.runDir])).toEqual([['pytorch', noCkpt.dir]]);
    expect(runs.getState().message?.text).toBe('Exported the PyTorch code to /ws/exports/pytorch');
    host.exportModel = async () => {
      throw new Error('Export to onnx is not available yet: model exporters have not landed in this build');
    };
    expect(await runs.getState().exportRun(A.dir, 'onnx')).toBeNull();
    expect(runs.getState().message?.text).toBe('Export failed: Export to onnx is not available yet: model exporters have not landed in this build');
  });

  it('resumes a stopped run through the train store with the new epoch total', async () => {
    const { started, runs } = setup();
    await runs.getState().refresh();
    expect(await runs.getState().resume(B.dir, 3)).toBe(true);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ resumeFrom: B.dir, epochs: 3, optimizer: { learningRate: 0.01 } });
    expect(await runs.getState().resume(B.dir, 1)).toBe(false);
    expect(runs.getState().message?.text).toMatch(/more epochs than the 1 already trained/);
  });

  it('opens a run’s graph as a new unsaved project in the editor', async () => {
    const { editor, runs } = setup();
    editor.getState().newDocument('alexnet');
    await runs.getState().refresh();
    expect(await runs.getState().openAsProject(A.dir)).toBe(true);
    const s = editor.getState();
    expect(s.graph.nodes.map((n) => n.id)).toEqual(buildPreset('lenet5').graph.nodes.map((n) => n.id));
    expect(s.file).toBeNull();
    expect(s.version).not.toBe(s.savedVersion);
    expect(s.project.meta).toMatchObject({ title: 'lenet5', dataset: 'mnist' });
  });
});
