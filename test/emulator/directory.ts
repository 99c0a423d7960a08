/**
 * The emulated directory: tenants with their app registrations and Exchange Online mailboxes. It is plain
 * mutable data so a test can script a situation (remove a permission, expire a secret, block a mailbox)
 * by editing it between requests.
 */
import { X509Certificate } from 'node:crypto';

export interface Directory {
  tenants: Tenant[];
  /** Resource identifiers the login service issues tokens for (`{resource}/.default`). */
  resources: string[];
  /** Lifetime of issued access tokens; 0 issues tokens that are already expired when Graph sees them. */
  tokenLifetimeSeconds: number;
}

export interface Tenant {
  id: string;
  displayName: string;
  /** Verified domains; a tenant can be addressed by its id or any of these. */
  domains: string[];
  apps: App[];
  mailboxes: Mailbox[];
  accessPolicies: AccessPolicy[];
}

/**
 * An app registration with its service principal in the tenant. Its three kinds of credential keep Graph's
 * names and shapes; credential.ts checks a client's proof against them.
 */
export interface App {
  appId: string;
  displayName: string;
  /** Application permissions an administrator consented to; they become the token's `roles`. */
  roles: string[];
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  federatedIdentityCredentials: FederatedIdentityCredential[];
}

export interface PasswordCredential {
  keyId: string;
  displayName: string;
  secretText: string;
  /** ISO 8601 instant after which Entra refuses the secret. */
  endDateTime: string;
}

/** A certificate uploaded to the app registration; a client proves it holds the private key. */
export interface KeyCredential {
  keyId: string;
  displayName: string;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  /** SHA-1 thumbprint, hex upper case: the `x5t` of an assertion finds the key by it. */
  customKeyIdentifier: string;
  /** The certificate as PEM; its public key checks the signature, its SHA-256 thumbprint matches `x5t#S256`. */
  key: string;
  startDateTime: string;
  /** ISO 8601 instant after which Entra refuses assertions signed with this key. */
  endDateTime: string;
}

/** Trust in another identity provider's tokens (workload identity federation), as Graph describes it. */
export interface FederatedIdentityCredential {
  name: string;
  /** Compared exactly with the assertion's `iss`. */
  issuer: string;
  /** Compared exactly with the assertion's `sub`; Entra names a match that differs only in case. */
  subject: string;
  /** The assertion's `aud` must be one of these. */
  audiences: string[];
  description?: string;
}

export interface Mailbox {
  id: string;
  /** User principal name, also the primary SMTP address. */
  address: string;
  /** Whether the user holds an Exchange Online licence; without one Graph has no mailbox to send from. */
  licensed: boolean;
  /** Other addresses this mailbox holds Send As rights on. */
  sendAs: string[];
  /** MaxSendSize in bytes: the largest mail Exchange lets it send, measured after encoding. */
  maxSendSize: number;
}

/** An Exchange application access policy (New-ApplicationAccessPolicy) scoped to a list of mailboxes. */
export interface AccessPolicy {
  appId: string;
  /** RestrictAccess: the app reaches only these mailboxes. DenyAccess: it reaches all but these. */
  accessRight: 'RestrictAccess' | 'DenyAccess';
  mailboxes: string[];
}

export const DEFAULTS = {
  tenantId: '6d5e4c3b-2a19-4f08-8e7d-6c5b4a392817',
  tenantName: 'Contoso',
  tenantDomain: 'contoso.com',
  clientId: '0f1e2d3c-4b5a-4697-8877-a6b5c4d3e2f1',
  appName: 'ci-notify',
  clientSecret: 'emu~Secret.Value-8Qx2Lr7Vt4Nz9Kp3Hs6Wd1Fb5Jm0Yc',
  clientSecretId: '3a4b5c6d-7e8f-4901-a2b3-c4d5e6f7a8b9',
  clientSecretExpires: '2099-12-31T23:59:59Z',
  expiredClientSecret: 'emu~Expired.Value-2Mn8Bv5Cx1Zl6Kj9Hg3Fd7Sa4Qw0Er',
  expiredClientSecretId: '9b8a7c6d-5e4f-4321-b0a9-f8e7d6c5b4a3',
  expiredClientSecretExpired: '2024-01-31T00:00:00Z',
  certificateKeyId: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
  /** GitHub Actions' OIDC issuer, trusted by the default app's federated credential. */
  federatedIssuer: 'https://token.actions.githubusercontent.com',
  federatedCredentialName: 'github-hello-world-master',
  /** The `sub` GitHub gives a job of DEFAULTS.repository on DEFAULTS.ref. */
  federatedSubject: 'repo:Codertocat/Hello-World:ref:refs/heads/master',
  /** The audience Entra recommends for GitHub's tokens, and azure/login requests. */
  federatedAudience: 'api://AzureADTokenExchange',
  repository: 'Codertocat/Hello-World',
  ref: 'refs/heads/master',
  /** GitHub Actions, as the REST API sees it: the repository and the run the action runs in. */
  repositoryId: 186853002,
  branch: 'master',
  headSha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
  /** Where html_url links point (GITHUB_SERVER_URL); the emulator serves only the API. */
  serverUrl: 'https://github.com',
  /** The job's GITHUB_TOKEN, an installation token with `actions: read` and `checks: read`. */
  githubToken: 'ghs_emu7Yq2Wc5Nv8Lx1Rb4Tk6Hd9Fj3Mp0Sg2Za',
  workflowId: 6126291,
  workflowName: 'CI',
  workflowPath: '.github/workflows/ci.yml',
  runId: 1658821493,
  runNumber: 42,
  runAttempt: 1,
  /** The job the action runs in, still in progress, and its RUNNER_NAME. */
  currentJobName: 'notify',
  currentRunnerName: 'GitHub Actions 7',
  /** GitHub's rate limit for a GITHUB_TOKEN: requests per hour and repository. */
  rateLimit: 1000,
  permission: 'Mail.Send',
  /** What saving a draft, uploading its attachments and deleting it needs; the default app holds it too. */
  draftPermission: 'Mail.ReadWrite',
  sender: 'ci-notify@contoso.com',
  senderId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  sendAsAddress: 'alerts@contoso.com',
  unlicensedMailbox: 'unlicensed@contoso.com',
  unlicensedMailboxId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
  restrictedMailbox: 'restricted@contoso.com',
  restrictedMailboxId: 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f',
  /** Public-cloud Graph: tokens for it are issued, and the emulated Graph rejects them (wrong cloud). */
  publicGraphResource: 'https://graph.microsoft.com',
  tokenLifetimeSeconds: 3599,
  /** Exchange Online's default MaxSendSize for a mailbox: 35 MB. */
  maxSendSize: 35 * 1024 * 1024,
} as const;

