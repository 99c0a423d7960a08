import { describe, expect, it } from 'vitest';
import { CLOUDS, graphOf, graphScope, isCloudName, offers, type MailOperation } from '../../src/entra/cloud.js';

describe('CLOUDS', () => {
  it('names exactly the four clouds, in the order the cloud error lists them', () => {
    expect(Object.keys(CLOUDS)).toEqual(['public', 'usgov', 'usgov-dod', 'china']);
  });

  it.each([
    ['public', 'https://login.microsoftonline.com', 'https://graph.microsoft.com', 'api://AzureADTokenExchange'],
    ['usgov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us', 'api://AzureADTokenExchangeUSGov'],
    [
      'usgov-dod',
      'https://login.microsoftonline.us',
      'https://dod-graph.microsoft.us',
      'api://AzureADTokenExchangeUSGov',
    ],
    [
      'china',
      'https://login.chinacloudapi.cn',
      'https://microsoftgraph.chinacloudapi.cn',
      'api://AzureADTokenExchangeChina',
    ],
  ] as const)(
    '%s signs in at %s, sends through %s, federates with %s',
    (name, authorityHost, graphEndpoint, audience) => {
      expect(CLOUDS[name]).toEqual({ authorityHost, graphEndpoint, oidcAudience: audience });
    },
  );

  it('holds bare https origins, which graphScope and the inputs rely on', () => {
    for (const cloud of Object.values(CLOUDS)) {
      for (const host of [cloud.authorityHost, cloud.graphEndpoint]) {
        expect(new URL(host).origin).toBe(host);
        expect(host.startsWith('https://')).toBe(true);
      }
    }
  });
});

describe('isCloudName', () => {
  it.each(['public', 'usgov', 'usgov-dod', 'china'])('accepts %s', (name) => {
    expect(isCloudName(name)).toBe(true);
  });

  it.each(['', 'Public', 'USGov', 'gcc-high', 'germany', 'toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'rejects %j, inherited object keys included',
    (name) => {
      expect(isCloudName(name)).toBe(false);
    },
  );
});

describe('graphScope', () => {
  it.each([
    ['public', 'https://graph.microsoft.com/.default'],
    ['usgov', 'https://graph.microsoft.us/.default'],
    ['usgov-dod', 'https://dod-graph.microsoft.us/.default'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn/.default'],
  ] as const)('%s: %s', (name, scope) => {
    expect(graphScope(CLOUDS[name].graphEndpoint)).toBe(scope);
  });

  it('follows an overridden endpoint', () => {
    expect(graphScope('https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443/.default');
  });
});

describe('offers: the mail APIs of each cloud, from the national-cloud table on each API page', () => {
  const operations: MailOperation[] = ['sendMail', 'createDraft', 'addAttachment', 'send', 'deleteDraft'];

  it.each(['public', 'usgov', 'usgov-dod', 'china'] as const)('%s has every call but perhaps upload sessions', (c) => {
    for (const operation of operations) expect(offers(c, operation)).toBe(true);
  });

  it('upload sessions: not in US Government L4 and L5', () => {
    expect(offers('public', 'createUploadSession')).toBe(true);
    expect(offers('china', 'createUploadSession')).toBe(true);
    expect(offers('usgov', 'createUploadSession')).toBe(false);
    expect(offers('usgov-dod', 'createUploadSession')).toBe(false);
  });

  it('names the cloud the way the error lines do', () => {
    expect(graphOf('usgov')).toBe('Graph in the US Government clouds (cloud: usgov)');
    expect(graphOf('usgov-dod')).toBe('Graph in the US Government clouds (cloud: usgov-dod)');
    expect(graphOf('china')).toBe('Graph in China, operated by 21Vianet (cloud: china)');
  });
});
