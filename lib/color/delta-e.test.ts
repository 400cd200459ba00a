import { describe, expect, it } from 'vitest';
import { contrastRatio, deltaE2000, deltaE2000Hex, hexToLab, parseHex, type Lab } from './delta-e';

const lab = (L: number, a: number, b: number): Lab => ({ L, a, b });

describe('deltaE2000', () => {
  // Input pairs and expected differences from Sharma, Wu & Dalal's supplementary test data
  // (2005), chosen to exercise each branch: hue near 0°/180°, the mean-hue wrap, zero
  // chroma, the blue region's rotation term, large lightness steps, very dark colours.
  const pairs: Array<[Lab, Lab, number]> = [
    [lab(50, 2.6772, -79.7751), lab(50, 0, -82.7485), 2.0425],
    [lab(50, 0, 0), lab(50, -1, 2), 2.3669],
    [lab(50, 2.5, 0), lab(50, 0, -2.5), 4.3065],
    [lab(50, 2.5, 0), lab(50, 3.2592, 0.335), 1.0],
    [lab(50, 2.49, -0.001), lab(50, -2.49, 0.0009), 7.1792],
    [lab(50, 2.49, -0.001), lab(50, -2.49, 0.0011), 7.2195],
    [lab(50, -0.001, 2.49), lab(50, 0.001, -2.49), 4.8045],
    [lab(50, -0.001, 2.49), lab(50, 0.0011, -2.49), 4.7461],
    [lab(50, 2.5, 0), lab(73, 25, -18), 27.1492],
    [lab(50, 2.5, 0), lab(61, -5, 29), 22.8977],
    [lab(50, 2.5, 0), lab(56, -27, -3), 31.903],
    [lab(50, 2.5, 0), lab(58, 24, 15), 19.4535],
    [lab(60.2574, -34.0099, 36.2677), lab(60.4626, -34.1751, 39.4387), 1.2644],
    [lab(2.0776, 0.0795, -1.135), lab(0.9033, -0.0636, -0.5514), 0.9082],
  ];

  it.each(pairs)('%o vs %o is %d', (first, second, expected) => {
    expect(deltaE2000(first, second)).toBeCloseTo(expected, 4);
  });

  it('is symmetric and zero for equal colours', () => {
    for (const [first, second] of pairs) expect(deltaE2000(second, first)).toBeCloseTo(deltaE2000(first, second), 10);
    expect(deltaE2000(lab(42, 17, -9), lab(42, 17, -9))).toBe(0);
  });
});

describe('sRGB to CIELAB (D65)', () => {
  it('puts white, black and the primaries where CIELAB has them', () => {
    const white = hexToLab('#ffffff');
    expect(white.L).toBeCloseTo(100, 3);
    expect(Math.abs(white.a) + Math.abs(white.b)).toBeLessThan(0.001);
    expect(hexToLab('#000000')).toEqual({ L: 0, a: 0, b: 0 });
    const red = hexToLab('#ff0000');
    expect([red.L, red.a, red.b].map((v) => Math.round(v * 100) / 100)).toEqual([53.24, 80.09, 67.2]);
    const blue = hexToLab('#0000ff');
    expect([blue.L, blue.a, blue.b].map((v) => Math.round(v * 10) / 10)).toEqual([32.3, 79.2, -107.9]);
    // A neutral grey has no chroma.
    const grey = hexToLab('#777777');
    expect(Math.hypot(grey.a, grey.b)).toBeLessThan(0.01);
  });

  it('reads #rgb and #rrggbb, and refuses anything else', () => {
    expect(parseHex('#1d4ed8')).toEqual({ r: 0x1d, g: 0x4e, b: 0xd8 });
    expect(parseHex('#fa0')).toEqual({ r: 0xff, g: 0xaa, b: 0x00 });
    expect(() => parseHex('blue')).toThrow(/not a hex colour/);
  });

  it('gives ΔE00 between hex colours, large for clearly different ones', () => {
    expect(deltaE2000Hex('#ff0000', '#ff0000')).toBe(0);
    expect(deltaE2000Hex('#000000', '#ffffff')).toBeCloseTo(100, 1);
    expect(deltaE2000Hex('#1d4ed8', '#1e4fd9')).toBeLessThan(1);
  });
});

describe('contrastRatio', () => {
  it('follows WCAG: 21 for black on white, 1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#336699', '#336699')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
