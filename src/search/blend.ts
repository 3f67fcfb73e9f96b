/**
 * Share of the colour similarity in the blended ranking, chosen with
 * `npm run eval -- --sweep` on the default catalog together with
 * BLEND_LOOK_LABEL_SHARE: 0.4 came within 0.2 points of the best both-P@10
 * (at 0.5) with 1.9 points more type P@10.
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

/**
 * Share of the article-type similarity in the look part of the blend. The
 * stored look vector has its own share (the catalog's, for the Look view),
 * and the blend rescores the look similarities with this one. On the default
 * catalog, 0.2 rather than the catalog's 0.35 put a shopper's photo of a
 * product in the blend's top 10 93 % of the time rather than 90 %, for 1.2
 * points of both-P@10 (`npm run eval -- --sweep`).
 */
export const BLEND_LOOK_LABEL_SHARE = 0.2;

/** Length of the look vector's label part and the label share the catalog stored it with. */
export interface LabelPart {
  labels: number;
  share: number;
}

/**
 * Rescores look similarities with another label share. `look` contains the
 * stored vectors' cosines, `share_s · label + (1 − share_s) · vector` for the
 * catalog's share s (see applyLabelHead), and `labelPart` the dot products of
 * their label parts alone, `share_s · label`. Returns
 * `share · label + (1 − share) · vector`, the look scores unchanged when the
 * catalog's share is 0 or 1, where one part cannot be recovered.
 */
export function reweighLabelScores(look: Float32Array, labelPart: Float32Array, part: LabelPart, share: number, out = new Float32Array(look.length)): Float32Array {
  if (!(part.share > 0 && part.share < 1)) return look;
  if (labelPart.length !== look.length) throw new Error(`Cannot reweigh ${look.length} look scores with ${labelPart.length} label scores.`);

  const labelScale = share / part.share;
  const vectorScale = (1 - share) / (1 - part.share);
  for (let row = 0; row < look.length; row++) out[row] = labelScale * labelPart[row] + vectorScale * (look[row] - labelPart[row]);
  return out;
}
