import { beforeEach, describe, expect, it, vi } from "vitest";

const postToRouter = vi.fn();
vi.mock("@/lib/graphql/transport", () => ({ postToRouter: (...args: unknown[]) => postToRouter(...args) }));

const { refreshPair } = await import("@/lib/session/refresh");

const pair = { accessToken: "a2", refreshToken: "r2", accessTokenExpiresAt: "2030-01-01T00:00:00Z", refreshTokenExpiresAt: "2030-02-01T00:00:00Z" };

describe("refreshPair", () => {
  beforeEach(() => postToRouter.mockReset());

  it("sends one refresh for concurrent callers with the same token (rotation would end the session)", async () => {
    let release: (value: unknown) => void = () => undefined;
    postToRouter.mockReturnValue(new Promise((resolve) => (release = resolve)));
    const first = refreshPair("r1", "track");
    const second = refreshPair("r1", "track");
    release({ data: { refreshToken: pair } });
    expect(await first).toEqual(pair);
    expect(await second).toEqual(pair);
    expect(postToRouter).toHaveBeenCalledTimes(1);
    expect(postToRouter.mock.calls[0]![1]).toEqual({ refreshToken: "r1" });
  });

  it("answers null when auth refuses the token", async () => {
    postToRouter.mockResolvedValue({ errors: [{ message: "reused", extensions: { code: "UNAUTHENTICATED" } }] });
    expect(await refreshPair("dead", null)).toBeNull();
  });
});
