import { describe, expect, it } from 'vitest';
import { escapeMarkdown, jobsMarkdown, renderMarkdown, reportMarkdown } from '../../src/notification/markdown.js';
import { failedDetails, pushRun } from './run.ts';

/** What marked made of the markdown, without the container around it. */
function inner(markdown: string): string {
  const html = renderMarkdown(markdown);
  const start = html.indexOf('color:#1f2328;">\n') + 'color:#1f2328;">\n'.length;
  return html.slice(start, html.indexOf('\n</td></tr>\n</table>\n</body>'));
}

const A = 'style="color:#0969da;text-decoration:underline;"';
const P = '<p style="margin:0 0 12px 0;">';

describe('renderMarkdown', () => {
  it('wraps the result in an Outlook-friendly page with inline styles and no classes', () => {
    const html = renderMarkdown('# Deployed\n\n```js\nconst a = 1;\n```\n\n- one\n- two');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(
      '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:680px;">',
    );
    expect(html).toContain('<h1 style="margin:0 0 12px 0;font-size:22px;line-height:28px;">Deployed</h1>');
    expect(html).toContain('<pre style="margin:0 0 12px 0;padding:12px;');
    expect(html).toContain('<li style="margin:0 0 4px 0;">one</li>');
    expect(html).not.toMatch(/class=|<style|<script|<img/);
  });

  it('shows raw HTML as text', () => {
    expect(inner('<script>alert(1)</script>')).toBe(`${P}&lt;script&gt;alert(1)&lt;/script&gt;</p>`);
    expect(inner('hi <b>bold</b> <img src=x onerror=alert(1)>')).toBe(
      `${P}hi &lt;b&gt;bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;</p>`,
    );
    expect(inner('<div onclick="x()">\n\n*md*\n\n</div>')).toBe(
      `${P}&lt;div onclick=&quot;x()&quot;&gt;</p>\n${P}<em>md</em></p>\n${P}&lt;/div&gt;</p>`,
    );
  });

  it('keeps http, https and mailto links', () => {
    expect(inner('[site](https://example.com/a_(b)) [mail](mailto:ops@contoso.com) <http://auto.example>')).toBe(
      `${P}<a href="https://example.com/a_(b)" ${A}>site</a> <a href="mailto:ops@contoso.com" ${A}>mail</a> <a href="http://auto.example" ${A}>http://auto.example</a></p>`,
    );
  });

  it('escapes a link title', () => {
    expect(inner('[t](https://x.example "a\\"b<")')).toBe(
      `${P}<a href="https://x.example" title="a&quot;b&lt;" ${A}>t</a></p>`,
    );
  });

  it.each([
    '[a](javascript:alert(1))',
    '[a](JaVaScRiPt:alert(1))',
    '[a](&#106;avascript:alert(1))',
    '[a](data:text/html,<script>alert(1)</script>)',
    '[a](vbscript:msgbox)',
    '[a](file:///etc/passwd)',
    '[a](/relative/path)',
  ])('drops the link of %s to its text', (markdown) => {
    expect(inner(markdown)).toBe(`${P}a</p>`);
  });

  it('does not link a javascript: autolink', () => {
    expect(inner('<javascript:alert(1)>')).toBe(`${P}javascript:alert(1)</p>`);
  });

  it('turns images into links, and drops images without a web URL to their text', () => {
    expect(inner('![build graph](https://evil.example/pixel.png)')).toBe(
      `${P}<a href="https://evil.example/pixel.png" ${A}>build graph</a></p>`,
    );
    expect(inner('![](https://evil.example/pixel.png)')).toBe(
      `${P}<a href="https://evil.example/pixel.png" ${A}>image</a></p>`,
    );
    expect(inner('![x](data:image/png;base64,AAAA)')).toBe(`${P}x</p>`);
    expect(inner('![x](javascript:alert(1))')).toBe(`${P}x</p>`);
    expect(inner('[![badge](https://img.example/b.svg)](https://ci.example)')).toBe(
      `${P}<a href="https://ci.example" ${A}>badge</a></p>`,
    );
  });

  it('styles tables, quotes, rules and code, and shows task boxes as characters', () => {
    const html = inner('| a | b |\n|:-:|---|\n| 1 | `x<y` |\n\n> quote\n\n---\n\n- [ ] todo\n- [x] done');
    expect(html).toContain(
      '<th style="border:1px solid #d0d7de;padding:6px 10px;background-color:#f6f8fa;" align="center">a</th>',
    );
    expect(html).toContain(
      '<code style="font-family:ui-monospace, SFMono-Regular, Consolas, \'Liberation Mono\', Menlo, monospace;font-size:13px;background-color:#f6f8fa;">x&lt;y</code>',
    );
    expect(html).toContain(
      '<blockquote style="margin:0 0 12px 0;padding:0 0 0 12px;border-left:4px solid #d0d7de;color:#656d76;">',
    );
    expect(html).toContain('<hr style="border:0;border-top:1px solid #d0d7de;margin:16px 0;">');
    expect(html).toContain('<li style="margin:0 0 4px 0;">☐ todo</li>');
    expect(html).toContain('<li style="margin:0 0 4px 0;">☑ done</li>');
    expect(html).not.toContain('<input');
  });

  it('drops the language class of fenced code', () => {
    expect(inner('```html\n<b>hi</b>\n```')).toMatch(
      /^<pre style="[^"]*"><code style="[^"]*">&lt;b&gt;hi&lt;\/b&gt;\n<\/code><\/pre>$/,
    );
  });

  it('keeps single line breaks, as GitHub comments do', () => {
    expect(inner('one\ntwo')).toBe(`${P}one<br>two</p>`);
  });
});

