/** Shared Tailwind class lists for the few primitives (kept as strings: no component library). */
export const button =
  "inline-flex items-center justify-center gap-2 rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 dark:bg-indigo-500 dark:text-gray-950 dark:hover:bg-indigo-400";
export const buttonQuiet =
  "inline-flex items-center justify-center gap-2 rounded-md border border-gray-300 px-3 py-1.5 text-sm hover:bg-gray-100 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:opacity-60 dark:border-gray-600 dark:hover:bg-gray-800";
export const buttonDanger =
  "inline-flex items-center justify-center gap-2 rounded-md border border-red-700 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-red-600 dark:border-red-400 dark:text-red-300 dark:hover:bg-red-950";
export const input =
  "block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-gray-900 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100";
export const label = "block text-sm font-medium mb-1";
export const link = "text-indigo-700 underline underline-offset-2 hover:decoration-2 dark:text-indigo-300";
export const card = "rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-700 dark:bg-gray-900";
