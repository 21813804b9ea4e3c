import { useEffect, useRef } from "react";
import { ScrollRestoration, useLocation } from "react-router";

/**
 * What a full page load does, for the app's in-page navigations: each new page starts at the
 * top (Back restores where you were) and focus moves to its <h1>, or to #main while it loads, so
 * keyboard and screen-reader users start on the new page rather than on the link they used.
 * The first load keeps the browser's own focus. Needs the data router (main.tsx).
 */
export function NavigationFocus() {
  const { pathname } = useLocation();
  const shownPath = useRef(pathname);

  useEffect(() => {
    // Only a change of page: not the first load, nor a query change such as a tab (?status=).
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    const main = document.getElementById("main");
    const target = main?.querySelector<HTMLElement>("h1") ?? main;
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }, [pathname]);

  return <ScrollRestoration />;
}
