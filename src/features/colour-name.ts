/**
 * Basic colour names with typical sRGB values, close to the catalog's
 * `baseColour` vocabulary, for naming swatches to screen readers. A name may
 * have several values.
 */
const NAMED_COLOURS: [string, number, number, number][] = [
  ['black', 20, 20, 20],
  ['charcoal', 64, 64, 64],
  ['grey', 128, 128, 128],
  ['silver', 192, 192, 192],
  ['white', 250, 250, 250],
  ['cream', 245, 235, 205],
  ['beige', 215, 195, 160],
  ['brown', 120, 75, 40],
  ['maroon', 115, 20, 35],
  ['red', 200, 30, 35],
  ['orange', 240, 130, 30],
  ['yellow', 245, 210, 40],
  ['olive', 110, 115, 45],
  ['green', 40, 140, 60],
  ['teal', 20, 128, 128],
  ['blue', 40, 90, 200],
  ['navy blue', 25, 35, 80],
  ['purple', 110, 50, 140],
  ['pink', 235, 130, 170],
  ['pink', 245, 195, 215],
  ['peach', 250, 190, 160],
];

/** Parses `#rrggbb` (case-insensitive) into its red, green and blue bytes. */
export function parseHexColour(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Invalid colour "${hex}": expected #rrggbb.`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

/**
 * Names a `#rrggbb` colour by the nearest basic colour, with the "redmean"
 * weighted RGB distance, a cheap approximation of perceived difference.
 */
export function colourName(hex: string): string {
  const [r, g, b] = parseHexColour(hex);
  let best = NAMED_COLOURS[0][0];
  let bestDistance = Infinity;

  for (const [name, nr, ng, nb] of NAMED_COLOURS) {
    const meanRed = (r + nr) / 2;
    const dr = r - nr, dg = g - ng, db = b - nb;
    const distance = (2 + meanRed / 256) * dr * dr + 4 * dg * dg + (2 + (255 - meanRed) / 256) * db * db;
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}
