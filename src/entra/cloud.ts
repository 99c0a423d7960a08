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

/** The Graph mail operations the action calls, named as its errors name them. */
export type MailOperation =
  'sendMail' | 'createDraft' | 'addAttachment' | 'createUploadSession' | 'send' | 'deleteDraft';

/**
 * What each cloud's Graph lacks, from the national-cloud table on each API's page (user: sendMail, user: post
 * messages, message: post attachments, attachment: createUploadSession, message: send, Delete message): every
 * one is in all four clouds except createUploadSession, which US Government L4 and L5 (DOD) do not have.
 */
const MISSING: Record<CloudName, readonly MailOperation[]> = {
  public: [],
  usgov: ['createUploadSession'],
  'usgov-dod': ['createUploadSession'],
  china: [],
};

export function offers(cloud: CloudName, operation: MailOperation): boolean {
  return !MISSING[cloud].includes(operation);
}

/** How a line names the cloud's Graph: `Graph in the US Government clouds (cloud: usgov)`. */
export function graphOf(cloud: CloudName): string {
  const where = {
    public: 'the global service',
    usgov: 'the US Government clouds',
    china: 'China, operated by 21Vianet',
  };
  return `Graph in ${where[cloud === 'usgov-dod' ? 'usgov' : cloud]} (cloud: ${cloud})`;
}
