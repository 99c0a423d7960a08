/**
 * The "culprits" of a failure: the authors of the commits since the last successful run, added to To when
 * `to-authors` is on. A commit's address is whatever its author configured, so only addresses in
 * `author-domains` are ever mailed; the log says, one line each, who was added and who was left out and why.
 */
import * as core from '@actions/core';
import { parseAddress } from './addresses.js';
import type { ChangeInfo, Changes } from './context.js';
import { shown } from './failure.js';
import type { Address, Recipients } from './mail.js';
import type { Status } from './status.js';

/** Graph's limit for to + cc + bcc in one sendMail. */
const MAX_RECIPIENTS = 500;
const LIMIT = `Graph's limit of ${MAX_RECIPIENTS} recipients is reached`;

export interface AuthorChoice {
  added: Address[];
  /** What the log shows of each author left out (the address, or the name without one) and why. */
  left: { who: string; why: string }[];
}

/**
 * Each distinct author address of `commits` (newest first), in or out: in when it parses as one mailbox, its
 * domain is one of `domains` exactly (a subdomain is another organisation's until listed), it is not GitHub's
 * `users.noreply.*` stand-in, not already a recipient (addresses compare case-insensitively) and there is room
 * under Graph's recipient limit.
 */
export function chooseAuthors(
  commits: readonly ChangeInfo[],
  recipients: Pick<Recipients, 'to' | 'cc' | 'bcc'>,
  domains: readonly string[],
): AuthorChoice {
  const listed = new Map<string, string>();
  for (const list of ['to', 'cc', 'bcc'] as const) {
    for (const { address } of recipients[list]) listed.set(address.toLowerCase(), `already in ${list}`);
  }
  let room = MAX_RECIPIENTS - recipients.to.length - recipients.cc.length - recipients.bcc.length;
  const seen = new Set<string>();
  const choice: AuthorChoice = { added: [], left: [] };
  for (const { email, author } of commits) {
    const key = email === undefined ? `\n${author}` : email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const why =
      email === undefined
        ? 'the commit names no address'
        : (listed.get(key) ?? refusal(email, domains) ?? (room > 0 ? undefined : LIMIT));
    if (why !== undefined) {
      choice.left.push({ who: shown(email ?? author), why });
    } else {
      choice.added.push({ address: parseAddress(email!)!.address, name: author });
      room--;
    }
  }
  return choice;
}

function refusal(email: string, domains: readonly string[]): string | undefined {
  const parsed = parseAddress(email);
  if (parsed === undefined || parsed.name !== undefined) return 'not a valid e-mail address';
  const domain = parsed.address.slice(parsed.address.lastIndexOf('@') + 1).toLowerCase();
  if (domain.startsWith('users.noreply.')) return 'a GitHub noreply address, which receives no mail';
  return domains.includes(domain) ? undefined : `${domain} is not in author-domains`;
}

/**
 * To, with the authors of a failure's changes when `to-authors` asks for them; every other To as it is. Logs
 * one line per author, and why none were added when none could be.
 */
export function toWithAuthors(
  options: { toAuthors: boolean; authorDomains: string[] } & Pick<Recipients, 'to' | 'cc' | 'bcc'>,
  changes: Changes | undefined,
  status: Status,
): Address[] {
  if (!options.toAuthors) return options.to;
  const none = whyNone(changes, status);
  if (none !== undefined) {
    core.info(`Commit authors: none added, ${none}.`);
    return options.to;
  }
  const since = changes as Extract<Changes, { kind: 'since' }>;
  const { added, left } = chooseAuthors(since.commits, options, options.authorDomains);
  for (const address of added) core.info(`Commit author added to To: ${address.address}`);
  for (const { who, why } of left) core.info(`Commit author left out: ${who} (${why})`);
  if (since.total > since.commits.length) {
    core.info(
      `Commit authors: only those of the ${since.commits.length} most recent of ${since.total} commits were considered.`,
    );
  }
  return [...options.to, ...added];
}

function whyNone(changes: Changes | undefined, status: Status): string | undefined {
  if (status !== 'failure') return `as the run did not fail (${status})`;
  if (changes === undefined) return 'as the commits since the last successful run were not read';
  if (changes.kind === 'none') return `as no successful run was found to count the changes from`;
  return changes.commits.length === 0 ? 'as no commit came since the last successful run' : undefined;
}