describe('escapeMarkdown', () => {
  it('backslash-escapes every ASCII punctuation character and flattens lines', () => {
    expect(escapeMarkdown('[x](javascript:alert(1))\n# *b* <i> {{y}} `c` a_b!')).toBe(
      '\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\# \\*b\\* \\<i\\> \\{\\{y\\}\\} \\`c\\` a\\_b\\!',
    );
    expect(escapeMarkdown('café 👩‍💻 plain')).toBe('café 👩‍💻 plain');
  });

  it('renders back to the literal text, with nothing interpreted', () => {
    const hostile =
      '[click](javascript:alert(1)) ![i](https://t.example/p.png) <script>x</script> **b** `c` https://bare.example';
    expect(inner(escapeMarkdown(hostile))).toBe(
      `${P}[click](javascript:alert(1)) ![i](https://t.example/p.png) &lt;script&gt;x&lt;/script&gt; **b** \`c\` https://bare.example</p>`,
    );
  });

  it('still works as a link destination', () => {
    expect(inner(`[PR](${escapeMarkdown('https://github.com/o/r/pull/1?a=b&c')})`)).toBe(
      `${P}<a href="https://github.com/o/r/pull/1?a=b&amp;c" ${A}>PR</a></p>`,
    );
  });
});

describe('reportMarkdown and jobsMarkdown', () => {
  it('lists the jobs as links with durations', () => {
    expect(jobsMarkdown({ ...failedDetails(), moreJobs: 3 }).split('\n')).toEqual([
      '- ✅ [build](<https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/101>) · Passed · 1m 35s',
      '- ✅ [lint](<https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/102>) · Passed · 38s',
      '- ❌ [test \\(ubuntu\\-latest\\)](<https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/103>) · Failed · 3m 10s',
      '- 🚫 [test \\(windows\\-latest\\)](<https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/104>) · Cancelled · 1m 1s',
      '- ⏭️ [docs](<https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/105>) · Skipped',
      '- ⏳ [notify](<https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/106>) · Running · sending this mail',
      '- and 3 more jobs',
    ]);
  });

  it('renders the report with facts, jobs, failures and the run link', () => {
    const html = inner(reportMarkdown(pushRun(failedDetails()), 'failure'));
    expect(html).toContain('<strong>❌ FAILURE · Codertocat/Hello-World · CI #42 · master</strong>');
    expect(html).toContain(
      `<strong>Compare:</strong> <a href="https://github.com/Codertocat/Hello-World/compare/a10867b14bb7...6113728f27ae" ${A}>a10867b14bb7...6113728f27ae</a>`,
    );
    expect(html).toContain(
      `<a href="https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/103" ${A}>test (ubuntu-latest)</a> · Failed · 3m 10s`,
    );
    expect(html).toContain('Failed step: <strong>Run tests</strong>');
    expect(html).toContain('failure · src/parser.test.ts:42 · parses nested lists: AssertionError: expected 3 to be 4');
    expect(html).toContain(
      `<a href="https://github.com/Codertocat/Hello-World/actions/runs/1658821493" ${A}>View run</a>`,
    );
  });

  it('keeps hostile run values literal in the report', () => {
    const ctx = pushRun(failedDetails());
    const evil = '[x](javascript:alert(1)) <script>alert(1)</script> ![p](https://t.example/p.png)';
    const html = inner(
      reportMarkdown({ ...ctx, commit: { ...ctx.commit!, title: evil }, refName: '**b**' }, 'failure'),
    );
    expect(html).toContain(
      '[x](javascript:alert(1)) &lt;script&gt;alert(1)&lt;/script&gt; ![p](https://t.example/p.png)',
    );
    expect(html).toContain('**b**');
    expect(html).not.toMatch(/<script|javascript:alert\(1\)"|href="https:\/\/t\.example/);
  });
});
