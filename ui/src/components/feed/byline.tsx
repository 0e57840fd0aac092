import Link from "next/link";
import { DateText } from "@/components/ui/date";
import { link } from "@/components/ui/styles";

type Props = {
  /** null when profiles could not answer: the byline shows without the author. */
  author: { login: string; displayName: string } | null;
  publishedAt?: string | null;
  readingTime: string;
};

/** Author · publication date · reading time, as post pages and post lists show them. */
export function Byline({ author, publishedAt, readingTime }: Props) {
  const parts = [
    author ? (
      <Link key="author" href={`/u/${author.login}`} className={link}>
        {author.displayName || author.login}
      </Link>
    ) : null,
    publishedAt ? <DateText key="date" value={publishedAt} /> : null,
    <span key="time">{readingTime}</span>,
  ].filter((part) => part !== null);
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 ? " · " : null}
          {part}
        </span>
      ))}
    </>
  );
}
