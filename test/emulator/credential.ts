/**
 * How a client proves it is the app: the one place that checks client credentials. Certificates
 * (client_assertion against `keyCredentials`) and federated tokens (against `federatedIdentityCredentials`)
 * add branches here; the rest of the token request does not change.
 */
import type { App } from './directory.ts';
import { expiredSecret, invalidSecret, missingCredential, unknownAssertionKey } from './aadsts.ts';
import type { Aadsts } from './aadsts.ts';

export function authenticate(app: App, form: URLSearchParams, now: number): Aadsts | undefined {
  // The directory holds no certificate or federated credentials yet, so no assertion can match a key.
  if (form.has('client_assertion')) return unknownAssertionKey();
  const secret = form.get('client_secret');
  if (!secret) return missingCredential();
  return checkSecret(app, secret, now);
}

function checkSecret(app: App, secret: string, now: number): Aadsts | undefined {
  // A secret's id never matches a value, which is exactly the mistake Entra's 7000215 text points at.
  const credential = app.passwordCredentials.find((c) => c.secretText === secret);
  if (!credential) return invalidSecret(app.appId);
  if (Date.parse(credential.endDateTime) <= now) return expiredSecret(app.appId);
  return undefined;
}
