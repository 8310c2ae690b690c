import { useMemo, useState } from "react";
import { Alert, Anchor, Avatar, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Tooltip } from "@mantine/core";
import { IconActivity, IconDevices, IconKey, IconLock, IconUser, IconUserCheck, IconUserOff, IconUserShare } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { locales, userPatch, type Me, type User } from "@relata/contracts";
import { languageNames } from "../../../i18n";
import { ApiError } from "../../../lib/api";
import { timeZones } from "../../../lib/format";
import { can, useCan, useFormat, useMe } from "../../../lib/session";
import { confirm } from "../../../components/dialogs";
import { RecordForm, type FieldHints } from "../../../components/record-form";
import { RecordPage, registerPanel, type PanelProps } from "../../../components/record-page";
import { patchUser, userQuery, useUser } from "../api/users";
import { useAdminLookups } from "../api/lookups";
import { useUserDirectory } from "../api/users";
import { copyPermissions, exceeds } from "../lib/permissions";
import { initials } from "../lib/names";
import { AuditEntries } from "../components/AuditEntries";
import { localizeApiError, notifyError, notifyRefusal, notifySuccess } from "../components/feedback";
import { ResetPasswordDialog } from "../components/ResetPasswordDialog";
import { HandoverDialog, type HandoverMode } from "../components/HandoverDialog";
import { ownedCompaniesQuery, useOwnedCompanies } from "../api/handover";
import { SessionList } from "../components/SessionList";

registerPanel<User>("user", { id: "profile", labelKey: "admin:users.tab.profile", order: 0, icon: IconUser, component: ProfilePanel });
registerPanel<User>("user", {
  id: "sessions",
  labelKey: "admin:users.tab.sessions",
  order: 10,
  icon: IconDevices,
  component: SessionsPanel,
  visible: (me: Me) => can(me, "session", "read"),
});
registerPanel<User>("user", {
  id: "activity",
  labelKey: "admin:users.tab.activity",
  order: 20,
  icon: IconActivity,
  component: ActivityPanel,
  visible: (me: Me) => can(me, "audit", "read"),
});

/** The target's role holds more than mine: the server will not let me change them. */
function useStronger(user: User) {
  const me = useMe();
  const lookups = useAdminLookups();
  const role = lookups.roles.find((item) => item.id === user.roleId);
  return !!role && (!!exceeds(copyPermissions(role.permissions), me.permissions) || role.clearance > me.role.clearance);
}

export function UserPage() {
  const { t } = useTranslation("admin");
  const { id } = useParams({ strict: false }) as { id: string };
  const format = useFormat();
  const lookups = useAdminLookups();
  const canReadCompanies = useCan("company", "read");
  const owned = useOwnedCompanies(id, canReadCompanies);
  return (
    <RecordPage<User>
      objectKind="user"
      recordId={id}
      testId="user"
      query={userQuery(id)}
      back={{ to: "/admin/users", label: t("users.backToList") }}
      eyebrow={t("users.eyebrow")}
      icon={<UserAvatar />}
      title={(user) => (
        <Group gap="xs" component="span" wrap="wrap">
          <span>{user.name}</span>
          <Badge
            color={user.active ? "teal" : "gray"}
            variant="light"
            size="lg"
            style={{ textTransform: "none" }}
            data-testid="user-status"
          >
            {user.active ? t("users.active") : t("users.inactive")}
          </Badge>
        </Group>
      )}
      documentTitle={(user) => user.name}
      facts={(user) => [
        { label: t("users.field.email"), value: <Anchor href={`mailto:${user.email}`}>{user.email}</Anchor>, testId: "user-fact-email" },
        ...(lookups.canRoles ? [{ label: t("users.field.roleId"), value: lookups.roleName.get(user.roleId) ?? "…" }] : []),
        ...(lookups.canUnits
          ? [{ label: t("users.field.orgUnitId"), value: user.orgUnitId ? (lookups.unitName.get(user.orgUnitId) ?? "…") : t("users.none") }]
          : []),
        {
          label: t("users.column.lastLoginAt"),
          value: user.lastLoginAt ? (
            <Tooltip label={format.dateTime(user.lastLoginAt)} withArrow>
              <span>{format.relative(user.lastLoginAt)}</span>
            </Tooltip>
          ) : (
            t("users.neverSignedIn")
          ),
        },
        { label: t("users.memberSince"), value: format.date(user.createdAt) },
        ...(canReadCompanies
          ? [
              {
                label: t("handover.clients"),
                value:
                  owned.data === undefined ? (
                    "…"
                  ) : (
                    <Anchor component={Link} to="/companies" search={{ "f.ownerId": user.id } as never} data-count={owned.data}>
                      {t("handover.companyCount", { count: owned.data })}
                    </Anchor>
                  ),
                testId: "user-fact-companies",
              },
            ]
          : []),
      ]}
      actions={(user) => <UserActions user={user} />}
    />
  );
}

