import { describe, expect, it } from 'vitest';
import { parseAddress, parseAddressList } from '../src/addresses.js';

const HELP = 'Write name@example.com or Name <name@example.com>, separated by commas, semicolons or new lines.';
const QUOTE_HINT = ' If it is part of a name, put the whole name in double quotes: "Doe, Jane" <jane@contoso.com>.';
/** The error for a bad entry; one without an @ may be half of an unquoted `Last, First` name, and says so. */
const notAnAddress = (input: string, entry: string) =>
  `Input '${input}' has an entry that is not an e-mail address: "${entry}". ${HELP}${entry.includes('@') ? '' : QUOTE_HINT}`;

describe('parseAddress', () => {
  it('a bare address has no name', () => {
    expect(parseAddress('jane@contoso.com')).toEqual({ address: 'jane@contoso.com' });
  });

  it('Name <addr> keeps the name', () => {
    expect(parseAddress('Jane Doe <jane@contoso.com>')).toEqual({ address: 'jane@contoso.com', name: 'Jane Doe' });
  });

  it('a quoted name loses its quotes', () => {
    expect(parseAddress('"Doe, Jane" <jane@contoso.com>')).toEqual({ address: 'jane@contoso.com', name: 'Doe, Jane' });
  });

  it('<addr> alone has no name', () => {
    expect(parseAddress('<jane@contoso.com>')).toEqual({ address: 'jane@contoso.com' });
  });

  it('a blank quoted name is left out rather than kept as whitespace', () => {
    expect(parseAddress('"  " <jane@contoso.com>')).toEqual({ address: 'jane@contoso.com' });
  });

  it('keeps unicode local parts, domains and names (RFC 6532)', () => {
    expect(parseAddress('Jörg Müller <jörg@müller.de>')).toEqual({ address: 'jörg@müller.de', name: 'Jörg Müller' });
    expect(parseAddress('用户@例子.广告')).toEqual({ address: '用户@例子.广告' });
  });

  it.each([
    ['a@b', 'a domain without a dot'],
    ['jane@[192.168.1.1]', 'a domain literal'],
    ['jane', 'no @ at all'],
    ['jane@', 'no domain'],
    ['@contoso.com', 'no local part'],
    ['jane@@contoso.com', 'two @'],
    ['jane doe@contoso.com', 'an unquoted space'],
    ['', 'nothing'],
    ['Team: jane@contoso.com;', 'a group'],
    ['Team:;', 'an empty group'],
    ['jane@contoso.com, bob@contoso.com', 'two mailboxes'],
  ])('rejects %j (%s)', (entry) => {
    expect(parseAddress(entry)).toBeUndefined();
  });
});

describe('parseAddressList', () => {
  it('an empty or blank input is an empty list', () => {
    expect(parseAddressList('cc', '')).toEqual([]);
    expect(parseAddressList('cc', '  \n ')).toEqual([]);
  });

  it.each([
    ['commas', 'a@contoso.com,b@contoso.com, c@contoso.com'],
    ['semicolons', 'a@contoso.com;b@contoso.com; c@contoso.com'],
    ['new lines', 'a@contoso.com\nb@contoso.com\nc@contoso.com\n'],
    ['CRLF', 'a@contoso.com\r\nb@contoso.com\r\nc@contoso.com\r\n'],
    ['a mix', 'a@contoso.com;\n b@contoso.com ,\r\nc@contoso.com'],
  ])('splits on %s', (_how, value) => {
    expect(parseAddressList('to', value)).toEqual([
      { address: 'a@contoso.com' },
      { address: 'b@contoso.com' },
      { address: 'c@contoso.com' },
    ]);
  });

  it('skips empty entries: doubled, leading and trailing separators', () => {
    expect(parseAddressList('to', ',;a@contoso.com,, ;\n\nb@contoso.com;')).toEqual([
      { address: 'a@contoso.com' },
      { address: 'b@contoso.com' },
    ]);
  });

  it('keeps Name <addr> entries whole', () => {
    expect(parseAddressList('to', 'Jane Doe <jane@contoso.com>; Bob <bob@contoso.com>')).toEqual([
      { address: 'jane@contoso.com', name: 'Jane Doe' },
      { address: 'bob@contoso.com', name: 'Bob' },
    ]);
  });

  it('does not split inside a quoted name holding commas or semicolons', () => {
    expect(parseAddressList('to', '"Doe, Jane" <jane@contoso.com>, "Ops; on call" <ops@contoso.com>')).toEqual([
      { address: 'jane@contoso.com', name: 'Doe, Jane' },
      { address: 'ops@contoso.com', name: 'Ops; on call' },
    ]);
  });

  it('does not end a quoted name at an escaped quote', () => {
    expect(parseAddressList('to', '"Jane \\"JD, Ops\\" Doe" <jane@contoso.com>, bob@contoso.com')).toEqual([
      { address: 'jane@contoso.com', name: 'Jane "JD, Ops" Doe' },
      { address: 'bob@contoso.com' },
    ]);
  });

  it('keeps unicode addresses', () => {
    expect(parseAddressList('to', 'jörg@müller.de; 用户@例子.广告')).toEqual([
      { address: 'jörg@müller.de' },
      { address: '用户@例子.广告' },
    ]);
  });

  it('names the input and the bad entry in the middle of a list', () => {
    expect(() => parseAddressList('cc', 'a@contoso.com, jane, b@contoso.com')).toThrow(
      new Error(notAnAddress('cc', 'jane')),
    );
  });

  it('quotes the entry exactly as written, name included', () => {
    expect(() => parseAddressList('to', 'a@contoso.com\nJane Doe <jane@contoso>\n')).toThrow(
      new Error(notAnAddress('to', 'Jane Doe <jane@contoso>')),
    );
  });

  it('rejects a@b: a domain without a dot is a typo, not a mailbox Graph can reach', () => {
    expect(() => parseAddressList('bcc', 'a@b')).toThrow(new Error(notAnAddress('bcc', 'a@b')));
  });

  it('rejects group syntax, naming the part that was split off', () => {
    expect(() => parseAddressList('reply-to', 'Team: jane@contoso.com, bob@contoso.com;')).toThrow(
      new Error(notAnAddress('reply-to', 'Team: jane@contoso.com')),
    );
  });

  it('an angle bracket inside a quoted name does not start an address', () => {
    expect(parseAddressList('to', '"a<b, c" <x@contoso.com>, y@contoso.com')).toEqual([
      { address: 'x@contoso.com', name: 'a<b, c' },
      { address: 'y@contoso.com' },
    ]);
  });

  it('an unquoted "Last, First" name is split at the comma and its first half reported', () => {
    expect(() => parseAddressList('to', 'Doe, Jane <jane@contoso.com>')).toThrow(new Error(notAnAddress('to', 'Doe')));
  });

  it('an unclosed quote swallows the rest of the list into one bad entry', () => {
    expect(() => parseAddressList('to', 'a@contoso.com, "Doe, Jane <jane@contoso.com>, bob@contoso.com')).toThrow(
      new Error(notAnAddress('to', '"Doe, Jane <jane@contoso.com>, bob@contoso.com')),
    );
  });

  it('reports the first bad entry when there are several', () => {
    expect(() => parseAddressList('to', 'x, y')).toThrow(new Error(notAnAddress('to', 'x')));
  });
});
