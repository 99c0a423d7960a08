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
