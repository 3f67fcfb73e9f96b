import fs from 'node:fs';
import path from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { caffeInput, EMBEDDING_SIZE, EMBEDDING_VERSION } from '../../src/features/embedding';
import { EMBEDDING_INPUT_SIZE } from '../../src/features/preprocess';
import type { RgbaImage } from '../../src/features/rgba-image';
import { normalizeL2 } from '../../src/features/vector';
import { convertModelFolder } from '../onnx/keras-to-onnx';
import { ensureEmbeddingModel } from './embedding-model';

/** The way around an onnxruntime failure, named in every error of this engine. */
const FALLBACK_HINT = 'rerun with --engine tfjs to use the slower tfjs engine';

/**
 * Session options of one feature thread: one intra-op thread, because the
 * pool already runs one thread per core, and every graph optimization.
 */
const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
};

/**
 * Returns the first line of an error message without its final period, to
 * quote inside a sentence. Node's module errors add the require stack below it.
 */
function reasonOf(error: unknown): string {
  return (error as Error).message.split('\n')[0].replace(/\.+$/, '');
}

/**
 * Returns the ONNX file of the embedding model, converting the cut tfjs
 * model of `ensureEmbeddingModel` on first use. The file is named by
 * EMBEDDING_VERSION and written atomically, so an interrupted build never
 * leaves a partial file under that name.
 */
export async function ensureOnnxModel(cacheDir: string): Promise<string> {
  const file = path.join(cacheDir, `${EMBEDDING_VERSION}.onnx`);
  // NOTE: a cached file is not checked against the converter, so delete it after changing tools/onnx/.
  if (fs.existsSync(file)) return file;

  const modelDir = await ensureEmbeddingModel(cacheDir);
  console.log('Converting the embedding model to ONNX for onnxruntime…');
  convertModelFolder(modelDir, file, 'nhwc');
  return file;
}

/**
 * Loads onnxruntime-node and creates a session for the ONNX embedding
 * model, then embeds one blank image so a model that loads but computes the
 * wrong shape fails here and not in the first batch.
 */
export async function loadOnnxSession(file: string): Promise<InferenceSession> {
  let ort: typeof import('onnxruntime-node');
  try {
    ort = await import('onnxruntime-node');
  } catch (error) {
    throw new Error(`onnxruntime-node failed to load: ${reasonOf(error)}. Run "npm ci" to reinstall it, or ${FALLBACK_HINT}.`);
  }

  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, SESSION_OPTIONS);
  } catch (error) {
    throw new Error(`onnxruntime could not load the model ${file}: ${reasonOf(error)}. Delete the file so the next build converts it again, or ${FALLBACK_HINT}.`);
  }

  const side = EMBEDDING_INPUT_SIZE;
  const blank: RgbaImage = { width: side, height: side, data: new Uint8ClampedArray(side * side * 4).fill(255) };
  await embedImagesOnnx(session, [blank]);
  return session;
}

/** Computes L2-normalized embeddings of prepared 224×224 images with onnxruntime, like `embedImages` with tfjs. */
export async function embedImagesOnnx(session: InferenceSession, images: RgbaImage[]): Promise<Float32Array[]> {
  if (images.length === 0) return [];

  const ort = await import('onnxruntime-node');
  const side = EMBEDDING_INPUT_SIZE;
  const input = new ort.Tensor('float32', caffeInput(images), [images.length, side, side, 3]);

  let output: Tensor;
  try {
    const results = await session.run({ [session.inputNames[0]]: input });
    output = results[session.outputNames[0]];
  } catch (error) {
    throw new Error(`onnxruntime failed on a batch of ${images.length} images: ${reasonOf(error)}. To continue, ${FALLBACK_HINT}.`);
  } finally {
    input.dispose();
  }

  try {
    if (output.type !== 'float32' || output.dims.length !== 2 || output.dims[0] !== images.length || output.dims[1] !== EMBEDDING_SIZE) {
      throw new Error(`The ONNX model returned a ${output.type} tensor of shape [${output.dims.join(', ')}], expected float32 [${images.length}, ${EMBEDDING_SIZE}]. Delete the cached .onnx file so the next build converts it again, or ${FALLBACK_HINT}.`);
    }
    const flat = output.data as Float32Array;
    return images.map((_, n) => normalizeL2(flat.slice(n * EMBEDDING_SIZE, (n + 1) * EMBEDDING_SIZE)));
  } finally {
    output.dispose();
  }
}
