import "server-only";

/** Where the router answers GraphQL; the UI talks to nothing else. */
export const ROUTER_URL = process.env.ROUTER_URL ?? "http://127.0.0.1:4000/graphql";

/** Cookies carry `Secure` everywhere but development (plain http on loopback). */
export const SECURE_COOKIES = (process.env.ENVIRONMENT ?? "production") !== "development";

/** Canonical origin of the site, for canonical URLs and Open Graph. */
export const PUBLIC_BASE_URL = (process.env.PUBLIC_BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
