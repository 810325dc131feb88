/**
 * TF.js import of topologies other than our own exports: a Keras 3 functional model (keras_history
 * inbound nodes, batch_shape, attention with query/value), a Keras 2 model.json from tensorflowjs_converter
 * (model_config wrapper, snake_case configs, regularizers, data_format), shared layers.
 */
import { describe, it, expect } from 'vitest';
import { importModelBytes } from '../../../main/import';
import { summarize } from './helpers';

const enc = (doc: unknown) => new TextEncoder().encode(JSON.stringify(doc));
const t3 = (name: string) => ({ class_name: '__keras_tensor__', config: { shape: null, dtype: 'float32', keras_history: [name, 0, 0] } });

describe('import: Keras topologies', () => {
  it('Keras 3 functional: attention block with keras_history edges', async () => {
    const layer = (class_name: string, name: string, config: Record<string, unknown>, args: unknown[]) => ({ module: 'keras.layers', class_name, name, config: { name, ...config }, inbound_nodes: [{ args, kwargs: {} }] });
    const doc = {
      module: 'keras',
      class_name: 'Functional',
      config: {
        name: 'block',
        layers: [
          { module: 'keras.layers', class_name: 'InputLayer', name: 'tokens', config: { batch_shape: [null, 8, 16], dtype: 'float32', name: 'tokens' }, inbound_nodes: [] },
          layer('MultiHeadAttention', 'mha', { num_heads: 2, key_dim: 4, value_dim: null, dropout: 0, use_bias: true, output_shape: null }, [t3('tokens'), t3('tokens')]),
          layer('Add', 'residual', {}, [[t3('tokens'), t3('mha')]]),
          layer('LayerNormalization', 'ln', { axis: -1, epsilon: 1e-6, center: true, scale: true }, [t3('residual')]),
          layer('GlobalAveragePooling1D', 'pool', { data_format: 'channels_last' }, [t3('ln')]),
          layer('Dense', 'out', { units: 3, activation: 'softmax', use_bias: true }, [t3('pool')]),
        ],
      },
    };
    const res = await importModelBytes(enc(doc), 'keras3.json');
    expect(res.unsupported).toEqual([]);
    const g = res.project.graph;
    expect(g.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['tokens:Input', 'mha:MultiHeadAttention', 'residual:Add', 'ln:LayerNormalization', 'pool:GlobalAveragePooling1D', 'out:Dense']);
    expect(g.edges.filter((e) => e.target === 'mha').map((e) => [e.source, e.targetPort])).toEqual([['tokens', 0], ['tokens', 1]]);
    const s = summarize(g);
    expect(s.errors).toEqual([]);
    // Keras: MHA 3·(16·8 + 8) + (8·16 + 16) = 552, LayerNorm 32, Dense 51.
    expect(s.trainable).toBe(552 + 32 + 51);
    expect(s.outputs).toEqual(['[3]']);
  });

  it('Keras 2 model.json from tensorflowjs_converter: params mapped, regularizers warned, channels_first refused', async () => {
    const layer = (class_name: string, name: string, config: Record<string, unknown>, from: string) => ({ class_name, name, config: { name, trainable: true, ...config }, inbound_nodes: [[[from, 0, 0, {}]]] });
    const layers = [
      { class_name: 'InputLayer', name: 'input_1', config: { batch_input_shape: [null, 32, 32, 3], dtype: 'float32', sparse: false, name: 'input_1' }, inbound_nodes: [] },
      layer('Conv2D', 'conv2d', { filters: 8, kernel_size: [3, 3], strides: [1, 1], padding: 'same', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'relu', use_bias: true, kernel_regularizer: { class_name: 'L2', config: { l2: 0.01 } } }, 'input_1'),
      layer('MaxPooling2D', 'max_pooling2d', { pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: 'channels_last' }, 'conv2d'),
      layer('BatchNormalization', 'batch_normalization', { axis: 3, momentum: 0.99, epsilon: 0.001, center: true, scale: true }, 'max_pooling2d'),
      layer('ZeroPadding2D', 'zero_padding2d', { padding: [[1, 1], [2, 2]] }, 'batch_normalization'),
      layer('Conv2D', 'conv_cf', { filters: 4, kernel_size: [1, 1], data_format: 'channels_first' }, 'zero_padding2d'),
      layer('Flatten', 'flatten', { data_format: 'channels_last' }, 'zero_padding2d'),
      layer('Dense', 'dense', { units: 10, activation: 'softmax', use_bias: true }, 'flatten'),
    ];
    const doc = { format: 'layers-model', generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0', modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: { class_name: 'Functional', config: { name: 'model', layers, input_layers: [['input_1', 0, 0]], output_layers: [['dense', 0, 0]] } } }, weightsManifest: [] };
    const res = await importModelBytes(enc(doc), 'model.json');
    expect(res.unsupported).toEqual([{ name: 'conv_cf', op: 'Conv2D', reason: "data_format 'channels_first' (the catalog is channels-last)" }]);
    expect(res.warnings.join('\n')).toMatch(/regularizers and constraints are not imported \(conv2d\)/);
    const byId = new Map(res.project.graph.nodes.map((n) => [n.id, n]));
    expect(byId.get('conv2d')!.params).toMatchObject({ filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' });
    expect(byId.get('max_pooling2d')!.params).toMatchObject({ poolSize: 2, strides: null });
    expect(byId.get('batch_normalization')!.params).toMatchObject({ axis: -1 });
    expect(byId.get('zero_padding2d')!.params).toMatchObject({ padding: [1, 2] });
    const s = summarize(res.project.graph);
    expect(s.errors).toEqual([]);
    expect(s.trainable).toBe(224 + 16 + 18 * 20 * 8 * 10 + 10);
  });

  it('a layer applied twice (shared weights) is reported, its consumers lose that input', async () => {
    const doc = {
      class_name: 'Model',
      config: {
        layers: [
          { class_name: 'InputLayer', name: 'a', config: { batch_input_shape: [null, 4] }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'shared', config: { units: 4 }, inbound_nodes: [[['a', 0, 0, {}]], [['a', 0, 0, {}]]] },
          { class_name: 'Dense', name: 'out', config: { units: 2 }, inbound_nodes: [[['shared', 1, 0, {}]]] },
        ],
      },
    };
    const res = await importModelBytes(enc(doc), 'shared.json');
    expect(res.unsupported).toEqual([{ name: 'shared', op: 'Dense', reason: 'shared layer applied 2 times (each node of the graph is one call)' }]);
    expect(res.warnings).toContain("'out' lost its input from left-out 'shared'");
  });
});
