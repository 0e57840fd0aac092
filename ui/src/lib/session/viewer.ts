import "server-only";

import { cache } from "react";
import { execute } from "@/lib/graphql/client";
import { GraphQLRequestError } from "@/lib/graphql/errors";
import type { ViewerQuery as ViewerResult } from "@/lib/graphql/generated/graphql";
import { ViewerQuery } from "@/lib/graphql/queries";
import { readSession } from "@/lib/session/session";

export type Viewer = NonNullable<ViewerResult["me"]>;
export type Role = Viewer["role"];

const RANK: Record<Role, number> = { READER: 0, WRITER: 1, MODERATOR: 2, OWNER: 3 };

export function atLeast(viewer: Viewer | null, role: Role): boolean {
  return viewer !== null && RANK[viewer.role] >= RANK[role];
}

/** The signed-in user for this request, or null (once per render). */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await readSession();
  if (!session.token) return null;
  try {
    return (await execute(ViewerQuery, {}, session)).me ?? null;
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.code === "UNAUTHENTICATED") return null;
    throw error;
  }
});