function UserAvatar() {
  const { id } = useParams({ strict: false }) as { id: string };
  const user = useUser(id).data;
  return (
    <Avatar size={48} radius="xl" color={user?.active === false ? "gray" : "blue"} visibleFrom="xs" aria-hidden>
      {initials(user?.name ?? "?")}
    </Avatar>
  );
}

function UserActions({ user }: { user: User }) {
  const { t } = useTranslation("admin");
  const me = useMe();
  const queryClient = useQueryClient();
  const canUpdate = useCan("user", "update");
  const canReadCompanies = useCan("company", "read");
  const canHandOver = useCan("company", "update") && canReadCompanies;
  const stronger = useStronger(user);
  const [resetting, setResetting] = useState(false);
  const [handover, setHandover] = useState<HandoverMode | null>(null);
  const [busy, setBusy] = useState(false);
  const self = user.id === me.id;
  if (!canUpdate && !canHandOver) return null;

  /** The companies the user still owns (as far as I see them); undefined when that cannot be said. */
  async function ownedCount(): Promise<number | undefined> {
    if (!canReadCompanies) return undefined;
    try {
      return await queryClient.fetchQuery({ ...ownedCompaniesQuery(user.id), staleTime: 0 });
    } catch {
      return undefined;
    }
  }

  /** Applies the change; true when it went through. */
  async function applyActive(active: boolean): Promise<boolean> {
    setBusy(true);
    try {
      let updated: User;
      try {
        const current = queryClient.getQueryData(userQuery(user.id).queryKey) ?? user;
        updated = await patchUser(user.id, current.version, { active });
      } catch (error) {
        // Someone changed another field meanwhile: the intent is explicit, apply it to the new version.
        if (!(error instanceof ApiError && error.status === 412)) throw error;
        const fresh = await queryClient.fetchQuery({ ...userQuery(user.id), staleTime: 0 });
        updated = fresh.active === active ? fresh : await patchUser(user.id, fresh.version, { active });
      }
      queryClient.setQueryData(userQuery(user.id).queryKey, updated);
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      await queryClient.invalidateQueries({ queryKey: ["sessions"] });
      notifySuccess(t(active ? "users.activated" : "users.deactivated", { name: user.name }));
      return true;
    } catch (error) {
      notifyError(error);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function setActive(active: boolean) {
    if (self && !active) {
      notifyRefusal(t("users.cannotDeactivateSelf"));
      return;
    }
    if (active) {
      const ok = await confirm({
        title: t("users.activateTitle", { name: user.name }),
        message: t("users.activateMessage", { name: user.name }),
        confirmLabel: t("users.activate"),
      });
      if (ok) await applyActive(true);
      return;
    }
    setBusy(true);
    const owned = await ownedCount();
    setBusy(false);
    // Clients must not be left with someone who cannot sign in: offer the handover first.
    if (owned && canHandOver) {
      setHandover("deactivate");
      return;
    }
    const ok = await confirm({
      title: t("users.deactivateTitle", { name: user.name }),
      message: owned
        ? `${t("users.deactivateMessage", { name: user.name })} ${t("handover.keepsCompanies", { name: user.name, companies: t("handover.companyCount", { count: owned }) })}`
        : t("users.deactivateMessage", { name: user.name }),
      danger: true,
      confirmLabel: t("users.deactivate"),
    });
    if (ok) await applyActive(false);
  }

  const blocked = self ? t("users.cannotDeactivateSelf") : stronger ? t("serverError.strongerUser") : undefined;
  const resetBlocked = self ? t("serverError.ownPassword") : stronger ? t("serverError.strongerUser") : undefined;

  return (
    <>
      {canHandOver && (
        <Button
          variant="default"
          leftSection={<IconUserShare size={16} />}
          onClick={() => setHandover("handover")}
          data-testid="user-handover"
        >
          {t("handover.open")}
        </Button>
      )}
      {canUpdate && (
        <Tooltip label={resetBlocked} disabled={!resetBlocked} multiline w={260} withArrow>
          <Button
            variant="default"
            leftSection={<IconKey size={16} />}
            onClick={() => setResetting(true)}
            disabled={!!resetBlocked}
            data-testid="user-reset-password"
          >
            {t("users.resetPassword")}
          </Button>
        </Tooltip>
      )}
      {canUpdate &&
        (user.active ? (
          <Tooltip label={blocked} disabled={!blocked} multiline w={260} withArrow>
            <Button
              color="red"
              variant="light"
              leftSection={<IconUserOff size={16} />}
              onClick={() => void setActive(false)}
              loading={busy}
              disabled={!!blocked}
              data-testid="user-deactivate"
            >
              {t("users.deactivate")}
            </Button>
          </Tooltip>
        ) : (
          <Button
            color="teal"
            variant="light"
            leftSection={<IconUserCheck size={16} />}
            onClick={() => void setActive(true)}
            loading={busy}
            disabled={stronger}
            data-testid="user-activate"
          >
            {t("users.activate")}
          </Button>
        ))}
      {canUpdate && <ResetPasswordDialog user={user} opened={resetting} onClose={() => setResetting(false)} />}
      {canHandOver && (
        <HandoverDialog
          user={user}
          opened={handover !== null}
          mode={handover ?? "handover"}
          onClose={() => setHandover(null)}
          onDeactivate={() => applyActive(false)}
        />
      )}
    </>
  );
}

function ProfilePanel({ record: user }: PanelProps<User>) {
  const { t } = useTranslation("admin");
  const me = useMe();
  const queryClient = useQueryClient();
  const canUpdate = useCan("user", "update");
  const lookups = useAdminLookups();
  const stronger = useStronger(user);
  const self = user.id === me.id;
  const zones = useMemo(() => timeZones().map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") })), []);
  const selfHint = self ? "admin:users.selfLocked" : undefined;

  const hints: FieldHints = {
    name: { order: 0 },
    roleId: { order: 1, widget: "choice", options: lookups.roleOptions, readOnly: self, description: selfHint, hidden: !lookups.canRoles },
    orgUnitId: {
      order: 2,
      widget: "choice",
      options: lookups.unitOptions,
      readOnly: self,
      description: selfHint,
      hidden: !lookups.canUnits,
      placeholder: "admin:users.placeholder.orgUnit",
    },
    managerId: { order: 3, widget: "user", readOnly: self, description: selfHint, placeholder: "admin:users.placeholder.manager" },
    teamIds: {
      order: 4,
      widget: "multiChoice",
      options: lookups.teamOptions,
      readOnly: self,
      description: selfHint ?? "admin:users.teamsHint",
      hidden: !lookups.canTeams,
      wide: true,
    },
    locale: { order: 5, widget: "choice", options: locales.map((value) => ({ value, label: languageNames[value] })) },
    timeZone: { order: 6, widget: "choice", options: zones },
    active: { hidden: true },
  };

  return (
    <Stack gap="md" maw={880}>
      {stronger && canUpdate && (
        <Alert color="yellow" icon={<IconLock size={18} />}>
          {t("serverError.strongerUser")}
        </Alert>
      )}
      {self && (
        <Alert color="blue" icon={<IconUser size={18} />} data-testid="user-self-note">
          <Text size="sm">
            {t("users.selfNote")}{" "}
            <Anchor component={Link} to="/profile" size="sm">
              {t("users.selfProfileLink")}
            </Anchor>
          </Text>
        </Alert>
      )}
      <Card withBorder>
        <RecordForm<User>
          schema={userPatch}
          mode="edit"
          initial={user}
          version={user.version}
          hints={hints}
          labelPrefix="admin:users.field."
          readOnly={!canUpdate || stronger}
          testId="user-form"
          onSubmit={(body, { version }) =>
            patchUser(user.id, version ?? user.version, body).catch((error: unknown) => {
              throw localizeApiError(error);
            })
          }
          loadCurrent={() => queryClient.fetchQuery({ ...userQuery(user.id), staleTime: 0 })}
          onSaved={(saved) => {
            queryClient.setQueryData(userQuery(user.id).queryKey, saved);
            void queryClient.invalidateQueries({ queryKey: ["users"] });
            void queryClient.invalidateQueries({ queryKey: ["teams"] });
            notifySuccess(t("users.saved", { name: saved.name }));
          }}
        />
      </Card>
      <Text size="xs" c="dimmed">
        {t("users.emailFixed")}
      </Text>
    </Stack>
  );
}

function SessionsPanel({ record: user }: PanelProps<User>) {
  const { t } = useTranslation("admin");
  const canReadUsers = useCan("user", "read");
  const directory = useUserDirectory(canReadUsers);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("users.sessionsIntro", { name: user.name })}
      </Text>
      <SessionList userId={user.id} users={directory.data} />
    </Stack>
  );
}

function ActivityPanel({ record: user }: PanelProps<User>) {
  const { t } = useTranslation("admin");
  const [mode, setMode] = useState<"actor" | "record">("actor");
  const query = mode === "actor" ? { actorId: user.id } : { tableName: "users", recordId: user.id };
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          value={mode}
          onChange={(value) => setMode(value as "actor" | "record")}
          data={[
            { value: "actor", label: t("users.activityBy") },
            { value: "record", label: t("users.activityOn") },
          ]}
          data-testid="user-activity-mode"
        />
        <Anchor
          component={Link}
          to="/admin/audit"
          search={(mode === "actor" ? { actorId: user.id } : { tableName: "users", recordId: user.id }) as never}
          size="sm"
        >
          {t("users.openInAudit")}
        </Anchor>
      </Group>
      <Card withBorder padding="xs">
        <AuditEntries
          key={mode}
          query={query}
          pageSize={20}
          topics={["list:users"]}
          emptyTitle={mode === "actor" ? t("users.noActivity") : t("users.noChanges")}
        />
      </Card>
    </Stack>
  );
}
