import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { App } from "./app/App";
import { AppProviders } from "./app/providers";
import { env } from "./env";
import "./index.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element.");

// A data router, so forms can hold a navigation while they have unsaved edits (useBlocker);
// the pages themselves are routed in App.
const router = createBrowserRouter([{ path: "*", element: <App /> }]);

createRoot(root).render(
  <StrictMode>
    <AppProviders env={env}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
