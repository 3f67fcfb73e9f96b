/**
 * Share of the colour similarity in the blended ranking, chosen with the
 * blend table of `npm run eval` on the default catalog: 0.4 came within 0.3
 * points of the best both-P@10 (at 0.5) with 1 point more type P@10.
 */
export const DEFAULT_COLOUR_WEIGHT = 0.4;

/**
 * Blends colour and look cosine similarities, row by row, into one score:
 * `colourWeight · colour + (1 − colourWeight) · look`. Both inputs are cosines
 * in [−1, 1], so the blend is too.
 */
export function blendScores(colour: Float32Array, look: Float32Array, colourWeight: number, out = new Float32Array(colour.length)): Float32Array {
  if (colour.length !== look.length) {
    throw new Error(`Cannot blend ${colour.length} colour scores with ${look.length} look scores.`);
  }
  if (!(colourWeight >= 0 && colourWeight <= 1)) {
    throw new Error(`Colour weight must be between 0 and 1, got ${colourWeight}.`);
  }

  const lookWeight = 1 - colourWeight;
  for (let row = 0; row < colour.length; row++) out[row] = colourWeight * colour[row] + lookWeight * look[row];
  return out;
}
