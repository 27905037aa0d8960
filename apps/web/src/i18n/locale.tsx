import { ConfigProvider } from 'antd';
// antd's ES build of the locale (antd/locale/* is its CommonJS build, which the bundle then carried
// beside the ES copy antd itself imports). English comes with the English catalogue (loadCatalogue).
import type { Locale as AntdLocale } from 'antd/es/locale';
import zhCN_antd from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatters, type Formatters } from './format';
import { LOCALES, type Locale } from './locales';
import { zhCN, type Messages } from './zh-CN';

export { LOCALES, type Locale };

/**
 * Chinese is in the first download; English is fetched when someone chooses it (or chose it last time),
 * so the sign-in page carries one catalogue, not two.
 */
const CATALOGUES: Partial<Record<Locale, Messages>> = { 'zh-CN': zhCN };
const ANTD_LOCALES: Partial<Record<Locale, AntdLocale>> = { 'zh-CN': zhCN_antd };
async function loadCatalogue(locale: Locale): Promise<Messages> {
  if (!CATALOGUES[locale]) {
    const [{ en }, antdEn] = await Promise.all([import('./en'), import('antd/es/locale/en_US')]);
    ANTD_LOCALES.en = antdEn.default;
    CATALOGUES[locale] = en;
  }
  return CATALOGUES[locale]!;
}
const REMEMBERED = 'tdw.locale';

interface LocaleContext {
  locale: Locale;
  t: Messages;
  fmt: Formatters;
  setLocale(locale: Locale): void;
}

const Ctx = createContext<LocaleContext | null>(null);

/** The language before sign-in: the last one chosen in this browser, else Chinese. */
export function initialLocale(): Locale {
  const kept = globalThis.localStorage?.getItem(REMEMBERED);
  return kept === 'en' ? 'en' : 'zh-CN';
}

export function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}

/** The current locale, read by the API client for `Accept-Language` outside React. */
let current: Locale = initialLocale();
export const currentLocale = () => current;

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(CATALOGUES[current] ? current : 'zh-CN');
  useEffect(() => {
    // A remembered English choice: show Chinese for the moment the English catalogue takes to arrive.
    if (current !== locale) void loadCatalogue(current).then(() => setLocaleState(current));
    // Once, at start: later choices go through setLocale.
  }, []);
  const value = useMemo<LocaleContext>(() => {
    const t = CATALOGUES[locale] ?? zhCN;
    return {
      locale,
      t,
      fmt: formatters(locale, t.common.none),
      setLocale(next) {
        current = next;
        globalThis.localStorage?.setItem(REMEMBERED, next);
        void loadCatalogue(next).then(() => {
          document.documentElement.lang = next;
          dayjs.locale(next === 'en' ? 'en' : 'zh-cn');
          setLocaleState(next);
        });
      },
    };
  }, [locale]);
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <Ctx.Provider value={value}>
      <ConfigProvider
        locale={ANTD_LOCALES[locale] ?? zhCN_antd}
        theme={{
          // WCAG 2 AA contrast (4.5:1) for text on white and on the selected menu item's tint: antd's
          // default blue (#1677ff), status colours and 45%-black tertiary text fall short, so darker each.
          token: {
            colorPrimary: '#0958d9',
            colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
            colorTextDescription: 'rgba(0, 0, 0, 0.6)',
            colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
            // Status tags and danger buttons write in these colours on white or on their own pale tint.
            colorInfo: '#0958d9',
            colorSuccess: '#237804',
            colorWarning: '#ad4e00',
            // antd derives the pale tints from these seeds; from darker seeds they come out grey, so the
            // usual tints are kept.
            colorSuccessBg: '#f6ffed',
            colorSuccessBorder: '#b7eb8f',
            colorWarningBg: '#fff7e6',
            colorWarningBorder: '#ffd591',
            colorErrorBg: '#fff1f0',
            colorErrorBorder: '#ffccc7',
            colorInfoBg: '#e6f4ff',
            colorInfoBorder: '#91caff',
            colorError: '#cf1322',
            borderRadius: 6,
          },
        }}
      >
        {children}
      </ConfigProvider>
    </Ctx.Provider>
  );
}

export function useI18n(): LocaleContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useI18n outside LocaleProvider');
  return ctx;
}

/** A label for a code the server sends (tier, kind, stage …); an unknown code shows as it is. */
export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  return map[code] ?? code;
}
