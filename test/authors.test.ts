import { describe, expect, it, vi } from 'vitest';
import * as core from '@actions/core';
import { chooseAuthors, toWithAuthors } from '../src/authors.js';
import type { Changes } from '../src/context.js';
import type { Address } from '../src/mail.js';
import { change, failedChanges } from './notification/run.ts';

vi.mock('@actions/core', async (original) => ({ ...(await original<typeof core>()), info: vi.fn() }));

const none = { to: [] as Address[], cc: [] as Address[], bcc: [] as Address[] };
const by = (email: string, author = 'Someone') => change(1, { email, author });

describe('chooseAuthors', () => {
  it('takes addresses of the listed domains, in any case, exactly: a subdomain is not the domain', () => {
    const { added, left } = chooseAuthors(
      [
        by('Ann@CONTOSO.COM', 'Ann'),
        by('kim@eu.contoso.com'),
        by('x@contoso.com.evil.example'),
        by('z@notcontoso.com'),
      ],
      none,
      ['contoso.com'],
    );
    expect(added).toEqual([{ address: 'Ann@CONTOSO.COM', name: 'Ann' }]);
    expect(left).toEqual([
      { who: '"kim@eu.contoso.com"', why: 'eu.contoso.com is not in author-domains' },
      { who: '"x@contoso.com.evil.example"', why: 'contoso.com.evil.example is not in author-domains' },
      { who: '"z@notcontoso.com"', why: 'notcontoso.com is not in author-domains' },
    ]);
  });

  it('never takes GitHub noreply addresses, GitHub Enterprise ones included, even when their domain is listed', () => {
    const { added, left } = chooseAuthors(
      [by('1+octo@users.noreply.github.com'), by('octo@users.noreply.ghe.contoso.com')],
      none,
      ['users.noreply.github.com', 'users.noreply.ghe.contoso.com'],
    );
    expect(added).toEqual([]);
    expect(left.map((l) => l.why)).toEqual([
      'a GitHub noreply address, which receives no mail',
      'a GitHub noreply address, which receives no mail',
    ]);
  });

  it('leaves out what is not one valid address, and a commit without one, quoting it on one line', () => {
    const { added, left } = chooseAuthors(
      [
        by('Eve <eve@contoso.com>'),
        by('eve@contoso'),
        by('a@b@contoso.com'),
        by('x\n::error::y@contoso.com'),
        change(2, { email: undefined, author: 'No\nMail' }),
      ],
      none,
      ['contoso.com'],
    );
    expect(added).toEqual([]);
    expect(left).toEqual([
      { who: '"Eve <eve@contoso.com>"', why: 'not a valid e-mail address' },
      { who: '"eve@contoso"', why: 'not a valid e-mail address' },
      { who: '"a@b@contoso.com"', why: 'not a valid e-mail address' },
      { who: '"x\\u000a::error::y@contoso.com"', why: 'not a valid e-mail address' },
      { who: '"No\\u000aMail"', why: 'the commit names no address' },
    ]);
  });

  it('adds each address once and none already in to, cc or bcc, comparing case-insensitively', () => {
    const { added, left } = chooseAuthors(
      [
        by('ann@contoso.com', 'Ann'),
        by('ANN@contoso.com', 'Ann'),
        by('Bo@contoso.com'),
        by('cy@contoso.com'),
        by('di@contoso.com'),
      ],
      {
        to: [{ address: 'bo@Contoso.com' }],
        cc: [{ address: 'CY@contoso.com' }],
        bcc: [{ address: 'di@contoso.com' }],
      },
      ['contoso.com'],
    );
    expect(added).toEqual([{ address: 'ann@contoso.com', name: 'Ann' }]);
    expect(left).toEqual([
      { who: '"Bo@contoso.com"', why: 'already in to' },
      { who: '"cy@contoso.com"', why: 'already in cc' },
      { who: '"di@contoso.com"', why: 'already in bcc' },
    ]);
  });

  it('stops at Graph’s 500 recipients', () => {
    const to = Array.from({ length: 498 }, (_, i) => ({ address: `r${i}@contoso.com` }));
    const { added, left } = chooseAuthors(
      [by('a@contoso.com'), by('b@contoso.com'), by('c@contoso.com')],
      { to, cc: [{ address: 'cc@contoso.com' }], bcc: [] },
      ['contoso.com'],
    );
    expect(added.map((a) => a.address)).toEqual(['a@contoso.com']);
    expect(left).toEqual([
      { who: '"b@contoso.com"', why: "Graph's limit of 500 recipients is reached" },
      { who: '"c@contoso.com"', why: "Graph's limit of 500 recipients is reached" },
    ]);
  });
});

describe('toWithAuthors', () => {
  const options = {
    toAuthors: true,
    authorDomains: ['contoso.com'],
    to: [{ address: 'team@contoso.com' }],
    cc: [],
    bcc: [],
  };

  it('returns To untouched when to-authors is off', () => {
    const off = { ...options, toAuthors: false };
    expect(toWithAuthors(off, failedChanges(), 'failure')).toBe(off.to);
  });

  it('adds the authors of a failure and logs each', () => {
    vi.mocked(core.info).mockClear();
    const to = toWithAuthors(options, failedChanges(), 'failure');
    expect(to.map((a) => a.address)).toEqual([
      'team@contoso.com',
      'dev3@contoso.com',
      'dev2@contoso.com',
      'dev1@contoso.com',
    ]);
    expect(vi.mocked(core.info).mock.calls.map((c) => c[0])).toEqual([
      'Commit author added to To: dev3@contoso.com',
      'Commit author added to To: dev2@contoso.com',
      'Commit author added to To: dev1@contoso.com',
    ]);
  });

  it.each([
    ['success', failedChanges(), 'as the run did not fail (success)'],
    ['cancelled', failedChanges(), 'as the run did not fail (cancelled)'],
    ['failure', undefined, 'as the commits since the last successful run were not read'],
    [
      'failure',
      { kind: 'none', runsRead: 20, older: true, branch: 'main' },
      'as no successful run was found to count the changes from',
    ],
  ] as const)('adds no one on %s with %o, saying why', (status, changes, why) => {
    vi.mocked(core.info).mockClear();
    expect(toWithAuthors(options, changes as Changes | undefined, status)).toBe(options.to);
    expect(vi.mocked(core.info).mock.calls.map((c) => c[0])).toEqual([`Commit authors: none added, ${why}.`]);
  });

  it('says when only the most recent commits were considered', () => {
    vi.mocked(core.info).mockClear();
    toWithAuthors(options, { ...(failedChanges() as Extract<Changes, { kind: 'since' }>), total: 300 }, 'failure');
    expect(vi.mocked(core.info).mock.calls.at(-1)![0]).toBe(
      'Commit authors: only those of the 3 most recent of 300 commits were considered.',
    );
  });
});
