import { useMemo, useState } from "react";
import { Badge, Group, Loader, Text } from "@mantine/core";
import { Spotlight, spotlight } from "@mantine/spotlight";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAddressBook, IconBuildingSkyscraper, IconCertificate, IconSearch, IconUser } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../lib/api";
import { useMe, can } from "../../lib/session";
import { mayOpen, navItems } from "../nav";

export type SearchHit = {
  object: "company" | "contact" | "user" | "contract";
  id: string;
  title: string;
  subtitle: string | null;
  /** Where the record lives (a contract: its company). */
  companyId?: string;
};

/** Where a search hit opens. Modules add their objects here. */
export function hitPath(hit: Pick<SearchHit, "object" | "id" | "companyId">): string {
  switch (hit.object) {
    case "company":
      return `/companies/${hit.id}`;
    case "contact":
      return `/contacts/${hit.id}`;
    case "user":
      return `/admin/users/${hit.id}`;
    case "contract":
      // On its company's card: the Contracts tab with the contract open.
      return hit.companyId ? `/companies/${hit.companyId}?tab=contracts&contract=${hit.id}` : "/companies";
  }
}

const hitIcons = { company: IconBuildingSkyscraper, contact: IconAddressBook, user: IconUser, contract: IconCertificate } as const;

/** Ctrl/Cmd+K: jump to any screen, or find a record across the objects the user may read. */
export function CommandPalette() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const search = useQuery({
    queryKey: ["search", debounced],
    queryFn: ({ signal }) => api<{ items: SearchHit[] }>("GET", "/api/search", { query: { q: debounced, limit: 8 }, signal }),
    enabled: debounced.length >= 1,
    staleTime: 10_000,
    placeholderData: (previous) => previous,
  });

  const needle = query.trim().toLocaleLowerCase();
  const pages = useMemo(
    () =>
      navItems
        .filter((item) => mayOpen(item, (object, action) => can(me, object, action)))
        .map((item) => ({ ...item, title: t(item.label) }))
        .filter((item) => !needle || item.title.toLocaleLowerCase().includes(needle)),
    [me, needle, t],
  );
  const hits = debounced.length >= 1 ? (search.data?.items ?? []) : [];

  function go(to: string) {
    spotlight.close();
    // `href`: a hit's path may carry search params (?tab=contracts&contract=…).
    void navigate({ href: to });
  }

  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={["mod + K", "/"]} scrollable maxHeight={420}>
      <Spotlight.Search
        placeholder={t("palette.placeholder")}
        aria-label={t("palette.placeholder")}
        leftSection={search.isFetching ? <Loader size={16} /> : <IconSearch size={18} stroke={1.5} />}
      />
      <Spotlight.ActionsList>
        {hits.length > 0 && (
          <Spotlight.ActionsGroup label={t("palette.records")}>
            {hits.map((hit) => {
              const Icon = hitIcons[hit.object];
              return (
                <Spotlight.Action key={`${hit.object}:${hit.id}`} onClick={() => go(hitPath(hit))} data-testid="palette-hit">
                  <Group wrap="nowrap" w="100%" gap="sm">
                    <Icon size={18} stroke={1.5} aria-hidden />
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Text size="sm" truncate>
                        {hit.title}
                      </Text>
                      {hit.subtitle && (
                        <Text size="xs" truncate>
                          {hit.subtitle}
                        </Text>
                      )}
                    </div>
                    <Badge size="xs" variant="light">
                      {t(`object.${hit.object}`)}
                    </Badge>
                  </Group>
                </Spotlight.Action>
              );
            })}
          </Spotlight.ActionsGroup>
        )}
        {pages.length > 0 && (
          <Spotlight.ActionsGroup label={t("palette.pages")}>
            {pages.map((item) => (
              <Spotlight.Action
                key={item.to}
                label={item.title}
                leftSection={<item.icon size={18} stroke={1.5} aria-hidden />}
                onClick={() => go(item.to)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {hits.length === 0 && pages.length === 0 && (
          <Spotlight.Empty>{search.isFetching ? t("state.loading") : t("palette.nothingFound")}</Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
