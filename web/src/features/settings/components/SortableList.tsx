import { useMemo, type CSSProperties, type ReactNode } from "react";
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Box } from "@mantine/core";
import { IconGripVertical } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { restrictToVertical } from "../lib/drag";

/** What a row needs to draw its drag handle. */
export type DragHandle = { handle: ReactNode; dragging: boolean };

type Props<T extends { id: string }> = {
  items: readonly T[];
  /** The name of an item for screen-reader announcements. */
  nameOf: (item: T) => string;
  /** Called once the item at `from` was dropped at `to`. */
  onMove: (from: number, to: number) => void;
  disabled?: boolean;
  children: (item: T, index: number, drag: DragHandle) => ReactNode;
};

/**
 * A vertical list reordered by dragging each row's handle (mouse, touch, or the keyboard: Space
 * picks up, arrows move, Space drops, Escape cancels), with translated screen-reader announcements.
 */
export function SortableList<T extends { id: string }>({ items, nameOf, onMove, disabled, children }: Props<T>) {
  const { t } = useTranslation("settings");
  const sensors = useSensors(
    // A few pixels of movement before a drag starts, so clicks on the handle stay clicks.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = useMemo(() => items.map((item) => item.id), [items]);
  const indexOf = (id: UniqueIdentifier) => ids.indexOf(String(id));
  const nameAt = (id: UniqueIdentifier) => {
    const item = items[indexOf(id)];
    return item ? nameOf(item) : "";
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("drag.picked", { name: nameAt(active.id), position: indexOf(active.id) + 1, count: ids.length }),
    onDragOver: ({ active, over }) =>
      over ? t("drag.over", { name: nameAt(active.id), position: indexOf(over.id) + 1, count: ids.length }) : undefined,
    onDragEnd: ({ active, over }) =>
      over ? t("drag.dropped", { name: nameAt(active.id), position: indexOf(over.id) + 1, count: ids.length }) : undefined,
    onDragCancel: ({ active }) => t("drag.cancelled", { name: nameAt(active.id) }),
  };

  const end = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = indexOf(active.id);
    const to = indexOf(over.id);
    if (from >= 0 && to >= 0) onMove(from, to);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      modifiers={[restrictToVertical]}
      onDragEnd={end}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t("drag.instructions") } }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy} disabled={disabled}>
        {items.map((item, index) => (
          <SortableRow
            key={item.id}
            id={item.id}
            label={t("drag.handle", { name: nameOf(item) })}
            roleDescription={t("drag.roleDescription")}
            disabled={disabled}
          >
            {(drag) => children(item, index, drag)}
          </SortableRow>
        ))}
      </SortableContext>
    </DndContext>
  );
}

function SortableRow({
  id,
  label,
  roleDescription,
  disabled,
  children,
}: {
  id: string;
  label: string;
  roleDescription: string;
  disabled?: boolean;
  children: (drag: DragHandle) => ReactNode;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
    disabled,
    attributes: { roleDescription },
  });
  const style: CSSProperties = {
    transform: CSS.Translate.toString(transform),
    transition,
    position: "relative",
    zIndex: isDragging ? 2 : undefined,
    opacity: isDragging ? 0.85 : undefined,
  };
  const handle = (
    <ActionIcon
      ref={setActivatorNodeRef}
      variant="subtle"
      color="gray"
      aria-label={label}
      disabled={disabled}
      style={{ cursor: disabled ? undefined : isDragging ? "grabbing" : "grab", touchAction: "none" }}
      data-testid="drag-handle"
      {...attributes}
      {...listeners}
    >
      <IconGripVertical size={16} />
    </ActionIcon>
  );
  return (
    <Box ref={setNodeRef} style={style}>
      {children({ handle, dragging: isDragging })}
    </Box>
  );
}
