import { useState } from "react";
import { MantineProvider } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { createQueryClient } from "../lib/query";
import { SessionProvider } from "../lib/session";
import { LiveProvider } from "./live-context";
import { createAppRouter } from "./router";
import { cssVariablesResolver, theme } from "./theme";
import { LocaleSync } from "./LocaleSync";

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createAppRouter(queryClient));
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <LocaleSync />
          <LiveProvider>
            <ModalsProvider>
              <Notifications position="top-right" limit={4} />
              <RouterProvider router={router} />
            </ModalsProvider>
          </LiveProvider>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
