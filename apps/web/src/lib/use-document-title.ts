import { useEffect } from "react";

/** Names the browser tab after the screen, so screen-reader users hear where they are. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Roundtable`;
  }, [title]);
}
