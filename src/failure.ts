/**
 * An expected failure: its message is the whole story (cause, fix, request id), so it is reported without a
 * stack trace. Anything else that reaches the top is a defect and gets its stack in the debug log.
 */
export class ActionFailure extends Error {
  override name = 'ActionFailure';
}
