import { describe, expect, it } from "vitest";
import { ACCESS_MARGIN_MS, clearedCookies, pairCookies } from "@/lib/session/cookies";
import { sameOrigin } from "@/lib/session/origin";

describe("pairCookies", () => {
  it("keeps tokens httpOnly and SameSite=Lax, the access one expiring a little early", () => {
    const [access, refresh] = pairCookies(
      { accessToken: "a", refreshToken: "r", accessTokenExpiresAt: "2030-01-01T00:15:00Z", refreshTokenExpiresAt: "2030-01-31T00:00:00Z" },
      true,
    );
    expect(access).toMatchObject({ name: "is_at", value: "a", httpOnly: true, sameSite: "lax", secure: true, path: "/" });
    expect(access!.expires.getTime()).toBe(Date.parse("2030-01-01T00:15:00Z") - ACCESS_MARGIN_MS);
    expect(refresh).toMatchObject({ name: "is_rt", value: "r", httpOnly: true });
  });

  it("clears both with dates in the past", () => {
    expect(clearedCookies(false).every((c) => c.value === "" && c.expires.getTime() === 0)).toBe(true);
  });
});

describe("sameOrigin", () => {
  const request = (headers: Record<string, string>) => new Request("http://127.0.0.1:3000/api/graphql", { method: "POST", headers });
  it("accepts this site's origin only", () => {
    expect(sameOrigin(request({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }))).toBe(true);
    expect(sameOrigin(request({ origin: "http://evil.example", host: "127.0.0.1:3000" }))).toBe(false);
    expect(sameOrigin(request({ host: "127.0.0.1:3000" }))).toBe(false);
    expect(sameOrigin(request({ origin: "null", host: "127.0.0.1:3000" }))).toBe(false);
  });
});
