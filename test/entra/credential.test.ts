import { describe, expect, it } from 'vitest';
import { cachedIdToken, ID_TOKEN_MARGIN_SECONDS, noIdTokenMessage } from '../../src/entra/credential.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';

/** An unsigned JWT with `exp` (seconds); the cache reads only the claims. */
function jwt(exp: number | undefined, n: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp, n })}.`;
}

/** A fake GitHub token service whose tokens expire `lifetime` seconds after the fake clock's now. */
function tokenService(clock: { now: number }, lifetime: number | undefined) {
  const service = {
    calls: 0,
    fail: false,
    fetch: async () => {
      service.calls++;
      if (service.fail) throw new Error('GitHub OIDC token request failed: 500');
      return jwt(lifetime === undefined ? undefined : Math.floor(clock.now / 1000) + lifetime, service.calls);
    },
  };
  return service;
}

describe('cachedIdToken', () => {
  const start = 1_800_000_000_000;

  it('reuses the token while it is valid beyond the margin', async () => {
    const clock = { now: start };
    const service = tokenService(clock, 300);
    const token = cachedIdToken(service.fetch, () => clock.now);
    const first = await token();
    clock.now += (300 - ID_TOKEN_MARGIN_SECONDS - 1) * 1000;
    expect(await token()).toBe(first);
    expect(await token()).toBe(first);
    expect(service.calls).toBe(1);
  });

  it('fetches a new one once the held one is within the margin of its exp', async () => {
    const clock = { now: start };
    const service = tokenService(clock, 300);
    const token = cachedIdToken(service.fetch, () => clock.now);
    const first = await token();
    clock.now += (300 - ID_TOKEN_MARGIN_SECONDS) * 1000;
    const second = await token();
    expect(second).not.toBe(first);
    expect(service.calls).toBe(2);
    expect(await token()).toBe(second);
  });

  it('fetches every time a token that is issued already inside the margin', async () => {
    const clock = { now: start };
    const service = tokenService(clock, ID_TOKEN_MARGIN_SECONDS - 30);
    const token = cachedIdToken(service.fetch, () => clock.now);
    await token();
    await token();
    expect(service.calls).toBe(2);
  });

  it('never reuses a token without a readable exp', async () => {
    const clock = { now: start };
    const service = tokenService(clock, undefined);
    const token = cachedIdToken(service.fetch, () => clock.now);
    await token();
    await token();
    expect(service.calls).toBe(2);
  });

  it('shares one request between callers that ask at the same time', async () => {
    const clock = { now: start };
    const service = tokenService(clock, 300);
    const token = cachedIdToken(service.fetch, () => clock.now);
    const [a, b] = await Promise.all([token(), token()]);
    expect(a).toBe(b);
    expect(service.calls).toBe(1);
  });

  it('passes a failed renewal on, and asks again on the next call', async () => {
    const clock = { now: start };
    const service = tokenService(clock, 300);
    const token = cachedIdToken(service.fetch, () => clock.now);
    await token();
    clock.now += 290 * 1000;
    service.fail = true;
    await expect(token()).rejects.toThrow('GitHub OIDC token request failed: 500');
    service.fail = false;
    await expect(token()).resolves.toMatch(/\./);
    expect(service.calls).toBe(3);
  });
});

describe('noIdTokenMessage', () => {
  /** A pull request event whose head is the fork mallory/Hello-World. */
  function fromFork(event: string, actor = 'mallory') {
    const payload = examplePayload(event);
    payload.pull_request.head.repo.full_name = 'mallory/Hello-World';
    return runContext(event, { GITHUB_ACTOR: actor }, payload);
  }

  const PERMISSION =
    "No credential: 'client-secret' and 'client-certificate' are empty, so the action signs in with GitHub OIDC, " +
    "but this job may not request an OIDC token. Add 'permissions: id-token: write' to the job (or the " +
    "workflow), or pass 'client-secret' or 'client-certificate'.";

  for (const event of ['pull_request', 'pull_request_review', 'pull_request_review_comment']) {
    it(`${event} from a fork: no secrets and no OIDC token, so skip the step for forks`, () => {
      expect(noIdTokenMessage(fromFork(event))).toBe(
        `No credential: this ${event} run is for a pull request from the fork mallory/Hello-World, and GitHub ` +
          "gives such runs no secrets (so 'client-secret' is empty) and no OIDC token. Skip the step for forks, " +
          'e.g. if: github.event.pull_request.head.repo.full_name == github.repository, or mail from a ' +
          "workflow_run workflow, which runs with this repository's secrets.",
      );
    });
  }

  it('pull_request_target from a fork runs with the base repository’s secrets: only the permission is missing', () => {
    expect(noIdTokenMessage(fromFork('pull_request_target'))).toBe(PERMISSION);
  });

  it('pull_request from a branch of the same repository: only the permission is missing', () => {
    expect(noIdTokenMessage(runContext('pull_request'))).toBe(PERMISSION);
  });

  it('workflow_run runs in the base repository even after a fork’s run: only the permission is missing', () => {
    expect(noIdTokenMessage(runContext('workflow_run'))).toBe(PERMISSION);
  });

  it('push: only the permission is missing', () => {
    expect(noIdTokenMessage(runContext('push'))).toBe(PERMISSION);
  });

  for (const event of ['push', 'pull_request', 'pull_request_review_comment', 'create', 'deployment_status']) {
    it(`${event} started by Dependabot: only Dependabot secrets, so store it there or grant id-token`, () => {
      const payload = examplePayload(event);
      expect(noIdTokenMessage(runContext(event, { GITHUB_ACTOR: 'dependabot[bot]' }, payload))).toBe(
        `No credential: this ${event} run was started by Dependabot, and GitHub gives such runs only the ` +
          "Dependabot secrets (so 'client-secret' is empty unless the secret is stored there too) and a read-only " +
          "token. Add the secret under Settings → Secrets and variables → Dependabot, add 'permissions: " +
          "id-token: write' to the job, or skip the step with if: github.actor != 'dependabot[bot]'.",
      );
    });
  }

  it('pull_request_target started by Dependabot: no secrets at all, so skip the step', () => {
    expect(noIdTokenMessage(fromFork('pull_request_target', 'dependabot[bot]'))).toBe(
      'No credential: this pull_request_target run was started by Dependabot, and GitHub gives such runs no ' +
        "secrets (so 'client-secret' is empty) and a read-only token. Skip the step with " +
        "if: github.actor != 'dependabot[bot]'.",
    );
  });

  it('a re-run by a person of a Dependabot run is still Dependabot’s (GITHUB_ACTOR stays the original actor)', () => {
    const ctx = runContext('push', { GITHUB_ACTOR: 'dependabot[bot]', GITHUB_TRIGGERING_ACTOR: 'octocat' });
    expect(noIdTokenMessage(ctx)).toMatch(/^No credential: this push run was started by Dependabot/);
  });
});
