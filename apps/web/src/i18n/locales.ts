// The locales on their own, so that format.ts and locale.tsx (which uses format.ts) do not import each
// other (lint:deps forbids import cycles).
export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];
