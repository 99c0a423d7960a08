/**
 * The default mails as a browser draws them: headless chromium screenshots each one and dumps the DOM it built.
 * Skipped where /usr/bin/chromium is missing, except in CI, where it must be installed. Set RENDER_OUT to a
 * folder to keep the HTML and screenshots for a look.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/notification/html.js';
import { STATUS_LOOKS } from '../../src/notification/status.js';
import type { Status } from '../../src/status.js';
import { failedDetails, pushRun, successDetails } from '../notification/run.ts';
import { readPng } from './png.ts';
import type { Image } from './png.ts';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);
const available = existsSync(CHROMIUM);

interface Rendered {
  image: Image;
  dom: string;
}

describe.skipIf(!available && !process.env.CI)('the default mail in chromium', () => {
  const out = process.env.RENDER_OUT || mkdtempSync(join(tmpdir(), 'mail-render-'));
  const rendered: Partial<Record<Status, Rendered>> = {};

  beforeAll(async () => {
    if (!available) {
      throw new Error(`${CHROMIUM} is missing: install chromium (apt-get install chromium) to run the browser check.`);
    }
    mkdirSync(out, { recursive: true });
    const failure = renderHtml(pushRun(failedDetails()), 'failure');
    const success = renderHtml(pushRun(successDetails()), 'success');
    const [f, s] = await Promise.all([browse(out, 'failure', failure), browse(out, 'success', success)]);
    rendered.failure = f;
    rendered.success = s;
  }, 120_000);

  afterAll(() => {
    if (!process.env.RENDER_OUT) rmSync(out, { recursive: true, force: true });
  });

  it.each(['failure', 'success'] as const)('draws the %s banner in its colour across the top', (status) => {
    const { image } = rendered[status]!;
    const colour = hex(STATUS_LOOKS[status].banner);
    const top = countColour(image, colour, 0, 160);
    // The banner is 600 px wide and about 90 px tall; text over it takes some of that.
    expect(top).toBeGreaterThan(30_000);
    const other = hex(STATUS_LOOKS[status === 'failure' ? 'success' : 'failure'].banner);
    expect(countColour(image, other, 0, 160)).toBe(0);
  });

  it.each(['failure', 'success'] as const)('draws the %s View run button below the banner', (status) => {
    const { image } = rendered[status]!;
    expect(countColour(image, hex(STATUS_LOOKS[status].banner), 300, image.height)).toBeGreaterThan(2_000);
  });

  it('shows the jobs, the failed step, the annotations and the button in the failure mail', () => {
    const text = visibleText(rendered.failure!.dom);
    for (const expected of [
      'FAILURE',
      'Codertocat/Hello-World · CI #42',
      'build',
      'lint',
      'test (ubuntu-latest)',
      'test (windows-latest)',
      '1m 35s',
      '3m 10s',
      'running',
      'Failed step: Run tests',
      'src/parser.test.ts:42',
      'AssertionError: expected 3 to be 4',
      'Node.js 20 actions are deprecated.',
      'a10867b14bb7...6113728f27ae',
      'View run',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('shows the jobs and no failures in the success mail', () => {
    const text = visibleText(rendered.success!.dom);
    expect(text).toContain('SUCCESS');
    expect(text).toContain('5m 1s');
    expect(text).toContain('View run');
    expect(text).not.toContain('Failed step');
    expect(text).not.toContain('FAILURES');
  });

  it('hides the preheader from the reader but keeps it first in the document', () => {
    const dom = rendered.failure!.dom;
    const body = dom.slice(dom.indexOf('<body'));
    expect(body).toMatch(
      /^<body[^>]*>\s*<div style="display:none;[^"]*mso-hide:all;[^"]*">Failure in test \(ubuntu-latest\): Run tests · /,
    );
  });
});

async function browse(dir: string, name: string, html: string): Promise<Rendered> {
  const file = join(dir, `${name}.html`);
  const png = join(dir, `${name}.png`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  await chromium(`--screenshot=${png}`, url);
  const { stdout } = await chromium('--dump-dom', url);
  return { image: readPng(readFileSync(png)), dom: stdout };
}

/** Each call gets a profile of its own, so runs in parallel never share chromium state. */
async function chromium(...args: string[]): Promise<{ stdout: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  try {
    return await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--window-size=800,1400',
        ...args,
      ],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function hex(colour: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
}

/** Pixels within a small distance of `colour` in rows [from, to): antialiasing shifts edges by a few steps. */
function countColour(image: Image, colour: [number, number, number], from: number, to: number): number {
  let count = 0;
  for (let y = from; y < Math.min(to, image.height); y++) {
    for (let x = 0; x < image.width; x++) {
      const pixel = image.rgb(x, y);
      if (pixel.every((value, i) => Math.abs(value - colour[i]!) <= 3)) count++;
    }
  }
  return count;
}

/** The DOM's text as a reader sees it: tags dropped, entities decoded, white space collapsed. */
function visibleText(dom: string): string {
  return dom
    .replace(/<div style="display:none[^>]*>.*?<\/div>/s, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#8204;|\u200c/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
