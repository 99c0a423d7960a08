/**
 * Access tokens: RS256 JWTs signed with a key made at start. The login service signs them and publishes the
 * public key as its JWKS; the Graph service verifies them, so a token from anywhere else fails validation.
 */
import { createSigningKey, decodeJwt, verifyJwt } from './jwt.ts';

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
  const key = createSigningKey();
  return {
    jwks: key.jwks,
    sign: (claims) => key.sign(claims),
    verify: (token) => {
      const jwt = decodeJwt(token);
      if (!jwt) return { ok: false, reason: 'malformed' };
      // Only RS256 from this key: a token signed any other way did not come from the login service.
      if (jwt.header.alg !== 'RS256' || !verifyJwt(jwt, key.publicKey)) return { ok: false, reason: 'signature' };
      return { ok: true, claims: jwt.claims as unknown as AccessClaims };
    },
  };
}
