/** What the socket layer said, e.g. `ECONNREFUSED` or `self-signed certificate`: the part a user can act on. */
export function networkReason(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause) {
    // Only system codes (ECONNRESET, UND_ERR_SOCKET, ...): the Graph client also puts class names in `code`.
    const code = (e as NodeJS.ErrnoException).code;
    const system = typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) && !e.message.includes(code);
    parts.push(system ? `${e.message} (${code})` : e.message);
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}
