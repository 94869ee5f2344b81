import { useRef } from 'react';

/**
 * A key that changes every time a dialog opens. Blueprint keeps a closing dialog's content mounted during
 * its exit transition; reopening within that time would otherwise bring back the previous run's state
 * (a finished import report instead of a fresh form).
 */
export function useOpenKey(isOpen: boolean): number {
  const count = useRef(0);
  const wasOpen = useRef(false);
  if (isOpen && !wasOpen.current) count.current += 1;
  wasOpen.current = isOpen;
  return count.current;
}
