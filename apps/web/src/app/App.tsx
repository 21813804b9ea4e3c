import { useEffect, useRef } from "react";
import { Route, Routes, useLocation, useNavigate } from "react-router";
import { useAuth } from "../auth";
import { LoadingState } from "../components/states";
import { CharacterEditPage, CharacterNewPage } from "../features/characters/CharacterPages";
import { CharactersPage } from "../features/characters/CharactersPage";
import { InteractionEditPage, InteractionNewPage } from "../features/interactions/InteractionPages";
import { InteractionsPage } from "../features/interactions/InteractionsPage";
import { LiveWatcher } from "../features/live/LiveWatcher";
import { PlayerHome } from "../features/player/PlayerHome";
import { TestModePage } from "../features/table/admin/TestModePage";
import { useApplyTheme } from "../lib/theme";
import { EnsureUser } from "./EnsureUser";
import { ErrorBoundary } from "./ErrorBoundary";
import { Layout } from "./Layout";
import { NavigationFocus } from "./NavigationFocus";
import { NotFound } from "./NotFound";
import { SignInScreen } from "./SignInScreen";

export function App() {
  useApplyTheme();
  const { isLoaded, user } = useAuth();
  const location = useLocation();
  useHomeAfterSignOut(user !== null);

  return (
    <>
      <NavigationFocus />
      {!isLoaded ? (
        <LoadingState label="Starting" className="min-h-dvh" />
      ) : !user ? (
        <SignInScreen />
      ) : (
        <SignedInApp pathname={location.pathname} />
      )}
    </>
  );
}

/**
 * Signing out (the header's button, "Sign in again", or Clerk ending the session) leaves the
 * page that was the last user's: whoever signs in next starts at the table, not on a page that
 * may not be theirs. A signed-out visit to an address keeps it, so signing in opens that page.
 */
function useHomeAfterSignOut(signedIn: boolean) {
  const navigate = useNavigate();
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (wasSignedIn.current && !signedIn) void navigate("/", { replace: true });
    wasSignedIn.current = signedIn;
  }, [signedIn, navigate]);
}

function SignedInApp({ pathname }: { pathname: string }) {
  return (
    <Layout>
      <ErrorBoundary resetKey={pathname}>
        <EnsureUser>
          {/* A page's own boundary: a page that fails must not take the live watcher down with it. */}
          <ErrorBoundary resetKey={pathname}>
            <Routes>
              <Route index element={<PlayerHome />} />
              <Route path="characters" element={<CharactersPage />} />
              <Route path="characters/new" element={<CharacterNewPage />} />
              <Route path="characters/:characterId" element={<CharacterEditPage />} />
              <Route path="interactions" element={<InteractionsPage />} />
              <Route path="interactions/new" element={<InteractionNewPage />} />
              <Route path="interactions/:interactionId" element={<InteractionEditPage />} />
              <Route path="admin/test-mode" element={<TestModePage />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </ErrorBoundary>
          <LiveWatcher />
        </EnsureUser>
      </ErrorBoundary>
    </Layout>
  );
}
