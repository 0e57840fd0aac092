import { useFormatter } from "next-intl";

/** A date in the reader's language, machine-readable in `dateTime`. */
export function DateText({ value }: { value: string }) {
  const format = useFormatter();
  return <time dateTime={value}>{format.dateTime(new Date(value), { dateStyle: "medium" })}</time>;
}
