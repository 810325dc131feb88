/**
 * PyTorch target: an nn.Module with the graph's names, blocks as sub-modules (a class per distinct block
 * body when the block has one input and one output, else a plain nn.Module container), forward in
 * topological order on NCHW input, plus a training script behind `if __name__ == "__main__":`.
 */
import type { NetwrightProject } from '../format/project';
import { blockMembers, checkedExportModel, endsInSoftmax, type ExportBlock, type ExportModel, type ExportNode } from './model';
import { className, fileStem, identifier, NameTable } from './names';
import { helperCode } from './pytorchHelpers';
import { TORCH_LAYERS, torchProblem, type TorchHelper } from './pytorchLayers';
import { trainingScript, type HeadInfo } from './pytorchTrain';
import type { CapabilityIssue, ExportOptions, ExportResult, ExportTarget } from './types';

const IND = '    ';

/** "layer1_0_conv1" inside block "layer1_0" → "conv1": members are named relative to their block. */
function local(ident: string, prefix: string | null): string {
  if (prefix && ident.startsWith(`${prefix}_`) && ident.length > prefix.length + 1) return identifier(ident.slice(prefix.length + 1));
  return ident;
}

interface ScopeCode {
  init: string[];
  forward: string[];
  params: string[];
  result: string;
  paths: Map<string, string>;
}

interface BlockIO {
  inputs: string[];
  outputs: string[];
}

class TorchGen {
  readonly helpers = new Set<TorchHelper>();
  /** Class code in definition order, and body text (name-less) → class name for de-duplication. */
  readonly classes: string[] = [];
  private readonly bodies = new Map<string, string>();
  private readonly classNames: NameTable;
  private readonly io = new Map<ExportBlock, BlockIO>();
  private readonly consumers = new Map<string, string[]>();
  private readonly order = new Map<string, number>();
  private readonly outputs: Set<string>;

  constructor(
    private readonly model: ExportModel,
    mainClass: string,
  ) {
    this.classNames = new NameTable([mainClass, 'PReLUKeras', 'GaussianNoise', 'GaussianDropout', 'MultiHeadAttentionKeras']);
    model.nodes.forEach((n, i) => {
      this.order.set(n.id, i);
      for (const s of n.inputs) this.consumers.set(s, [...(this.consumers.get(s) ?? []), n.id]);
    });
    this.outputs = new Set(model.outputs.map((n) => n.id));
  }

  private blockIO(b: ExportBlock): BlockIO {
    let io = this.io.get(b);
    if (io) return io;
    const members = new Set(blockMembers(b).map((n) => n.id));
    const inputs: string[] = [];
    const outputs: string[] = [];
    for (const n of this.sorted(blockMembers(b))) {
      for (const s of n.inputs) if (!members.has(s) && !inputs.includes(s)) inputs.push(s);
      if (this.outputs.has(n.id) || (this.consumers.get(n.id) ?? []).some((c) => !members.has(c))) outputs.push(n.id);
    }
    io = { inputs, outputs };
    this.io.set(b, io);
    return io;
  }

  /** A block with one input and one output becomes a class with its own forward(x). */
  private isClass(b: ExportBlock): boolean {
    const io = this.blockIO(b);
    return io.inputs.length === 1 && io.outputs.length === 1;
  }

  private sorted(nodes: ExportNode[]): ExportNode[] {
    return [...nodes].sort((a, b) => this.order.get(a.id)! - this.order.get(b.id)!);
  }

  /** The outermost class block strictly inside `scope` that contains `n`, if any. */
  private calledBlock(n: ExportNode, scope: ExportBlock | null): ExportBlock | null {
    let found: ExportBlock | null = null;
    for (let b = n.block; b && b !== scope; b = b.parent) if (this.isClass(b)) found = b;
    return found;
  }

