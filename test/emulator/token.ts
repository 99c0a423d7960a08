/**
 * Access tokens: RS256 JWTs signed with a key made at start. The login service signs them and publishes the
 * public key as its JWKS; the Graph service verifies them, so a token from anywhere else fails validation.
 */
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface AccessClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  appid: string;
  azp: string;
  idtyp: 'app';
  ver: '2.0';
  /** Absent when the app holds no application permission, as Entra omits it. */
  roles?: string[];
}

export type Verified = { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'signature' };

export interface Signer {
  /** The JSON Web Key Set that openid-configuration's jwks_uri serves. */
  jwks: { keys: object[] };
  sign(claims: AccessClaims): string;
  verify(token: string): Verified;
}

export function createSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  return {
    jwks: { keys: [jwk] },
    sign: (claims) => signJwt(claims, kid, privateKey),
    verify: (token) => verifyJwt(token, publicKey),
  };
}

function signJwt(claims: AccessClaims, kid: string, key: KeyObject): string {
  const header = encode({ typ: 'JWT', alg: 'RS256', kid });
  const input = `${header}.${encode(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function verifyJwt(token: string, key: KeyObject): Verified {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  const valid = verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
  if (!valid) return { ok: false, reason: 'signature' };
  try {
    return { ok: true, claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

