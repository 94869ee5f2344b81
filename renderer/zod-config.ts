/**
 * Imported first by main.tsx. The renderer uses shared modules that define zod schemas (e.g. partial dates);
 * zod probes `new Function` when an object schema is built, to decide whether to compile fast parsers. Under
 * our CSP (no 'unsafe-eval') that probe is refused and reported as a violation, even though zod copes. Tell
 * zod not to try, before any schema is built.
 */
import { z } from 'zod';

z.config({ jitless: true });
