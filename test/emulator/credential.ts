/**
 * How a client proves it is the app: the one place that checks client credentials. A secret against
 * `passwordCredentials`; a client assertion (RFC 7523 jwt-bearer) either signed with a certificate the app
 * holds in `keyCredentials`, or issued by another identity provider the app trusts through
 * `federatedIdentityCredentials`. Each branch checks in the order Entra does, so the first failure is Entra's.
 */
import { X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { App, KeyCredential } from './directory.ts';
import {
  assertionAudienceMismatch,
  assertionClientMismatch,
  assertionOutOfTime,
  expiredAssertionKey,
  expiredSecret,
  federatedSubjectCase,
  invalidAssertionSignature,
  invalidSecret,
  malformedAssertion,
  missingAssertionType,
  missingCredential,
  noFederatedAudience,
  noFederatedIssuer,
  noFederatedSubject,
  unknownAssertionKey,
  untrustedAssertionSignature,
} from './aadsts.ts';
import type { Aadsts } from './aadsts.ts';
import { decodeJwt, verifyJwt } from './jwt.ts';
import type { Jwt } from './jwt.ts';

export type CredentialKind = 'secret' | 'certificate' | 'federated';

export interface CredentialContext {
  now: number;
  /** The URLs a certificate assertion may name as `aud`: the token endpoints of the tenant it asks. */
  tokenEndpoints: string[];
  /** The key an external issuer signs with; Entra would fetch the issuer's JWKS, the emulator knows it. */
  issuerKey(issuer: string, kid: string): KeyObject | undefined;
}

/** The credential the client presented and Entra's refusal of it, if any; no kind when it presented none. */
export type Authentication = { kind: CredentialKind; failure?: Aadsts } | { kind?: undefined; failure: Aadsts };

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// Clocks of CI runners drift; an assertion dated a little ahead is still taken.
const NOT_BEFORE_SKEW_SECONDS = 300;

export function authenticate(app: App, form: URLSearchParams, context: CredentialContext): Authentication {
  const assertion = form.get('client_assertion');
  if (assertion) return checkAssertion(app, form, assertion, context);
  const secret = form.get('client_secret');
  if (!secret) return { failure: missingCredential() };
  return { kind: 'secret', failure: checkSecret(app, secret, context.now) };
}

function checkSecret(app: App, secret: string, now: number): Aadsts | undefined {
  // A secret's id never matches a value, which is exactly the mistake Entra's 7000215 text points at.
  const credential = app.passwordCredentials.find((c) => c.secretText === secret);
  if (!credential) return invalidSecret(app.appId);
  if (Date.parse(credential.endDateTime) <= now) return expiredSecret(app.appId);
  return undefined;
}

function checkAssertion(
  app: App,
  form: URLSearchParams,
  assertion: string,
  context: CredentialContext,
): Authentication {
  if (form.get('client_assertion_type') !== JWT_BEARER) return { failure: missingAssertionType() };
  const jwt = decodeJwt(assertion);
  if (!jwt) return { failure: malformedAssertion() };
  // MSAL names its certificate by thumbprint and never sends `kid`; an identity provider's token names its key
  // by `kid` (GitHub's carries an `x5t` as well), so the header tells the two apart.
  const thumbprint = jwt.header.kid === undefined ? thumbprintOf(jwt.header) : undefined;
  if (thumbprint) return { kind: 'certificate', failure: checkCertificate(app, jwt, thumbprint, context) };
  return { kind: 'federated', failure: checkFederated(app, jwt, context) };
}

interface Thumbprint {
  algorithm: 'sha1' | 'sha256';
  /** Hex upper case, as Entra quotes it back. */
  hex: string;
}

function thumbprintOf(header: Jwt['header']): Thumbprint | undefined {
  const sha256 = header['x5t#S256'];
  if (typeof sha256 === 'string' && sha256) return { algorithm: 'sha256', hex: hexOf(sha256) };
  const sha1 = header.x5t;
  if (typeof sha1 === 'string' && sha1) return { algorithm: 'sha1', hex: hexOf(sha1) };
  return undefined;
}

const hexOf = (base64url: string): string => Buffer.from(base64url, 'base64url').toString('hex').toUpperCase();

function checkCertificate(app: App, jwt: Jwt, thumbprint: Thumbprint, context: CredentialContext): Aadsts | undefined {
  const key = app.keyCredentials.find(
    (k) => k.type === 'AsymmetricX509Cert' && k.usage === 'Verify' && holds(k, thumbprint),
  );
  if (!key) return unknownAssertionKey(app.appId, thumbprint.hex);
  if (Date.parse(key.endDateTime) <= context.now) {
    return expiredAssertionKey(thumbprint.hex, key.startDateTime, key.endDateTime);
  }
  if (!verifyJwt(jwt, new X509Certificate(key.key).publicKey)) return invalidAssertionSignature(thumbprint.hex);
  const { iss, sub } = jwt.claims;
  if (!sameId(iss, app.appId) || !sameId(sub, app.appId)) return assertionClientMismatch();
  if (!audiencesOf(jwt.claims.aud).some((a) => context.tokenEndpoints.includes(a))) return assertionAudienceMismatch();
  return outOfTime(jwt, context.now);
}

/**
 * Entra finds an `x5t` by the key's customKeyIdentifier, the SHA-1 thumbprint the portal shows; it has no
 * stored SHA-256 thumbprint, so an `x5t#S256` is matched against the certificate itself.
 */
function holds(key: KeyCredential, thumbprint: Thumbprint): boolean {
  if (thumbprint.algorithm === 'sha1') return key.customKeyIdentifier.toUpperCase() === thumbprint.hex;
  return new X509Certificate(key.key).fingerprint256.replaceAll(':', '') === thumbprint.hex;
}

function checkFederated(app: App, jwt: Jwt, context: CredentialContext): Aadsts | undefined {
  const issuer = jwt.claims.iss;
  if (typeof issuer !== 'string') return malformedAssertion();
  // Entra needs a trusted issuer before it can know where that issuer's keys are, so the issuer comes first.
  const trusted = app.federatedIdentityCredentials.filter((c) => c.issuer === issuer);
  if (trusted.length === 0) return noFederatedIssuer(issuer);
  const kid = jwt.header.kid;
  const key = typeof kid === 'string' ? context.issuerKey(issuer, kid) : undefined;
  if (!key || !verifyJwt(jwt, key)) return untrustedAssertionSignature(issuer);
  const late = outOfTime(jwt, context.now);
  if (late) return late;
  const subject = typeof jwt.claims.sub === 'string' ? jwt.claims.sub : '';
  const bySubject = trusted.filter((c) => c.subject === subject);
  if (bySubject.length === 0) {
    const caseOnly = trusted.some((c) => c.subject.toLowerCase() === subject.toLowerCase());
    return caseOnly ? federatedSubjectCase(subject) : noFederatedSubject(subject);
  }
  const audiences = audiencesOf(jwt.claims.aud);
  if (!bySubject.some((c) => c.audiences.some((a) => audiences.includes(a)))) {
    return noFederatedAudience(audiences.join(', '));
  }
  return undefined;
}

function outOfTime(jwt: Jwt, now: number): Aadsts | undefined {
  const { exp, nbf } = jwt.claims;
  if (typeof exp !== 'number') return malformedAssertion();
  const from = typeof nbf === 'number' ? nbf : 0;
  const seconds = now / 1000;
  if (seconds >= exp || seconds < from - NOT_BEFORE_SKEW_SECONDS) return assertionOutOfTime(now, from, exp);
  return undefined;
}

/** A JWT's `aud` is one string or an array of them. */
function audiencesOf(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

const sameId = (claim: unknown, appId: string): boolean =>
  typeof claim === 'string' && claim.toLowerCase() === appId.toLowerCase();
