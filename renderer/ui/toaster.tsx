import { OverlayToaster, Position, type ToastProps } from '@blueprintjs/core';
import { createContext, useCallback, useContext, useMemo, useRef, type ReactNode } from 'react';

interface ToastApi {
  show: (toast: ToastProps) => void;
  /** Dismiss every toast (on lock: nothing from the open vault lingers on the unlock screen). */
  clear: () => void;
}

const ToastContext = createContext<ToastApi>({ show: () => undefined, clear: () => undefined });

/**
 * One toaster for the app, rendered in the tree (no second React root). Bottom left, narrower than Blueprint's
 * default: dialogs are centred with their buttons at the bottom right (footer actions, alert buttons), so a
 * toast shown while one is open — the next form after a save — never covers them (entity-forms e2e checks
 * the boxes).
 */
export function ToasterProvider({ children }: { children: ReactNode }) {
  const ref = useRef<OverlayToaster | null>(null);
  const show = useCallback((toast: ToastProps) => {
    ref.current?.show({ timeout: 5000, ...toast });
  }, []);
  const clear = useCallback(() => ref.current?.clear(), []);
  const value = useMemo(() => ({ show, clear }), [show, clear]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <OverlayToaster ref={ref} position={Position.BOTTOM_LEFT} maxToasts={4} className="app-toaster" />
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi['show'] {
  return useContext(ToastContext).show;
}

export function useClearToasts(): ToastApi['clear'] {
  return useContext(ToastContext).clear;
}
