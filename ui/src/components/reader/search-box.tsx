import { getTranslations } from "next-intl/server";

/** A plain GET form to /search: works without JavaScript. */
export async function SearchBox({ defaultValue = "" }: { defaultValue?: string }) {
  const t = await getTranslations("reader");
  return (
    <form action="/search" method="get" role="search" className="flex items-center">
      <label htmlFor="site-search" className="sr-only">
        {t("searchLabel")}
      </label>
      <input
        id="site-search"
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
