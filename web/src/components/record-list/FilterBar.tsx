import { useState } from "react";
import { Badge, Button, Drawer, FocusTrap, Group, MultiSelect, Pill, Popover, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconFilter, IconFilterOff } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/session";
import { ReferencePicker, UserPicker, referenceOptionQuery } from "../record-form/pickers";
import { useUserName } from "../record-form/directory";
import { parseRange, rangeValue } from "./list-state";
import type { RecordFilter } from "./types";

type Props = {
  listId: string;
  filters: RecordFilter[];
  values: Record<string, string>;
  onChange: (id: string, value: string | null) => void;
  onClear: () => void;
  phone: boolean;
};

/** The "Filters" button: a popover on desktop, a bottom drawer on phones. */
export function FilterButton({ listId, filters, values, onChange, onClear, phone }: Props) {
  const { t } = useTranslation("components");
  const [open, setOpen] = useState(false);
  const active = filters.filter((filter) => values[filter.id]);
  const button = (
    <Button
      variant={active.length ? "light" : "default"}
      leftSection={<IconFilter size={16} />}
      rightSection={
        active.length ? (
          <Badge size="xs" circle>
            {active.length}
          </Badge>
        ) : undefined
      }
      onClick={() => setOpen((value) => !value)}
      aria-expanded={open}
      style={{ flexShrink: 0 }}
      data-testid={`${listId}-filters`}
    >
      {t("list.filters")}
    </Button>
  );
  const form = (
    <Stack gap="sm">
      <FocusTrap.InitialFocus />
      {filters.map((filter) => (
        <FilterInput key={filter.id} filter={filter} value={values[filter.id] ?? ""} onChange={(value) => onChange(filter.id, value)} />
      ))}
      <Group justify="space-between">
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={onClear} disabled={active.length === 0}>
          {t("list.clearFilters")}
        </Button>
        <Button onClick={() => setOpen(false)}>{t("list.done")}</Button>
      </Group>
    </Stack>
  );
  return phone ? (
    <>
      {button}
      <Drawer
        opened={open}
        onClose={() => setOpen(false)}
        position="bottom"
        size="md"
        title={t("list.filters")}
        data-testid={`${listId}-filter-drawer`}
      >
        {form}
      </Drawer>
    </>
  ) : (
    <Popover opened={open} onChange={setOpen} position="bottom-start" width={320} shadow="md" trapFocus withinPortal>
      <Popover.Target>{button}</Popover.Target>
      <Popover.Dropdown data-testid={`${listId}-filter-popover`}>{form}</Popover.Dropdown>
    </Popover>
  );
}

/** One removable chip per active filter. */
export function FilterChips({ filters, values, onChange }: Pick<Props, "filters" | "values" | "onChange">) {
  return (
    <>
      {filters
        .filter((filter) => values[filter.id])
        .map((filter) => (
          <FilterChip key={filter.id} filter={filter} value={values[filter.id]!} onRemove={() => onChange(filter.id, null)} />
        ))}
    </>
  );
}

function FilterInput({ filter, value, onChange }: { filter: RecordFilter; value: string; onChange: (value: string | null) => void }) {
  const { t } = useTranslation("components");
  const label = t(filter.label);
  const common = { label, clearable: true, comboboxProps: { withinPortal: false } } as const;
  switch (filter.kind) {
    case "select":
      return (
        <Select
          {...common}
          data={filter.options ?? []}
          value={value || null}
          onChange={onChange}
          searchable={(filter.options?.length ?? 0) > 8}
          nothingFoundMessage={t("picker.nothingFound")}
          placeholder={t("list.any")}
          data-testid={`filter-${filter.id}`}
        />
      );
    case "boolean":
      return (
        <Select
          {...common}
          data={[
            { value: "true", label: t("value.yes") },
            { value: "false", label: t("value.no") },
          ]}
          value={value || null}
          onChange={onChange}
          placeholder={t("list.any")}
          data-testid={`filter-${filter.id}`}
        />
      );
    case "user":
      return (
        <UserPicker
          {...common}
          value={value || null}
          onChange={onChange}
          includeInactive
          placeholder={t("list.any")}
          data-testid={`filter-${filter.id}`}
        />
      );
    case "reference":
      return filter.reference ? (
        <ReferencePicker
          {...common}
          loader={filter.reference}
          value={value || null}
          onChange={onChange}
          placeholder={t("list.any")}
          data-testid={`filter-${filter.id}`}
        />
      ) : null;
    case "date":
      return (
        <TextInput
          label={label}
          type="date"
          value={value}
          onChange={(event) => onChange(event.currentTarget.value || null)}
          data-testid={`filter-${filter.id}`}
        />
      );
    case "multiselect":
      return (
        <MultiSelect
          {...common}
          data={filter.options ?? []}
          value={splitList(value)}
          onChange={(next) => onChange(next.length ? next.join(",") : null)}
          searchable={(filter.options?.length ?? 0) > 8}
          nothingFoundMessage={t("picker.nothingFound")}
          placeholder={value ? undefined : t("list.any")}
          data-testid={`filter-${filter.id}`}
        />
      );
    case "range":
      return <RangeFilter label={label} type={filter.range ?? "number"} value={value} onChange={onChange} testId={`filter-${filter.id}`} />;
    default:
      return <TextFilter label={label} value={value} onChange={onChange} testId={`filter-${filter.id}`} />;
  }
}

