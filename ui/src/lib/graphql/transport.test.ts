import { afterEach, describe, expect, it, vi } from "vitest";
import { UiLogoutDocument } from "@/lib/graphql/generated/graphql";
import { postToRouter } from "@/lib/graphql/transport";
import manifest from "@/lib/graphql/generated/persisted-documents.json";

function answer(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
}

describe("postToRouter", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends a generated document by its id, which is in the manifest the router loads", async () => {
    const fetch = vi.fn().mockResolvedValue(answer({ data: { logout: true } }));
    vi.stubGlobal("fetch", fetch);
    const body = await postToRouter(UiLogoutDocument, {}, { token: "t" });
    expect(body).toEqual({ data: { logout: true } });
    const sent = JSON.parse(fetch.mock.calls[0]![1].body as string) as Record<string, unknown>;
    expect(sent).toEqual({ documentId: UiLogoutDocument.__meta__!.hash, variables: {} });
    expect((manifest as Record<string, string>)[sent.documentId as string]).toBe("mutation UiLogout { logout }");
  });

  it("sends the text once a router without the manifest does not know the id", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(answer({ errors: [{ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] }))
      .mockResolvedValue(answer({ data: { logout: true } }));
    vi.stubGlobal("fetch", fetch);
    await postToRouter(UiLogoutDocument, {}, {}, "sha256:unknown");
    await postToRouter(UiLogoutDocument, {}, {}, "sha256:unknown");
    const sent = fetch.mock.calls.map((call) => JSON.parse(call[1].body as string) as Record<string, unknown>);
    expect(sent[0]).toEqual({ documentId: "sha256:unknown", variables: {} });
    expect(sent[1]).toEqual({ query: UiLogoutDocument.toString(), variables: {} });
    expect(sent[2]).toEqual({ query: UiLogoutDocument.toString(), variables: {} });
  });
});
