import { describe, expect, it } from 'vitest';
import { adjustBox, describeBox, type BoxAdjustment } from './crop-keys';

const middle = { left: 0.2, top: 0.2, width: 0.6, height: 0.6 };
const key = (direction: [number, number], resize = false): BoxAdjustment => ({ direction, resize, minWidth: 0.1, minHeight: 0.1 });

describe('adjustBox', () => {
  it('moves the box by 5 % and keeps its size', () => {
    expect(adjustBox(middle, key([-1, 0]))).toEqual({ left: 0.15, top: 0.2, width: 0.6, height: 0.6 });
    expect(adjustBox(middle, key([0, 1]))).toEqual({ left: 0.2, top: 0.25, width: 0.6, height: 0.6 });
  });

  it('stops a move at the photo edges', () => {
    let box = middle;
    for (let n = 0; n < 10; n++) box = adjustBox(box, key([1, -1]));
    expect(box).toEqual({ left: 0.4, top: 0, width: 0.6, height: 0.6 });
  });

  it('resizes from the bottom-right corner', () => {
    expect(adjustBox(middle, key([1, 0], true))).toEqual({ left: 0.2, top: 0.2, width: 0.65, height: 0.6 });
    expect(adjustBox(middle, key([0, -1], true))).toEqual({ left: 0.2, top: 0.2, width: 0.6, height: 0.55 });
  });

  it('keeps a resized box inside the photo and above the minimum', () => {
    let box = middle;
    for (let n = 0; n < 20; n++) box = adjustBox(box, key([1, 1], true));
    expect(box).toEqual({ left: 0.2, top: 0.2, width: 0.8, height: 0.8 });
    for (let n = 0; n < 20; n++) box = adjustBox(box, key([-1, -1], true));
    expect(box).toEqual({ left: 0.2, top: 0.2, width: 0.1, height: 0.1 });
  });

  it('lands repeated steps on whole percents', () => {
    let box = middle;
    for (let n = 0; n < 4; n++) box = adjustBox(box, key([-1, 0]));
    expect(box.left).toBe(0);
  });
});

describe('describeBox', () => {
  it('names the edges in percents', () => {
    expect(describeBox(middle, false)).toBe('Box from 20 to 80 % across and 20 to 80 % down.');
  });

  it('asks for Enter while the box is not searched', () => {
    expect(describeBox(middle, true)).toMatch(/Press Enter to search it\.$/);
  });
});
