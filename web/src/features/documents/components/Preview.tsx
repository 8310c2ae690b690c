import { useEffect, useRef, useState, type MouseEvent } from "react";
import { ActionIcon, Box, Center, Group, Loader, Paper, Stack, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import { IconChevronLeft, IconChevronRight, IconFileOff } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { PDFDocumentProxy } from "pdfjs-dist";
import type { CommentAnchor, PreviewKind } from "@relata/contracts";
import { ErrorState } from "../../../components/states";
import { fetchBytes } from "../api";
import { pinAt } from "../lib/documents";
import { openPdf, renderPage } from "../lib/pdf";

export type Pin = { id: string; number: number; anchor: CommentAnchor; resolved: boolean; label: string };

type Props = {
  /** Where the bytes come from (fetched with the session or through a share link). */
  url: string;
  kind: PreviewKind;
  fileName: string;
  pins?: Pin[];
  activePin?: string | null;
  onPinClick?: (id: string) => void;
  /** While set, a click on the page places a pin there. */
  onPlace?: ((anchor: CommentAnchor) => void) | undefined;
  /** Turn to this page (a pin chosen in the list). */
  page?: number;
  onPageChange?: (page: number) => void;
};

/** A PDF page (pdf.js on a canvas) or an image, with comment pins over it; other types say they cannot be shown. */
export function Preview({ url, kind, fileName, pins = [], activePin, onPinClick, onPlace, page: wantedPage, onPageChange }: Props) {
  const { t } = useTranslation("documents");
  const bytes = useQuery({
    queryKey: ["documents", "bytes", url],
    queryFn: ({ signal }) => fetchBytes(url, signal),
    enabled: kind !== "none",
    staleTime: Infinity,
    gcTime: 60_000,
    retry: 1,
  });

  if (kind === "none")
    return (
      <Paper withBorder p="xl" data-testid="preview-none">
        <Center>
          <Stack align="center" gap="xs">
            <IconFileOff size={36} stroke={1.4} aria-hidden />
            <Text size="sm" c="dimmed" ta="center">
              {t("preview.unavailable")}
            </Text>
          </Stack>
        </Center>
      </Paper>
    );
  if (bytes.isError) return <ErrorState error={bytes.error} onRetry={() => void bytes.refetch()} />;
  if (!bytes.data)
    return (
      <Center mih={240} role="status" aria-label={t("preview.loading")}>
        <Loader />
      </Center>
    );
  return kind === "image" ? (
    <ImagePreview blob={bytes.data} fileName={fileName} pins={pins} activePin={activePin} onPinClick={onPinClick} onPlace={onPlace} />
  ) : (
    <PdfPreview
      blob={bytes.data}
      pins={pins}
      activePin={activePin}
      onPinClick={onPinClick}
      onPlace={onPlace}
      wantedPage={wantedPage}
      onPageChange={onPageChange}
    />
  );
}

type SurfaceProps = Pick<Props, "pins" | "activePin" | "onPinClick" | "onPlace">;

/** The page with its pins; a click places a pin while placing is on. */
function Surface({
  page,
  pins = [],
  activePin,
  onPinClick,
  onPlace,
  children,
}: SurfaceProps & { page: number; children: React.ReactNode }) {
  const { t } = useTranslation("documents");
  const place = (event: MouseEvent<HTMLDivElement>) => {
    if (!onPlace) return;
    const box = event.currentTarget.getBoundingClientRect();
    onPlace({ page, ...pinAt({ x: event.clientX, y: event.clientY }, box) });
  };
  return (
    <Box
      pos="relative"
      onClick={place}
      style={{ cursor: onPlace ? "crosshair" : "default", lineHeight: 0, maxWidth: "100%" }}
      data-testid="preview-surface"
      data-placing={onPlace ? "true" : undefined}
    >
      {children}
      {pins
        .filter((pin) => pin.anchor.page === page)
        .map((pin) => (
          <Tooltip key={pin.id} label={pin.label} withinPortal multiline maw={260}>
            <UnstyledButton
              aria-label={t("preview.pin", { number: pin.number, text: pin.label })}
              onClick={(event) => {
                event.stopPropagation();
                onPinClick?.(pin.id);
              }}
              data-testid="preview-pin"
              style={{
                position: "absolute",
                left: `${pin.anchor.x * 100}%`,
                top: `${pin.anchor.y * 100}%`,
                transform: "translate(-50%, -100%)",
                width: 26,
                height: 26,
                borderRadius: "50% 50% 50% 0",
                rotate: "-45deg",
                background: pin.resolved ? "var(--mantine-color-gray-6)" : "var(--mantine-color-orange-6)",
                outline: pin.id === activePin ? "3px solid var(--mantine-color-blue-5)" : undefined,
                boxShadow: "0 1px 4px rgba(0,0,0,.35)",
                display: "grid",
                placeItems: "center",
              }}
            >
              <Text span size="xs" fw={700} c="white" style={{ rotate: "45deg", lineHeight: 1 }}>
                {pin.number}
              </Text>
            </UnstyledButton>
          </Tooltip>
        ))}
    </Box>
  );
}

function ImagePreview({ blob, fileName, ...surface }: SurfaceProps & { blob: Blob; fileName: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(blob);
    setSrc(url);
    return () => URL.revokeObjectURL(url);
  }, [blob]);
  if (!src) return null;
  return (
    <Paper withBorder p={4} style={{ overflow: "hidden" }} data-testid="preview-image">
      <Center>
        <Surface page={1} {...surface}>
          <img src={src} alt={fileName} style={{ maxWidth: "100%", maxHeight: "75vh", display: "block" }} />
        </Surface>
      </Center>
    </Paper>
  );
}

