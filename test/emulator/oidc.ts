/**
 * GitHub Actions' OIDC token service: what `core.getIDToken(audience)` calls inside a job, and the issuer
 * metadata and keys a relying party (Entra, for a federated credential) verifies the token with. The job's
 * claims are plain mutable data, so a test can play another repository, branch or environment.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DEFAULTS } from './directory.ts';
import type { Exchange, Route } from './exchange.ts';
import { replyJson } from './exchange.ts';
import type { SigningKey } from './jwt.ts';

/** The claims GitHub puts in a job's ID token besides the registered ones; all strings, as GitHub sends them. */
export interface IdTokenClaims {
  sub: string;
  repository: string;
  repository_id: string;
  repository_owner: string;
  repository_owner_id: string;
  repository_visibility: string;
  ref: string;
  ref_type: string;
  sha: string;
  workflow: string;
  workflow_ref: string;
  job_workflow_ref: string;
  event_name: string;
  run_id: string;
  run_number: string;
  run_attempt: string;
  actor: string;
  actor_id: string;
  runner_environment: string;
  /** Present only for a job that names a deployment environment. */
  environment?: string;
  /** Expiry in seconds since the epoch, to play a token that is about to expire; absent: `iat` + 300. */
  exp?: number;
}

export interface OidcContext {
  githubUrl: string;
  /** The bearer a job holds in ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string;
  claims: IdTokenClaims;
  key: SigningKey;
}

export const ID_TOKEN_PATH = '/_apis/oidc/idtoken';
// GitHub's tokens live five minutes and are dated ten minutes back to absorb clock skew.
const LIFETIME_SECONDS = 300;
const BACKDATE_SECONDS = 600;

/** A push to the default branch of GitHub's sample repository, the repository the default app trusts. */
export function defaultIdTokenClaims(): IdTokenClaims {
  const workflowRef = `${DEFAULTS.repository}/${DEFAULTS.workflowPath}@${DEFAULTS.ref}`;
  return {
    sub: DEFAULTS.federatedSubject,
    repository: DEFAULTS.repository,
    repository_id: String(DEFAULTS.repositoryId),
    repository_owner: DEFAULTS.repository.split('/')[0]!,
    repository_owner_id: '21031067',
    repository_visibility: 'public',
    ref: DEFAULTS.ref,
    ref_type: 'branch',
    sha: DEFAULTS.headSha,
    workflow: DEFAULTS.workflowName,
    workflow_ref: workflowRef,
    job_workflow_ref: workflowRef,
    event_name: 'push',
    run_id: String(DEFAULTS.runId),
    run_number: String(DEFAULTS.runNumber),
    run_attempt: String(DEFAULTS.runAttempt),
    actor: 'Codertocat',
    actor_id: '21031067',
    runner_environment: 'github-hosted',
  };
}

/** The OIDC routes of the GitHub listener; undefined for a request that is not theirs. */
export function routeOidc(ex: Exchange, context: OidcContext): Route | undefined {
  if (ex.record.method !== 'GET') return undefined;
  switch (ex.url.pathname) {
    case ID_TOKEN_PATH:
      return { fault: 'idToken', handle: () => idToken(ex, context) };
    case '/.well-known/openid-configuration':
      return { handle: () => replyJson(ex, 200, openidConfiguration(context.githubUrl)) };
    case '/.well-known/jwks':
      return { handle: () => replyJson(ex, 200, context.key.jwks) };
    default:
      return undefined;
  }
}

function idToken(ex: Exchange, context: OidcContext): void {
  if (ex.req.headers.authorization !== `Bearer ${context.requestToken}`) {
    return replyJson(
      ex,
      401,
      { message: 'The request token is missing or not valid for this job.' },
      { 'www-authenticate': 'Bearer' },
    );
  }
  if (ex.url.searchParams.get('api-version') !== '2.0') {
    return replyJson(ex, 400, { message: "The query parameter 'api-version' must be '2.0'." });
  }
  // Without an audience GitHub addresses the token to the repository owner's URL.
  const audience = ex.url.searchParams.get('audience') || `https://github.com/${context.claims.repository_owner}`;
  replyJson(ex, 200, { value: signIdToken(context, audience) });
}

function signIdToken(context: OidcContext, audience: string): string {
  const iat = Math.floor(Date.now() / 1000);
  const { environment, exp, ...job } = context.claims;
  const claims = {
    jti: randomUUID(),
    ...job,
    ...(environment ? { environment } : {}),
    aud: audience,
    iss: DEFAULTS.federatedIssuer,
    nbf: iat - BACKDATE_SECONDS,
    exp: exp ?? iat + LIFETIME_SECONDS,
    iat,
  };
  // GitHub's header names its key twice, by `kid` and by certificate thumbprint (`x5t`).
  const x5t = createHash('sha1')
    .update(context.key.publicKey.export({ format: 'der', type: 'spki' }))
    .digest('base64url');
  return context.key.sign(claims, { x5t });
}

/** GitHub's issuer metadata, with the keys served by this listener instead of token.actions.githubusercontent.com. */
function openidConfiguration(githubUrl: string) {
  return {
    issuer: DEFAULTS.federatedIssuer,
    jwks_uri: `${githubUrl}/.well-known/jwks`,
    subject_types_supported: ['public', 'pairwise'],
    response_types_supported: ['id_token'],
    claims_supported: [
      'sub',
      'aud',
      'exp',
      'iat',
      'iss',
      'jti',
      'nbf',
      'ref',
      'sha',
      'repository',
      'repository_id',
      'repository_owner',
      'repository_owner_id',
      'repository_visibility',
      'run_id',
      'run_number',
      'run_attempt',
      'actor',
      'actor_id',
      'workflow',
      'workflow_ref',
      'job_workflow_ref',
      'event_name',
      'ref_type',
      'environment',
      'runner_environment',
    ],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid'],
  };
}
