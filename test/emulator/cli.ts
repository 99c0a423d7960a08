/**
 * Runs the emulator in the foreground for manual runs and demos: `node test/emulator/cli.ts`.
 * Prints where it listens and the default credentials (secret, certificate, a job's OIDC variables and
 * GITHUB_TOKEN), logs each request, and stops on Ctrl-C. `--latency-ms 100` delays every answer, as a real
 * network's round trip would.
 */
import { parseArgs } from 'node:util';
import { DEFAULTS, startEmulator } from './index.ts';
import type { RequestRecord } from './index.ts';

const log = (r: RequestRecord): void =>
  console.log(`${r.service.padEnd(6)} ${r.status || '---'} ${r.method} ${r.path}`);

const { values } = parseArgs({ options: { 'latency-ms': { type: 'string', default: '0' } } });
const latencyMs = Number(values['latency-ms']);
if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error('--latency-ms takes a number of milliseconds');
const emulator = await startEmulator({ onRequest: log, latencyMs });

console.log(`Entra ID (login)   ${emulator.authorityHost}
Microsoft Graph    ${emulator.graphEndpoint}
GitHub (OIDC, API) ${emulator.githubUrl}
GitHub job logs    ${emulator.logsUrl}   (the pre-signed URLs the API redirects to)
CA certificate     ${emulator.caFile}

  export NODE_EXTRA_CA_CERTS=${emulator.caFile}

authority-host     ${emulator.authorityHost}
graph-endpoint     ${emulator.graphEndpoint}
tenant-id          ${DEFAULTS.tenantId}
client-id          ${DEFAULTS.clientId}
client-secret      ${DEFAULTS.clientSecret}
sender             ${DEFAULTS.sender}   (may send as ${DEFAULTS.sendAsAddress})

certificate        thumbprint ${emulator.clientCertificate.thumbprint} (PEM below)
federated subject  ${DEFAULTS.federatedSubject}, audience ${DEFAULTS.federatedAudience}

  export ACTIONS_ID_TOKEN_REQUEST_URL='${emulator.idTokenRequestUrl}'
  export ACTIONS_ID_TOKEN_REQUEST_TOKEN='${emulator.idTokenRequestToken}'
  export GITHUB_API_URL=${emulator.githubUrl} GITHUB_REPOSITORY=${DEFAULTS.repository}
  export GITHUB_RUN_ID=${DEFAULTS.runId} GITHUB_RUN_ATTEMPT=${DEFAULTS.runAttempt} RUNNER_NAME='${DEFAULTS.currentRunnerName}'
  github-token ${DEFAULTS.githubToken}

${emulator.clientCertificate.pem}
Listening${latencyMs > 0 ? `, every answer ${latencyMs} ms late` : ''}; Ctrl-C stops.`);

async function stop(signal: string): Promise<void> {
  console.log(`\n${signal}: closing`);
  await emulator.close();
  process.exit(0);
}

process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
