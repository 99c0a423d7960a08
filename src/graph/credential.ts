import { ClientSecretCredential, type TokenCredential } from '@azure/identity';

export interface CredentialSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  authorityHost: string;
}

/**
 * The app-only credential. Instance discovery is off: it would ask login.microsoftonline.com about the authority
 * even for a national cloud or an overridden host, which fails where that host is not reachable and adds a
 * request everywhere else; the tenant's openid-configuration still validates the authority.
 */
export function createCredential(settings: CredentialSettings): TokenCredential {
  return new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, {
    authorityHost: settings.authorityHost,
    disableInstanceDiscovery: true,
  });
}
