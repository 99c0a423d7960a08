import { describe, expect, it } from 'vitest';
import { escapeHtml, jobsHtml, preheader, renderHtml, reportHtml } from '../../src/notification/html.js';
import { STATUS_LOOKS } from '../../src/notification/status.js';
import { STATUSES } from '../../src/status.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';
import { failedDetails, job, pushRun, successDetails } from './run.ts';

const SCRIPT = '<script>alert(1)</script>';
const TITLE = `Fix "quotes" & 'apostrophes'`;
const BRANCH = 'feat/<img src=x onerror=alert(1)>';

function hostileHtml(event: 'push' | 'pull_request'): string {
  const payload = examplePayload(event);
  if (event === 'push') {
    payload.head_commit.message = `${SCRIPT}\nmore`;
    payload.ref = `refs/heads/${BRANCH}`;
  } else {
    payload.pull_request.title = TITLE;
    payload.pull_request.head.ref = BRANCH;
  }
  return renderHtml(runContext(event, {}, payload), 'failure');
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('renderHtml', () => {
  it('is a complete document with layout tables and no scripts, classes or external images', () => {
    const html = renderHtml(runContext('push'), 'success');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('role="presentation"');
    expect(html).toContain('max-width:600px');
    expect(html).not.toMatch(/<script|<img|<link|<style|class=|javascript:/i);
  });

  it('escapes a hostile commit message and branch', () => {
    const html = hostileHtml('push');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('feat/&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes a hostile pull request title and head branch', () => {
    const html = hostileHtml('pull_request');
    expect(html).toContain('#2 Fix &quot;quotes&quot; &amp; &#39;apostrophes&#39;');
    expect(html).not.toContain(TITLE);
    expect(html).toContain('feat/&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });

  it('links everything on a GHES server', () => {
    const html = renderHtml(runContext('pull_request', { GITHUB_SERVER_URL: 'https://ghes.example.com' }), 'success');
    const links = hrefs(html);
    expect(links).toContain('https://ghes.example.com/Codertocat/Hello-World/actions/runs/1658821493');
    expect(links).toContain('https://ghes.example.com/Codertocat/Hello-World/pull/2');
    expect(links.every((href) => href.startsWith('https://ghes.example.com/Codertocat/Hello-World'))).toBe(true);
  });

  it('links only http(s) URLs', () => {
    const html = renderHtml(runContext('push', { GITHUB_SERVER_URL: 'javascript:alert(1)//' }), 'failure');
    expect(hrefs(html)).toEqual([]);
    expect(html).not.toContain('View run');
    expect(html).toContain('Codertocat/Hello-World');
  });

  it('escapes URLs in attributes', () => {
    const html = renderHtml(runContext('push', { GITHUB_SERVER_URL: 'https://ghes.example.com/a"b' }), 'success');
    expect(html).toContain('href="https://ghes.example.com/a&quot;b/Codertocat/Hello-World"');
    expect(html).not.toContain('a"b');
  });

  it.each(STATUSES)('colours the banner and button for %s', (status) => {
    const html = renderHtml(runContext('push'), status);
    const { banner, symbol, word } = STATUS_LOOKS[status];
    expect(html.match(new RegExp(`bgcolor="${banner}"`, 'g'))).toHaveLength(2);
    expect(html).toContain(`${symbol} ${word}</p>`);
    const others = STATUSES.filter((s) => s !== status).map((s) => STATUS_LOOKS[s].banner);
    for (const colour of others) expect(html).not.toContain(colour);
  });

  it('puts the run URL on the View run button', () => {
    const html = renderHtml(runContext('push', { GITHUB_RUN_ATTEMPT: '2' }), 'success');
    expect(html).toMatch(
      /<a href="https:\/\/github\.com\/Codertocat\/Hello-World\/actions\/runs\/1658821493\/attempts\/2"[^>]*>View run<\/a>/,
    );
  });

  it('shows the attempt only when it is more than 1', () => {
    expect(renderHtml(runContext('push'), 'success')).not.toContain('attempt');
    expect(renderHtml(runContext('push', { GITHUB_RUN_ATTEMPT: '2' }), 'success')).toContain('#42</a> (attempt 2)');
  });

  it('shows the triggering actor only when it differs', () => {
    expect(renderHtml(runContext('push'), 'success')).not.toContain('triggered by');
    const html = renderHtml(runContext('push', { GITHUB_TRIGGERING_ACTOR: 'hubot' }), 'success');
    expect(html).toContain('Codertocat (triggered by hubot)');
  });

  it('shows the banner headline with repository, workflow and run number', () => {
    expect(renderHtml(runContext('push'), 'failure')).toContain('Codertocat/Hello-World · CI #42</p>');
  });
});

describe('renderHtml with run details', () => {
  const html = renderHtml(pushRun(failedDetails()), 'failure');

  it('stays free of scripts, classes and external images', () => {
    expect(html).not.toMatch(/<script|<img|<link|<style|class=|javascript:/i);
  });

  it('starts the body with the hidden preheader', () => {
    expect(html).toContain(
      '<body style="margin:0;padding:0;background-color:#f6f8fa;">\n<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:#f6f8fa;">Failure in test (ubuntu-latest): Run tests · Codertocat/Hello-World CI #42 · Parse nested lists&#8204;&nbsp;',
    );
  });

  it('shows the run duration and the compare link', () => {
    expect(html).toContain('>Duration</td><td style="padding:6px 0;border-bottom:1px solid #eaeef2;');
    expect(html).toContain('4m 12s</td></tr>');
    expect(html).toContain(
      '<a href="https://github.com/Codertocat/Hello-World/compare/a10867b14bb7...6113728f27ae" style="font-family:ui-monospace, SFMono-Regular, Consolas, \'Liberation Mono\', Menlo, monospace;font-size:13px;color:#0969da;text-decoration:underline;">a10867b14bb7...6113728f27ae</a>',
    );
  });

  it('lists the jobs with links, results in words, bars and durations', () => {
    const table = jobsHtml(failedDetails());
    const rows = table.split('\n').filter((line) => line.startsWith('<tr>'));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toContain(
      '<span style="color:#1a7f37;">Passed</span><span style="color:#656d76;"> · 1m 35s</span>',
    );
    expect(rows[0]).toContain(
      '<a href="https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/101" style="color:#0969da;text-decoration:underline;">build</a>',
    );
    expect(rows[0]).toContain(
      '<td width="50%" height="8" bgcolor="#1a7f37" style="width:50%;height:8px;background-color:#1a7f37;font-size:1px;line-height:8px;">&nbsp;</td><td width="50%" height="8" bgcolor="#eaeef2"',
    );
    expect(rows[2]).toContain('<span style="font-weight:bold;color:#cf222e;">Failed</span>');
    expect(rows[2]).toContain('<td width="100%" height="8" bgcolor="#cf222e"');
    expect(rows[2]).not.toContain('bgcolor="#eaeef2"');
    expect(rows[3]).toContain('<td width="32%" height="8" bgcolor="#59636e"');
    expect(rows[3]).toContain('<td width="68%" height="8" bgcolor="#eaeef2"');
    expect(rows[4]).not.toContain('height="8"');
    expect(rows[5]).not.toContain('height="8"');
    expect(rows[4]).toContain('<span style="color:#656d76;">Skipped</span></td>');
    expect(rows[5]).toContain(
      '<span style="color:#9a6700;">Running</span><span style="color:#656d76;"> · sending this mail</span></td>',
    );
    for (const row of rows) expect(row).not.toMatch(/✅|❌|🚫|⏭|⏳/u);
  });

  it('notes the jobs left out', () => {
    const table = jobsHtml({ ...successDetails(), moreJobs: 12 });
    expect(table).toContain('<tr><td style="padding:6px 0;border-bottom:1px solid #eaeef2;');
    expect(table).toContain('color:#656d76;">and 12 more jobs</td></tr>');
    expect(jobsHtml(successDetails())).not.toContain('more job');
  });

  it('renders a list far past the cap in full rows plus one note', () => {
    const jobs = Array.from({ length: 500 }, (_, i) => job(`job ${i}`, { durationSeconds: i }));
    const table = jobsHtml({ jobs, moreJobs: 0 });
    expect(table.split('\n').filter((line) => line.startsWith('<tr>'))).toHaveLength(51);
    expect(table).toContain('and 450 more jobs');
  });

  it('spells out the failed job with its step and annotations', () => {
    expect(html).toContain('>FAILURES</p>');
    expect(html).toContain(
      '<a href="https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/103" style="color:#0969da;text-decoration:underline;">test (ubuntu-latest)</a> · <span style="font-weight:bold;color:#cf222e;">Failed</span></p>',
    );
    expect(html).toContain('>Failed step: <b>Run tests</b></p>');
    expect(html).toContain(
      '<span style="font-weight:bold;color:#cf222e;">failure</span> <span style="font-family:ui-monospace, SFMono-Regular, Consolas, \'Liberation Mono\', Menlo, monospace;font-size:12px;">src/parser.test.ts:42</span> <b>parses nested lists</b><br><span style="color:#1f2328;">AssertionError: expected 3 to be 4</span></p>',
    );
    expect(html).toMatch(
      /AssertionError: expected 3 to be 4<\/span><\/p>\n<p [^>]*color:#656d76;[^>]*font-weight:bold;">Warnings<\/p>\n<p [^>]*color:#656d76;[^>]*">Node\.js 20 actions are deprecated\.<\/p>\n<\/td>/,
    );
  });

  it('leaves out the failures section when nothing failed, and the jobs when there are no details', () => {
    const success = renderHtml(pushRun(successDetails()), 'success');
    expect(success).toContain('>JOBS</p>');
    expect(success).not.toContain('FAILURES');
    const bare = renderHtml(pushRun(), 'success');
    expect(bare).not.toContain('JOBS');
    expect(bare).not.toContain('Duration');
  });

  it('notes failed jobs past the five it spells out', () => {
    const jobs = Array.from({ length: 7 }, (_, i) => job(`f${i}`, { conclusion: 'failure' }));
    const failing = renderHtml(pushRun({ jobs, moreJobs: 0 }), 'failure');
    expect(failing.match(/border-left:4px solid #cf222e/g)).toHaveLength(5);
    expect(failing).toContain('>and 2 more failed jobs</p>');
  });

  it('escapes hostile job names, steps and annotations', () => {
    const evil = '<script>alert(1)</script>';
    const details = {
      jobs: [
        job(evil, {
          conclusion: 'failure' as const,
          url: 'javascript:alert(1)',
          failedSteps: [`"><img src=x onerror=alert(1)>`],
          annotations: [
            { level: 'failure' as const, title: evil, message: `{{{x}}} ${evil}`, path: '<b>p</b>', line: 3 },
          ],
        }),
      ],
      moreJobs: 0,
    };
    const out = renderHtml(pushRun(details), 'failure');
    expect(out).not.toMatch(/<script|<img|<b>p|javascript:/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('<b>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</b>');
    expect(out).toContain('&lt;b&gt;p&lt;/b&gt;:3');
    expect(out).toContain('{{{x}}} &lt;script&gt;');
  });
});

describe('renderHtml transitions', () => {
  it.each([
    ['fixed', 'success', '✓ FIXED', '✅ FIXED'],
    ['broken', 'failure', '✗ BROKEN', '❌ BROKEN'],
    ['still-failing', 'failure', '✗ STILL FAILING', '❌ STILL FAILING'],
    ['still-passing', 'success', '✓ SUCCESS', '✅ SUCCESS'],
  ] as const)('%s shows %s in the banner and the title', (transition, status, banner, title) => {
    const html = renderHtml({ ...runContext('push'), transition }, status);
    expect(html).toContain(`font-weight:bold;color:#ffffff;">${banner}</p>`);
    expect(html).toContain(`<title>${title} · Codertocat/Hello-World · CI #42 · master</title>`);
    expect(html).toContain(`bgcolor="${STATUS_LOOKS[status].banner}"`);
  });
});

describe('reportHtml', () => {
  it('is the card alone, without the page around it', () => {
    const card = reportHtml(pushRun(failedDetails()), 'failure');
    expect(card).toMatch(/^<table role="presentation"[^>]*max-width:600px;/);
    expect(card.endsWith('</table>')).toBe(true);
    expect(card).not.toMatch(/<html|<body|<title|display:none/);
  });
});

describe('preheader', () => {
  it('names the first failed job and step', () => {
    expect(preheader(pushRun(failedDetails()), 'failure')).toBe(
      'Failure in test (ubuntu-latest): Run tests · Codertocat/Hello-World CI #42 · Parse nested lists',
    );
  });

  it('says the transition and the pull request when there is no failed job', () => {
    expect(preheader({ ...runContext('pull_request'), transition: 'fixed' }, 'success')).toBe(
      'Fixed · Codertocat/Hello-World CI #42 · #2 Update the README with new information.',
    );
    expect(preheader({ ...runContext('push'), transition: 'still-failing' }, 'failure')).toBe(
      'Still failing · Codertocat/Hello-World CI #42 · Initial commit',
    );
  });

  it('is one line of at most 200 characters, escaped where it lands', () => {
    const payload = examplePayload('push');
    payload.head_commit.message = `<b>${'x'.repeat(10_000)}`;
    const ctx = runContext('push', {}, payload);
    const text = preheader(ctx, 'success');
    expect(Array.from(text)).toHaveLength(200);
    expect(renderHtml(ctx, 'success')).toContain('Success · Codertocat/Hello-World CI #42 · &lt;b&gt;xxx');
  });
});

describe('renderHtml failure annotations', () => {
  const details = {
    jobs: [
      job('test (ubuntu-latest)', {
        conclusion: 'failure' as const,
        failedSteps: ['Run tests'],
        annotations: [
          { level: 'warning' as const, path: '.github', line: 1, message: 'Node.js 20 actions are deprecated.' },
          {
            level: 'failure' as const,
            path: 'src/app.ts',
            line: 12,
            title: 'Run tests',
            message: 'Expected 2 but received 3',
          },
          { level: 'failure' as const, path: '.github', line: 10, message: 'Process completed with exit code 1.' },
        ],
      }),
    ],
    moreJobs: 0,
  };
  const html = renderHtml(pushRun(details), 'failure');
  const box = html.slice(html.indexOf('>FAILURES</p>'));

  it('names the failed step once and puts the cause first, the warning after it under its own heading', () => {
    expect(box.match(/Run tests/g)).toHaveLength(1);
    expect(box).not.toContain('exit code');
    const cause = box.indexOf('Expected 2 but received 3');
    const heading = box.indexOf('>Warnings</p>');
    const warning = box.indexOf('Node.js 20 actions are deprecated.');
    expect(cause).toBeGreaterThan(0);
    expect(heading).toBeGreaterThan(cause);
    expect(warning).toBeGreaterThan(heading);
  });

  it('sets the warning in grey and without a location GitHub made up', () => {
    expect(box).toMatch(
      /<p style="margin:2px 0 0 0;[^"]*color:#656d76;[^"]*">Node\.js 20 actions are deprecated\.<\/p>/,
    );
    expect(box).not.toContain('.github');
  });

  it('leaves out the warnings heading when there are none', () => {
    expect(
      renderHtml(pushRun({ ...details, jobs: [{ ...details.jobs[0]!, annotations: [] }] }), 'failure'),
    ).not.toContain('>Warnings</p>');
  });
});
