import * as tf from '@tensorflow/tfjs';

/** The parts of a tfjs layers-model `model.json` that loading reads. */
export interface LayersModelJson {
  format?: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

export function concatBuffers(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return out.buffer;
}

/**
 * Loads a layers model from its `model.json` and weight files, given in the
 * order of the manifest's paths. Used with files read from disk in Node and
 * with files kept in IndexedDB in the browser.
 */
export async function loadLayersModelFromFiles(
  modelJson: LayersModelJson,
  weightFiles: ArrayBuffer[],
): Promise<tf.LayersModel> {
  const expected = modelJson.weightsManifest.reduce((sum, group) => sum + group.paths.length, 0);
  if (weightFiles.length !== expected) {
    throw new Error(`Model needs ${expected} weight files, got ${weightFiles.length}.`);
  }

  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: concatBuffers(weightFiles),
  }));
}
