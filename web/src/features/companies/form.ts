import { useMemo } from "react";
import { companyPatch } from "@relata/contracts";
import { fieldSpec, useOrgUnits, useTeams, type FieldHints, type FieldSpec } from "../../components/record-form";

export const companyLabelPrefix = "companies:field.";
export const companyFormFields = ["name", "ownerId", "teamId", "securityLevel"] as const;

/** How the company forms render: owner from the directory, team from the team list, the access fields in a section. */
export function useCompanyHints(): FieldHints {
  const teams = useTeams();
  return useMemo(
    () => ({
      name: { placeholder: "companies:field.namePlaceholder", wide: true },
      ownerId: { widget: "user", section: "companies:section.responsibility", description: "companies:field.ownerHint" },
      teamId: {
        widget: "choice",
        options: (teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
        section: "companies:section.responsibility",
        description: "companies:field.teamHint",
        placeholder: "companies:field.noTeam",
      },
      securityLevel: {
        widget: "securityLevel",
        section: "companies:section.responsibility",
        description: "companies:field.securityLevelHint",
      },
    }),
    [teams.data],
  );
}

/** Field specs for showing company values anywhere (history, conflict table): the form's, plus org unit. */
export function useCompanyFieldSpecs(): Map<string, FieldSpec> {
  const hints = useCompanyHints();
  const units = useOrgUnits();
  return useMemo(() => {
    const specs = new Map<string, FieldSpec>();
    companyFormFields.forEach((name, index) =>
      specs.set(name, fieldSpec(name, companyPatch.shape[name], hints[name], index, companyLabelPrefix)),
    );
    specs.set(
      "orgUnitId",
      fieldSpec(
        "orgUnitId",
        companyPatch.shape.teamId,
        { widget: "choice", options: (units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name })) },
        9,
        companyLabelPrefix,
      ),
    );
    return specs;
  }, [hints, units.data]);
}
