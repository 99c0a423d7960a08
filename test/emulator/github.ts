/**
 * The GitHub service: one listener for what a job reaches at GitHub. Each part (today the OIDC token
 * service) claims its own requests; adding one, such as the REST API, is adding a router to the list.
 */
import type { Exchange, Route } from './exchange.ts';
import { replyJson } from './exchange.ts';
import { routeOidc } from './oidc.ts';
import type { OidcContext } from './oidc.ts';

export type GithubContext = OidcContext;

const ROUTERS: ((ex: Exchange, context: GithubContext) => Route | undefined)[] = [routeOidc];

export function routeGithub(ex: Exchange, context: GithubContext): Route {
  for (const router of ROUTERS) {
    const route = router(ex, context);
    if (route) return route;
  }
  return { handle: () => replyJson(ex, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }) };
}
