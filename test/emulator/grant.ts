/**
 * A token request judged against the directory in the order Entra ID checks it: tenant, request shape,
 * app, client credential, scope. The first failure wins, as it does at Entra.
 */
import type { Directory, Tenant, App } from './directory.ts';
import { findApp, findTenant } from './directory.ts';
import { authenticate } from './credential.ts';
import type { CredentialContext, CredentialKind } from './credential.ts';
import {
  appNotFound,
  missingParameter,
  resourceNotFound,
  scopeWithoutDefault,
  tenantNotFound,
  unsupportedGrant,
} from './aadsts.ts';
import type { Aadsts } from './aadsts.ts';
import type { AccessClaims } from './token.ts';

/** `credential` is the kind of client credential presented, when the request got as far as checking it. */
export type Grant =
  | { ok: true; claims: AccessClaims; credential: CredentialKind }
  | { ok: false; failure: Aadsts; credential?: CredentialKind };

export interface GrantContext extends Omit<CredentialContext, 'tokenEndpoints'> {
  directory: Directory;
  /** The issuer for a tenant, as openid-configuration states it. */
  issuer(tenant: Tenant): string;
  /** The token endpoint URLs of a tenant as the request addressed it, the audiences an assertion may name. */
  tokenEndpoints(tenant: Tenant, segment: string): string[];
}

export function evaluateGrant(tenantSegment: string, form: URLSearchParams, context: GrantContext): Grant {
  const tenant = findTenant(context.directory, tenantSegment);
  if (!tenant) return fail(tenantNotFound(tenantSegment));
  const grantType = form.get('grant_type');
  if (!grantType) return fail(missingParameter('grant_type'));
  if (grantType !== 'client_credentials') return fail(unsupportedGrant(grantType));
  const appId = form.get('client_id');
  if (!appId) return fail(missingParameter('client_id'));
  const app = findApp(tenant, appId);
  if (!app) return fail(appNotFound(appId, tenant.displayName));
  const proof = authenticate(app, form, { ...context, tokenEndpoints: context.tokenEndpoints(tenant, tenantSegment) });
  if (!proof.kind) return fail(proof.failure);
  if (proof.failure) return fail(proof.failure, proof.kind);
  const resource = resourceOf(form.get('scope'), tenant, context.directory);
  if (typeof resource !== 'string') return fail(resource, proof.kind);
  return { ok: true, claims: claimsFor(tenant, app, resource, context), credential: proof.kind };
}

const fail = (failure: Aadsts, credential?: CredentialKind): Grant =>
  credential ? { ok: false, failure, credential } : { ok: false, failure };

function resourceOf(scope: string | null, tenant: Tenant, directory: Directory): string | Aadsts {
  if (!scope) return missingParameter('scope');
  // Client credentials take exactly one `{resource}/.default`; MSAL may add OIDC scopes, which do not count.
  const scopes = scope.split(' ').filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
  const [only] = scopes;
  if (scopes.length !== 1 || !only?.endsWith('/.default')) return scopeWithoutDefault(scope);
  const resource = only.slice(0, -'/.default'.length);
  const known = directory.resources.some((r) => r.replace(/\/$/, '') === resource.replace(/\/$/, ''));
  return known ? resource : resourceNotFound(resource, tenant.displayName);
}

function claimsFor(tenant: Tenant, app: App, resource: string, context: GrantContext): AccessClaims {
  const iat = Math.floor(context.now / 1000);
  return {
    aud: resource,
    iss: context.issuer(tenant),
    iat,
    nbf: iat,
    exp: iat + context.directory.tokenLifetimeSeconds,
    tid: tenant.id,
    appid: app.appId,
    azp: app.appId,
    idtyp: 'app',
    ver: '2.0',
    ...(app.roles.length > 0 ? { roles: [...app.roles] } : {}),
  };
}
