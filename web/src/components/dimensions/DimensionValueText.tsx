import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { DimensionKind } from "@relata/contracts";
import { EmptyValue } from "../record-form";
import { useDimensions } from "./api";

/** A stored dimension key shown as its label in the reader's language. */
export function DimensionValueText({ kind, value }: { kind: DimensionKind; value: string | null | undefined }) {
  const { i18n } = useTranslation();
  const dimensions = useDimensions(i18n.language, { enabled: !!value });
  const label = dimensions.label(kind, value);
  if (!label) return <EmptyValue />;
  return (
    <Text span inherit data-dimension={value ?? undefined}>
      {label}
    </Text>
  );
}
