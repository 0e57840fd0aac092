import { getTranslations } from "next-intl/server";

type Props = { defaultValue?: string; id?: string; landmark?: boolean };

/** A plain GET form to /search: works without JavaScript. The header's is the page's search
 * landmark (labelled, so it stays distinct from other search forms); others are plain forms. */
export async function SearchBox({ defaultValue = "", id = "site-search", landmark = true }: Props) {
  const t = await getTranslations("reader");
  return (
    <form
      action="/search"
      method="get"
      role={landmark ? "search" : undefined}
      aria-label={landmark ? t("searchLabel") : undefined}
      className="flex items-center"
    >
      <label htmlFor={id} className="sr-only">
        {t("searchLabel")}
      </label>
      <input
        id={id}
        name="q"
        type="search"
        defaultValue={defaultValue}
        placeholder={t("searchPlaceholder")}
        maxLength={256}
        className="w-36 rounded-md border border-gray-300 bg-white px-2 py-1 text-sm sm:w-48 dark:border-gray-600 dark:bg-gray-900"
      />
    </form>
  );
}
