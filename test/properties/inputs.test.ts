import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../src/addresses.js';
import { parseInputs, type FileReader, type Inputs } from '../../src/inputs.js';
import type { Address } from '../../src/mail.js';
import { addressList, emailAddress, hostileText, inputValues, RUNS } from './arbitraries.ts';

/** How every error parseInputs means to throw begins: it names the input(s) at fault. */
const INPUT_ERROR = /^(Input '|Inputs '|No recipient|'to', 'cc')/;

/** body-file as the workspace would answer: a file, a missing one, a directory. */
const readFile: FileReader = (path) => {
  if (path === 'body.md') return '# Body\n';
  const code = path === 'dir' ? 'EISDIR' : 'ENOENT';
  throw Object.assign(new Error(`${code}: ${path}`), { code });
};

function attempt(values: Record<string, string>): { inputs: Inputs } | { error: unknown } {
  try {
    return { inputs: parseInputs((name) => values[name] ?? '', readFile) };
  } catch (error) {
    return { error };
  }
}

/** An error the parser threw on purpose, not one from inside it (TypeError, RangeError, a non-Error). */
function expectInputError(error: unknown): asserts error is Error {
  expect(error).toBeInstanceOf(Error);
  expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
  expect((error as Error).message).toMatch(INPUT_ERROR);
}

function expectMailbox(address: Address): void {
  const at = address.address.lastIndexOf('@');
  expect(at).toBeGreaterThan(0);
  expect(address.address.indexOf('@')).toBe(at);
  const host = address.address.slice(at + 1);
  expect(host).toMatch(/^[^.[\]\s]+(\.[^.[\]\s]+)+$/);
}

describe('parseInputs (properties)', () => {
  it('returns Inputs or throws an Error naming the input, for any values', () => {
    fc.assert(
      fc.property(inputValues, (values) => {
        const result = attempt(values);
        if ('error' in result) {
          expectInputError(result.error);
          return;
        }
        const { inputs } = result;
        for (const address of [...inputs.to, ...inputs.cc, ...inputs.bcc, ...inputs.replyTo]) expectMailbox(address);
        if (inputs.from) expectMailbox(inputs.from);
        expect(inputs.to.length + inputs.cc.length + inputs.bcc.length).toBeGreaterThan(0);
        expect(inputs.authorityHost).toMatch(/^https:\/\/[^/]+$/);
        expect(inputs.graphEndpoint).toMatch(/^https:\/\/[^/]+$/);
        expect(Number.isInteger(inputs.timeoutSeconds)).toBe(true);
        expect(inputs.attachments.every((line) => line !== '' && !/[\r\n]/.test(line))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('throws only Errors naming the input when every value is random text', () => {
    const names = [
      'tenant-id',
      'client-id',
      'client-secret',
      'client-certificate',
      'client-certificate-password',
      'oidc-audience',
      'cloud',
      'authority-host',
      'graph-endpoint',
      'sender',
      'from',
      'to',
      'cc',
      'bcc',
      'reply-to',
      'subject',
      'body',
      'body-file',
      'body-format',
      'status',
      'notify-when',
      'github-token',
      'attachments',
      'max-message-size',
      'importance',
      'save-to-sent-items',
      'dry-run',
      'job-summary',
      'timeout-seconds',
    ];
    const anyValues = fc.record(Object.fromEntries(names.map((name) => [name, hostileText()])));
    fc.assert(
      fc.property(anyValues, (values) => {
        const result = attempt(values);
        if ('error' in result) expectInputError(result.error);
      }),
      { numRuns: RUNS },
    );
  });

  it('parses address lists into single mailboxes with dotted domains, or names the input and entry', () => {
    fc.assert(
      fc.property(fc.oneof(addressList, hostileText()), (value) => {
        let addresses: Address[];
        try {
          addresses = parseAddressList('cc', value);
        } catch (error) {
          expectInputError(error);
          expect((error as Error).message).toMatch(/^Input 'cc' has an entry that is not an e-mail address: "/);
          return;
        }
        for (const address of addresses) expectMailbox(address);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Bugs these properties found, fixed in src/; kept as properties so they stay fixed. */
describe('parseInputs (properties that find bugs)', () => {
  // src/inputs.ts:197-301 and src/addresses.ts:58 quote the value as given: a line break in it splits the error.
  // Smallest: parseAddressList('cc', '<\r!'), whose `<` keeps the line break in the entry; or 'dry-run': 'a\nb'.
  it('error messages are one line', () => {
    fc.assert(
      fc.property(inputValues, (values) => {
        const result = attempt(values);
        if ('error' in result) expect((result.error as Error).message).not.toMatch(/[\r\n]/);
      }),
      { numRuns: RUNS },
    );
  });

  // src/addresses.ts:42 returns email-addresses' `address`, which drops the quotes of a quoted local part:
  // parseAddress('"a@b"@c.co') gives 'a@b@c.co' (two @), '"a b"@c.co' gives 'a b@c.co'.
  it('a quoted local part is kept quoted or refused, never unquoted', () => {
    const quoted = fc.tuple(fc.constantFrom('a@b', 'a b', 'a,b', 'a"b'.replace('"', '\\"')), emailAddress);
    fc.assert(
      fc.property(quoted, ([local, address]) => {
        const value = `"${local}"${address.slice(address.indexOf('@'))}`;
        let parsed: Address[];
        try {
          parsed = parseAddressList('to', value);
        } catch {
          return;
        }
        for (const entry of parsed) {
          expectMailbox(entry);
          expect(entry.address).not.toMatch(/\s/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
