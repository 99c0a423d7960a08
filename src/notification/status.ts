import type { Status } from '../status.js';

/** How a job status is shown in a subject and a mail. */
export interface StatusLook {
  /** Upper case, so the status reads without the colour or the mark (screen readers, plain-text clients). */
  word: string;
  mark: string;
  /** Banner background; each carries white text at a contrast of at least 5:1 (WCAG AA asks 4.5:1). */
  banner: string;
  text: string;
}

export const STATUS_LOOKS: Readonly<Record<Status, StatusLook>> = {
  success: { word: 'SUCCESS', mark: '✅', banner: '#1a7f37', text: '#ffffff' },
  failure: { word: 'FAILURE', mark: '❌', banner: '#cf222e', text: '#ffffff' },
  cancelled: { word: 'CANCELLED', mark: '🚫', banner: '#59636e', text: '#ffffff' },
  skipped: { word: 'SKIPPED', mark: '⏭️', banner: '#4c6a85', text: '#ffffff' },
};