/** Free text, applied as the user pauses typing. */
function TextFilter({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string | null) => void;
  testId: string;
}) {
  const [text, setText] = useState(value);
  // The value changed from outside (a chip removed, a view applied): show it.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  const apply = useDebouncedCallback((next: string) => onChange(next.trim() || null), 400);
  return (
    <TextInput
      label={label}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        apply(event.currentTarget.value);
      }}
      data-testid={testId}
    />
  );
}

const splitList = (value: string) => value.split(",").filter(Boolean);

/** From–to of numbers or dates, applied as the user pauses typing. */
function RangeFilter({
  label,
  type,
  value,
  onChange,
  testId,
}: {
  label: string;
  type: "number" | "date";
  value: string;
  onChange: (value: string | null) => void;
  testId: string;
}) {
  const { t } = useTranslation("components");
  const [bounds, setBounds] = useState(() => parseRange(value));
  // The value changed from outside (a chip removed, a view applied): show it.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setBounds(parseRange(value));
  }
  const apply = useDebouncedCallback((next: { min: string; max: string }) => onChange(rangeValue(next.min.trim(), next.max.trim())), 400);
  const set = (side: "min" | "max", text: string) => {
    const next = { ...bounds, [side]: text };
    setBounds(next);
    apply(next);
  };
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" grow>
        <TextInput
          type={type === "date" ? "date" : "number"}
          inputMode={type === "number" ? "decimal" : undefined}
          aria-label={t("list.rangeFromOf", { name: label })}
          placeholder={t("list.rangeFrom")}
          value={bounds.min}
          onChange={(event) => set("min", event.currentTarget.value)}
          data-testid={`${testId}-min`}
        />
        <TextInput
          type={type === "date" ? "date" : "number"}
          inputMode={type === "number" ? "decimal" : undefined}
          aria-label={t("list.rangeToOf", { name: label })}
          placeholder={t("list.rangeTo")}
          value={bounds.max}
          onChange={(event) => set("max", event.currentTarget.value)}
          data-testid={`${testId}-max`}
        />
      </Group>
    </Stack>
  );
}

function FilterChip({ filter, value, onRemove }: { filter: RecordFilter; value: string; onRemove: () => void }) {
  const { t } = useTranslation("components");
  const display = useFilterValueLabel(filter, value);
  const name = t(filter.label);
  return (
    <Pill
      size="md"
      withRemoveButton
      onRemove={onRemove}
      removeButtonProps={{ "aria-label": t("list.removeFilter", { name }) }}
      data-testid={`filter-chip-${filter.id}`}
      style={{ maxWidth: 260 }}
    >
      <Text span size="sm" c="dimmed">
        {name}:
      </Text>{" "}
      <Text span size="sm" fw={500}>
        {display}
      </Text>
    </Pill>
  );
}

/** How a filter value reads on its chip. */
function useFilterValueLabel(filter: RecordFilter, value: string): string {
  const { t } = useTranslation("components");
  const format = useFormat();
  const userName = useUserName();
  const reference = useQuery(referenceOptionQuery(filter.kind === "reference" ? filter.reference : undefined, value));
  switch (filter.kind) {
    case "select":
      return filter.options?.find((option) => option.value === value)?.label ?? value;
    case "multiselect":
      return splitList(value)
        .map((item) => filter.options?.find((option) => option.value === item)?.label ?? item)
        .join(", ");
    case "range": {
      const { min, max } = parseRange(value);
      const show = (bound: string) => {
        if (filter.range === "date") {
          const date = new Date(`${bound}T00:00:00`);
          return Number.isNaN(date.getTime()) ? bound : format.date(date);
        }
        const number = Number(bound);
        return Number.isFinite(number) ? format.number(number) : bound;
      };
      if (min && max) return min === max ? show(min) : `${show(min)} – ${show(max)}`;
      return min ? `≥ ${show(min)}` : `≤ ${show(max)}`;
    }
    case "boolean":
      return value === "true" ? t("value.yes") : t("value.no");
    case "user":
      return filter.options?.find((option) => option.value === value)?.label ?? userName(value) ?? t("value.unknownUser");
    case "reference":
      return reference.data?.label ?? "…";
    case "date": {
      const date = new Date(`${value}T00:00:00`);
      return Number.isNaN(date.getTime()) ? value : format.date(date);
    }
    default:
      return value;
  }
}
