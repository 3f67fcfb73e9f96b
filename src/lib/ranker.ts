import * as Comlink from 'comlink';
import type { FeatureName } from '../catalog/manifest';
import type { FeatureMatrix, RankedItem } from '../search/rank';
import type { RankWorkerApi } from '../../workers/rank-worker';

function buffersOf(matrix: FeatureMatrix): ArrayBuffer[] {
  const buffers = [matrix.values.buffer as ArrayBuffer];
  if (matrix.encoding === 'int8') buffers.push(matrix.scales.buffer as ArrayBuffer);
  return buffers;
}

/**
 * Ranks the catalog in a worker, so scoring every product does not block the
 * page. The feature matrices are transferred to the worker, so this thread no
 * longer holds them.
 */
export class Ranker {
  private readonly worker = new Worker(new URL('../../workers/rank-worker.ts', import.meta.url), { type: 'module' });
  private readonly remote = Comlink.wrap<RankWorkerApi>(this.worker);
  private readonly ready: Promise<void>;

  constructor(colour: FeatureMatrix, look: FeatureMatrix) {
    this.ready = this.remote.setCatalog(
      Comlink.transfer(colour, buffersOf(colour)),
      Comlink.transfer(look, buffersOf(look)),
    );
  }

  async rank(feature: FeatureName, query: Float32Array, k: number): Promise<RankedItem[]> {
    await this.ready;
    return this.remote.rank(feature, query, k);
  }

  dispose(): void {
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
