import { useId, useMemo, useState, type KeyboardEvent, type PointerEvent } from "react";
import { Box, Group, Text } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { chartScale, linePath, nearestIndex, visibleLabelIndexes, type ChartPoint, type ChartSeries } from "../lib/chart";

/** Each line also differs by its dash and marker, so the chart reads without colour. */
const dashes = ["", "6 4", "2 3"];

type Props = {
  /** The chart's name (caption, and the title screen readers announce). */
  title: string;
  points: readonly ChartPoint[];
  series: readonly ChartSeries[];
  /** A value in full (read-out, description): "€1,250,000.00". */
  formatValue: (value: number) => string;
  /** A short axis label: "1.3M". */
  formatAxis: (value: number) => string;
  height?: number;
  testId?: string;
};

/**
 * A line chart of figures over periods, drawn as SVG: amounts up (from zero), periods across, a
 * legend, and a read-out of one period's values under it (the newest at first; hover, or focus
 * the chart and use the arrow keys, to read another). Screen readers get the title and every
 * value in words.
 */
export function TrendChart({ title, points, series, formatValue, formatAxis, height = 240, testId = "trend-chart" }: Props) {
  const { t } = useTranslation("finance");
  const { ref, width } = useElementSize();
  const ids = useId();
  const captionId = `${ids}-caption`;
  const descId = `${ids}-desc`;
  const hintId = `${ids}-hint`;
  const [active, setActive] = useState<number | null>(null);
  const shown = active !== null && active < points.length ? active : points.length - 1;

  const layout = useMemo(() => {
    const probe = chartScale(points, series, { width: 100, height, top: 0, right: 0, bottom: 0, left: 0 });
    const longest = Math.max(...probe.ticks.map((tick) => formatAxis(tick).length), 1);
    const box = { width: Math.max(width, 200), height, top: 12, right: 16, bottom: 28, left: Math.min(96, 14 + longest * 7.2) };
    const scale = chartScale(points, series, box);
    const labels = visibleLabelIndexes(points.length, scale.plot.right - scale.plot.left);
    return { box, scale, labels };
  }, [points, series, height, width, formatAxis]);
  const { box, scale, labels } = layout;

  const describe = (point: ChartPoint) =>
    `${point.label}: ${series
      .map((line) => {
        const value = point.values[line.id];
        return `${line.label} ${typeof value === "number" ? formatValue(value) : t("chart.noValue")}`;
      })
      .join(", ")}`;

  const onKey = (event: KeyboardEvent) => {
    const last = points.length - 1;
    const next =
      event.key === "ArrowLeft"
        ? shown - 1
        : event.key === "ArrowRight"
          ? shown + 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setActive(Math.max(0, Math.min(last, next)));
  };
  const onPointer = (event: PointerEvent<SVGSVGElement>) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    setActive(nearestIndex(event.clientX - bounds.left, points.length, scale));
  };

  const current = points[shown];
  return (
    <Box component="figure" m={0} data-testid={testId}>
      <Group justify="space-between" align="baseline" gap="xs" mb={4} wrap="wrap">
        <Text component="figcaption" id={captionId} fw={600} size="sm">
          {title}
        </Text>
        <Group gap="md" wrap="wrap" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid={`${testId}-legend`}>
          {series.map((line, index) => (
            <Group key={line.id} component="li" gap={6} wrap="nowrap">
              <svg width="26" height="10" aria-hidden focusable="false">
                <line x1="1" y1="5" x2="25" y2="5" stroke={line.color} strokeWidth="2.5" strokeDasharray={dashes[index % dashes.length]} />
                <Marker index={index} x={13} y={5} color={line.color} />
              </svg>
              <Text size="xs">{line.label}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <Box
        ref={ref}
        tabIndex={0}
        role="group"
        aria-labelledby={captionId}
        aria-describedby={hintId}
        onKeyDown={onKey}
        style={{ outlineOffset: 2, borderRadius: "var(--mantine-radius-sm)", touchAction: "pan-y" }}
        data-testid={`${testId}-plot`}
      >
        <svg
          width={box.width}
          height={box.height}
          role="img"
          aria-labelledby={`${captionId} ${descId}`}
          onPointerMove={onPointer}
          onPointerDown={onPointer}
          style={{ display: "block", maxWidth: "100%", overflow: "visible" }}
        >
          <desc id={descId}>{points.map(describe).join(". ")}</desc>
          <g aria-hidden>
            {scale.ticks.map((tick) => (
              <g key={tick}>
                <line
                  x1={scale.plot.left}
                  x2={scale.plot.right}
                  y1={scale.y(tick)}
                  y2={scale.y(tick)}
                  stroke={tick === 0 ? "var(--mantine-color-default-color)" : "var(--mantine-color-default-border)"}
                  strokeOpacity={tick === 0 ? 0.55 : 1}
                  strokeWidth={1}
                />
                <text
                  x={scale.plot.left - 6}
                  y={scale.y(tick)}
                  textAnchor="end"
                  dominantBaseline="middle"
                  fontSize={11}
                  fill="var(--mantine-color-dimmed)"
                  data-testid={`${testId}-tick`}
                >
                  {formatAxis(tick)}
                </text>
              </g>
            ))}
            {labels.map((index) => (
              <text
                key={points[index]!.key}
                x={scale.x(index)}
                y={box.height - 8}
                textAnchor={
                  points.length > 1 && index === 0 ? "start" : points.length > 1 && index === points.length - 1 ? "end" : "middle"
                }
                fontSize={11}
                fill="var(--mantine-color-dimmed)"
                data-testid={`${testId}-period`}
              >
                {points[index]!.label}
              </text>
            ))}
            {current && (
              <line
                x1={scale.x(shown)}
                x2={scale.x(shown)}
                y1={scale.plot.top}
                y2={scale.plot.bottom}
                stroke="var(--mantine-color-dimmed)"
                strokeDasharray="3 3"
                strokeWidth={1}
              />
            )}
            {series.map((line, seriesIndex) => (
              <g key={line.id} data-testid={`${testId}-series`} data-series={line.id}>
                <path
                  d={linePath(points, line.id, scale)}
                  fill="none"
                  stroke={line.color}
                  strokeWidth={2.5}
                  strokeLinejoin="round"
                  strokeLinecap="round"
                  strokeDasharray={dashes[seriesIndex % dashes.length]}
                />
                {points.map((point, index) => {
                  const value = point.values[line.id];
                  if (typeof value !== "number") return null;
                  return (
                    <Marker
                      key={point.key}
                      index={seriesIndex}
                      x={scale.x(index)}
                      y={scale.y(value)}
                      color={line.color}
                      large={index === shown}
                    />
                  );
                })}
              </g>
            ))}
          </g>
        </svg>
      </Box>
      <Text id={hintId} size="xs" c="dimmed" mt={4}>
        {t("chart.hint")}
      </Text>
      {current && (
        <Box aria-live="polite" mt={6} data-testid={`${testId}-readout`} data-period={current.key}>
          <Text size="sm" fw={600}>
            {current.label}
          </Text>
          <Group gap="md" wrap="wrap">
            {series.map((line) => {
              const value = current.values[line.id];
              return (
                <Text key={line.id} size="sm" data-series={line.id}>
                  <Text span inherit c="dimmed">
                    {`${line.label}: `}
                  </Text>
                  {typeof value === "number" ? formatValue(value) : t("chart.noValue")}
                </Text>
              );
            })}
          </Group>
        </Box>
      )}
    </Box>
  );
}

/** Circle, square, diamond: one shape per series. */
function Marker({ index, x, y, color, large }: { index: number; x: number; y: number; color: string; large?: boolean }) {
  const size = large ? 5 : 3.5;
  const common = { fill: "var(--mantine-color-body)", stroke: color, strokeWidth: 2 };
  const shape = index % 3;
  if (shape === 0) return <circle cx={x} cy={y} r={size} {...common} />;
  if (shape === 1) return <rect x={x - size} y={y - size} width={size * 2} height={size * 2} {...common} />;
  return <path d={`M${x},${y - size - 1} L${x + size + 1},${y} L${x},${y + size + 1} L${x - size - 1},${y} Z`} {...common} />;
}
