import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import { renderToString } from 'react-dom/server';
import { createMemoryRouter } from 'react-router';
import { App, queryClient } from './app/App';
import { APP_INFO_KEY, type AppInfo } from './pages/login/LoginPage';

/**
 * The sign-in page (UI.md §1.2) as HTML, rendered at build time (vite.config.ts) so that a visitor who
 * is not signed in sees the form from the HTML itself, before ~780 KB of JavaScript has been parsed
 * and run; main.tsx then hydrates this markup. It is the app's own tree at `/login` in Chinese, the
 * default language, with nobody signed in: exactly what the browser's first render produces, which
 * is what hydration requires. What GET /api/app-info would say is given, as main.tsx gives it to the
 * browser's render from the page. Ant Design's styles for it come out as plain CSS for a linked file
 * (the Content-Security-Policy refuses inline scripts; a file is also cached).
 */
export function renderSignIn(appInfo: AppInfo): { html: string; css: string } {
  queryClient.clear();
  queryClient.setQueryData(APP_INFO_KEY, appInfo);
  const cache = createCache();
  const html = renderToString(
    <StyleProvider cache={cache}>
      <App createRouter={(routes) => createMemoryRouter(routes, { initialEntries: ['/login'] })} />
    </StyleProvider>,
  );
  return { html, css: extractStyle(cache, { plain: true }) };
}
