import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCatalog } from '../build-catalog';
import type { EmbeddingEngine } from '../catalog/embed-pool';
import { RESNET_TARBALL } from '../catalog/resnet-package';

/**
 * `--size` of the engine comparison. On myntra-small it samples 374 photos,
 * about a minute of tfjs on 2 cores, so thread start-up is a small share.
 */
export const DEFAULT_ENGINE_BENCH_SIZE = 300;

const ENGINE_BENCH_DIR = path.resolve('.cache/bench/engines');

/** Caches that may already hold the ResNet50 tarball: the main bench build's and the default one. */
const TARBALL_SOURCES = [path.resolve('.cache/bench/cache'), path.resolve('.cache')];

export interface EngineBuildBench {
  /** Photos whose features each engine computed. */
  photos: number;
  /** Feature step rate of each engine, images per second, thread start-up and model loading included. */
  tfjsRate: number;
  onnxRate: number;
  /** onnxRate / tfjsRate. */
  ratio: number;
}

/**
 * Links or copies a downloaded ResNet50 tarball into `cacheDir`, so a new
 * cache folder skips the `npm pack` download. The build still checks the
 * tarball's SHA-512 before using it.
 */
function reuseTarball(cacheDir: string): void {
  const target = path.join(cacheDir, RESNET_TARBALL);
  if (fs.existsSync(target)) return;

  const source = TARBALL_SOURCES.map((dir) => path.join(dir, RESNET_TARBALL)).find((file) => fs.existsSync(file));
  if (!source) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  try {
    fs.linkSync(source, target);
  } catch {
    fs.copyFileSync(source, target);
  }
}

/** Builds the catalog sample with one engine from an empty feature cache and returns its feature rate. */
async function buildWithEngine(engine: EmbeddingEngine, source: string, sampleSize: number): Promise<{ photos: number; rate: number }> {
  const engineDir = path.join(ENGINE_BENCH_DIR, engine);
  const cacheDir = path.join(engineDir, 'cache');
  // Only the features are deleted. The cut and converted models stay for the next run, because they are
  // prepared before the timed feature step.
  fs.rmSync(path.join(cacheDir, 'features'), { recursive: true, force: true });
  reuseTarball(cacheDir);

  const { report } = await buildCatalog({
    source,
    out: path.join(engineDir, 'catalog'),
    size: sampleSize,
    all: false,
    threads: os.availableParallelism(),
    engine,
    cache: cacheDir,
    name: `bench-${engine}`,
  });
  return { photos: report.computed, rate: report.rate };
}

/**
 * Times the feature step of a catalog build with the tfjs baseline, then
 * with onnxruntime, on the same sampled photos. Each engine gets its own
 * cache folder under .cache/bench/engines/, emptied of features first.
 */
export async function benchEngineBuilds(source: string, sampleSize = DEFAULT_ENGINE_BENCH_SIZE): Promise<EngineBuildBench> {
  const tfjs = await buildWithEngine('tfjs', source, sampleSize);
  const onnx = await buildWithEngine('onnx', source, sampleSize);

  if (tfjs.photos === 0 || tfjs.photos !== onnx.photos) {
    throw new Error(`The engine builds computed ${tfjs.photos} (tfjs) and ${onnx.photos} (onnx) photos, expected the same non-zero count.`);
  }
  return { photos: tfjs.photos, tfjsRate: tfjs.rate, onnxRate: onnx.rate, ratio: onnx.rate / tfjs.rate };
}
