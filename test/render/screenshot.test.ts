/**
 * The default mails as a browser draws them: headless chromium screenshots each one at a desktop and a phone
 * width and dumps the DOM it built, with what a small script in the page measured of the layout. Skipped where
 * /usr/bin/chromium is missing, except in CI, where it must be installed. Set RENDER_OUT to a folder to keep the
 * HTML and screenshots for a look.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/notification/html.js';
import { STATUS_LOOKS } from '../../src/notification/status.js';
import type { RunDetails } from '../../src/context.js';
import {
  change,
  failedChanges,
  failedDetails,
  failedTests,
  job,
  pushRun,
  successDetails,
} from '../notification/run.ts';
import { readPng } from './png.ts';
import type { Image } from './png.ts';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);
const available = existsSync(CHROMIUM);

/** A desktop client's reading pane, and a phone (iPhone SE and mini, the narrowest in common use). */
const WIDTHS = [800, 375] as const;
type Width = (typeof WIDTHS)[number];
const MAILS = ['failure', 'success'] as const;
type MailName = (typeof MAILS)[number];

/**
 * The failed job's log excerpt, with a line as long as an excerpt keeps and no place to break (a minified stack
 * frame), which must wrap inside the block rather than push a phone's screen sideways.
 */
const LONG_LOG_LINE = `at ${'x'.repeat(296)}`;
function withLog(details: RunDetails): RunDetails {
  const failed = details.jobs.find((j) => j.conclusion === 'failure')!;
  failed.log = {
    source: 'Run npm test',
    lines: [
      'Run npm test',
      'AssertionError: expected 3 to be 4',
      LONG_LOG_LINE,
      'Error: Process completed with exit code 1.',
    ],
  };
  return details;
}

/**
 * The success mail also has a matrix job named the long way GitHub names them, and a branch with no place to
 * break (semver build metadata), which must wrap rather than push a phone's screen sideways.
 */
const UNBROKEN = 'release/v2.14.0+build.20261202.sha.6113728f27ae82c7b1a177c8d03f9e96e0adf246';
const DETAILS: Record<MailName, RunDetails> = {
  failure: withLog(failedDetails()),
  success: {
    ...successDetails(),
    jobs: [...successDetails().jobs, job('test (ubuntu-latest, 22.x, postgres:16-alpine)', { durationSeconds: 240 })],
  },
};

/** What the page's script measured once laid out. */
interface Layout {
  viewport: number;
  scrollWidth: number;
  /** Elements whose box reaches past the right edge of the viewport. */
  overflowing: string[];
  /** Lines each job name in the jobs list takes, by name. */
  jobNameLines: Record<string, number>;
}

interface Rendered {
  image: Image;
  dom: string;
  layout: Layout;
}

/**
 * Headless chromium will not size its window below 500 px, so narrower widths are drawn in a frame of that width
 * on a grey page, the frame's document its own viewport as on a phone.
 */
const MIN_WINDOW = 500;

/**
 * Runs in the page after layout; leaves its findings on the top page's <body> for --dump-dom to carry out (a
 * srcdoc frame shares its parent's origin, so it may write there).
 */
const MEASURE = `<script>
(() => {
  const heading = [...document.querySelectorAll('p')].find((p) => p.textContent === 'JOBS');
  const jobNameLines = {};
  for (const a of heading ? heading.nextElementSibling.querySelectorAll('a') : []) {
    jobNameLines[a.textContent] = a.getClientRects().length;
  }
  const overflowing = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((el) => el.tagName + ': ' + el.textContent.trim().slice(0, 60));
  const layout = { viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, overflowing, jobNameLines };
  window.top.document.body.setAttribute('data-layout', JSON.stringify(layout));
})();
</script>`;

