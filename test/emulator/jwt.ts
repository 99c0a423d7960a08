/**
 * Compact JWTs as every party here uses them: access tokens the login service signs, client assertions it
 * checks, and the ID tokens the GitHub service signs. Only the algorithms those parties use: RS256 and PS256.
 */
import { constants, createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface Jwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `header.payload`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

export interface SigningKey {
  kid: string;
  publicKey: KeyObject;
  /** The JSON Web Key Set a verifier fetches to check this key's signatures. */
  jwks: { keys: object[] };
  /** Signs RS256 with `kid` in the header; `header` adds fields (GitHub's `x5t`). */
  sign(claims: object, header?: Record<string, string>): string;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('base64url');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  return {
    kid,
    publicKey,
    jwks: { keys: [jwk] },
    sign: (claims, header = {}) => signJwt({ typ: 'JWT', alg: 'RS256', kid, ...header }, claims, privateKey),
  };
}

export function signJwt(header: { alg: string } & Record<string, string>, claims: object, key: KeyObject): string {
  const input = `${encode(header)}.${encode(claims)}`;
  return `${input}.${signature(header.alg, input, key).toString('base64url')}`;
}

/** Splits and parses a JWT; undefined when it is not three parts with JSON objects in the first two. */
export function decodeJwt(token: string): Jwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signed] = parts as [string, string, string];
  const parsed = [header, payload].map(objectOf);
  if (!parsed[0] || !parsed[1]) return undefined;
  return {
    header: parsed[0],
    claims: parsed[1],
    signingInput: `${header}.${payload}`,
    signature: Buffer.from(signed, 'base64url'),
  };
}

/** Checks the signature with the algorithm the header names; an algorithm outside RS256/PS256 never verifies. */
export function verifyJwt(jwt: Jwt, key: KeyObject): boolean {
  const options = paddingOf(jwt.header.alg);
  if (!options) return false;
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), { key, ...options }, jwt.signature);
  } catch {
    // A key of the wrong type (EC) for the algorithm fails as a bad signature would.
    return false;
  }
}

function signature(alg: string, input: string, key: KeyObject): Buffer {
  const options = paddingOf(alg);
  if (!options) throw new Error(`cannot sign ${alg}`);
  return sign('sha256', Buffer.from(input), { key, ...options });
}

// RFC 7518: PS256 is RSASSA-PSS with SHA-256 and a salt as long as the hash.
function paddingOf(alg: unknown): { padding: number; saltLength?: number } | undefined {
  if (alg === 'RS256') return { padding: constants.RSA_PKCS1_PADDING };
  if (alg === 'PS256') {
    return { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  }
  return undefined;
}

function objectOf(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
