export default function Loading() {
  return <p role="status" aria-live="polite" className="py-8 text-gray-700 dark:text-gray-300">…</p>;
}
