/**
 * Chromium's screenshots as pixels, read with pngjs. pngjs rather than fast-png: pngjs hands back every PNG
 * (any colour type, bit depth or interlacing) as 8-bit RGBA, so reading a pixel is one index; fast-png hands back
 * the file's own channels, depth and palette, which this module would then have to convert itself.
 */
import { PNG } from 'pngjs';

export interface Image {
  width: number;
  height: number;
  /** [r, g, b] of the pixel at column x, row y. */
  rgb(x: number, y: number): [number, number, number];
}

export function readPng(file: Buffer): Image {
  const { width, height, data } = decode(file);
  return {
    width,
    height,
    rgb: (x, y) => {
      const i = (y * width + x) * 4;
      return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
    },
  };
}

function decode(file: Buffer): PNG {
  try {
    return PNG.sync.read(file);
  } catch (error) {
    throw new Error(`Not a PNG file. ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
}
