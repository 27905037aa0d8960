import { createRoot, hydrateRoot } from 'react-dom/client';
import { App, queryClient } from './app/App';
import { APP_INFO_KEY, type AppInfo } from './pages/login/LoginPage';
import './styles.css';

const root = document.getElementById('root')!;
if (root.firstElementChild) {
  // signed-out.html (vite.config.ts): the API sent the sign-in page already drawn, to a visitor without a
  // session. Any page path leads there without a session (UI.md §1.2: sign-in, then back to the same
  // URL), so go to the URL the app would have redirected to, and take over the markup where it stands.
  if (location.pathname !== '/login') {
    const next = encodeURIComponent(location.pathname + location.search);
    history.replaceState(null, '', `/login?next=${next}`);
  }
  // The API chose the page drawn with or without the demo logins' hint, and says which: the first render
  // must draw the same to take it over, and need not ask again.
  queryClient.setQueryData<AppInfo>(APP_INFO_KEY, { demo: root.dataset.demo === 'true' });
  hydrateRoot(root, <App />);
} else {
  createRoot(root).render(<App />);
}
