import Link from "next/link";

/** A post's tags as links to their feeds. */
export function TagList({ tags, label }: { tags: { id: string; name: string }[]; label: string }) {
  if (tags.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-2" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag.id}>
          <Link href={`/tags/${tag.id}`} className="rounded-full bg-gray-100 px-2 py-0.5 text-sm text-gray-800 hover:bg-gray-200 dark:bg-gray-800 dark:text-gray-200">
            #{tag.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
