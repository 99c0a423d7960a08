/**
 * WCAG 2 contrast, and what the mail paints: every run of visible text and every duration bar, with the colour it is drawn in and the colour behind it, as a browser would inherit
 * them from the inline styles. The mail's markup is the action's own and well formed, so a tag stack suffices.
 */
import { RULE } from '../../src/notification/palette.js';

/** WCAG 2 relative luminance of `#rrggbb` (https://www.w3.org/TR/WCAG22/#dfn-relative-luminance). */
export function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 to 21, whichever colour is the lighter. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export interface Paint {
  kind: 'text' | 'large text' | 'mark';
  /** The text, or what the mark is. */
  what: string;
  colour: string;
  background: string;
}

/** WCAG's minimum for each: 4.5:1 for text, 3:1 for large text (18pt, or 14pt bold) and for marks. */
export const MINIMUM: Readonly<Record<Paint['kind'], number>> = { text: 4.5, 'large text': 3, mark: 3 };

interface Frame {
  tag: string;
  colour: string;
  background: string;
  px: number;
  bold: boolean;
  hidden: boolean;
}

const VOID = new Set(['br', 'meta', 'img', 'hr', 'link', 'input']);
const BOLD = new Set(['b', 'strong', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const TOKEN = /<(\/?)([a-z][a-z0-9]*)([^>]*)>|([^<]+)/gi;

export function paints(html: string): Paint[] {
  const body = html.replace(/<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '');
  const root: Frame = { tag: '', colour: '#000000', background: '#ffffff', px: 16, bold: false, hidden: false };
  const stack: Frame[] = [root];
  const found: Paint[] = [];
  for (const [, close, name, attributes = '', text] of body.matchAll(TOKEN)) {
    const top = stack.at(-1)!;
    if (text !== undefined) {
      const words = decode(text).trim();
      if (words && !top.hidden && !['title', 'head'].includes(top.tag)) found.push(textPaint(words, top));
      continue;
    }
    const tag = name!.toLowerCase();
    if (close) {
      if (stack.length > 1 && top.tag === tag) stack.pop();
      continue;
    }
    const frame = open(tag, attributes, top);
    found.push(...marks(tag, attributes, frame, top));
    if (!VOID.has(tag)) stack.push(frame);
  }
  return found;
}

function open(tag: string, attributes: string, parent: Frame): Frame {
  const style = /\sstyle="([^"]*)"/.exec(attributes)?.[1] ?? '';
  const colour = last(style, /(?:^|;)\s*color:\s*(#[0-9a-f]{6})/gi);
  const background =
    last(style, /background-color:\s*(#[0-9a-f]{6})/gi) ?? /\sbgcolor="(#[0-9a-f]{6})"/i.exec(attributes)?.[1];
  const px = last(style, /font-size:\s*(\d+(?:\.\d+)?)px/g);
  return {
    tag,
    colour: colour ?? parent.colour,
    background: background ?? parent.background,
    px: px ? Number(px) : parent.px,
    bold: parent.bold || BOLD.has(tag) || /font-weight:\s*(bold|[6-9]00)/.test(style),
    hidden: parent.hidden || /display:\s*none/.test(style),
  };
}

/** A declaration's value as the browser applies it: the last one wins. */
function last(style: string, declaration: RegExp): string | undefined {
  return [...style.matchAll(declaration)].at(-1)?.[1];
}

function textPaint(words: string, frame: Frame): Paint {
  const large = frame.px >= 24 || (frame.bold && frame.px >= 18.66);
  return { kind: large ? 'large text' : 'text', what: words, colour: frame.colour, background: frame.background };
}

/**
 * A duration bar's filled cell against the row behind it and against its track (the rest of the scale, which
 * carries nothing itself). Borders are left out: each (a quote's, the failure box's) marks what words also say.
 */
function marks(tag: string, attributes: string, frame: Frame, parent: Frame): Paint[] {
  if (tag !== 'td' || !/\sheight="\d+"/.test(attributes) || frame.background === RULE) return [];
  return [...new Set([parent.background, RULE])].map((behind) => ({
    kind: 'mark',
    what: 'bar',
    colour: frame.background,
    background: behind,
  }));
}

function decode(text: string): string {
  return text
    .replace(/&nbsp;|&#8204;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
