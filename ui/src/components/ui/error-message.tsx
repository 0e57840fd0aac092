"use client";

import { useTranslations } from "next-intl";
import { errorKey, GraphQLRequestError } from "@/lib/graphql/errors";

/** The sentence for an error code (every code the platform sends has one, in each language). */
export function useErrorSentence(): (error: unknown) => string {
  const t = useTranslations("errors");
  return (error: unknown) => {
    if (error instanceof GraphQLRequestError) {
      const sentence = t(errorKey(error.code));
      return error.code === "BAD_USER_INPUT" && error.message ? `${sentence} ${error.message}` : sentence;
    }
    return t("UNKNOWN");
  };
}

export function ErrorMessage({ error }: { error: unknown }) {
  const sentence = useErrorSentence();
  if (!error) return null;
  return (
    <p role="alert" className="mt-2 rounded-md bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {sentence(error)}
    </p>
  );
}
