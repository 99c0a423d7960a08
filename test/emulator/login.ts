/**
 * The login service: Entra ID's v2.0 endpoints as MSAL Node uses them for app-only tokens. Discovery
 * (openid-configuration), the signing keys, and the token endpoint.
 */
import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Directory, Tenant } from './directory.ts';
import { findTenant } from './directory.ts';
import type { Exchange, Route } from './exchange.ts';
import { reply, replyJson } from './exchange.ts';
import { errorBody, postOnly, tenantNotFound } from './aadsts.ts';
import type { Aadsts } from './aadsts.ts';
import { evaluateGrant } from './grant.ts';
import type { Signer } from './token.ts';
import type { CredentialKind } from './credential.ts';

export interface LoginContext {
  authorityHost: string;
  graphEndpoint: string;
  directory: Directory;
  signer: Signer;
  tokenRequests: TokenRequest[];
  /** Signing keys of the identity providers federated credentials may trust, by issuer and key id. */
  issuerKey(issuer: string, kid: string): KeyObject | undefined;
}

/** A token request that presented a client credential: which app, how it proved itself, what it asked for. */
export interface TokenRequest {
  clientId: string;
  grant: CredentialKind;
  /** The `scope` parameter as sent, '' when absent. */
  scope: string;
  /** Whether a token was issued. */
  issued: boolean;
}

const OPENID = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const KEYS = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;

export function routeLogin(ex: Exchange, context: LoginContext): Route {
  const path = ex.url.pathname;
  const method = ex.record.method;
  const openid = OPENID.exec(path);
  if (openid && method === 'GET') return { fault: 'openid', handle: () => discovery(ex, context, openid[1]!) };
  const token = TOKEN.exec(path);
  if (token && method === 'POST') return { fault: 'token', handle: () => issue(ex, context, token[1]!) };
  if (token) return { handle: () => refuse(ex, context, postOnly(method)) };
  const keys = KEYS.exec(path);
  if (keys && method === 'GET') return { handle: () => replyJson(ex, 200, context.signer.jwks) };
  return { handle: () => reply(ex, 404, { 'content-type': 'text/plain' }, `No login endpoint at ${method} ${path}`) };
}

function discovery(ex: Exchange, context: LoginContext, segment: string): void {
  const name = decodeURIComponent(segment);
  const tenant = findTenant(context.directory, name);
  if (!tenant) return refuse(ex, context, tenantNotFound(name, 'invalid_tenant'));
  replyJson(ex, 200, openidConfiguration(tenant.id, context));
}

/** Entra's discovery document for a tenant, with every endpoint under the emulator's authority host. */
function openidConfiguration(tenantId: string, context: LoginContext) {
  const base = `${context.authorityHost}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${context.graphEndpoint}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'azp', 'roles'],
    tenant_region_scope: 'WW',
    cloud_instance_name: new URL(context.authorityHost).host,
    msgraph_host: new URL(context.graphEndpoint).host,
  };
}

function issue(ex: Exchange, context: LoginContext, segment: string): void {
  const form = formOf(ex);
  const grant = evaluateGrant(decodeURIComponent(segment), form, {
    directory: context.directory,
    issuer: (tenant: Tenant) => `${context.authorityHost}/${tenant.id}/v2.0`,
    tokenEndpoints: (tenant: Tenant, named: string) => tokenEndpoints(context.authorityHost, [tenant.id, named]),
    issuerKey: context.issuerKey,
    now: Date.now(),
  });
  if (grant.credential) {
    context.tokenRequests.push({
      clientId: form.get('client_id') ?? '',
      grant: grant.credential,
      scope: form.get('scope') ?? '',
      issued: grant.ok,
    });
  }
  if (!grant.ok) return refuse(ex, context, grant.failure);
  const lifetime = context.directory.tokenLifetimeSeconds;
  replyJson(
    ex,
    200,
    {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: context.signer.sign(grant.claims),
    },
    traceHeaders(randomUUID(), correlationOf(ex)),
  );
}

/** The v2.0 and v1 token endpoints under the tenant's id and under the name the request used for it. */
function tokenEndpoints(authorityHost: string, tenantNames: string[]): string[] {
  return [...new Set(tenantNames)].flatMap((name) => [
    `${authorityHost}/${name}/oauth2/v2.0/token`,
    `${authorityHost}/${name}/oauth2/token`,
  ]);
}

/** Entra reads the token request only as a form; any other body leaves every parameter missing. */
function formOf(ex: Exchange): URLSearchParams {
  const type = ex.req.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(ex.body.toString('utf8'))
    : new URLSearchParams();
}

function refuse(ex: Exchange, context: LoginContext, failure: Aadsts): void {
  const traceId = randomUUID();
  const correlationId = correlationOf(ex);
  const body = errorBody(failure, context.authorityHost, correlationId, traceId);
  replyJson(ex, failure.status, body, traceHeaders(traceId, correlationId));
}

/** MSAL sends client-request-id; Entra echoes it as the correlation id. */
function correlationOf(ex: Exchange): string {
  const sent = ex.req.headers['client-request-id'];
  return typeof sent === 'string' && sent ? sent : randomUUID();
}

function traceHeaders(traceId: string, correlationId: string): Record<string, string> {
  return { 'x-ms-request-id': traceId, 'client-request-id': correlationId, 'cache-control': 'no-store, no-cache' };
}
