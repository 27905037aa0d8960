import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '#libs/platform';
import { Public } from '../auth/auth.decorators.js';
import { readCookie, SESSION_COOKIE } from '../auth/session-cookies.js';
import { isDemoInstall } from './app-info.controller.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Paths that belong to the API: never answered with the web app, so an unknown one stays a 404 problem. */
const API_PREFIXES = ['/api/', '/api', '/health/', '/health'];

/**
 * Serves the built web app (ARCHITECTURE.md "The web app": the API serves the build at `/`).
 *
 * - `/assets/*` are content-hashed by the build: cached for a year and marked immutable;
 * - any other file of the build (the icon) is served with a short cache;
 * - every other GET is a page of the single-page app: `index.html` (or, to a visitor who is not signed
 *   in, `signed-out.html`), never cached, so a new release is picked up at the next navigation. The
 *   app's router then shows the page, or its own 404.
 *
 * Everything under /api and /health keeps answering as before: an unknown route there is the API's
 * 404 problem, not the web page.
 */
@ApiExcludeController()
@Controller()
export class WebAppController {
  private readonly root: string;
  /** The sign-in page as built comes in two: with the demo logins' hint (GET /api/app-info) and without. */
  private readonly demo: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = resolve(config.webRoot);
    this.demo = isDemoInstall(config);
  }

  /** Fastify answers HEAD from this GET by itself. */
  @Public()
  @Get('*')
  get(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    this.serve(req, reply);
  }

  private serve(req: FastifyRequest, reply: FastifyReply): void {
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (API_PREFIXES.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`)))
      throw new NotFoundException(`Cannot ${req.method} ${path}`);
    const file = this.fileFor(path);
    if (file) {
      const immutable = path.startsWith('/assets/');
      void reply
        .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
        .send(createReadStream(file));
      return;
    }
    if (path.startsWith('/assets/') || extname(path) !== '')
      throw new NotFoundException(`no such file: ${path}`);
    const index = join(this.root, 'index.html');
    if (!existsSync(index))
      throw new NotFoundException('the web app is not built here: run `npm run build`, then restart');
    const signedOut = join(this.root, this.demo ? 'signed-out-demo.html' : 'signed-out.html');
    const page = this.showsSignInAsBuilt(req) && existsSync(signedOut) ? signedOut : index;
    void reply
      .header('content-type', TYPES['.html']!)
      .header('cache-control', 'no-cache')
      // Which page is sent depends on the session cookie (below).
      .header('vary', 'Cookie')
      .send(createReadStream(page));
  }

  /**
   * Without a session cookie every page of the app leads to sign-in (UI.md §1.2), so the visitor gets
   * `signed-out.html`, the build's index.html with the sign-in form already drawn (apps/web/vite.config.ts),
   * which paints before the scripts have run. With the cookie, the plain index.html: a signed-in visitor
   * must not see a sign-in form before their page (if the session has ended, the app still goes to
   * sign-in). The cookie is SameSite=Strict (session-cookies.ts), so a browser leaves it out of a
   * navigation from another site (a link in a webmail page): its absence then says nothing, and that
   * visitor too gets index.html. The drawn form is the plain one: a notice the URL asks for (a session
   * that expired, a password just changed) would move it when the app adds it, so those open as before.
   */
  private showsSignInAsBuilt(req: FastifyRequest): boolean {
    if (readCookie(req, SESSION_COOKIE) !== undefined) return false;
    if (req.headers['sec-fetch-site'] === 'cross-site') return false;
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    return !query.has('expired') && !query.has('passwordChanged');
  }

  /** The build's file for a URL path, or null; never a file outside the build folder. */
  private fileFor(path: string): string | null {
    if (path === '/' || path.includes('\0')) return null;
    const candidate = normalize(join(this.root, path));
    if (!candidate.startsWith(this.root + sep)) return null;
    try {
      return statSync(candidate).isFile() ? candidate : null;
    } catch {
      return null;
    }
  }
}
