/** The Microsoft clouds a tenant can live in, with the hosts each one uses for sign-in and for Graph. */
export const CLOUDS = {
  public: {
    authorityHost: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
    oidcAudience: 'api://AzureADTokenExchange',
  },
  usgov: {
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://graph.microsoft.us',
    oidcAudience: 'api://AzureADTokenExchangeUSGov',
  },
  'usgov-dod': {
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://dod-graph.microsoft.us',
    oidcAudience: 'api://AzureADTokenExchangeUSGov',
  },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    oidcAudience: 'api://AzureADTokenExchangeChina',
  },
} as const;

export type CloudName = keyof typeof CLOUDS;

export function isCloudName(value: string): value is CloudName {
  return Object.hasOwn(CLOUDS, value);
}

/** Graph's app-only scope is the resource itself plus `/.default`: the permissions granted to the app. */
export function graphScope(graphEndpoint: string): string {
  return `${graphEndpoint}/.default`;
}
