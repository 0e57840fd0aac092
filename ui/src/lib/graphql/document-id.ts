/**
 * A generated operation's trusted document id: codegen (`persistedDocuments`) embeds the sha256
 * of the document it writes to `persisted-documents.json`, the router's manifest. The router runs
 * an operation by this id; with its safelist on it runs nothing else.
 */
export type Operation = string | { toString(): string; __meta__?: Record<string, unknown> };

export function documentId(operation: Operation): string | undefined {
  const hash = typeof operation === "string" ? undefined : operation.__meta__?.hash;
  return typeof hash === "string" ? hash : undefined;
}
