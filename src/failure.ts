/**
 * An expected failure: its message is the whole story (cause, fix, request id), so it is reported without a
 * stack trace. Anything else that reaches the top is a defect and gets its stack in the debug log.
 */
export class ActionFailure extends Error {
  override name = 'ActionFailure';
  /** Graph's answer when there was one, for the step's outputs. */
  readonly answer?: { statusCode: number; requestId: string };

  constructor(message: string, answer?: { statusCode: number; requestId: string }) {
    super(message);
    this.answer = answer;
  }
}

/** Prefix of the error a client-assertion callback throws when it cannot get GitHub's OIDC token. */
export const ID_TOKEN_FAILURE = 'GitHub OIDC token request failed';

/**
 * A value quoted for an error line, control characters spelled out: a pasted value with a line break must not
 * break the one-line error (or start a new workflow command).
 */
export function shown(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this spells out
  return `"${value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
