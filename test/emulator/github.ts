/**
 * The GitHub service: one listener for what a job reaches at GitHub. Each part (the OIDC token service, the
 * REST API) claims its own requests; what none claims is GitHub's 404.
 */
import type { Exchange, Route } from './exchange.ts';
import { replyJson } from './exchange.ts';
import { routeOidc } from './oidc.ts';
import type { OidcContext } from './oidc.ts';
import { routeRest } from './rest.ts';
import type { RestContext } from './rest.ts';

export type GithubContext = OidcContext & RestContext;

const ROUTERS: ((ex: Exchange, context: GithubContext) => Route | undefined)[] = [routeOidc, routeRest];

export function routeGithub(ex: Exchange, context: GithubContext): Route {
  for (const router of ROUTERS) {
    const route = router(ex, context);
    if (route) return route;
  }
  return {
    handle: () => replyJson(ex, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }),
  };
}
