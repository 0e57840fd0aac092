"use client";

import { useEffect, useRef } from "react";
import { readLiveEvent } from "@/lib/graphql/live";

const MAX_PAUSE_MS = 30_000;

/**
 * Live updates in a client component: an EventSource on the same-origin `/api/live` (the
 * cookie's bearer is added by that route, so no token reaches the page). `onData` gets each
 * event's data. A stream the router ended for a passing reason (restart, shutdown, expired token)
 * is opened again after a pause that doubles up to 30 s; `null` subscribes to nothing.
 */
export function useLive<T>(path: string | null, onData: (data: T) => void): void {
  const handler = useRef(onData);
  useEffect(() => {
    handler.current = onData;
  });
  useEffect(() => {
    if (!path) return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;
    let ending: "resubscribe" | "stop" | null = null;

    const reopen = () => {
      source?.close();
      if (stopped) return;
      const pause = Math.min(MAX_PAUSE_MS, 1000 * 2 ** failures);
      failures += 1;
      timer = setTimeout(open, pause);
    };
    function open() {
      ending = null;
      source = new EventSource(path as string);
      source.addEventListener("next", (event) => {
        const result = readLiveEvent<T>((event as MessageEvent<string>).data);
        if (result.data !== undefined) {
          failures = 0;
          handler.current(result.data);
        }
        if (result.then !== "continue") ending = result.then;
      });
      source.addEventListener("complete", () => {
        source?.close();
        if (ending !== "stop") reopen();
      });
      source.onerror = () => {
        // the browser reconnects by itself unless it gave up (CLOSED)
        if (source?.readyState === EventSource.CLOSED) reopen();
      };
    }
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [path]);
}
