import { graphql } from "@/lib/graphql/generated";
import { postToRouter } from "@/lib/graphql/transport";
import { firstError } from "@/lib/graphql/errors";
import type { TokenPair } from "@/lib/session/cookies";
import { csrfRejected, sameOrigin } from "@/lib/session/origin";
import { jsonWithPair } from "@/lib/session/respond";
import { readSession } from "@/lib/session/session";

const LOGIN = graphql(`
  mutation UiLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      refreshToken
      accessTokenExpiresAt
      refreshTokenExpiresAt
      user { id login }
    }
  }
`);

/** Log in against the router; the tokens go to httpOnly cookies, never to the page. */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return csrfRejected();
  const { email, password } = (await request.json().catch(() => ({}))) as { email?: string; password?: string };
  const session = await readSession();
  const body = await postToRouter(LOGIN, { email: email ?? "", password: password ?? "" }, session);
  const error = firstError(body.errors);
  if (error) return Response.json({ errors: body.errors }, { status: 200 });
  const pair = (body.data as { login: TokenPair & { user: { id: string; login: string } } }).login;
  return jsonWithPair({ user: pair.user }, pair);
}
