import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLimits, contentTypeOf, MAX_ATTACHMENT_BYTES, resolveAttachments } from '../src/attachments.js';
import type { FileAttachment } from '../src/mail.js';

const MB = 1024 * 1024;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('resolveAttachments (with @actions/glob)', () => {
  it('expands patterns from the workspace, with sizes, content types and unique names', async () => {
    const dir = workspace({
      'a/report.xml': '<x/>',
      'b/report.xml': '<yy/>',
      'logs/build.log': 'ok',
      'notes.txt': 'n',
    });
    const files = await resolveAttachments(['**/report.xml', 'logs/*.log', `${dir}/notes.txt`, 'a/report.xml'], dir);
    expect(files).toEqual([
      { name: 'report.xml', path: join(dir, 'a/report.xml'), size: 4, contentType: 'application/xml' },
      { name: 'report (2).xml', path: join(dir, 'b/report.xml'), size: 5, contentType: 'application/xml' },
      { name: 'build.log', path: join(dir, 'logs/build.log'), size: 2, contentType: 'text/plain' },
      { name: 'notes.txt', path: join(dir, 'notes.txt'), size: 1, contentType: 'text/plain' },
    ]);
  });

  it('names a pattern that matches nothing', async () => {
    const dir = workspace({ 'x.txt': 'x' });
    await expect(resolveAttachments(['reports/*.xml'], dir)).rejects.toThrow(
      `Input 'attachments': the pattern "reports/*.xml" matches no file in ${dir}. Fix the pattern, or mark it ` +
        'optional with a leading ? ("?reports/*.xml").',
    );
  });

  it('lets an optional pattern match nothing', async () => {
    const dir = workspace({ 'x.txt': 'x' });
    expect(await resolveAttachments(['?coverage/*.html', 'x.txt'], dir)).toHaveLength(1);
  });

  it('attaches a link to another workspace file under the link’s name, read from the file it leads to', async () => {
    const dir = workspace({ 'reports/run-42.log': 'log' });
    symlinkSync(join(dir, 'reports/run-42.log'), join(dir, 'latest.log'));
    expect(await resolveAttachments(['latest.log'], dir)).toEqual([
      { name: 'latest.log', path: join(dir, 'reports/run-42.log'), size: 3, contentType: 'text/plain' },
    ]);
  });

  it('refuses a match that leads outside the workspace, even through a directory link', async () => {
    const dir = workspace({ 'reports/ok.log': 'ok' });
    const outside = workspace({ 'secret.txt': 'secret' });
    symlinkSync(outside, join(dir, 'reports/more'));
    await expect(resolveAttachments(['reports/**/*.txt'], dir)).rejects.toThrow(
      `Input 'attachments': "${join(dir, 'reports/more/secret.txt')}" leads to "${join(outside, 'secret.txt')}", ` +
        `outside the workspace (${dir})`,
    );
  });

  it('matches files only: a directory is no match', async () => {
    const dir = workspace({ 'out/a.txt': 'a' });
    expect((await resolveAttachments(['?out', 'out/*'], dir)).map((f) => f.name)).toEqual(['a.txt']);
    await expect(resolveAttachments(['out'], dir)).rejects.toThrow('the pattern "out" matches no file');
  });
});

describe('contentTypeOf', () => {
  it.each([
    ['junit.XML', 'application/xml'],
    ['coverage.html', 'text/html'],
    ['site.tar.gz', 'application/gzip'],
    ['screenshot.png', 'image/png'],
    ['binary', 'application/octet-stream'],
  ])('%s is %s', (name, type) => expect(contentTypeOf(name)).toBe(type));
});

describe('checkLimits', () => {
  const file = (name: string, size: number): FileAttachment => ({
    name,
    path: `/x/${name}`,
    size,
    contentType: 'text/plain',
  });

  it('accepts a 150 MB file and a total at the maximum', () => {
    expect(() => checkLimits([file('big.zip', MAX_ATTACHMENT_BYTES)], 150 * MB)).not.toThrow();
  });

  it('refuses a file over 150 MB', () => {
    expect(() => checkLimits([file('huge.zip', MAX_ATTACHMENT_BYTES + 1)], 150 * MB)).toThrow(
      "Attachment huge.zip is 150.0 MB, over Graph's limit of 150 MB per attachment. Compress or split it, or " +
        'publish it as a workflow artifact and link to it.',
    );
  });

  it('refuses a total over the maximum message size', () => {
    expect(() => checkLimits([file('a.zip', 20 * MB), file('b.zip', 16 * MB)], 35 * MB)).toThrow(
      "The attachments add up to 36.0 MB, over the maximum message size of 35.0 MB ('max-message-size'). Attach " +
        "fewer or smaller files, or raise 'max-message-size' if your Exchange Online organisation allows larger mails.",
    );
  });

  it('refuses small files that cannot share one request', () => {
    const small = Array.from({ length: 3 }, (_, i) => file(`part${i}.log`, 2 * MB));
    expect(() => checkLimits(small, 35 * MB)).toThrow(
      'The 3 attachments under 3 MB take 8.0 MB once encoded, more than fits in one Graph request (4 MB). Zip them ' +
        'into one file: files of 3 MB or more are uploaded on their own.',
    );
  });
});
