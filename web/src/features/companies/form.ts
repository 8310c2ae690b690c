import { useMemo } from "react";
import { addressTypes, companyEmailTypes, companyGrades, companyPatch, companyPhoneTypes, type Company } from "@relata/contracts";
import { useTranslation } from "react-i18next";
import { fieldSpec, useOrgUnits, useTeams, type CandidateLink, type FieldHints, type FieldSpec } from "../../components/record-form";
import { customFieldSpec, customName, useCustomFields } from "../../components/custom-fields";
import { useDimensions } from "../../components/dimensions";

export const companyLabelPrefix = "companies:field.";

/** Where a likely duplicate company opens. */
export const companyCandidateLink: CandidateLink = (candidate) => ({ to: "/companies/$id", params: { id: candidate.id } });

/** The company's own fields in the order the forms show them (sections come from the hints). */
export const companyFormFields = [
  "name",
  "kind",
  "stage",
  "status",
  "gradeOverride",
  "industry",
  "lineOfBusiness",
  "clientUnit",
  "category",
  "sizeBand",
  "registrationNumber",
  "website",
  "country",
  "currency",
  "phones",
  "emails",
  "addresses",
  "description",
  "ownerId",
  "teamId",
  "securityLevel",
] as const;

const sections = {
  business: "companies:section.business",
  contact: "companies:section.contactDetails",
  about: "companies:section.about",
  responsibility: "companies:section.responsibility",
} as const;

/**
 * How the company forms render each field: widgets, option labels, sections, help texts. The
 * dimension choices are the lists' active values, plus the archived one `current` still holds.
 */
export function useCompanyHints(current?: Pick<Company, "lineOfBusiness" | "clientUnit">): FieldHints {
  const { t, i18n } = useTranslation("companies");
  const teams = useTeams();
  const dimensionOptions = useDimensions(i18n.language).options;
  const archived = t("finance:dimensions.archivedBadge");
  const lineOfBusiness = current?.lineOfBusiness;
  const clientUnit = current?.clientUnit;
  return useMemo(
    () => ({
      name: { placeholder: "companies:field.namePlaceholder", wide: true },
      kind: { optionLabels: "companies:kind" },
      stage: { optionLabels: "companies:stage" },
      status: { optionLabels: "companies:status" },
      gradeOverride: {
        options: companyGrades.map((grade) => ({ value: grade, label: t(`grade.${grade}`) })),
        description: "companies:field.gradeOverrideHint",
        placeholder: "companies:field.gradeByRules",
      },
      industry: { section: sections.business, placeholder: "companies:field.industryPlaceholder" },
      lineOfBusiness: {
        section: sections.business,
        label: "finance:field.lineOfBusiness",
        options: dimensionOptions("line_of_business", lineOfBusiness, archived),
      },
      clientUnit: {
        section: sections.business,
        label: "finance:field.clientUnit",
        description: "finance:field.clientUnitHint",
        options: dimensionOptions("client_unit", clientUnit, archived),
      },
      category: { section: sections.business },
      sizeBand: { section: sections.business, optionLabels: "companies:sizeBand", description: "companies:field.sizeBandHint" },
      registrationNumber: { section: sections.business, description: "companies:field.registrationNumberHint" },
      website: { section: sections.business, widget: "url", placeholder: "companies:field.websitePlaceholder" },
      country: { section: sections.business, widget: "country" },
      currency: { section: sections.business, widget: "currency", description: "companies:field.currencyHint" },
      phones: {
        section: sections.contact,
        widget: "phoneList",
        wide: true,
        options: companyPhoneTypes.map((type) => ({ value: type, label: t(`phoneType.${type}`) })),
      },
      emails: {
        section: sections.contact,
        widget: "emailList",
        wide: true,
        options: companyEmailTypes.map((type) => ({ value: type, label: t(`emailType.${type}`) })),
      },
      addresses: {
        section: sections.contact,
        widget: "addressList",
        wide: true,
        options: addressTypes.map((type) => ({ value: type, label: t(`addressType.${type}`) })),
      },
      description: { section: sections.about, widget: "longText", wide: true, placeholder: "companies:field.descriptionPlaceholder" },
      ownerId: { widget: "user", section: sections.responsibility, description: "companies:field.ownerHint" },
      teamId: {
        widget: "choice",
        options: (teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
        section: sections.responsibility,
        description: "companies:field.teamHint",
        placeholder: "companies:field.noTeam",
      },
      securityLevel: {
        widget: "securityLevel",
        section: sections.responsibility,
        description: "companies:field.securityLevelHint",
      },
    }),
    [teams.data, t, dimensionOptions, lineOfBusiness, clientUnit, archived],
  );
}

/** A company as the edit form holds it: the lists without what only the server fills in (a phone's E.164 form). */
export function companyFormValues(company: Company): Record<string, unknown> {
  return {
    ...company,
    phones: company.phones.map((phone) => ({ type: phone.type, number: phone.number })),
    emails: company.emails.map((email) => ({ type: email.type, address: email.address })),
    addresses: company.addresses.map((address) => ({
      type: address.type,
      line1: address.line1,
      line2: address.line2,
      postalCode: address.postalCode,
      city: address.city,
      region: address.region,
      country: address.country,
    })),
  };
}

/**
 * Field specs for showing company values anywhere (history, conflict and merge tables): the
 * form's, the assigned grade, org unit, and every custom field (archived ones too) as `custom:<key>`.
 */
export function useCompanyFieldSpecs(): Map<string, FieldSpec> {
  const { t, i18n } = useTranslation("companies");
  const language = i18n.language;
  const hints = useCompanyHints();
  const units = useOrgUnits();
  const custom = useCustomFields("company");
  const allDimensionOptions = useDimensions(language).allOptions;
  return useMemo(() => {
    const specs = new Map<string, FieldSpec>();
    companyFormFields.forEach((name, index) =>
      specs.set(name, fieldSpec(name, companyPatch.shape[name], hints[name], index, companyLabelPrefix)),
    );
    // Histories and merges may name archived values too.
    const allLines = { ...hints.lineOfBusiness, options: allDimensionOptions("line_of_business") };
    const allUnits = { ...hints.clientUnit, options: allDimensionOptions("client_unit") };
    specs.set(
      "lineOfBusiness",
      fieldSpec(
        "lineOfBusiness",
        companyPatch.shape.lineOfBusiness,
        allLines,
        companyFormFields.indexOf("lineOfBusiness"),
        companyLabelPrefix,
      ),
    );
    specs.set(
      "clientUnit",
      fieldSpec("clientUnit", companyPatch.shape.clientUnit, allUnits, companyFormFields.indexOf("clientUnit"), companyLabelPrefix),
    );
    specs.set(
      "grade",
      fieldSpec(
        "grade",
        companyPatch.shape.gradeOverride,
        { options: companyGrades.map((grade) => ({ value: grade, label: t(`grade.${grade}`) })), label: "companies:field.gradeAssigned" },
        5,
        companyLabelPrefix,
      ),
    );
    specs.set(
      "orgUnitId",
      fieldSpec(
        "orgUnitId",
        companyPatch.shape.teamId,
        { widget: "choice", options: (units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name })) },
        90,
        companyLabelPrefix,
      ),
    );
    for (const field of custom.allFields) specs.set(customName(field.key), customFieldSpec(field, language, "company"));
    return specs;
  }, [hints, units.data, custom.allFields, language, t, allDimensionOptions]);
}
