/** A crop box as fractions of the photo's width and height, each from 0 to 1. */
export interface FractionBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One arrow key press on the crop box. */
export interface BoxAdjustment {
  /** -1, 0 or 1 along x (right is positive) and along y (down is positive). */
  direction: [number, number];
  /** True to move the right or bottom edge (Shift held), false to move the whole box. */
  resize: boolean;
  /** Smallest width and height that a resize leaves, as fractions of the photo. */
  minWidth: number;
  minHeight: number;
}

/** Share of the photo's width or height that one key press moves the box or an edge by. */
export const KEY_STEP = 0.05;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Rounds away the float error that repeated steps of 0.05 add, so the edges land on whole percents. */
function roundFraction(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Returns the box after one arrow key press. A move keeps the box's size and
 * stops at the photo's edges. A resize keeps the top-left corner, and the box
 * stays inside the photo and at least the minimum size.
 */
export function adjustBox(box: FractionBox, { direction: [dx, dy], resize, minWidth, minHeight }: BoxAdjustment): FractionBox {
  const next = { ...box };
  if (resize) {
    next.width = clamp(box.width + dx * KEY_STEP, Math.min(minWidth, 1 - box.left), 1 - box.left);
    next.height = clamp(box.height + dy * KEY_STEP, Math.min(minHeight, 1 - box.top), 1 - box.top);
  } else {
    next.left = clamp(box.left + dx * KEY_STEP, 0, 1 - box.width);
    next.top = clamp(box.top + dy * KEY_STEP, 0, 1 - box.height);
  }
  return { left: roundFraction(next.left), top: roundFraction(next.top), width: roundFraction(next.width), height: roundFraction(next.height) };
}

/** Describes the box's position for screen readers, in whole percents of the photo. */
export function describeBox(box: FractionBox, pending: boolean): string {
  const percent = (value: number) => Math.round(value * 100);
  const across = `${percent(box.left)} to ${percent(box.left + box.width)} % across`;
  const down = `${percent(box.top)} to ${percent(box.top + box.height)} % down`;
  return `Box from ${across} and ${down}.${pending ? ' Press Enter to search it.' : ''}`;
}
