import { Badge, Tooltip, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLiveBridge, useLiveStatus } from "../live-context";

const colors = { online: "teal", connecting: "yellow", offline: "red" } as const;

/** Shows whether this tab receives live changes; offline, a click reconnects now. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  const bridge = useLiveBridge();
  return (
    <Tooltip label={t(`live.${status}Hint`)} withArrow>
      <UnstyledButton
        onClick={() => bridge.reconnectNow()}
        aria-label={`${t(`live.${status}`)}: ${t(`live.${status}Hint`)}`}
        data-testid="live-indicator"
        data-status={status}
      >
        <Badge
          color={colors[status]}
          variant="dot"
          size="lg"
          styles={{ root: { textTransform: "none", cursor: status === "offline" ? "pointer" : "default" } }}
        >
          {t(`live.${status}`)}
        </Badge>
      </UnstyledButton>
    </Tooltip>
  );
}
