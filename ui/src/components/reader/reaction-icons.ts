import type { ReactionKind } from "@/lib/graphql/generated/graphql";

/** How each reaction kind is shown (its name comes from the messages: reader.kind.*). */
export const REACTION_ICONS: Record<ReactionKind, string> = { LIKE: "👍", INSIGHTFUL: "💡", FUNNY: "😄" };
