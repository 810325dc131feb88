/** The functional-API body shared by the Keras and TF.js targets: one layer call per node, block comments. */
import { constructor, isOwnTfjsClass } from './kerasFormat';
import { kerasCall, kerasProblem, type Flavour } from './kerasLayers';
import { checkedExportModel, type ExportModel } from './model';
import { NameTable } from './names';
import type { CapabilityIssue } from './types';
import type { NetwrightProject } from '../format/project';

export function kerasCheck(project: NetwrightProject, f: Flavour): CapabilityIssue[] {
  const checked = checkedExportModel(project, (n) => kerasProblem(n, f));
  return checked.ok ? [] : checked.report;
}

export interface FunctionalBody {
  lines: string[];
  inputs: string[];
  outputs: string[];
  /** TF.js classes the body instantiates (custom layers to define). */
  custom: Set<string>;
}

/** Statements building the graph with the functional API, in topological order. */
export function functionalBody(model: ExportModel, f: Flavour): FunctionalBody {
  const vars = new NameTable(['tf', 'keras', 'layers', 'model', 'inputs', 'outputs']);
  const varOf = new Map<string, string>();
  const lines: string[] = [];
  const custom = new Set<string>();
  const comment = f === 'keras' ? '#' : '//';
  const cast = f === 'tfjs' ? ' as tf.SymbolicTensor' : '';
  const decl = f === 'tfjs' ? 'const ' : '';
  let block: string | null = null;
  for (const n of model.nodes) {
    const v = vars.take(n.ident);
    varOf.set(n.id, v);
    if (n.type === 'Input') {
      const shape = n.outputShape;
      lines.push(
        f === 'keras'
          ? `${v} = keras.Input(shape=(${shape.join(', ')}${shape.length === 1 ? ',' : ''}), name=${JSON.stringify(n.id)})`
          : `const ${v} = tf.input({ shape: [${shape.join(', ')}], name: ${JSON.stringify(n.id)} });`,
      );
      continue;
    }
    const b = n.block ? `${n.block.group.name} (${n.block.template})` : null;
    if (b !== block) {
      if (b) lines.push(`${comment} block ${b}`);
      block = b;
    }
    const call = kerasCall(n, f);
    if (f === 'tfjs' && isOwnTfjsClass(call.className)) custom.add(call.className);
    let ins = n.inputs.map((s) => varOf.get(s)!);
    if (call.pre) {
      custom.add(call.pre.className);
      const pv = vars.take(`${v}_pad`);
      lines.push(`${decl}${pv} = ${constructor(call.pre, f)}${f === 'keras' ? `(${ins[0]})` : `.apply(${ins[0]})${cast};`}`);
      ins = [pv];
    }
    const arg = n.type === 'MultiHeadAttention' && f === 'keras' ? ins.join(', ') : ins.length === 1 ? ins[0] : `[${ins.join(', ')}]`;
    const apply = f === 'keras' ? `(${arg})` : `.apply(${arg})${cast}`;
    lines.push(`${decl}${v} = ${constructor(call, f)}${apply}${f === 'tfjs' ? ';' : ''}`);
    if (call.post) {
      // The activation the layer API lacks, as its own layer `<id>__act` (the built-in engine does the same).
      if (f === 'keras') lines.push(`${v} = ${constructor(call.post, f)}(${v})`);
      else {
        const a = vars.take(`${v}_act`);
        lines.push(`const ${a} = ${constructor(call.post, f)}.apply(${v})${cast};`);
        varOf.set(n.id, a);
      }
    }
  }
  return { lines, inputs: model.inputs.map((n) => varOf.get(n.id)!), outputs: model.outputs.map((n) => varOf.get(n.id)!), custom };
}
