import emailAddresses from 'email-addresses';
import { shown } from './failure.js';
import type { Address } from './mail.js';

/**
 * Splits a list on commas, semicolons and line breaks, except inside a quoted display name or an angle-bracket
 * address, so `"Doe, Jane" <jane@contoso.com>` stays one entry. Outlook users paste `;`-separated lists, YAML
 * users write one per line; RFC 5322 itself only knows commas.
 */
function splitList(value: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted && ch === '\\') {
      current += ch + (value[++i] ?? '');
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angled = true;
    else if (!quoted && ch === '>') angled = false;
    if (!quoted && !angled && (ch === ',' || ch === ';' || ch === '\n' || ch === '\r')) {
      entries.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** Parses one `Name <addr>` or bare address with an RFC 5322 parser; undefined when it is not one mailbox. */
export function parseAddress(entry: string): Address | undefined {
  const parsed = emailAddresses.parseOneAddress({ input: entry, rfc6532: true });
  // Exchange routes only to DNS domains: `a@b` and domain literals like `a@[1.2.3.4]` are typos here.
  if (parsed === null || parsed.type !== 'mailbox' || !parsed.domain.includes('.') || parsed.domain.startsWith('[')) {
    return undefined;
  }
  // The parser drops the quotes of a quoted local part ("j d"@x.com reads as j d@x.com, not an address):
  // such a rare address is refused rather than sent somewhere else.
  if (emailAddresses.parseOneAddress({ input: parsed.address, rfc6532: true })?.type !== 'mailbox') return undefined;
  const name = parsed.name?.trim();
  return name ? { address: parsed.address, name } : { address: parsed.address };
}

/**
 * Parses an address-list input. Throws naming the input and the entry at fault, so a typo in the fifth address
 * of a long list is found without guessing.
 */
export function parseAddressList(input: string, value: string): Address[] {
  return splitList(value).map((entry) => {
    const address = parseAddress(entry);
    if (address === undefined) {
      // Outlook copies `Doe, Jane <jane@contoso.com>`: the comma splits the name from its address.
      const hint = entry.includes('@')
        ? ''
        : ' If it is part of a name, put the whole name in double quotes: "Doe, Jane" <jane@contoso.com>.';
      throw new Error(
        `Input '${input}' has an entry that is not an e-mail address: ${shown(entry)}. ` +
          `Write name@example.com or Name <name@example.com>, separated by commas, semicolons or new lines.${hint}`,
      );
    }
    return address;
  });
}
