/**
 * TF.js-format checkpoints on disk without tfjs-node: model.save through tf.io.withSaveHandler writes
 * model.json (topology + weights manifest) and weights.bin ourselves; loading reads them back and writes
 * the weights into a model built from the same graph.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';

async function writeDurable(file: string, data: string | Uint8Array): Promise<void> {
  // Write-then-rename so a kill mid-save leaves the previous checkpoint intact.
  const tmp = `${file}.tmp`;
  await writeFile(tmp, data);
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  await rename(tmp, file);
}

export async function saveModelFiles(tf: typeof TF, model: TF.LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (art) => {
      const data = art.weightData;
      const bytes = data == null ? new Uint8Array(0) : new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
      await writeDurable(path.join(dir, 'weights.bin'), bytes);
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: 'Netwright',
        modelTopology: art.modelTopology,
        weightsManifest: [{ paths: ['./weights.bin'], weights: art.weightSpecs ?? [] }],
      };
      await writeDurable(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    }),
  );
}

/** Reads a checkpoint's weights into `model` (built from the same graph), matched by weight name. */
export async function loadWeightsInto(tf: typeof TF, model: TF.LayersModel, dir: string): Promise<void> {
  const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buf = await readFile(path.join(dir, 'weights.bin'));
  const named = tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), specs);
  try {
    for (const w of model.weights) {
      const t = named[w.originalName];
      if (!t) throw new Error(`Checkpoint ${dir} has no weight '${w.originalName}' (was it saved from another graph?).`);
      if (t.shape.join() !== w.shape.join()) {
        throw new Error(`Checkpoint ${dir}: weight '${w.originalName}' has shape [${t.shape}] but the model expects [${w.shape}].`);
      }
      w.write(t);
    }
  } finally {
    tf.dispose(Object.values(named));
  }
}