  /** __init__ and forward lines of a scope (the model, or a class block). */
  scope(scope: ExportBlock | null): ScopeCode {
    const init: string[] = [];
    /** state_dict prefix of each node's module, relative to this scope. */
    const paths = new Map<string, string>();
    const modPath = new Map<string, string>();
    const callPath = new Map<ExportBlock, string>();
    const prefixOf = scope ? scope.ident : null;

    // Modules, in topological order of their first member; containers hold their members' modules.
    const walk = (directNodes: ExportNode[], children: ExportBlock[], path: string, strip: string | null) => {
      const attrs = new NameTable();
      const items: { at: number; emit: () => void }[] = [];
      for (const n of directNodes) {
        const t = TORCH_LAYERS[n.type];
        if (!t.module) continue;
        items.push({
          at: this.order.get(n.id)!,
          emit: () => {
            const ctor = t.module!(n, (h) => this.helpers.add(h));
            if (ctor === null) return;
            const attr = `${path}.${attrs.take(local(n.ident, strip))}`;
            modPath.set(n.id, attr);
            paths.set(n.id, attr.slice('self.'.length));
            init.push(`${attr} = ${ctor}`);
            for (const line of t.init?.(n) ?? []) init.push(line.replaceAll('{m}', attr));
          },
        });
      }
      for (const c of children) {
        const first = Math.min(...blockMembers(c).map((n) => this.order.get(n.id)!));
        items.push({
          at: first,
          emit: () => {
            const attr = `${path}.${attrs.take(local(c.ident, strip))}`;
            if (this.isClass(c)) {
              const cls = this.blockClass(c);
              init.push(`${attr} = ${cls.name}()`);
              callPath.set(c, attr);
              for (const [id, p] of cls.paths) paths.set(id, `${attr.slice('self.'.length)}.${p}`);
            } else {
              init.push(`${attr} = nn.Module()  # block '${c.group.name}' (${c.template})`);
              walk(c.nodes, c.children, attr, c.ident);
            }
          },
        });
      }
      items.sort((a, b) => a.at - b.at).forEach((i) => i.emit());
    };
    if (scope) walk(scope.nodes, scope.children, 'self', scope.ident);
    else walk(this.model.nodes.filter((n) => !n.block), this.model.blocks, 'self', null);

    // Forward: one assignment per node; a class block is one call at its output node.
    const vars = new NameTable(['x', 'self']);
    const varOf = new Map<string, string>();
    const params: string[] = [];
    const members = scope ? this.sorted(blockMembers(scope)) : this.model.nodes;
    if (scope) varOf.set(this.blockIO(scope).inputs[0], 'x');
    else {
      const single = this.model.inputs.length === 1;
      for (const n of this.model.inputs) {
        const v = single ? 'x' : vars.take(n.ident);
        varOf.set(n.id, v);
        params.push(v);
      }
    }
    const forward: string[] = [];
    for (const n of members) {
      if (n.type === 'Input') continue;
      const called = this.calledBlock(n, scope);
      if (called) {
        const io = this.blockIO(called);
        if (io.outputs[0] !== n.id) continue;
        const v = vars.take(local(n.ident, prefixOf));
        varOf.set(n.id, v);
        forward.push(`${v} = ${callPath.get(called)!}(${varOf.get(io.inputs[0])!})`);
        continue;
      }
      const v = vars.take(local(n.ident, prefixOf));
      const expr = TORCH_LAYERS[n.type].forward({
        n,
        ins: n.inputs.map((s) => varOf.get(s)!),
        mod: modPath.get(n.id) ?? '',
        use: (h) => this.helpers.add(h),
      });
      varOf.set(n.id, v);
      forward.push(`${v} = ${expr}`);
    }
    const outs = scope ? this.blockIO(scope).outputs : this.model.outputs.map((n) => n.id);
    const result = outs.map((id) => varOf.get(id)!).join(', ');
    return { init, forward, params, result, paths };
  }

  /** The class of a block (shared by blocks with identical bodies), defined before first use. */
  private blockClass(b: ExportBlock): { name: string; paths: Map<string, string> } {
    const s = this.scope(b);
    const body = [
      `${IND}"""${b.template} block."""`,
      '',
      `${IND}def __init__(self):`,
      `${IND}${IND}super().__init__()`,
      ...s.init.map((l) => `${IND}${IND}${l}`),
      '',
      `${IND}def forward(self, x):`,
      ...s.forward.map((l) => `${IND}${IND}${l}`),
      `${IND}${IND}return ${s.result}`,
    ].join('\n');
    const known = this.bodies.get(body);
    if (known) return { name: known, paths: s.paths };
    const name = this.classNames.take(className(b.template));
    this.bodies.set(body, name);
    this.classes.push(`class ${name}(nn.Module):\n${body}`);
    return { name, paths: s.paths };
  }
}

