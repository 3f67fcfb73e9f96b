import { describe, expect, it } from 'vitest';
import { colourName, parseHexColour } from './colour-name';

describe('colourName', () => {
  it.each([
    ['#000000', 'black'],
    ['#ffffff', 'white'],
    ['#1e3cc8', 'blue'],
    ['#c81414', 'red'],
    ['#1a2350', 'navy blue'],
    ['#7a7a7a', 'grey'],
    ['#8b5a2b', 'brown'],
    ['#f4c2d7', 'pink'],
  ])('names %s as %s', (hex, name) => {
    expect(colourName(hex)).toBe(name);
  });

  it('accepts upper-case hex', () => {
    expect(colourName('#FFFFFF')).toBe('white');
  });
});

describe('parseHexColour', () => {
  it('parses the three bytes', () => {
    expect(parseHexColour('#1e3cc8')).toEqual([30, 60, 200]);
  });

  it('rejects a short form', () => {
    expect(() => parseHexColour('#fff')).toThrow('Invalid colour "#fff": expected #rrggbb.');
  });
});
