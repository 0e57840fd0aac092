import { splitSnippet } from "@/components/reader/snippet-parts";

/** A search snippet: the matched words highlighted, everything else plain text (never HTML). */
export function Snippet({ text }: { text: string }) {
  return (
    <p className="mt-2 text-gray-800 dark:text-gray-200">
      {splitSnippet(text).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </p>
  );
}
