import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkLimits,
  contentTypeOf,
  encodedMessageBytes,
  MAX_ATTACHMENT_BYTES,
  resolveAttachments,
} from '../../src/files/attachments.js';
import type { CloudName } from '../../src/entra/cloud.js';
import type { FileAttachment } from '../../src/mail.js';

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
  const mail = (attachments: FileAttachment[], content = '<p>done</p>') => ({
    attachments,
    body: { format: 'html' as const, content },
  });
  const limits = (maxMessageBytes: number, cloud: CloudName = 'public') => ({ maxMessageBytes, cloud });

  it("passes a 150 MB file on Graph's per-attachment limit, then holds it against Exchange's, after encoding", () => {
    expect(() => checkLimits(mail([file('big.zip', MAX_ATTACHMENT_BYTES)]), limits(150 * MB))).toThrow(
      'The attachments add up to 150.0 MB, which makes the mail 200.0 MB once encoded',
    );
  });

  it('refuses a file over 150 MB', () => {
    expect(() => checkLimits(mail([file('huge.zip', MAX_ATTACHMENT_BYTES + 1)]), limits(150 * MB))).toThrow(
      "Attachment huge.zip is 150.0 MB, over Graph's limit of 150 MB per attachment. Compress or split it, or " +
        'publish it as a workflow artifact and link to it.',
    );
  });

  describe('max-message-size, measured after encoding', () => {
    // 300 bytes of body are 400 in base64, so 1 MiB leaves 1 048 176 encoded bytes, 786 132 bytes of file.
    const body = 'x'.repeat(300);

    it('takes the largest file whose base64 and the body reach the limit exactly', () => {
      expect(encodedMessageBytes(mail([file('a.bin', 786_132)], body))).toBe(MB);
      expect(() => checkLimits(mail([file('a.bin', 786_132)], body), limits(MB))).not.toThrow();
    });

    it('refuses one byte more, naming both sizes', () => {
      expect(encodedMessageBytes(mail([file('a.bin', 786_133)], body))).toBe(MB + 4);
      expect(() => checkLimits(mail([file('a.bin', 786_133)], body), limits(MB))).toThrow(
        'The attachments add up to 0.7 MB, which makes the mail 1048580 bytes once encoded (base64 adds about a ' +
          'third, and Exchange Online counts a mail after encoding), over the maximum message size of 1048576 ' +
          "bytes ('max-message-size'). Attach fewer or smaller files, or raise 'max-message-size' if your Exchange " +
          'Online organisation allows larger mails.',
      );
    });

    it('counts the encoded size, not the files on disk: 27 MB of files are 36 MB of mail', () => {
      const files = [file('a.zip', 20 * MB), file('b.zip', 7 * MB)];
      expect(() => checkLimits(mail(files), limits(35 * MB))).toThrow(
        'The attachments add up to 27.0 MB, which makes the mail 36.0 MB once encoded (base64 adds about a third, ' +
          'and Exchange Online counts a mail after encoding), over the maximum message size of 35.0 MB ' +
          "('max-message-size').",
      );
    });
  });

  describe('clouds without upload sessions', () => {
    it.each(['usgov', 'usgov-dod'] as const)('%s: refuses a file of 3 MB or more before any request', (cloud) => {
      expect(() => checkLimits(mail([file('big.zip', 5 * MB)]), limits(35 * MB, cloud))).toThrow(
        `Attachment big.zip is 5.0 MB; Graph in the US Government clouds (cloud: ${cloud}) has no upload sessions, ` +
          'so each attachment must be under 3 MB there (under 4 MB once base64-encoded): split or compress it, or ' +
          'link to a workflow artifact.',
      );
    });

    it('usgov: refuses a file just under 3 MiB that base64 makes too large for one request', () => {
      expect(() => checkLimits(mail([file('edge.log', 3 * MB - 1)]), limits(35 * MB, 'usgov'))).toThrow(
        'Attachment edge.log is 3.0 MB; Graph in the US Government clouds (cloud: usgov) has no upload sessions',
      );
    });

    it('usgov: takes many files that each fit one request', () => {
      const files = Array.from({ length: 6 }, (_, i) => file(`part${i}.log`, 2.8 * MB));
      expect(() => checkLimits(mail(files), limits(35 * MB, 'usgov'))).not.toThrow();
    });

    it.each(['public', 'china'] as const)('%s: uploads large files', (cloud) => {
      expect(() => checkLimits(mail([file('big.zip', 20 * MB)]), limits(35 * MB, cloud))).not.toThrow();
    });
  });
});
