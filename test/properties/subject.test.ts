import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeMail } from '../../src/notification/index.js';
import { cleanSubject } from '../../src/notification/subject.js';
import { anyText, hostileText, PLACEHOLDER_NAMES, RUNS, runContext, status } from './arbitraries.ts';

/** C0, DEL and C1 controls, line and paragraph separators, bidi embeddings, overrides and isolates. */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Graph takes any length; the action cuts at 255 code points so no emoji is split (subject.ts excerpt). */
const MAX_SUBJECT = 255;

function expectCleanSubject(subject: string): void {
  expect(subject).not.toMatch(FORBIDDEN);
  expect(Array.from(subject).length).toBeLessThanOrEqual(MAX_SUBJECT);
  expect(subject).toBe(subject.trim());
}

/** Subject templates: placeholders in every form mustache knows, sections, and hostile literal text. */
const subjectTemplate = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PLACEHOLDER_NAMES).map((name) => `{{${name}}}`),
      fc.constantFrom(...PLACEHOLDER_NAMES).map((name) => `{{{${name}}}}`),
      fc.constantFrom(...PLACEHOLDER_NAMES).map((name) => `{{#${name}}}[{{${name}}}]{{/${name}}}`),
      fc.constantFrom('{{constructor}}', '{{toString}}', '{{__proto__}}', '{{nope}}', '{{> partial}}', '{{! note }}'),
      hostileText(3),
    ),
    { maxLength: 6 },
  )
  .map((pieces) => pieces.join(''));

describe('subjects (properties)', () => {
  it('cleanSubject leaves one trimmed line of at most 255 code points without controls', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), anyText(40), anyText(600)), (value) => {
        const subject = cleanSubject(value);
        expectCleanSubject(subject);
        // Cleaning twice changes nothing: a cut subject (254 + the ellipsis) is not cut again.
        expect(cleanSubject(subject)).toBe(subject);
      }),
      { numRuns: RUNS },
    );
  });

  it("composeMail's subject, default or from a template, is one clean line", () => {
    fc.assert(
      fc.property(runContext, status, fc.option(subjectTemplate, { nil: undefined }), (ctx, status, subject) => {
        let mail: ReturnType<typeof composeMail>;
        try {
          mail = composeMail(ctx, {
            status,
            subject,
            bodyFormat: 'text',
            importance: 'normal',
            to: [],
            cc: [],
            bcc: [],
            replyTo: [],
          });
        } catch (error) {
          // Only a template that does not parse may throw, and it says which input.
          expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
          expect((error as Error).message).toMatch(/^Input 'subject' is not a valid template: \S/);
          return;
        }
        expectCleanSubject(mail.subject);
        expect(mail.subject).not.toBe('');
      }),
      { numRuns: RUNS },
    );
  });
});
