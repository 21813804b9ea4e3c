import { Dices, LogOut } from "lucide-react";
import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { roleLabels, useUser, useAuth } from "../auth";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { cn } from "../lib/utils";
import { ThemeToggle } from "./ThemeToggle";

const links = [
  { to: "/", label: "Table", end: true },
  { to: "/characters", label: "Characters", end: false },
  { to: "/interactions", label: "Interactions", end: false },
];
const adminLinks = [...links, { to: "/admin/test-mode", label: "Test mode", end: false }];

export function Layout({ children }: { children: ReactNode }) {
  const user = useUser();
  const { signOut } = useAuth();
  const navLinks = user.role === "admin" ? adminLinks : links;
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="border-b">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2 sm:px-6">
          <span className="flex items-center gap-2 font-semibold">
            <Dices className="size-5 text-primary" aria-hidden />
            Roundtable
          </span>
          <nav aria-label="Main" className="order-last w-full sm:order-none sm:w-auto">
            <ul className="flex gap-1">
              {navLinks.map((l) => (
                <li key={l.to}>
                  <NavLink
                    to={l.to}
                    end={l.end}
                    className={({ isActive }) =>
                      cn(
                        "inline-flex h-9 items-center rounded-md px-3 text-sm font-medium outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
                        isActive && "bg-accent text-accent-foreground underline underline-offset-4",
                      )
                    }
                  >
                    {l.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-1">
            <span className="hidden text-sm sm:inline" data-testid="signed-in-user">
              {user.name}
            </span>
            {user.role === "admin" && <Badge variant="secondary">{roleLabels.admin}</Badge>}
            <ThemeToggle />
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Sign out ${user.name}`}
              onClick={() => void signOut()}
            >
              <LogOut aria-hidden />
            </Button>
          </div>
        </div>
      </header>
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-5xl flex-1 px-3 py-4 outline-none sm:px-6 sm:py-6"
      >
        {children}
      </main>
    </div>
  );
}
