import { useMemo, useState } from "react";
import { Button, Chip, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useDebouncedCallback, useMediaQuery } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconFilterOff, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { isoDate, timelineKinds, type TimelineKind } from "@relata/contracts";
import { FieldInput, UserPicker, fieldSpec } from "../../../components/record-form";
import { companyPeopleQuery } from "../api";
import { isFiltered, noFilters, type TimelineFilters as Filters } from "../lib/filters";

/** Type chips, person (who wrote it; on a company also whom it involved), date range and text search. */
export function TimelineFilters({
  value,
  onChange,
  companyId,
}: {
  value: Filters;
  onChange: (next: Filters) => void;
  /** The company whose people can be picked (none on a contact's page). */
  companyId: string | null;
}) {
  const { t } = useTranslation("timeline");
  // The search box answers at once; the list follows once typing pauses. A reset from outside empties it.
  const [text, setText] = useState(value.q);
  const [shown, setShown] = useState(value.q);
  const search = useDebouncedCallback((q: string) => onChange({ ...value, q }), 300);
  if (value.q !== shown) {
    setShown(value.q);
    setText(value.q);
  }
  // On a phone the person and date filters fold away behind a button (saying how many are set).
  const phone = useMediaQuery("(max-width: 36em)");
  const [more, setMore] = useState(false);
  const hidden = [value.authorId, value.contactId, value.from, value.to].filter(Boolean).length;
  const dateSpec = useMemo(() => fieldSpec("day", isoDate.nullable(), { widget: "date" }), []);
  const people = useQuery({ ...companyPeopleQuery(companyId ?? "", ""), enabled: companyId !== null });

  return (
    <Stack gap="xs" data-testid="timeline-filters">
      <Chip.Group multiple value={value.kinds} onChange={(kinds) => onChange({ ...value, kinds: kinds as TimelineKind[] })}>
        <Group gap={6} wrap="wrap" role="group" aria-label={t("filter.kinds")}>
          {timelineKinds.map((kind) => (
            <Chip key={kind} value={kind} size="xs" variant="outline" wrapperProps={{ "data-testid": `filter-kind-${kind}` }}>
              {t(`kind.${kind}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: companyId ? 5 : 4 }} spacing="xs">
        <TextInput
          label={t("filter.search")}
          placeholder={t("filter.searchPlaceholder")}
          leftSection={<IconSearch size={14} />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            search(event.currentTarget.value);
          }}
          data-testid="filter-search"
        />
        {(!phone || more) && (
          <UserPicker
            label={t("filter.author")}
            placeholder={t("filter.anyone")}
            value={value.authorId}
            onChange={(authorId) => onChange({ ...value, authorId })}
            clearable
            includeInactive
            data-testid="filter-author"
          />
        )}
        {(!phone || more) && companyId && (
          <Select
            label={t("filter.contact")}
            placeholder={t("filter.anyone")}
            data={(people.data ?? []).map((person) => ({ value: person.id, label: person.name }))}
            value={value.contactId}
            onChange={(contactId) => onChange({ ...value, contactId })}
            clearable
            searchable
            nothingFoundMessage={t("form.noPeople")}
            data-testid="filter-contact"
          />
        )}
        {(!phone || more) && (
          <FieldInput
            field={dateSpec}
            value={value.from}
            onChange={(from) => onChange({ ...value, from: (from as string | null) ?? null })}
            label={t("filter.from")}
            required={false}
            testId="filter-from"
          />
        )}
        {(!phone || more) && (
          <FieldInput
            field={dateSpec}
            value={value.to}
            onChange={(to) => onChange({ ...value, to: (to as string | null) ?? null })}
            label={t("filter.to")}
            required={false}
            testId="filter-to"
          />
        )}
      </SimpleGrid>
      {(phone || isFiltered(value)) && (
        <Group gap="xs">
          {phone && (
            <Button
              variant="subtle"
              leftSection={<IconAdjustmentsHorizontal size={14} />}
              onClick={() => setMore((open) => !open)}
              aria-expanded={more}
              data-testid="filter-more"
            >
              {more ? t("filter.fewer") : hidden > 0 ? t("filter.moreActive", { count: hidden }) : t("filter.more")}
            </Button>
          )}
          {isFiltered(value) && (
            <Button
              variant="subtle"
              leftSection={<IconFilterOff size={14} />}
              onClick={() => {
                search.cancel();
                onChange(noFilters);
              }}
              data-testid="filter-clear"
            >
              {t("filter.clear")}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
