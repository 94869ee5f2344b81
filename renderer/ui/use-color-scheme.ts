import { Classes } from '@blueprintjs/core';
import { useEffect, useState } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

/** Follows the system's light/dark preference and puts Blueprint's dark class on <body> (portals included). */
export function useColorScheme(): 'light' | 'dark' {
  const [dark, setDark] = useState(() => window.matchMedia(QUERY).matches);
  useEffect(() => {
    const mq = window.matchMedia(QUERY);
    const onChange = () => setDark(mq.matches);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  useEffect(() => {
    document.body.classList.toggle(Classes.DARK, dark);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [dark]);
  return dark ? 'dark' : 'light';
}
