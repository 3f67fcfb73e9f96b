/**
 * Makes the studio backdrop of a catalog photo transparent, in place: the
 * pixels whose channels are all at least `whiteMin` and that connect to the
 * border through such pixels. `data` is RGBA, row-major.
 */
export function clearStudioBackdrop(data: Uint8Array, width: number, height: number, whiteMin: number): void {
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  for (let x = 0; x < width; x++) stack.push(x, (height - 1) * width + x);
  for (let y = 0; y < height; y++) stack.push(y * width, y * width + width - 1);

  while (stack.length > 0) {
    const pixel = stack.pop()!;
    if (seen[pixel]) continue;
    seen[pixel] = 1;
    if (Math.min(data[pixel * 4], data[pixel * 4 + 1], data[pixel * 4 + 2]) < whiteMin) continue;

    data[pixel * 4 + 3] = 0;
    const x = pixel % width;
    if (x > 0) stack.push(pixel - 1);
    if (x < width - 1) stack.push(pixel + 1);
    if (pixel >= width) stack.push(pixel - width);
    if (pixel < width * (height - 1)) stack.push(pixel + width);
  }
}
