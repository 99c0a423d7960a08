import { fetch } from 'undici';
import { dispatcher } from '../net/proxy.js';
import { networkReason } from '../net/reason.js';

/**
 * MSAL reports a failed metadata request only as `endpoints_resolution_error`, dropping Entra's answer. Asking
 * once more recovers it (AADSTS90002 for an unknown tenant) or the network error, so the user sees the cause.
 */
export async function probeAuthority(authorityHost: string, tenantId: string, signal: AbortSignal): Promise<string> {
  const url = `${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
  try {
    const response = await fetch(url, { signal, dispatcher: dispatcher() });
    return `${url} answered ${response.status}: ${description(await response.text())}`;
  } catch (error) {
    return `${url}: ${networkReason(error)}`;
  }
}

/** Entra's `error_description` when the body is its JSON error, else the body itself. */
function description(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'error_description' in parsed) return String(parsed.error_description);
  } catch {
    // Not JSON: a proxy's page, say; the caller shows only the status for it.
  }
  return body;
}
