import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * After the browser build, writes `signed-out.html` (and `signed-out-demo.html`, with the demo logins'
 * hint): index.html with the sign-in page already in #root and Ant Design's styles for it in a linked,
 * content-hashed CSS file. The API sends it to a visitor without a session cookie
 * (apps/api/src/web/web-app.controller.ts), whose first frame is then the form, painted before the
 * scripts have run; main.tsx hydrates it. The page is rendered by a bundle of src/prerender.tsx built
 * for Node into a scratch folder, with React's and Ant Design's production code, as the browser runs
 * them.
 */
function signedOutShell(): Plugin {
  let outDir = '';
  let ssr = false;
  return {
    name: 'signed-out-shell',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
      ssr = Boolean(config.build.ssr);
    },
    async closeBundle() {
      if (ssr) return;
      const scratch = mkdtempSync(join(tmpdir(), 'sign-in-render-'));
      try {
        await build({
          configFile: false,
          root,
          mode: 'production',
          logLevel: 'warn',
          define: { 'process.env.NODE_ENV': JSON.stringify('production') },
          // React's production build has no jsxDEV: the JSX must not use the development runtime even when
          // the build runs with NODE_ENV set otherwise (a test run sets it to `test`).
          oxc: { jsx: { runtime: 'automatic', development: false } },
          ssr: { noExternal: true },
          build: {
            ssr: 'src/prerender.tsx',
            outDir: scratch,
            emptyOutDir: true,
            minify: false,
            rolldownOptions: {
              onwarn(warning, warn) {
                // One file for Node: that a dynamic import is also a static one does not matter here.
                if (
                  warning.code === 'MODULE_LEVEL_DIRECTIVE' ||
                  warning.code === 'INEFFECTIVE_DYNAMIC_IMPORT'
                )
                  return;
                warn(warning);
              },
              output: { entryFileNames: 'prerender.mjs' },
            },
          },
        });
        const { renderSignIn } = (await import(pathToFileURL(join(scratch, 'prerender.mjs')).href)) as {
          renderSignIn(appInfo: { demo: boolean }): { html: string; css: string };
        };
        const index = readFileSync(join(outDir, 'index.html'), 'utf8');
        if (!index.includes('<div id="root"></div>')) throw new Error('index.html has no empty #root');
        // Two pages: a demonstration install's names the demo logins (GET /api/app-info), the API picks.
        for (const demo of [false, true]) {
          const { css, html } = renderSignIn({ demo });
          const cssFile = `assets/sign-in-${createHash('sha256').update(css).digest('hex').slice(0, 8)}.css`;
          writeFileSync(join(outDir, cssFile), css);
          const link = `<link rel="stylesheet" href="/${cssFile}">`;
          // Before the app's own stylesheet, so that its rules keep the last word, as when antd injects
          // its styles at the head's start.
          const page = (
            index.includes('<link rel="stylesheet"')
              ? index.replace('<link rel="stylesheet"', `${link}\n    <link rel="stylesheet"`)
              : index.replace('</head>', `  ${link}\n  </head>`)
          ).replace(
            '<div id="root"></div>',
            // React writes a preload for the logo ahead of the markup: the <img> itself is in the HTML,
            // and #root must hold exactly what the app renders, for hydration.
            () => `<div id="root" data-demo="${demo}">${html.replace(/^(<link [^>]*>)+/, '')}</div>`,
          );
          writeFileSync(join(outDir, demo ? 'signed-out-demo.html' : 'signed-out.html'), page);
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The web app: built into dist/web, which the API serves at `/` (apps/api/src/web). In development
 * (`npm run dev:web`) Vite proxies /api and /health to the API on port 3000, so cookies stay
 * same-origin exactly as in production.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [signedOutShell()],
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; a browser bundle has no use for
      // the directive, and Rolldown's note about dropping it is noise.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        // Split what every page shares (React, antd, Query, router) from the pages, so each role's
        // pages load on demand and the sign-in page carries only the shell.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
