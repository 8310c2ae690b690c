import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/page-header";

/** The title row of the import screens, with the way back to the list of imports. */
export function ImportHeader({ title, description, extra }: { title: ReactNode; description?: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation("imports");
  return <PageHeader title={title} description={description} actions={extra} crumbs={[{ label: t("history.title"), to: "/imports" }]} />;
}
