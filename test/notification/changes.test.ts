import { describe, expect, it } from 'vitest';
import type { Changes } from '../../src/context.js';
import { changeList, MAX_CHANGES } from '../../src/notification/changes.js';
import { changesHtml, renderHtml } from '../../src/notification/html.js';
import { changesMarkdown, reportMarkdown } from '../../src/notification/markdown.js';
import { placeholders } from '../../src/notification/template.js';
import { changeLines, renderText } from '../../src/notification/text.js';
import { change, failedChanges, failedDetails, pushRun } from './run.ts';

const RUN_41 = 'https://github.com/Codertocat/Hello-World/actions/runs/1658813574';

function since(extra: Partial<Extract<Changes, { kind: 'since' }>>): Changes {
  return { ...(failedChanges() as Extract<Changes, { kind: 'since' }>), ...extra };
}

describe('changeList', () => {
  it('leads with the count and the run, then one row per commit with its author and login', () => {
    const list = changeList(failedChanges());
    expect(list.lead).toEqual([{ text: '3 commits since run ' }, { text: '#41', url: RUN_41 }, { text: ':' }]);
    expect(list.rows[0]).toEqual({
      shortSha: change(3).shortSha,
      url: change(3).url,
      title: 'Parse nested lists',
      author: 'Mona Lisa (@monalisa)',
    });
    expect(list.rows[2]!.author).toBe('Dev 1');
    expect(list.more).toBe('');
  });

  it(`lists ${MAX_CHANGES} and counts the rest, those GitHub did not return included`, () => {
    const commits = Array.from({ length: 250 }, (_, i) => change(250 - i));
    const list = changeList(since({ commits, total: 1000 }));
    expect(list.rows.map((r) => r.title)).toEqual(commits.slice(0, 20).map((c) => c.title));
    expect(list.more).toBe('and 980 more commits');
    expect(changeList(since({ commits: [change(1)], total: 1 })).lead[0]!.text).toBe('1 commit since run ');
  });

  it('cuts a long first line at 200 characters and keeps it on one line', () => {
    const list = changeList(since({ commits: [change(1, { title: `a\u2028${'x'.repeat(300)}` })], total: 1 }));
    expect(Array.from(list.rows[0]!.title)).toHaveLength(200);
    expect(list.rows[0]!.title).toMatch(/^a x+…$/);
  });

  it.each([
    ['identical', 'No change: this run tested the same commit as run #41 did.'],
    ['behind', "No new commit: this run's commit is 2 commits behind that of run #41."],
  ])('says %s without rows', (status, sentence) => {
    const list = changeList(since({ status, commits: [], total: 0, behind: 2 }));
    expect(list.lead.map((s) => s.text).join('')).toBe(sentence);
    expect(list.rows).toEqual([]);
  });

  it('says when the history was rewritten', () => {
    const list = changeList(since({ status: 'diverged', behind: 1 }));
    expect(list.lead.map((s) => s.text).join('')).toBe(
      '3 commits since the history was rewritten after run #41 (counted from the commit both histories share):',
    );
  });

  it('says when there is no green run to count from, or it is too far back', () => {
    const text = (runsRead: number) =>
      changeList({ kind: 'none', runsRead, older: runsRead === 20, branch: 'main' })
        .lead.map((s) => s.text)
        .join('');
    expect(text(3)).toBe('No earlier successful run on main: nothing to compare with.');
    expect(text(20)).toBe(
      'No successful run among the last 20 completed runs on main: too long ago to list the changes.',
    );
  });
});

describe('the changes in each format', () => {
  const hostile = since({
    commits: [
      change(1, { title: '<img src=x onerror=alert(1)> [x](javascript:alert(1)) *b*', author: '<b>"Eve"</b>' }),
    ],
    total: 1,
  });

  it('HTML: a section after the failures, every value escaped, SHAs linked in monospace', () => {
    const html = renderHtml(pushRun(failedDetails(), { changes: failedChanges() }), 'failure');
    expect(html.indexOf('CHANGES SINCE THE LAST SUCCESSFUL RUN')).toBeGreaterThan(html.indexOf('FAILURES'));
    expect(html.indexOf('CHANGES SINCE THE LAST SUCCESSFUL RUN')).toBeLessThan(html.indexOf('View run'));
    expect(html).toMatch(new RegExp(`<a href="${change(3).url}" style="font-family:[^"]*monospace;font-size:13px;`));
    const escaped = changesHtml(hostile);
    expect(escaped).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escaped).toContain('&lt;b&gt;&quot;Eve&quot;&lt;/b&gt;');
    expect(escaped).not.toMatch(/<img|<b>/);
    expect(renderHtml(pushRun(failedDetails()), 'failure')).not.toContain('CHANGES SINCE');
  });

  it('text: a heading, the lead with its link, and one line per commit', () => {
    const text = renderText(pushRun(undefined, { changes: failedChanges() }), 'failure');
    expect(text).toContain(
      [
        'Changes since the last successful run:',
        `3 commits since run #41: <${RUN_41}>`,
        `- ${change(3).shortSha} Parse nested lists · Mona Lisa (@monalisa) <${change(3).url}>`,
      ].join('\n'),
    );
    expect(changeLines(since({ commits: [change(1)], total: 4 }))).toMatch(/\n… and 3 more commits$/);
  });

  it('markdown: every value escaped, SHAs linked as code', () => {
    const markdown = changesMarkdown(hostile);
    expect(markdown).toBe(
      `1 commit since run [\\#41](<${RUN_41}>)\\:\n` +
        `- [\`${change(1).shortSha}\`](<${change(1).url}>) \\<img src\\=x onerror\\=alert\\(1\\)\\> \\[x\\]\\(javascript\\:alert\\(1\\)\\) \\*b\\* · \\<b\\>\\"Eve\\"\\<\\/b\\>`,
    );
    expect(reportMarkdown(pushRun(undefined, { changes: failedChanges() }), 'failure')).toContain(
      '**Changes since the last successful run**',
    );
  });

  it('template placeholders: the list per flavour, the count and the authors once each', () => {
    const ctx = pushRun(undefined, {
      changes: since({
        commits: [change(3, { author: 'Ann' }), change(2, { author: 'Bo' }), change(1, { author: 'Ann' })],
      }),
    });
    const text = placeholders(ctx, 'failure', 'text');
    expect(text.changes_count).toBe('3');
    expect(text.change_authors).toBe('Ann, Bo');
    expect(text.changes).toBe(changeLines(ctx.changes!));
    expect(String(placeholders(ctx, 'failure', 'html').changes)).toBe(changesHtml(ctx.changes!));
    expect(String(placeholders(ctx, 'failure', 'markdown').changes)).toBe(changesMarkdown(ctx.changes!));
    const none = placeholders(
      pushRun(undefined, { changes: { kind: 'none', runsRead: 2, older: false, branch: 'main' } }),
      'failure',
      'text',
    );
    expect([none.changes_count, none.change_authors]).toEqual(['', '']);
    expect(none.changes).toBe('No earlier successful run on main: nothing to compare with.');
  });
});
