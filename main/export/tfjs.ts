/** TF.js Layers model files (model.json + weights.bin) written through tf.io.withSaveHandler (no tfjs-node). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';

/** The model.json of TF.js Layers files whose weights are all in `binName` (next to it), in `weights` order. */
export function layersModelJson(tf: typeof TF, modelTopology: unknown, binName: string, weights: readonly TF.io.WeightsManifestEntry[], convertedBy = 'Netwright') {
  return {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy,
    modelTopology,
    weightsManifest: [{ paths: [`./${binName}`], weights }],
  };
}

/**
 * Writes `model` as TF.js Layers files. `outPath` is either a directory (→ model.json + weights.bin in it)
 * or a path ending in .json (weights file next to it, named <stem>.weights.bin). Returns the files written.
 */
export async function writeTfjsModel(tf: typeof TF, model: TF.LayersModel, outPath: string): Promise<string[]> {
  const isJson = outPath.toLowerCase().endsWith('.json');
  const dir = isJson ? path.dirname(outPath) : outPath;
  const jsonFile = isJson ? outPath : path.join(dir, 'model.json');
  const binName = isJson ? `${path.basename(outPath, path.extname(outPath))}.weights.bin` : 'weights.bin';
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (art) => {
      const data = art.weightData;
      const bytes = data == null ? new Uint8Array(0) : new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
      await writeFile(path.join(dir, binName), bytes);
      await writeFile(jsonFile, JSON.stringify(layersModelJson(tf, art.modelTopology, binName, art.weightSpecs ?? [])));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    }),
  );
  return [jsonFile, path.join(dir, binName)];
}
