import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./app/App";
import { AppProviders } from "./app/providers";
import { env } from "./env";
import "./index.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element.");

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <AppProviders env={env}>
        <App />
      </AppProviders>
    </BrowserRouter>
  </StrictMode>,
);
