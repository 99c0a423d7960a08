/**
 * The one XML parser for test reports, set up for files anyone who can push may write. fast-xml-parser does no
 * I/O of its own, so nothing in a report can make it fetch a URL or open a file: a `SYSTEM` (external) entity
 * is an error, not a read. Entities a report's DOCTYPE declares are expanded once, never inside each other (a
 * value holding `&` is dropped), so the "billion laughs" has nothing to multiply; their number, their size and what they
 * add in all are capped below, and nesting is capped at the library's 100 levels. Tag names such as
 * `__proto__` are renamed by the library before they become keys.
 */
import { XMLParser, XMLValidator, type ValidationError } from 'fast-xml-parser';

/** An element as the parser gives it: attributes under `@name`, text under `#text`, children by tag name. */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[] | undefined;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Namespaced reports (TRX declares a default namespace) are read by local names.
  removeNSPrefix: true,
  // Test names such as `1e3` or `0x10` stay text.
  parseTagValue: false,
  parseAttributeValue: false,
  // `&#10;` and `&#xD;` are common in messages (Surefire, TRX); numeric references need this switch.
  htmlEntities: true,
  processEntities: {
    enabled: true,
    maxEntityCount: 50,
    maxEntitySize: 1_000,
    // Counts only what entities add: `&lt;` and the like shrink the text, so a report may hold any number.
    maxExpandedLength: 100_000,
  },
});

/** The document, or an error saying where it is not well-formed. */
export function parseXml(text: string): XmlNode {
  if (text.trim() === '') throw new Error('the file is empty');
  const check = XMLValidator.validate(text);
  if (check !== true) throw new Error(problem(check.err));
  return parser.parse(text) as XmlNode;
}

/** The validator's finding as a reader can act on it: a cut-off file lists the elements left open. */
function problem({ msg, line }: ValidationError['err']): string {
  const open = /^Invalid '\[(.*)\]' found\.$/s.exec(msg);
  if (open) {
    const names = [...open[1]!.matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`);
    return `it ends before closing ${names.join(', ')}`;
  }
  return `line ${line}: ${msg.replace(/\.$/, '')}`;
}

/** The value as a list: the parser gives one child as itself and several as an array. */
export function children(value: XmlValue): XmlNode[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (typeof item === 'object' && !Array.isArray(item) ? item : { '#text': item }));
}

export function attribute(node: XmlNode | undefined, name: string): string {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : '';
}

/** An element's text, CDATA included; empty for an element without any. */
export function textOf(value: XmlValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  return value === undefined ? '' : textOf(value['#text']);
}
