import type { ReactNode } from "react";
import { Anchor, type AnchorProps } from "@mantine/core";
import { Link } from "@tanstack/react-router";

/** A link to another screen of the app (a company or a person), styled as an anchor. */
export function AppLink({
  to,
  params,
  search,
  children,
  testId,
  ...anchor
}: AnchorProps & { to: string; params?: Record<string, string>; search?: Record<string, string>; testId?: string; children: ReactNode }) {
  return (
    <Anchor renderRoot={(rootProps) => <Link {...({ to, params, search } as object)} {...rootProps} />} data-testid={testId} {...anchor}>
      {children}
    </Anchor>
  );
}