function PdfPreview({
  blob,
  wantedPage,
  onPageChange,
  ...surface
}: SurfaceProps & { blob: Blob; wantedPage?: number | undefined; onPageChange?: ((page: number) => void) | undefined }) {
  const { t } = useTranslation("documents");
  const { ref: frame, width } = useElementSize();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const [page, setPage] = useState(1);
  const [rendering, setRendering] = useState(true);

  useEffect(() => {
    let cancelled = false;
    let opened: PDFDocumentProxy | null = null;
    void blob
      .arrayBuffer()
      .then(openPdf)
      .then((document) => {
        opened = document;
        if (cancelled) void document.destroy();
        else setPdf(document);
      })
      .catch((error: unknown) => !cancelled && setFailed(error));
    return () => {
      cancelled = true;
      if (opened) void opened.destroy();
    };
  }, [blob]);

  useEffect(() => {
    if (wantedPage && pdf && wantedPage >= 1 && wantedPage <= pdf.numPages) setPage(wantedPage);
  }, [wantedPage, pdf]);

  useEffect(() => {
    if (!pdf || !canvas.current || width <= 0) return;
    let current = true;
    setRendering(true);
    renderPage(pdf, page, canvas.current, Math.min(width, 1100))
      .catch((error: unknown) => current && setFailed(error))
      .finally(() => current && setRendering(false));
    return () => {
      current = false;
    };
  }, [pdf, page, width]);

  const turn = (next: number) => {
    setPage(next);
    onPageChange?.(next);
  };

  if (failed) return <ErrorState error={failed} />;
  return (
    <Stack
      gap="xs"
      data-testid="preview-pdf"
      data-page={page}
      data-pages={pdf?.numPages ?? 0}
      data-rendered={!rendering && pdf ? "true" : undefined}
    >
      <Paper withBorder p={4} ref={frame} style={{ overflow: "hidden" }}>
        <Center>
          <Surface page={page} {...surface}>
            <canvas ref={canvas} aria-label={t("preview.page", { page, pages: pdf?.numPages ?? 1 })} role="img" />
          </Surface>
        </Center>
        {(!pdf || rendering) && (
          <Center pos="absolute" inset={0} style={{ pointerEvents: "none" }}>
            <Loader size="sm" />
          </Center>
        )}
      </Paper>
      {pdf && pdf.numPages > 1 && (
        <Group justify="center" gap="xs">
          <ActionIcon
            variant="default"
            onClick={() => turn(page - 1)}
            disabled={page <= 1}
            aria-label={t("preview.previous")}
            data-testid="preview-previous"
          >
            <IconChevronLeft size={16} />
          </ActionIcon>
          <Text size="sm" data-testid="preview-page-number">
            {t("preview.page", { page, pages: pdf.numPages })}
          </Text>
          <ActionIcon
            variant="default"
            onClick={() => turn(page + 1)}
            disabled={page >= pdf.numPages}
            aria-label={t("preview.next")}
            data-testid="preview-next"
          >
            <IconChevronRight size={16} />
          </ActionIcon>
        </Group>
      )}
    </Stack>
  );
}
