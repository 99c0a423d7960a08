import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPng } from './png.ts';

/**
 * A PNG of `pixels` (rows of RGB or RGBA triples/quads), row y filtered with type y % 5, so every filter is read.
 * Written here from the PNG specification rather than with pngjs's own encoder, so the reader is checked against
 * an encoder it does not share code with.
 */
function encodePng(pixels: number[][][], channels: 3 | 4): Buffer {
  const height = pixels.length;
  const width = pixels[0]?.length ?? 0;
  const flat = pixels.map((row) => row.flat());
  const at = (x: number, y: number) => (x >= 0 && y >= 0 ? (flat[y]?.[x] ?? 0) : 0);
  const raw: number[] = [];
  flat.forEach((row, y) => {
    const filter = y % 5;
    raw.push(filter);
    row.forEach((value, x) => {
      const [a, b, c] = [at(x - channels, y), at(x, y - 1), at(x - channels, y - 1)];
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] ?? 0;
      raw.push((value - predicted) & 0xff);
    });
  });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(raw))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** The Paeth predictor (PNG specification, section 9.4). */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function gradient(width: number, height: number, channels: 3 | 4): number[][][] {
  return Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) =>
      [(x * 37 + y * 11) % 256, (x * 5 + y * 53) % 256, (x * y * 29) % 256, 255].slice(0, channels),
    ),
  );
}

describe('readPng', () => {
  it.each([3, 4] as const)('reads %i-channel pixels through every row filter', (channels) => {
    const pixels = gradient(7, 10, channels);
    const image = readPng(encodePng(pixels, channels));
    expect([image.width, image.height]).toEqual([7, 10]);
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 7; x++) expect(image.rgb(x, y)).toEqual(pixels[y]?.[x]?.slice(0, 3));
    }
  });

  it('refuses what is not a PNG', () => {
    expect(() => readPng(Buffer.from('GIF89a'))).toThrow('Not a PNG file.');
  });

  it('refuses a PNG whose chunk checksum does not match', () => {
    const file = encodePng(gradient(2, 2, 3), 3);
    const ihdrCrc = 8 + 4 + 4 + 13; // after the signature and IHDR's length, type and 13 bytes of header
    file[ihdrCrc] = (file[ihdrCrc] ?? 0) ^ 0xff;
    // pngjs stops at the bad checksum; its synchronous reader then reports the bytes left unread, not the checksum.
    expect(() => readPng(file)).toThrow('Not a PNG file.');
  });
});
