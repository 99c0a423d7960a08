/**
 * `npm run demo`: the whole product on this machine, no Microsoft account needed. Starts the emulator, runs the
 * bundled action (dist/index.js, Node 24) for a real push payload, then shows what Graph received and writes the
 * rendered mail to an .html file to open in a browser.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAction } from '../test/fixtures/action.ts';
import { examplePayload, githubEnv } from '../test/fixtures/github.ts';
import { startEmulator } from '../test/emulator/index.ts';
import { emulatedEnv, emulatedInputs } from '../test/fixtures/emulated.ts';

const outDir = resolve(import.meta.dirname, '..', 'demo-output');
const emulator = await startEmulator();
try {
  const payload = examplePayload('push');
  const hosts = emulatedEnv(emulator);
  const run = await runAction({
    // A jest-junit report from the fixtures, so the mail names the failing tests too.
    inputs: { ...emulatedInputs(emulator), 'test-results': 'test/fixtures/reports/jest-junit.xml' },
    // A failed run: the mail then shows what it is for, the failed job, its failed step, annotations and log excerpt,
    // and the commits since the last successful run (the emulator's history has two).
    jobStatus: 'failure',
    github: githubEnv('push', payload, hosts.github),
    payload,
    env: { ...hosts.env, GITHUB_WORKSPACE: resolve(import.meta.dirname, '..') },
  });

  console.log('── the action (dist/index.js under Node 24) ──');
  console.log(run.stdout.trimEnd());
  if (run.stderr) console.error(run.stderr.trimEnd());
  console.log('\n── requests the emulator answered ──');
  for (const r of emulator.requests) console.log(`${r.service.padEnd(5)} ${r.status} ${r.method} ${r.path}`);

  const sent = emulator.messages[0];
  if (run.code !== 0 || sent === undefined) {
    console.error(`\nThe action failed (exit code ${run.code}); nothing reached Graph.`);
    process.exitCode = 1;
  } else {
    const message = sent.message as {
      subject: string;
      body: { content: string };
      toRecipients: { emailAddress: { address: string; name?: string } }[];
    };
    const to = message.toRecipients.map(({ emailAddress: a }) => (a.name ? `${a.name} <${a.address}>` : a.address));
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'notification.html');
    writeFileSync(file, message.body.content);
    console.log('\n── what Graph received ──');
    console.log(`POST /users/${sent.mailbox}/sendMail → 202, request-id ${sent.requestId}`);
    console.log(`Subject:    ${message.subject}`);
    console.log(`To:         ${to.join(', ')}`);
    console.log(`Outputs:    ${JSON.stringify(run.outputs)}`);
    console.log(`\nRendered mail written to ${file}`);
  }
} finally {
  await emulator.close();
}
