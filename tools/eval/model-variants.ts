import path from 'node:path';
import { embedImages } from '../../src/features/embedding';
import { prepareFeatureInputs } from '../../src/features/preprocess';
import { decodeImageFile } from '../catalog/decode-image';
import { ensureCutModel, loadModelFolder } from '../catalog/embedding-model';
import { quantizeModelFolder, type WeightEncoding } from '../catalog/quantize-model';
import { useWasmBackend } from '../catalog/tfjs-wasm';

const BATCH = 8;

/**
 * Embeds catalog photos with a copy of the page's model whose weights are
 * stored as `encoding`, on the tfjs wasm backend as a browser without WebGL
 * would. Returns one unit vector per id, in order.
 */
export async function embedWithWeights(encoding: WeightEncoding, ids: number[], sourceDir: string, cacheDir: string): Promise<Float32Array[]> {
  await useWasmBackend();
  const float32Dir = await ensureCutModel(cacheDir);
  const dir = encoding === 'float32' ? float32Dir : quantizeModelFolder(float32Dir, `${float32Dir}-${encoding}`, encoding);
  const model = await loadModelFolder(dir);

  try {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < ids.length; start += BATCH) {
      const inputs = await Promise.all(ids.slice(start, start + BATCH).map(async (id) =>
        prepareFeatureInputs(await decodeImageFile(path.join(sourceDir, 'images', `${id}.jpg`))).embedding));
      vectors.push(...(await embedImages(model, inputs)));
    }
    return vectors;
  } finally {
    model.dispose();
  }
}
