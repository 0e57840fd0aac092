"use client";

import { useEffect, useRef } from "react";
import { readLiveEvent } from "@/lib/graphql/live";

const MAX_PAUSE_MS = 30_000;

/**
 * Live updates in a client component: an EventSource on the same-origin `/api/live` (the
 * cookie's bearer is added by that route, so no token reaches the page). `onData` gets each
 * event's data. A stream the router ended for a passing reason (restart, shutdown, expired token)
 * is opened again after a pause that doubles up to 30 s; `null` subscribes to nothing.
 *
 * A hidden tab closes its stream and opens it again when shown, calling `onResume` (events of
 * the meantime were missed: refetch). Over HTTP/1.1 a browser keeps at most 6 connections to a
 * site, and every open stream holds one: background tabs must not use them up.
 */
export function useLive<T>(path: string | null, onData: (data: T) => void, onResume?: () => void): void {
  const handler = useRef(onData);
  const resume = useRef(onResume);
  useEffect(() => {
    handler.current = onData;
    resume.current = onResume;
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
      if (stopped || document.visibilityState === "hidden") {
        source = null;
        return;
      }
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
    const visibility = () => {
      if (document.visibilityState === "hidden") {
        clearTimeout(timer);
        source?.close();
        source = null;
      } else if (source === null && !stopped) {
        failures = 0;
        open();
        resume.current?.();
      }
    };
    open();
    document.addEventListener("visibilitychange", visibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      document.removeEventListener("visibilitychange", visibility);
    };
  }, [path]);
}
