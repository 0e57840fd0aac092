import { describe, expect, it } from "vitest";
import { splitSnippet } from "@/components/reader/snippet-parts";

describe("splitSnippet", () => {
  it("splits on the markers and keeps the rest as text", () => {
    expect(splitSnippet("a <mark>bird</mark> <b>sang</b> <mark>loud</mark>")).toEqual([
      { text: "a ", match: false },
      { text: "bird", match: true },
      { text: " <b>sang</b> ", match: false },
      { text: "loud", match: true },
    ]);
  });

  it("returns plain text without markers", () => {
    expect(splitSnippet("nothing here")).toEqual([{ text: "nothing here", match: false }]);
    expect(splitSnippet("")).toEqual([]);
  });
});
