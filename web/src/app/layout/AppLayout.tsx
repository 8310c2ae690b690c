import { AppShell, Burger, Group, Kbd, NavLink, ScrollArea, Text, UnstyledButton, Title, ActionIcon } from "@mantine/core";
import { useDisclosure, useMediaQuery, useOs } from "@mantine/hooks";
import { spotlight } from "@mantine/spotlight";
import { IconSearch } from "@tabler/icons-react";
import { useEffect } from "react";
import { Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { can, useMe, useSession } from "../../lib/session";
import { mayOpen, navItems, type NavItem } from "../nav";
import { CommandPalette } from "./CommandPalette";
import { LiveIndicator } from "./LiveIndicator";
import { NotificationArea } from "./NotificationArea";
import { UserMenu } from "./UserMenu";

function isActive(pathname: string, to: string) {
  return to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`);
}

/** The signed-in frame; when the session ends (sign-out elsewhere, timeout) it sends the user to sign in. */
export function AppLayout() {
  const { me } = useSession();
  const navigate = useNavigate();
  const signedOut = !me;
  useEffect(() => {
    if (!signedOut) return;
    // Read the address once, when the session ends; sign-out itself already navigates away.
    const here = window.location.pathname + window.location.search;
    void navigate({ to: "/sign-in", search: here === "/" || here.startsWith("/sign-in") ? {} : { redirect: here }, replace: true });
  }, [signedOut, navigate]);
  if (!me) return null;
  return <SignedInLayout />;
}

function SignedInLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const os = useOs();
  // Below the breakpoint the collapsed menu sits off screen: keep it out of the Tab order too.
  const phone = useMediaQuery("(max-width: 48em)");
  const visible = navItems.filter((item) => mayOpen(item, (object, action) => can(me, object, action)));
  const groups: { key: NavItem["group"]; items: NavItem[] }[] = [
    { key: "main", items: visible.filter((item) => item.group === "main") },
    { key: "admin", items: visible.filter((item) => item.group === "admin") },
  ];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "sm", sm: "md" }}
    >
      <a className="relata-skip-link" href="#main">
        {t("a11y.skipToContent")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.toggle")} />
            <UnstyledButton component={Link} to="/" aria-label={t("app.home")}>
              <Title order={1} size="h4" className="relata-brand">
                {t("app.name")}
              </Title>
            </UnstyledButton>
          </Group>
          <UnstyledButton
            onClick={() => spotlight.open()}
            visibleFrom="sm"
            style={{
              flex: 1,
              maxWidth: 420,
              border: "1px solid var(--mantine-color-default-border)",
              borderRadius: 8,
              padding: "6px 10px",
            }}
          >
            <Group gap="xs" wrap="nowrap" justify="space-between">
              <Group gap="xs" wrap="nowrap">
                <IconSearch size={16} stroke={1.5} />
                <Text size="sm" c="dimmed">
                  {t("palette.button")}
                </Text>
              </Group>
              <Kbd size="xs">{os === "macos" ? "⌘ K" : "Ctrl K"}</Kbd>
            </Group>
          </UnstyledButton>
          <Group gap="xs" wrap="nowrap">
            <ActionIcon variant="subtle" size="lg" hiddenFrom="sm" onClick={() => spotlight.open()} aria-label={t("palette.open")}>
              <IconSearch size={20} stroke={1.6} />
            </ActionIcon>
            <LiveIndicator />
            <NotificationArea />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("nav.label")} inert={phone && !opened ? true : undefined}>
        <AppShell.Section grow component={ScrollArea}>
          {groups
            .filter((group) => group.items.length > 0)
            .map((group) => (
              <nav key={group.key} aria-label={t(`nav.group.${group.key}`)}>
                {group.key !== "main" && (
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
                    {t(`nav.group.${group.key}`)}
                  </Text>
                )}
                {group.items.map((item) => (
                  <NavLink
                    key={item.to}
                    component={Link}
                    to={item.to}
                    label={t(item.label)}
                    leftSection={<item.icon size={18} stroke={1.5} aria-hidden />}
                    active={isActive(pathname, item.to)}
                    onClick={close}
                    style={{ borderRadius: 6 }}
                  />
                ))}
              </nav>
            ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
      <CommandPalette />
    </AppShell>
  );
}