function torchShape(s: number[]): number[] {
  return s.length === 3 ? [s[2], s[0], s[1]] : s;
}

function headInfo(n: ExportNode): HeadInfo {
  return { name: n.name, shape: torchShape(n.outputShape), softmax: endsInSoftmax(n) };
}

export function mainClassName(project: NetwrightProject, opts?: ExportOptions): string {
  if (opts?.className) return className(opts.className, 'Model');
  const meta = project.meta.name ?? project.meta.title ?? project.meta.preset;
  return typeof meta === 'string' && meta.trim() ? className(meta, 'Model') : 'NetwrightModel';
}

/** state_dict prefix ("layer1_0.conv1_conv") of every node that owns an nn.Module. */
export function torchModulePaths(model: ExportModel, name = 'NetwrightModel'): Map<string, string> {
  return new TorchGen(model, name).scope(null).paths;
}

function moduleCode(model: ExportModel, name: string): { helpers: string[]; classes: string[]; main: string } {
  const gen = new TorchGen(model, name);
  const s = gen.scope(null);
  const ins = model.inputs.map((n) => `(N, ${torchShape(n.outputShape).join(', ')})`).join(', ');
  const outs = model.outputs.map((n) => `(N, ${torchShape(n.outputShape).join(', ')})`).join(', ');
  const main = [
    `class ${name}(nn.Module):`,
    `${IND}"""Input ${ins} (NCHW for images) → output ${outs}; ${model.trainableParams.toLocaleString('en-US')} trainable parameters."""`,
    '',
    `${IND}def __init__(self):`,
    `${IND}${IND}super().__init__()`,
    ...(s.init.length ? s.init : ['pass']).map((l) => `${IND}${IND}${l}`),
    '',
    `${IND}def forward(self, ${s.params.join(', ')}):`,
    ...s.forward.map((l) => `${IND}${IND}${l}`),
    `${IND}${IND}return ${s.result}`,
  ].join('\n');
  return { helpers: helperCode(gen.helpers), classes: gen.classes, main };
}

function check(project: NetwrightProject): CapabilityIssue[] {
  const checked = checkedExportModel(project, torchProblem);
  return checked.ok ? [] : checked.report;
}

function exportCode(project: NetwrightProject, opts?: ExportOptions): ExportResult {
  const built = checkedExportModel(project, torchProblem);
  if (!built.ok) return built;
  const model = built.model;
  const name = mainClassName(project, opts);
  const code = moduleCode(model, name);
  const title = typeof project.meta.title === 'string' ? project.meta.title : name;
  const header = [
    `"""${title.replace(/"""/g, "'''")}: PyTorch model generated by Netwright.`,
    '',
    `${name}() takes NCHW input and has the graph's ${model.trainableParams.toLocaleString('en-US')} trainable parameters.`,
    'Importing this file runs nothing; run it to train:',
    `    python ${pytorch.fileName(project)} --data DIR --epochs 5`,
    `    torchrun --nproc_per_node=2 ${pytorch.fileName(project)} --data DIR   # DistributedDataParallel`,
    'Metrics are JSON lines on stdout: {"event": "batch" | "epoch" | "done", ...}.',
    '"""',
    'import argparse',
    'import json',
    'import math',
    'import os',
    'import random',
    'import time',
    '',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
  ].join('\n');
  const train = trainingScript({
    className: name,
    inputs: model.inputs.map((n) => torchShape(n.outputShape)),
    heads: model.outputs.map(headInfo),
    training: opts?.training ?? {},
  });
  const parts = [header, ...code.helpers, ...code.classes, code.main, train];
  return { ok: true, code: parts.join('\n\n\n') + '\n' };
}

export const pytorch: ExportTarget = {
  id: 'pytorch',
  label: 'PyTorch',
  language: 'python',
  fileName: (project) => `${fileStem(project.meta)}.py`,
  check,
  exportCode,
};
