/** `npm run demo` is one of the two commands the README promises: it must keep working. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { node24 } from '../fixtures/action.ts';

it('the demo sends through the emulator and writes the rendered mail', () => {
  const root = resolve(import.meta.dirname, '../..');
  const demo = spawnSync(node24, [resolve(root, 'scripts/demo.ts')], { cwd: root, encoding: 'utf8' });
  expect(demo.status).toBe(0);
  expect(demo.stdout).toContain('graph 202 POST /v1.0/users/ci-notify@contoso.com/sendMail');
  expect(demo.stdout).toMatch(/^Subject: {4}❌ BROKEN · Codertocat\/Hello-World · CI #42 · master$/m);
  expect(demo.stdout).toContain('To:         team@contoso.com, Jane Doe <jane@contoso.com>');
  const file = /^Rendered mail written to (.+)$/m.exec(demo.stdout)?.[1];
  expect(file).toBe(resolve(root, 'demo-output/notification.html'));
  const html = readFileSync(file!, 'utf8');
  expect(html).toMatch(/^<!DOCTYPE html>[\s\S]*View run[\s\S]*<\/html>\s*$/);
  expect(html).toContain('Expected 2 but received 3');
  expect(html).toContain('<b>Calculator › subtracts</b>');
  expect(demo.stdout).toMatch(/"tests-failed":"2"/);
  expect(html).toContain('CHANGES SINCE THE LAST SUCCESSFUL RUN');
  expect(html).toContain('Sign in with a passkey');
  expect(html).toContain('Error: Process completed with exit code 1.');
});
