/** The mail's fonts and colours, shared by the default layout and converted markdown so both look alike. */
export const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";
export const MONO = "ui-monospace, SFMono-Regular, Consolas, 'Liberation Mono', Menlo, monospace";
export const INK = '#1f2328';
export const MUTED = '#656d76';
/** The page behind the card, and shaded blocks (code) inside it. */
export const SHADE = '#f6f8fa';
export const BORDER = '#d0d7de';
export const RULE = '#eaeef2';
export const LINK = '#0969da';
export const FAILED_BOX = '#fff5f5';
/** What failed, and the edge of its box. */
export const FAILED_TEXT = '#cf222e';
