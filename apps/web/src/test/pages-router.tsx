import type { ReactNode } from "react";
import { createMemoryRouter, Link, Outlet } from "react-router";

/**
 * A memory data router (what `useBlocker` needs, as the app's browser router is) over `pages`
 * by path, opened at `path`, with one link above every page for leaving it.
 */
export function pagesRouter(
  pages: Record<string, ReactNode>,
  path: string,
  link: { to: string; label: string },
) {
  return createMemoryRouter(
    [
      {
        element: (
          <>
            <Link to={link.to}>{link.label}</Link>
            <Outlet />
          </>
        ),
        children: Object.entries(pages).map(([p, element]) => ({ path: p, element })),
      },
    ],
    { initialEntries: [path] },
  );
}
