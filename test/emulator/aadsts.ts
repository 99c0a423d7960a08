/**
 * The token errors Entra ID answers, with its OAuth error names, HTTP statuses and description texts, so a
 * client's error handling meets the strings it will meet in production.
 */
import { randomUUID } from 'node:crypto';

export interface Aadsts {
  code: number;
  error: string;
  status: number;
  text: string;
}

const aadsts = (code: number, error: string, status: number, text: string): Aadsts => ({ code, error, status, text });

export const tenantNotFound = (tenant: string, error = 'invalid_request'): Aadsts =>
  aadsts(90002, error, 400,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
    'correct cloud. Check with your subscription administrator, this may happen if there are no active ' +
    'subscriptions for the tenant.');

export const missingParameter = (name: string): Aadsts =>
  aadsts(900144, 'invalid_request', 400, `The request body must contain the following parameter: '${name}'.`);

export const postOnly = (method: string): Aadsts =>
  aadsts(900561, 'invalid_request', 400, `The endpoint only accepts POST requests. Received a ${method} request.`);

export const unsupportedGrant = (grant: string): Aadsts =>
  aadsts(70003, 'unsupported_grant_type', 400, `The app requested an unsupported grant type '${grant}'.`);

export const appNotFound = (appId: string, tenantName: string): Aadsts =>
  aadsts(700016, 'unauthorized_client', 400,
    `Application with identifier '${appId}' was not found in the directory '${tenantName}'. This can happen if ` +
    'the application has not been installed by the administrator of the tenant or consented to by any user in ' +
    'the tenant. You may have sent your authentication request to the wrong tenant.');

export const missingCredential = (): Aadsts =>
  aadsts(7000218, 'invalid_client', 401,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

export const invalidSecret = (appId: string): Aadsts =>
  aadsts(7000215, 'invalid_client', 401,
    'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
    `not the client secret ID, for a secret added to app '${appId}'.`);

export const expiredSecret = (appId: string): Aadsts =>
  aadsts(7000222, 'invalid_client', 401,
    `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys ` +
    'for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added ' +
    'security: https://aka.ms/certCreds.');

export const unknownAssertionKey = (): Aadsts =>
  aadsts(700027, 'invalid_client', 401,
    'The certificate with identifier used to sign the client assertion is not registered on application. ' +
    '[Reason - The key was not found.]');

export const scopeWithoutDefault = (scope: string): Aadsts =>
  aadsts(1002012, 'invalid_scope', 400,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with ` +
    '/.default suffixed to the resource identifier (application ID URI).');

export const resourceNotFound = (resource: string, tenantName: string): Aadsts =>
  aadsts(500011, 'invalid_resource', 400,
    `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen ` +
    'if the application has not been installed by the administrator of the tenant or consented to by any user ' +
    'in the tenant. You might have sent your authentication request to the wrong tenant.');

/** Entra's error body: the description ends with the trace lines support asks for. */
export function errorBody(failure: Aadsts, authorityHost: string, correlationId: string, traceId = randomUUID()) {
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    error: failure.error,
    error_description:
      `AADSTS${failure.code}: ${failure.text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}` +
      `\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authorityHost}/error?code=${failure.code}`,
  };
}
