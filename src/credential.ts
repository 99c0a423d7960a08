import * as core from '@actions/core';
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  type TokenCredential,
} from '@azure/identity';
import type { RunContext } from './context.js';
import { ActionFailure, ID_TOKEN_FAILURE } from './failure.js';
import type { CredentialInput } from './inputs.js';

export interface CredentialSettings {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  credential: CredentialInput;
}

/**
 * The app-only credential the inputs ask for. Instance discovery is off: it would ask login.microsoftonline.com
 * about the authority even for a national cloud or an overridden host, which fails where that host is not
 * reachable and adds a request everywhere else; the tenant's openid-configuration still validates the authority.
 */
export function createCredential(settings: CredentialSettings, run: RunContext): TokenCredential {
  const options = { authorityHost: settings.authorityHost, disableInstanceDiscovery: true };
  const { tenantId, clientId, credential } = settings;
  switch (credential.kind) {
    case 'secret':
      return new ClientSecretCredential(tenantId, clientId, credential.secret, options);
    case 'certificate':
      return new ClientCertificateCredential(
        tenantId,
        clientId,
        { certificate: credential.pem, certificatePassword: credential.password },
        options,
      );
    case 'oidc':
      assertIdTokenAvailable(run);
      return new ClientAssertionCredential(tenantId, clientId, () => idToken(credential.audience), options);
  }
}

/** Fails before any request when GitHub will not hand this job an OIDC token, saying why. */
function assertIdTokenAvailable(run: RunContext): void {
  if (process.env.ACTIONS_ID_TOKEN_REQUEST_URL) return;
  const fork = run.pullRequest?.fork;
  if (fork !== undefined) {
    throw new ActionFailure(
      `No credential: this run is a pull request from the fork ${fork}, and GitHub gives such runs neither ` +
        "secrets (so 'client-secret' is empty) nor OIDC tokens. Skip the step for forks, e.g. " +
        'if: github.event.pull_request.head.repo.full_name == github.repository.',
    );
  }
  throw new ActionFailure(
    "No credential: 'client-secret' and 'client-certificate' are empty, so the action signs in with GitHub OIDC, " +
      "but this job may not request an OIDC token. Add 'permissions: id-token: write' to the job (or the " +
      "workflow), or pass 'client-secret' or 'client-certificate'.",
  );
}

interface Claims {
  iss?: unknown;
  sub?: unknown;
  aud?: unknown;
}

/**
 * Fetches GitHub's OIDC token for `audience` and logs the claims a federated credential must match (never the
 * token itself), so a mismatch can be fixed from the log alone.
 */
async function idToken(audience: string): Promise<string> {
  let token: string;
  try {
    token = await core.getIDToken(audience);
  } catch (error) {
    throw new Error(`${ID_TOKEN_FAILURE}: ${error instanceof Error ? error.message : String(error)}`);
  }
  core.setSecret(token);
  const claims = decodeClaims(token);
  core.info(
    `GitHub OIDC token: issuer ${String(claims.iss)}, subject ${String(claims.sub)}, audience ${String(claims.aud)}`,
  );
  return token;
}

function decodeClaims(token: string): Claims {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Claims;
  } catch {
    return {};
  }
}
