import type { ReactNode } from 'react';
import { Group, useDefaultLayout } from 'react-resizable-panels';
import { layoutStorage } from './layout-storage';

/**
 * A resizable panel group whose sizes are remembered as layout `layout` in localStorage (saved
 * only after the person drags a separator, so a first visit never pins the defaults).
 */
export function SavedGroup({
  layout,
  id,
  orientation,
  className,
  children,
}: {
  layout: string;
  id: string;
  orientation: 'horizontal' | 'vertical';
  className: string;
  children: ReactNode;
}) {
  const saved = useDefaultLayout({
    id: `netpol-studio.layout.${layout}`,
    storage: layoutStorage,
    onlySaveAfterUserInteractions: true,
  });
  return (
    <Group
      orientation={orientation}
      id={id}
      className={className}
      defaultLayout={saved.defaultLayout}
      onLayoutChanged={saved.onLayoutChanged}
    >
      {children}
    </Group>
  );
}