/** The certificate the default app holds: the emulator makes one at start, so `reset` keeps it. */
export interface RegisteredCertificate {
  certificate: string;
  thumbprint: string;
}

export function defaultDirectory(graphEndpoint: string, certificate: RegisteredCertificate): Directory {
  return {
    tenants: [defaultTenant(certificate)],
    resources: [graphEndpoint, DEFAULTS.publicGraphResource],
    tokenLifetimeSeconds: DEFAULTS.tokenLifetimeSeconds,
  };
}

function defaultTenant(certificate: RegisteredCertificate): Tenant {
  return {
    id: DEFAULTS.tenantId,
    displayName: DEFAULTS.tenantName,
    domains: [DEFAULTS.tenantDomain, 'contoso.onmicrosoft.com'],
    apps: [defaultApp(certificate)],
    mailboxes: [
      mailbox(DEFAULTS.senderId, DEFAULTS.sender, true, [DEFAULTS.sendAsAddress]),
      mailbox(DEFAULTS.unlicensedMailboxId, DEFAULTS.unlicensedMailbox, false),
      mailbox(DEFAULTS.restrictedMailboxId, DEFAULTS.restrictedMailbox, true),
    ],
    accessPolicies: [{ appId: DEFAULTS.clientId, accessRight: 'DenyAccess', mailboxes: [DEFAULTS.restrictedMailbox] }],
  };
}

function mailbox(id: string, address: string, licensed: boolean, sendAs: string[] = []): Mailbox {
  return { id, address, licensed, sendAs, maxSendSize: DEFAULTS.maxSendSize };
}

function defaultApp(certificate: RegisteredCertificate): App {
  return {
    appId: DEFAULTS.clientId,
    displayName: DEFAULTS.appName,
    roles: [DEFAULTS.permission, DEFAULTS.draftPermission],
    passwordCredentials: [
      {
        keyId: DEFAULTS.clientSecretId,
        displayName: 'ci',
        secretText: DEFAULTS.clientSecret,
        endDateTime: DEFAULTS.clientSecretExpires,
      },
      {
        keyId: DEFAULTS.expiredClientSecretId,
        displayName: 'old',
        secretText: DEFAULTS.expiredClientSecret,
        endDateTime: DEFAULTS.expiredClientSecretExpired,
      },
    ],
    keyCredentials: [keyCredentialOf(certificate)],
    federatedIdentityCredentials: [
      {
        name: DEFAULTS.federatedCredentialName,
        issuer: DEFAULTS.federatedIssuer,
        subject: DEFAULTS.federatedSubject,
        audiences: [DEFAULTS.federatedAudience],
        description: 'GitHub Actions jobs on the default branch',
      },
    ],
  };
}

function keyCredentialOf({ certificate, thumbprint }: RegisteredCertificate): KeyCredential {
  const x509 = new X509Certificate(certificate);
  return {
    keyId: DEFAULTS.certificateKeyId,
    displayName: `CN=${DEFAULTS.appName}`,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    customKeyIdentifier: thumbprint,
    key: certificate,
    startDateTime: x509.validFromDate.toISOString(),
    endDateTime: x509.validToDate.toISOString(),
  };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function findTenant(directory: Directory, idOrDomain: string): Tenant | undefined {
  return directory.tenants.find((t) => same(t.id, idOrDomain) || t.domains.some((d) => same(d, idOrDomain)));
}

export function findApp(tenant: Tenant, appId: string): App | undefined {
  return tenant.apps.find((a) => same(a.appId, appId));
}

/** Graph addresses a user by object id or by user principal name, both case-insensitively. */
export function findMailbox(tenant: Tenant, idOrAddress: string): Mailbox | undefined {
  return tenant.mailboxes.find((m) => same(m.id, idOrAddress) || same(m.address, idOrAddress));
}

export function blockedByPolicy(tenant: Tenant, appId: string, mailbox: Mailbox): boolean {
  return tenant.accessPolicies
    .filter((p) => same(p.appId, appId))
    .some((p) => {
      const listed = p.mailboxes.some((m) => same(m, mailbox.address) || same(m, mailbox.id));
      return p.accessRight === 'RestrictAccess' ? !listed : listed;
    });
}

export function maySendAs(mailbox: Mailbox, address: string): boolean {
  return same(mailbox.address, address) || mailbox.sendAs.some((a) => same(a, address));
}
