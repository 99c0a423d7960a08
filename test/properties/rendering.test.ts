import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/notification/html.js';
import { cleanSubject, singleLine } from '../../src/notification/subject.js';
import { placeholders, renderTemplate, type TemplateFlavour } from '../../src/notification/template.js';
import { renderText } from '../../src/notification/text.js';
import {
  anyRun,
  compose,
  expectSafeReport,
  expectTemplateError,
  hostileText,
  htmlTemplate,
  RUNS,
  runContext,
  status,
  textPlaceholder,
} from './arbitraries.ts';

describe('HTML and text rendering (properties)', () => {
  it('renderHtml writes only its own tags and web links, whatever the run holds', () => {
    fc.assert(
      fc.property(runContext, status, (ctx, status) => expectSafeReport(renderHtml(ctx, status))),
      { numRuns: RUNS },
    );
  });

  it('composeMail HTML bodies, default or templated, write only the report tags and the template’s own', () => {
    fc.assert(
      fc.property(anyRun, status, fc.option(htmlTemplate, { nil: undefined }), (ctx, status, body) => {
        let html: string;
        try {
          html = compose(ctx, status, 'html', body).body.content;
        } catch (error) {
          expectTemplateError(error);
          return;
        }
        expectSafeReport(html);
      }),
      { numRuns: RUNS },
    );
  });
  it('the text body shows each value flattened to one line, so none can forge a line of its own', () => {
    fc.assert(
      fc.property(anyRun, status, (ctx, status) => {
        const text = compose(ctx, status, 'text').body.content;
        expect(text).toBe(renderText(ctx, status));
        expect(text).not.toMatch(/\r/);
        // Every value may hold "\nInjected: line"; only a value that kept its line break starts a line with it.
        // (URLs are the action's own and not flattened: a U+2028 in one is no line break of text/plain.)
        expect(text).not.toMatch(/(?:^|\n)[ \t]*Injected/);
        const pr = ctx.pullRequest;
        const branch = pr?.headRef && pr.baseRef ? [pr.headRef, pr.baseRef] : [ctx.refName];
        for (const value of [ctx.workflow, ctx.actor, ctx.release?.name, ...branch]) {
          if (value && singleLine(value)) expect(text).toContain(singleLine(value));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('templates insert values as text and never evaluate template syntax that came from a value', () => {
    const flavour = fc.constantFrom<TemplateFlavour>('html', 'text', 'markdown');
    fc.assert(
      fc.property(anyRun, status, flavour, textPlaceholder, (ctx, status, flavour, key) => {
        const values = placeholders(ctx, status, flavour);
        const value = values[key] as string;
        const escaped = renderTemplate('body', `[{{${key}}}]`, values, flavour);
        const raw = renderTemplate('body', `[{{{${key}}}}]`, values, flavour);
        expect(raw).toBe(`[${value}]`);
        if (flavour === 'html') expect(escaped).toBe(`[${escapeHtml(value)}]`);
        if (flavour === 'text') expect(escaped).toBe(`[${value}]`);
        if (flavour === 'markdown') expect(escaped).toBe(`[${singleLine(value).replace(/[!-/:-@[-`{-~]/g, '\\$&')}]`);
      }),
      { numRuns: RUNS },
    );
  });

  it('a value holding {{repository}} or other template syntax reaches the subject and body literally', () => {
    const syntax = fc.constantFrom(
      '{{repository}}',
      '{{{run_url}}}',
      '{{#sha}}x{{/sha}}',
      '{{=<% %>=}}',
      '{{> p}}',
      '{{',
    );
    fc.assert(
      fc.property(runContext, status, syntax, hostileText(3), (ctx, status, syntax, rest) => {
        const workflow = `${syntax}${rest}`.replace(/[\s\p{Cc}]/gu, 'x');
        // Without details: the jobs are not what this is about, and the report built for default_body is costly.
        const run = { ...ctx, workflow, repository: 'owner/repo', details: undefined };
        const mail = compose(run, status, 'text', 'W={{workflow}}', 'S={{workflow}}');
        expect(mail.body.content).toBe(`W=${workflow}`);
        expect(mail.subject).toBe(cleanSubject(`S=${workflow}`));
        const html = compose(run, status, 'html', '<p>{{workflow}}</p>').body.content;
        expect(html).toBe(`<p>${escapeHtml(workflow)}</p>`);
      }),
      { numRuns: RUNS },
    );
  });
});
