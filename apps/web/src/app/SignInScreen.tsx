import { useAuth } from "../auth";
import { useDocumentTitle } from "../lib/use-document-title";
import { ThemeToggle } from "./ThemeToggle";

/** The signed-out app: the current auth mode's sign-in, named in the tab like every page. */
export function SignInScreen() {
  const { SignIn } = useAuth();
  useDocumentTitle("Sign in");
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-3">
      <div className="absolute top-2 right-2">
        <ThemeToggle />
      </div>
      <SignIn />
    </main>
  );
}