describe.skipIf(!available && !process.env.CI)('the default mail in chromium', () => {
  const out = process.env.RENDER_OUT || mkdtempSync(join(tmpdir(), 'mail-render-'));
  const rendered = new Map<string, Rendered>();
  const get = (mail: MailName, width: Width = 800): Rendered => rendered.get(`${mail}-${width}`)!;

  beforeAll(async () => {
    if (!available) {
      throw new Error(`${CHROMIUM} is missing: install chromium (apt-get install chromium) to run the browser check.`);
    }
    mkdirSync(out, { recursive: true });
    const html: Record<MailName, string> = {
      failure: renderHtml(pushRun(DETAILS.failure, { tests: failedTests(), changes: failedChanges() }), 'failure'),
      success: renderHtml(pushRun(DETAILS.success, { refName: UNBROKEN }), 'success'),
    };
    // Two at a time: the machines that run this are small, and each chromium is a handful of processes.
    for (const width of WIDTHS) {
      const pages = await Promise.all(MAILS.map((mail) => browse(out, `${mail}-${width}`, html[mail], width)));
      MAILS.forEach((mail, i) => rendered.set(`${mail}-${width}`, pages[i]!));
    }
  }, 240_000);

  afterAll(() => {
    if (!process.env.RENDER_OUT) rmSync(out, { recursive: true, force: true });
  });

  it.each(MAILS)('draws the %s banner in its colour across the top', (status) => {
    const { image } = get(status);
    const colour = hex(STATUS_LOOKS[status].banner);
    const top = countColour(image, colour, 0, 160);
    // The banner is 600 px wide and about 90 px tall; text over it takes some of that.
    expect(top).toBeGreaterThan(30_000);
    const other = hex(STATUS_LOOKS[status === 'failure' ? 'success' : 'failure'].banner);
    expect(countColour(image, other, 0, 160)).toBe(0);
  });

  it.each(MAILS)('draws the %s View run button below the banner', (status) => {
    const { image } = get(status);
    expect(countColour(image, hex(STATUS_LOOKS[status].banner), 300, image.height)).toBeGreaterThan(2_000);
  });

  it('shows the jobs, the failed step, the annotations and the button in the failure mail', () => {
    const text = visibleText(get('failure').dom);
    for (const expected of [
      'FAILURE',
      'Codertocat/Hello-World · CI #42',
      'build',
      'lint',
      'test (ubuntu-latest)',
      'test (windows-latest)',
      '1m 35s',
      '3m 10s',
      'Running',
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

  it('shows the test totals in words and each failing test with its message and details', () => {
    const text = visibleText(get('failure').dom);
    // Tags become spaces here, so a comma after a coloured count is set apart.
    expect(text).toMatch(/TESTS 3 failed ?, 11 passed ?, 1 skipped \(15 tests, 3\.42s\)/);
    expect(text).toContain(
      'Failed Calculator › subtracts Error: expect(received).toBe(expected) // Object.is equality Expected: 2 Received: 3',
    );
    expect(text).toContain('Failed com.acme.calc.CalculatorTest › dividesEvenly expected: <2> but was: <3>');
    expect(text).toContain('and 1 more failed test');
  });

  it('says each job result in words beside its name, where no emoji font draws the marks', () => {
    const text = visibleText(get('failure').dom);
    for (const line of [
      'build Passed · 1m 35s',
      'lint Passed · 38s',
      'test (ubuntu-latest) Failed · 3m 10s',
      'test (windows-latest) Cancelled · 1m 1s',
      'docs Skipped',
      'notify Running',
      'test (ubuntu-latest) · Failed Failed step: Run tests',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('sets the warning apart from the cause, under its own heading', () => {
    const text = visibleText(get('failure').dom);
    expect(text).toContain(
      'failure src/parser.test.ts:42 parses nested lists AssertionError: expected 3 to be 4 Warnings Node.js 20 actions are deprecated.',
    );
  });

  it('lists the changes since the last successful run after the failures, each with its SHA, title and author', () => {
    const text = visibleText(get('failure').dom);
    // visibleText puts a space where each tag was, the link's end included.
    expect(text).toContain('CHANGES SINCE THE LAST SUCCESSFUL RUN 3 commits since run #41 :');
    expect(text).toContain(
      `: ${change(3).shortSha} Parse nested lists Mona Lisa (@monalisa) ${change(2).shortSha} Bump`,
    );
    expect(text).toContain(`${change(1).shortSha} Refactor the tokenizer Dev 1 View run`);
    expect(text.indexOf('CHANGES SINCE')).toBeGreaterThan(text.indexOf('FAILURES'));
  });

  it("shows the failed step's log in a monospace block under the failed job, with the sensitive-data note", () => {
    const text = visibleText(get('failure').dom);
    expect(text).toContain(
      'Node.js 20 actions are deprecated. Log · Run npm test · last 4 lines Run npm test AssertionError: expected 3 to be 4',
    );
    expect(text).toContain('Error: Process completed with exit code 1. Log excerpts are copied from the run');
    expect(get('failure').dom).toMatch(/<pre style="[^"]*font-family:ui-monospace, [^"]*">Run npm test\n/);
  });

  it('shows the jobs and no failures in the success mail', () => {
    const text = visibleText(get('success').dom);
    expect(text).toContain('SUCCESS');
    expect(text).toContain('5m 1s');
    expect(text).toContain('View run');
    expect(text).not.toContain('Failed step');
    expect(text).not.toContain('FAILURES');
  });

  it('hides the preheader from the reader but keeps it first in the document', () => {
    const dom = get('failure').dom;
    const body = dom.slice(dom.indexOf('<body'));
    expect(body).toMatch(
      /^<body[^>]*>\s*<div style="display:none;[^"]*mso-hide:all;[^"]*">Failure in test \(ubuntu-latest\): Run tests · /,
    );
  });

  describe.each(WIDTHS)('at %i px wide', (width) => {
    it.each(MAILS)('the %s mail fits the width: nothing scrolls or reaches past the edge', (mail) => {
      const { layout } = get(mail, width);
      expect(layout.viewport).toBe(width);
      expect(layout.overflowing).toEqual([]);
      expect(layout.scrollWidth).toBeLessThanOrEqual(width);
    });

    it.each(MAILS)('the %s mail keeps every job name to one or two lines', (mail) => {
      const { layout } = get(mail, width);
      const names = DETAILS[mail].jobs.map((job) => job.name);
      expect(Object.keys(layout.jobNameLines).sort()).toEqual(names.sort());
      for (const lines of Object.values(layout.jobNameLines)) expect(lines).toBeGreaterThanOrEqual(1);
      for (const lines of Object.values(layout.jobNameLines)) expect(lines).toBeLessThanOrEqual(width < 600 ? 2 : 1);
    });

    it.each(MAILS)('the %s banner spans the card', (mail) => {
      const { image } = get(mail, width);
      const card = Math.min(600, width - 24);
      // A banner row at the height of its first line is the banner's colour across most of the card.
      const rows = Array.from({ length: 40 }, (_, y) =>
        countColour(image, hex(STATUS_LOOKS[mail].banner), y + 30, y + 31),
      );
      expect(Math.max(...rows)).toBeGreaterThan(card * 0.8);
    });
  });
});

async function browse(dir: string, name: string, html: string, width: Width): Promise<Rendered> {
  const file = join(dir, `${name}.html`);
  const png = join(dir, `${name}.png`);
  const page = html.replace('</body>', `${MEASURE}\n</body>`);
  writeFileSync(file, width < MIN_WINDOW ? framed(page, width) : page);
  const url = pathToFileURL(file).href;
  const window = Math.max(width, MIN_WINDOW);
  await chromium(window, `--screenshot=${png}`, url);
  const { stdout } = await chromium(window, '--dump-dom', url);
  const layout = /<body[^>]*data-layout="([^"]*)"/.exec(stdout)?.[1];
  if (!layout) throw new Error(`chromium left no layout on the ${name} page.`);
  return { image: readPng(readFileSync(png)), dom: stdout, layout: JSON.parse(decode(layout)) as Layout };
}

function framed(page: string, width: number): string {
  return `<!DOCTYPE html><html><body style="margin:0;background:#808080;"><iframe srcdoc="${escapeHtml(page)}" width="${width}" height="1400" style="display:block;border:0;"></iframe></body></html>`;
}

/** Each call gets a profile of its own, so runs in parallel never share chromium state. */
async function chromium(width: number, ...args: string[]): Promise<{ stdout: string }> {
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
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--window-size=${width},1400`,
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

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The DOM's text as a reader sees it: tags, scripts and the hidden preheader dropped, white space collapsed. */
function visibleText(dom: string): string {
  return decode(
    dom
      .replace(/<script>.*?<\/script>/gs, ' ')
      .replace(/<div style="display:none[^>]*>.*?<\/div>/s, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;|&#8204;|\u200c/g, ' '),
  ).replace(/\s+/g, ' ');
}
