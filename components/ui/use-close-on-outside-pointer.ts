'use client';

import { useEffect, type RefObject } from 'react';

/** While `isOpen`, a pointer press outside `root` calls `close` (popovers, menus). */
export function useCloseOnOutsidePointer(root: RefObject<HTMLElement | null>, isOpen: boolean, close: () => void): void {
  useEffect(() => {
    if (!isOpen) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) close();
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [root, isOpen, close]);
}
