import { encodeFloat16 } from '../../src/catalog/float16';
import { scoreAll, topK, type FeatureMatrix } from '../../src/search/rank';
import { readCatalog } from '../eval/read-catalog';

export interface RankBench {
  rows: number;
  /** Median time to rank all rows by float16 look vectors of the raw 2048 dimensions (the first format). */
  float16FullMs: number;
  /** Median time with the stored compact look vectors. */
  storedMs: number;
}

function medianTime(run: () => void, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

/**
 * Times look ranking in Node over `rows` catalog rows, made by repeating a
 * built catalog: its stored vectors against the float16 2048-d baseline.
 */
export function benchRanking(catalogDir: string, rawLook: Float32Array[], rows: number): RankBench {
  const { stored } = readCatalog(catalogDir);
  const look = stored.look;
  if (look.encoding !== 'int8') throw new Error('The rank bench expects an int8 catalog.');

  const tiledStored: FeatureMatrix = {
    encoding: 'int8', dims: look.dims, count: rows,
    values: new Int8Array(rows * look.dims), scales: new Float32Array(rows),
  };
  const float16Full: FeatureMatrix = {
    encoding: 'float16', dims: rawLook[0].length, count: rows, values: new Uint16Array(rows * rawLook[0].length),
  };
  for (let row = 0; row < rows; row++) {
    const source = row % look.count;
    tiledStored.values.set(look.values.subarray(source * look.dims, (source + 1) * look.dims), row * look.dims);
    tiledStored.scales[row] = look.scales[source];
    float16Full.values.set(encodeFloat16(rawLook[source % rawLook.length]), row * float16Full.dims);
  }

  const storedQuery = new Float32Array(look.dims).fill(1 / Math.sqrt(look.dims));
  const fullQuery = rawLook[0];
  return {
    rows,
    float16FullMs: medianTime(() => topK(scoreAll(float16Full, fullQuery), 24), 9),
    storedMs: medianTime(() => topK(scoreAll(tiledStored, storedQuery), 24), 9),
  };
}
