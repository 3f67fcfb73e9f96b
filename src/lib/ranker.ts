import * as Comlink from 'comlink';
import type { FeatureMatrix } from '../search/rank';
import type { QueryVectors, RankRequest, RankedViews } from '../search/rank-views';
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

  async rank(request: RankRequest): Promise<RankedViews> {
    await this.ready;
    return this.remote.rank(request);
  }

  /** Returns a catalog product's stored colour and look vectors as unit-length queries. */
  async storedQuery(row: number): Promise<Required<QueryVectors>> {
    await this.ready;
    return this.remote.storedQuery(row);
  }

  dispose(): void {
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
