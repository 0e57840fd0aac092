/** Comments come flat, oldest first; the page shows them as threads (replies under parents). */

export type FlatComment = { id: string; parentId?: string | null };
export type Thread<T extends FlatComment> = { comment: T; replies: Thread<T>[] };

/** Threads in the original order; a reply whose parent is not visible becomes a root. */
export function buildThreads<T extends FlatComment>(comments: readonly T[]): Thread<T>[] {
  const byId = new Map<string, Thread<T>>();
  const roots: Thread<T>[] = [];
  for (const comment of comments) {
    const node: Thread<T> = { comment, replies: [] };
    // Only a parent seen earlier adopts a reply, so a malformed list cannot form a cycle.
    const parent = comment.parentId ? byId.get(comment.parentId) : undefined;
    if (parent) parent.replies.push(node);
    else roots.push(node);
    byId.set(comment.id, node);
  }
  return roots;
}
