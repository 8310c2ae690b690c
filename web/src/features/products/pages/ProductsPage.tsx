import { useState } from "react";
import { Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Product } from "@relata/contracts";
import { useCan, useFormat } from "../../../lib/session";
import { PageHeader } from "../../../components/page-header";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { FormDialog } from "../../../components/form-dialog";
import { productsQuery } from "../api";
import { ProductForm } from "../components/ProductForm";

/** The product catalogue: searched by everyone; created and changed by those who may change settings. */
export function ProductsPage() {
  const { t } = useTranslation("products");
  const format = useFormat();
  const canEdit = useCan("setting", "update");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 250);
  const [includeInactive, setIncludeInactive] = useState(false);
  const list = useQuery({ ...productsQuery(q, canEdit && includeInactive), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<Product | "new" | null>(null);

  return (
    <Stack gap="md" data-testid="products-page">
      <PageHeader
        title={t("title")}
        description={canEdit ? t("description") : t("descriptionReadOnly")}
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")} data-testid="product-new">
              {t("new")}
            </Button>
          )
        }
      />
      <Group gap="sm" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t("search")}
          aria-label={t("search")}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          style={{ flex: "1 1 220px", maxWidth: 420 }}
          data-testid="products-search"
        />
        {canEdit && (
          <Checkbox
            label={t("showRetired")}
            checked={includeInactive}
            onChange={(event) => setIncludeInactive(event.currentTarget.checked)}
            data-testid="products-inactive"
          />
        )}
      </Group>
      {list.isPending ? (
        <LoadingBlock rows={6} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title={q.trim() ? t("noMatch") : t("empty")} description={canEdit && !q.trim() ? t("emptyHint") : undefined} />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" striped highlightOnHover={canEdit} data-testid="products-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("field.code")}</Table.Th>
                <Table.Th>{t("field.name")}</Table.Th>
                <Table.Th>{t("field.category")}</Table.Th>
                <Table.Th>{t("field.kind")}</Table.Th>
                <Table.Th>{t("field.prices")}</Table.Th>
                <Table.Th>{t("field.months")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((product) => (
                <Table.Tr
                  key={product.id}
                  onClick={canEdit ? () => setEditing(product) : undefined}
                  style={canEdit ? { cursor: "pointer" } : undefined}
                  data-testid="product-row"
                  data-code={product.code}
                >
                  <Table.Td>
                    {canEdit ? (
                      <Button variant="subtle" size="compact-sm" px={4} onClick={() => setEditing(product)} data-testid="product-edit">
                        {product.code}
                      </Button>
                    ) : (
                      <Text size="sm" fw={500}>
                        {product.code}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{product.name}</Text>
                      {!product.active && (
                        <Badge size="xs" color="gray" variant="light">
                          {t("retired")}
                        </Badge>
                      )}
                    </Group>
                    {product.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {product.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{product.category}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={product.kind === "service" ? "grape" : "blue"}>
                      {t(`kind.${product.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {product.prices.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t("noPrice")}
                      </Text>
                    ) : (
                      <Stack gap={0}>
                        {product.prices.map((price) => (
                          <Text key={price.currency} size="sm">
                            {t("perUnit", { price: format.money(price.listPrice, price.currency), unit: product.unit })}
                          </Text>
                        ))}
                      </Stack>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {[
                        product.serviceMonths ? t("serviceMonths", { count: product.serviceMonths }) : null,
                        product.warrantyMonths ? t("warrantyMonths", { count: product.warrantyMonths }) : null,
                      ]
                        .filter(Boolean)
                        .join(" · ") || "—"}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <FormDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? t("form.newTitle") : t("form.editTitle")}
        testId="product-dialog"
        size="lg"
      >
        {editing !== null && <ProductForm product={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} />}
      </FormDialog>
    </Stack>
  );
}
