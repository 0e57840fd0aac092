import { describe, expect, it } from "vitest";
import { negotiateLocale } from "@/i18n/locales";
import en from "../../messages/en.json";
import ru from "../../messages/ru.json";
import { KNOWN_CODES } from "@/lib/graphql/errors";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

describe("negotiateLocale", () => {
  it("takes the best supported language by q-value", () => {
    expect(negotiateLocale("ru-RU,ru;q=0.9,en;q=0.8")).toBe("ru");
    expect(negotiateLocale("de-DE,de;q=0.9,en;q=0.5,ru;q=0.7")).toBe("ru");
    expect(negotiateLocale("fr")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
  });
});

describe("messages", () => {
  it("has the same keys in every language", () => {
    expect(keys(ru).sort()).toEqual(keys(en).sort());
  });

  it("has a sentence for every GraphQL error code and for unknown ones", () => {
    for (const code of [...KNOWN_CODES, "UNKNOWN"]) {
      expect(en.errors).toHaveProperty(code);
      expect(ru.errors).toHaveProperty(code);
    }
  });
});
