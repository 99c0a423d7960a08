import type { Transition } from '../context.js';
import type { Status } from '../status.js';

/** How a job status is shown in a subject and a mail. */
export interface StatusLook {
  /** Upper case, so the status reads without the colour or the mark (screen readers, plain-text clients). */
  word: string;
  /** The emoji that opens the subject, where the inbox font shows it in colour. */
  mark: string;
  /**
   * The banner's mark: a text symbol drawn in the banner's text colour, so it keeps the word's contrast (an
   * emoji keeps its own colours, and ❌ on the red banner all but vanished) and is no empty box without an emoji
   * font. It agrees with the word beside it, which carries the meaning, so a screen reader reading it out (`check
   * mark SUCCESS`) says nothing wrong.
   */
  symbol: string;
  /** Banner background; each carries white text at a contrast of at least 5:1 (WCAG AA asks 4.5:1). */
  banner: string;
  text: string;
}

export const STATUS_LOOKS: Readonly<Record<Status, StatusLook>> = {
  success: { word: 'SUCCESS', mark: '✅', symbol: '✓', banner: '#1a7f37', text: '#ffffff' },
  failure: { word: 'FAILURE', mark: '❌', symbol: '✗', banner: '#cf222e', text: '#ffffff' },
  cancelled: { word: 'CANCELLED', mark: '🚫', symbol: '⊘', banner: '#59636e', text: '#ffffff' },
  skipped: { word: 'SKIPPED', mark: '⏭️', symbol: '↷', banner: '#4c6a85', text: '#ffffff' },
};

/** The words a transition puts in place of the status word, and the one status each goes with. */
const TRANSITION_WORDS: Partial<Record<Transition, { status: Status; word: string }>> = {
  fixed: { status: 'success', word: 'FIXED' },
  broken: { status: 'failure', word: 'BROKEN' },
  'still-failing': { status: 'failure', word: 'STILL FAILING' },
};

/**
 * The mark and word that open the subject and the banner: `❌ BROKEN` says more than `❌ FAILURE` when the
 * previous run passed. A transition that contradicts the status is ignored; the status is what happened.
 */
export function headline(status: Status, transition: Transition | undefined): { mark: string; word: string } {
  const look = STATUS_LOOKS[status];
  const change = transition && TRANSITION_WORDS[transition];
  return { mark: look.mark, word: change && change.status === status ? change.word : look.word };
}
