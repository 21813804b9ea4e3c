import { Route, Routes, useLocation } from "react-router";
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
import { NotFound } from "./NotFound";
import { ThemeToggle } from "./ThemeToggle";

export function App() {
  useApplyTheme();
  const { isLoaded, user, SignIn } = useAuth();
  const location = useLocation();

  if (!isLoaded) return <LoadingState label="Starting" className="min-h-dvh" />;
  if (!user) {
    return (
      <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-3">
        <div className="absolute top-2 right-2">
          <ThemeToggle />
        </div>
        <SignIn />
      </main>
    );
  }
  return (
    <Layout>
      <ErrorBoundary resetKey={location.pathname}>
        <EnsureUser>
          {/* A page's own boundary: a page that fails must not take the live watcher down with it. */}
          <ErrorBoundary resetKey={location.pathname}>
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
