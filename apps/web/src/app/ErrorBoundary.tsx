import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorState } from "../components/states";
import { errorMessage } from "../lib/errors";
import { useDocumentTitle } from "../lib/use-document-title";

type State = { error: unknown };

/** Last line of defence: a render or query error shows a message and a retry, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: unknown }) {
    // Navigating elsewhere clears the error.
    if (prev.resetKey !== this.props.resetKey && this.state.error !== null) this.setState({ error: null });
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("Unhandled UI error", error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) {
      return <PageFailed error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}

/** The failed page's stand-in: its heading and tab title say so. */
function PageFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const title = "This page failed to load";
  useDocumentTitle(title);
  return <ErrorState titleAs="h1" title={title} message={errorMessage(error)} onRetry={onRetry} />;
}
