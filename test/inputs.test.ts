import { EOL } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseInputs, readInputs, type Inputs } from '../src/inputs.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** The smallest set of inputs a real run passes (status comes from the action.yml default). */
const BASE: Record<string, string> = {
  'tenant-id': TENANT,
  'client-id': CLIENT,
  'client-secret': 'abc~secret',
  sender: 'ci@contoso.com',
  to: 'jane@contoso.com',
  status: 'success',
};

const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

const parse = (overrides: Record<string, string> = {}): Inputs => parseInputs(reader({ ...BASE, ...overrides }));
const parseError = (overrides: Record<string, string>) => {
  try {
    parse(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parseInputs did not throw');
};

describe('parseInputs', () => {
  it('fills every default from the smallest set of inputs', () => {
    expect(parse()).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'secret', secret: 'abc~secret' },
      cloud: 'public',
      authorityHost: 'https://login.microsoftonline.com',
      graphEndpoint: 'https://graph.microsoft.com',
      sender: 'ci@contoso.com',
      from: undefined,
      to: [{ address: 'jane@contoso.com' }],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: undefined,
      body: undefined,
      bodyFormat: 'html',
      status: 'success',
      notifyWhen: 'always',
      githubToken: '',
      importance: 'normal',
      saveToSentItems: true,
      dryRun: false,
      jobSummary: true,
      timeoutSeconds: 120,
      attachments: [],
      testResults: [],
      maxMessageBytes: 35 * 1024 * 1024,
      toAuthors: false,
      authorDomains: [],
      logLines: 30,
    });
  });

  it('reads every input it is given', () => {
    expect(
      parse({
        cloud: 'usgov',
        from: 'Builds <builds@contoso.com>',
        to: 'a@contoso.com; Bob <b@contoso.com>',
        cc: 'c@contoso.com',
        bcc: 'd@contoso.com',
        'reply-to': 'e@contoso.com',
        subject: 'Nightly',
        body: '<p>done</p>\n',
        'body-format': 'text',
        status: 'failure',
        importance: 'high',
        'save-to-sent-items': 'false',
        'dry-run': 'true',
        'job-summary': 'false',
        'timeout-seconds': '30',
        'notify-when': 'change',
        'github-token': ' ghs_token ',
        attachments: ' reports/*.xml \n\n?coverage/**/*.html\r\n',
        'test-results': '**/TEST-*.xml\r\n\n ?**/*.trx ',
        'max-message-size': '150',
        'to-authors': 'true',
        'author-domains': 'Contoso.com, fabrikam.com;contoso.com\nxn--bcher-kva.example',
        'log-lines': '5',
        'log-file': ' build.log ',
      }),
    ).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'secret', secret: 'abc~secret' },
      cloud: 'usgov',
      authorityHost: 'https://login.microsoftonline.us',
      graphEndpoint: 'https://graph.microsoft.us',
      sender: 'ci@contoso.com',
      from: { address: 'builds@contoso.com', name: 'Builds' },
      to: [{ address: 'a@contoso.com' }, { address: 'b@contoso.com', name: 'Bob' }],
      cc: [{ address: 'c@contoso.com' }],
      bcc: [{ address: 'd@contoso.com' }],
      replyTo: [{ address: 'e@contoso.com' }],
      subject: 'Nightly',
      body: '<p>done</p>\n',
      bodyFormat: 'text',
      status: 'failure',
      notifyWhen: 'change',
      githubToken: 'ghs_token',
      importance: 'high',
      saveToSentItems: false,
      dryRun: true,
      jobSummary: false,
      timeoutSeconds: 30,
      attachments: ['reports/*.xml', '?coverage/**/*.html'],
      testResults: ['**/TEST-*.xml', '?**/*.trx'],
      maxMessageBytes: 150 * 1024 * 1024,
      toAuthors: true,
      authorDomains: ['contoso.com', 'fabrikam.com', 'xn--bcher-kva.example'],
      logLines: 5,
      logFile: 'build.log',
    });
  });

  describe('log-lines', () => {
    it.each([
      ['0', 0],
      [' 500 ', 500],
    ])('takes %j', (value, lines) => {
      expect(parse({ 'log-lines': value }).logLines).toBe(lines);
    });

    it.each(['501', '-1', '2.5', 'all'])('refuses %j, naming the input and the range', (value) => {
      expect(parseError({ 'log-lines': value })).toBe(
        `Input 'log-lines' must be a whole number from 0 (no log excerpts) to 500, got "${value}".`,
      );
    });
  });

  describe('credentials', () => {
    it.each(['tenant-id', 'client-id'])('%s is required', (name) => {
      expect(parseError({ [name]: '' })).toBe(`Input '${name}' is required and was not supplied.`);
    });

    it('whitespace alone does not count as supplied', () => {
      expect(parseError({ 'tenant-id': ' \n ' })).toBe(`Input 'tenant-id' is required and was not supplied.`);
    });

    it('are trimmed', () => {
      expect(parse({ 'tenant-id': ` ${TENANT}\n` }).tenantId).toBe(TENANT);
      expect(parse({ 'client-secret': ' abc~secret\n' }).credential).toEqual({ kind: 'secret', secret: 'abc~secret' });
    });

    it('may all be left out of a dry run', () => {
      const inputs = parse({ 'dry-run': 'true', 'tenant-id': '', 'client-id': '', 'client-secret': '' });
      expect(inputs).toMatchObject({ dryRun: true, tenantId: '', clientId: '' });
    });
  });

  describe('credential choice', () => {
    const PEM = `-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----`;
    const ENCRYPTED = PEM.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY');

    it('a certificate without a secret', () => {
      expect(parse({ 'client-secret': '', 'client-certificate': PEM }).credential).toEqual({
        kind: 'certificate',
        pem: PEM,
      });
    });

    it('an encrypted certificate with its password', () => {
      const inputs = parse({
        'client-secret': '',
        'client-certificate': ENCRYPTED,
        'client-certificate-password': 'pw',
      });
      expect(inputs.credential).toEqual({ kind: 'certificate', pem: ENCRYPTED, password: 'pw' });
    });

    it("GitHub OIDC when neither is set, with the cloud's audience", () => {
      expect(parse({ 'client-secret': '' }).credential).toEqual({
        kind: 'oidc',
        audience: 'api://AzureADTokenExchange',
      });
      expect(parse({ 'client-secret': '', cloud: 'usgov-dod' }).credential).toEqual({
        kind: 'oidc',
        audience: 'api://AzureADTokenExchangeUSGov',
      });
      expect(parse({ 'client-secret': '', cloud: 'china' }).credential).toEqual({
        kind: 'oidc',
        audience: 'api://AzureADTokenExchangeChina',
      });
      expect(parse({ 'client-secret': '', 'oidc-audience': 'api://custom' }).credential).toEqual({
        kind: 'oidc',
        audience: 'api://custom',
      });
    });

    it('refuses both a secret and a certificate, naming both', () => {
      expect(parseError({ 'client-certificate': PEM })).toBe(
        "Inputs 'client-secret' and 'client-certificate' are both set: give only one (or neither, to sign in with " +
          'GitHub OIDC).',
      );
    });

    it.each([
      ['a bare certificate', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'],
      ['a bare key', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'],
      ['a thumbprint', '0123456789ABCDEF0123456789ABCDEF01234567'],
    ])('refuses %s as a certificate', (_name, value) => {
      expect(parseError({ 'client-secret': '', 'client-certificate': value })).toBe(
        "Input 'client-certificate' must be PEM text holding both the certificate (-----BEGIN CERTIFICATE-----) " +
          'and its private key (-----BEGIN PRIVATE KEY-----), e.g. cat cert.pem key.pem.',
      );
    });

    it('asks for the password of an encrypted key', () => {
      expect(parseError({ 'client-secret': '', 'client-certificate': ENCRYPTED })).toBe(
        "Input 'client-certificate' holds an encrypted private key: pass its password in 'client-certificate-password'.",
      );
    });

    it('refuses a password without a certificate', () => {
      expect(parseError({ 'client-secret': '', 'client-certificate-password': 'pw' })).toBe(
        "Input 'client-certificate-password' is set but 'client-certificate' is empty.",
      );
    });
  });

  describe('sender', () => {
    it('is required, even for a dry run', () => {
      expect(parseError({ sender: '', 'dry-run': 'true' })).toBe(`Input 'sender' is required and was not supplied.`);
    });

    it('may be an object id, kept as written', () => {
      expect(parse({ sender: ' 9F0E1D2C-3B4A-5968-7A6B-5C4D3E2F1A0B ' }).sender).toBe(
        '9F0E1D2C-3B4A-5968-7A6B-5C4D3E2F1A0B',
      );
    });

    it('may be an address in angle brackets, which are dropped', () => {
      expect(parse({ sender: '<ci@contoso.com>' }).sender).toBe('ci@contoso.com');
    });

    it.each([
      ['Name <ci@contoso.com>', 'a display name'],
      ['ci@contoso', 'a domain without a dot'],
      ['ci@contoso.com, ops@contoso.com', 'two addresses'],
      ['9f0e1d2c-3b4a-5968-7a6b', 'a truncated object id'],
    ])('rejects %j (%s)', (sender) => {
      expect(parseError({ sender })).toBe(
        `Input 'sender' must be the sending mailbox's address (user@contoso.com) or its object id, got "${sender}".`,
      );
    });
  });

  describe('from', () => {
    it('blank means the sender itself', () => {
      expect(parse({ from: '  ' }).from).toBeUndefined();
    });

    it('keeps a bare address without a name', () => {
      expect(parse({ from: ' builds@contoso.com ' }).from).toEqual({ address: 'builds@contoso.com' });
    });

    it.each(['builds', 'a@contoso.com; b@contoso.com'])('rejects %j', (from) => {
      expect(parseError({ from })).toBe(
        `Input 'from' must be one e-mail address (Name <user@contoso.com> allowed), got "${from}".`,
      );
    });
  });

  describe('recipients', () => {
    it('needs at least one in to, cc or bcc', () => {
      expect(parseError({ to: '' })).toBe("No recipient: give at least one address in 'to', 'cc' or 'bcc'.");
    });

    it('does not count reply-to as a recipient', () => {
      expect(parseError({ to: '', 'reply-to': 'e@contoso.com' })).toBe(
        "No recipient: give at least one address in 'to', 'cc' or 'bcc'.",
      );
    });

    it('accepts bcc alone', () => {
      expect(parse({ to: '', bcc: 'd@contoso.com' })).toMatchObject({
        to: [],
        cc: [],
        bcc: [{ address: 'd@contoso.com' }],
      });
    });

    it.each(['to', 'cc', 'bcc', 'reply-to'])('names %s in its error', (name) => {
      expect(parseError({ [name]: 'a@contoso.com, jane' })).toBe(
        `Input '${name}' has an entry that is not an e-mail address: "jane". Write name@example.com or ` +
          'Name <name@example.com>, separated by commas, semicolons or new lines. If it is part of a name, put the ' +
          'whole name in double quotes: "Doe, Jane" <jane@contoso.com>.',
      );
    });
  });

  describe('cloud and hosts', () => {
    it.each([
      ['USGov', 'usgov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'],
      [' usgov-dod ', 'usgov-dod', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
      ['china', 'china', 'https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
      ['', 'public', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'],
    ])('cloud %j selects %s', (value, cloud, authorityHost, graphEndpoint) => {
      expect(parse({ cloud: value })).toMatchObject({ cloud, authorityHost, graphEndpoint });
    });

    it('rejects an unknown cloud, listing the known ones', () => {
      expect(parseError({ cloud: 'gcc-high' })).toBe(
        `Input 'cloud' must be one of public, usgov, usgov-dod, china; got "gcc-high".`,
      );
    });

    it('each host can be overridden alone; the other follows the cloud', () => {
      expect(parse({ cloud: 'usgov', 'graph-endpoint': 'https://localhost:8443' })).toMatchObject({
        authorityHost: 'https://login.microsoftonline.us',
        graphEndpoint: 'https://localhost:8443',
      });
      expect(parse({ 'authority-host': 'https://login.example.test' })).toMatchObject({
        authorityHost: 'https://login.example.test',
        graphEndpoint: 'https://graph.microsoft.com',
      });
    });

    it.each([
      ['https://graph.microsoft.us/', 'https://graph.microsoft.us'],
      [' https://Graph.Microsoft.US:443 ', 'https://graph.microsoft.us'],
      ['https://127.0.0.1:8443/', 'https://127.0.0.1:8443'],
    ])('reduces %j to the origin %s', (value, origin) => {
      expect(parse({ 'graph-endpoint': value }).graphEndpoint).toBe(origin);
    });

    it.each(['graph.microsoft.us', 'https://', 'graph.microsoft.us:443', 'ftp://graph.microsoft.us'])(
      'rejects %j as not a URL',
      (value) => {
        expect(parseError({ 'graph-endpoint': value })).toBe(
          `Input 'graph-endpoint' must be an https URL such as https://graph.microsoft.us, got "${value}".`,
        );
      },
    );

    it('gives an example of its own kind for authority-host', () => {
      expect(parseError({ 'authority-host': 'login.microsoftonline.us:443' })).toBe(
        `Input 'authority-host' must be an https URL such as https://login.microsoftonline.us, got "login.microsoftonline.us:443".`,
      );
    });

    it('rejects http', () => {
      expect(parseError({ 'authority-host': 'http://login.microsoftonline.us' })).toBe(
        `Input 'authority-host' must use https (tokens are never sent in clear text), got "http://login.microsoftonline.us".`,
      );
    });

    it.each([
      'https://graph.microsoft.us/v1.0',
      'https://graph.microsoft.us/?x=1',
      'https://graph.microsoft.us/#top',
      'https://user:pw@graph.microsoft.us',
    ])('rejects %j, suggesting the bare origin', (value) => {
      expect(parseError({ 'graph-endpoint': value })).toBe(
        `Input 'graph-endpoint' must be an origin without a path, such as https://graph.microsoft.us ` +
          `(no /v1.0 or tenant), got "${value}".`,
      );
    });

    it('rejects an authority host with the tenant in it', () => {
      const value = `https://login.microsoftonline.com/${TENANT}`;
      expect(parseError({ 'authority-host': value })).toBe(
        `Input 'authority-host' must be an origin without a path, such as https://login.microsoftonline.com ` +
          `(no /v1.0 or tenant), got "${value}".`,
      );
    });
  });

  describe('subject and body', () => {
    it('blank means the default one', () => {
      expect(parse({ subject: ' ', body: '\n\n' })).toMatchObject({ subject: undefined, body: undefined });
    });

    it('are kept as written, whitespace included', () => {
      expect(parse({ subject: ' Deploy ', body: '  line 1\n  line 2\n' })).toMatchObject({
        subject: ' Deploy ',
        body: '  line 1\n  line 2\n',
      });
    });
  });

  describe('choices', () => {
    it.each([
      ['body-format', 'TEXT', 'bodyFormat', 'text'],
      ['body-format', ' html ', 'bodyFormat', 'html'],
      ['importance', 'Low', 'importance', 'low'],
      ['status', 'Cancelled', 'status', 'cancelled'],
      ['status', 'skipped', 'status', 'skipped'],
    ])('%s %j is %s %s', (input, value, key, expected) => {
      expect(parse({ [input]: value })[key as keyof Inputs]).toBe(expected);
    });

    it.each([
      ['body-format', 'rtf', `Input 'body-format' must be one of html, text, markdown, got "rtf".`],
      [
        'notify-when',
        'sometimes',
        `Input 'notify-when' must be one of always, failure, not-success, change, got "sometimes".`,
      ],
      ['importance', 'urgent', `Input 'importance' must be one of low, normal, high, got "urgent".`],
    ])('%s rejects %j', (input, value, message) => {
      expect(parseError({ [input]: value })).toBe(message);
    });

    it('status is auto when empty or auto, and points at job.status when unknown', () => {
      expect(parse({ status: '' }).status).toBe('auto');
      expect(parse({ status: ' AUTO ' }).status).toBe('auto');
      expect(parseError({ status: 'passed' })).toBe(
        'Input \'status\' must be one of success, failure, cancelled, skipped or auto (normally ${{ job.status }}), got "passed".',
      );
    });

    it.each(['always', 'failure', 'not-success', 'change'])('notify-when %s', (value) => {
      expect(parse({ 'notify-when': value }).notifyWhen).toBe(value);
    });
  });

  describe('limits', () => {
    it.each(['0', '151', '35.5', '35MB', '-1'])('max-message-size refuses %j', (value) => {
      expect(parseError({ 'max-message-size': value })).toBe(
        `Input 'max-message-size' must be a whole number of MB from 1 to 150, got "${value}".`,
      );
    });

    it('refuses more than 500 recipients before anything is sent', () => {
      const many = (prefix: string, n: number) =>
        Array.from({ length: n }, (_, i) => `${prefix}${i}@contoso.com`).join(',');
      expect(parse({ to: many('t', 300), cc: many('c', 150), bcc: many('b', 50) }).bcc).toHaveLength(50);
      expect(parseError({ to: many('t', 300), cc: many('c', 150), bcc: many('b', 51) })).toBe(
        "'to', 'cc' and 'bcc' hold 501 recipients; Graph accepts at most 500 in one mail. Send to a distribution list instead.",
      );
    });
  });

  describe('body-file', () => {
    it('reads the file, relative paths from the workspace', () => {
      const asked: string[] = [];
      const inputs = parseInputs(reader({ ...BASE, 'body-file': ' docs/mail.md ' }), (path) => {
        asked.push(path);
        return '# Hello {{ repository }}';
      });
      expect(inputs.body).toBe('# Hello {{ repository }}');
      expect(asked).toEqual(['docs/mail.md']);
    });

    it('refuses body and body-file together', () => {
      expect(parseError({ body: 'x', 'body-file': 'mail.html' })).toBe(
        "Inputs 'body' and 'body-file' are both set: give only one.",
      );
    });

    it('names a file it cannot read and why', () => {
      const missing = () => {
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      };
      expect(() => parseInputs(reader({ ...BASE, 'body-file': 'nope.html' }), missing)).toThrow(
        new Error(`Input 'body-file' names a file that cannot be read: "nope.html" (ENOENT).`),
      );
    });
  });

  describe('booleans', () => {
    it.each([
      ['true', true],
      ['True', true],
      ['TRUE', true],
      [' true\n', true],
      ['false', false],
      ['False', false],
      ['FALSE', false],
    ])('%j is %s', (value, expected) => {
      expect(parse({ 'save-to-sent-items': value, 'job-summary': value }).saveToSentItems).toBe(expected);
      expect(parse({ 'save-to-sent-items': value, 'job-summary': value }).jobSummary).toBe(expected);
    });

    it.each(['yes', 'tRue', '1', 'on'])('rejects %j, naming the input', (value) => {
      expect(parseError({ 'dry-run': value })).toBe(`Input 'dry-run' must be true or false, got "${value}".`);
      expect(parseError({ 'job-summary': value })).toBe(`Input 'job-summary' must be true or false, got "${value}".`);
    });
  });

  describe('timeout-seconds', () => {
    it.each([
      ['1', 1],
      ['3600', 3600],
      [' 45 ', 45],
    ])('%j is %d', (value, seconds) => {
      expect(parse({ 'timeout-seconds': value }).timeoutSeconds).toBe(seconds);
    });

    it.each(['0', '3601', '-5', '1.5', 'abc', '2m', '1e2', '0x10', '60.0'])('rejects %j', (value) => {
      expect(parseError({ 'timeout-seconds': value })).toBe(
        `Input 'timeout-seconds' must be a whole number of seconds from 1 to 3600, got "${value}".`,
      );
    });
  });
});

describe('readInputs', () => {
  const saved = { ...process.env };
  let written: string[];

  beforeEach(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
    written = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });

  it('reads INPUT_* variables by action.yml name and masks the client secret', () => {
    Object.assign(process.env, {
      'INPUT_TENANT-ID': TENANT,
      'INPUT_CLIENT-ID': CLIENT,
      'INPUT_CLIENT-SECRET': '  Zq8~s3cr3t.value  ',
      INPUT_SENDER: 'ci@contoso.com',
      INPUT_TO: 'jane@contoso.com',
      'INPUT_REPLY-TO': 'ops@contoso.com',
      'INPUT_BODY-FORMAT': 'text',
      'INPUT_SAVE-TO-SENT-ITEMS': 'false',
      'INPUT_TIMEOUT-SECONDS': '9',
      INPUT_STATUS: 'failure',
    });
    const inputs = readInputs();
    expect(inputs).toMatchObject({
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'secret', secret: 'Zq8~s3cr3t.value' },
      sender: 'ci@contoso.com',
      to: [{ address: 'jane@contoso.com' }],
      replyTo: [{ address: 'ops@contoso.com' }],
      bodyFormat: 'text',
      saveToSentItems: false,
      timeoutSeconds: 9,
      status: 'failure',
    });
    expect(written).toEqual([`::add-mask::Zq8~s3cr3t.value${EOL}`]);
  });

  it('masks a certificate whole, line by line, and its password', () => {
    const pem =
      '-----BEGIN CERTIFICATE-----\nMIIBcertline\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIEkeyline1\nkeyline2xyz\n-----END PRIVATE KEY-----';
    Object.assign(process.env, {
      'INPUT_TENANT-ID': TENANT,
      'INPUT_CLIENT-ID': CLIENT,
      'INPUT_CLIENT-CERTIFICATE': pem,
      'INPUT_CLIENT-CERTIFICATE-PASSWORD': 'pa55word',
      INPUT_SENDER: 'ci@contoso.com',
      INPUT_TO: 'jane@contoso.com',
      INPUT_STATUS: 'success',
    });
    expect(readInputs().credential).toEqual({ kind: 'certificate', pem, password: 'pa55word' });
    const masked = written.map((line) => line.replace(/^::add-mask::/, '').trimEnd());
    expect(masked[0]).toBe(pem.replace(/\n/g, '%0A'));
    expect(masked).toEqual(expect.arrayContaining(['MIIEkeyline1', 'keyline2xyz', 'MIIBcertline', 'pa55word']));
  });

  it('masks the secret before a later input fails validation', () => {
    Object.assign(process.env, {
      'INPUT_TENANT-ID': TENANT,
      'INPUT_CLIENT-ID': CLIENT,
      'INPUT_CLIENT-SECRET': 'Zq8~s3cr3t.value',
      INPUT_SENDER: 'Jane <ci@contoso.com>',
      INPUT_TO: 'jane@contoso.com',
      INPUT_STATUS: 'success',
    });
    expect(() => readInputs()).toThrow(
      new Error(
        `Input 'sender' must be the sending mailbox's address (user@contoso.com) or its object id, ` +
          'got "Jane <ci@contoso.com>".',
      ),
    );
    expect(written).toEqual([`::add-mask::Zq8~s3cr3t.value${EOL}`]);
  });

  it('masks nothing when there is no secret (a dry run)', () => {
    Object.assign(process.env, {
      'INPUT_DRY-RUN': 'true',
      INPUT_SENDER: 'ci@contoso.com',
      INPUT_TO: 'jane@contoso.com',
      INPUT_STATUS: 'success',
    });
    expect(readInputs()).toMatchObject({ dryRun: true, credential: { kind: 'oidc' } });
    expect(written).toEqual([]);
  });
});

describe('to-authors and author-domains', () => {
  it('is off by default, and author-domains alone is allowed', () => {
    expect(parse({ 'author-domains': 'contoso.com' })).toMatchObject({
      toAuthors: false,
      authorDomains: ['contoso.com'],
    });
  });

  it('refuses to-authors without author-domains, naming both', () => {
    expect(parseError({ 'to-authors': 'true' })).toBe(
      "Input 'to-authors' is true but 'author-domains' is empty: list the domains whose commit authors may be " +
        'mailed (author-domains: contoso.com), since a commit can name any address.',
    );
    expect(parseError({ 'to-authors': 'true', 'author-domains': ' , ' })).toMatch(/^Input 'to-authors' is true/);
  });

  it.each(['@contoso.com', '*.contoso.com', 'jane@contoso.com', 'contoso', 'https://contoso.com', '-x.com', 'a_b.com'])(
    'refuses %s as a domain',
    (entry) => {
      expect(parseError({ 'to-authors': 'true', 'author-domains': `fabrikam.com, ${entry}` })).toBe(
        `Input 'author-domains' has an entry that is not a domain: "${entry}". Write domains such as contoso.com, ` +
          'separated by commas, without @ or wildcards (list each subdomain itself).',
      );
    },
  );

  it('refuses a to-authors that is not a boolean', () => {
    expect(parseError({ 'to-authors': 'yes' })).toBe(`Input 'to-authors' must be true or false, got "yes".`);
  });
});
