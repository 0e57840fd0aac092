import { describe, expect, it } from "vitest";
import { vapidKeyBytes } from "@/lib/push";

describe("vapidKeyBytes", () => {
  it("decodes URL-safe unpadded base64", () => {
    expect(Array.from(vapidKeyBytes("-_8"))).toEqual([0xfb, 0xff]);
    expect(Array.from(vapidKeyBytes("AQID"))).toEqual([1, 2, 3]);
  });
  it("gives the 65 bytes of an uncompressed P-256 public key", () => {
    const key = "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U";
    const bytes = vapidKeyBytes(key);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
  });
});
