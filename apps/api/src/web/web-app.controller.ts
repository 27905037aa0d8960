import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '#libs/platform';
import { Public } from '../auth/auth.decorators.js';

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

/**
 * The copies the build writes beside its text files (apps/web/vite.config.ts, precompress), in the
 * order preferred: brotli is ~12 % smaller than gzip on the sign-in page's JavaScript.
 */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** Whether an Accept-Encoding header accepts `coding` (listed, or `*`, with a q-value above 0). */
export function accepts(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (token === coding) return ok;
    if (token === '*') wildcard = ok;
  }
  return wildcard;
}

/** Paths that belong to the API: never answered with the web app, so an unknown one stays a 404 problem. */
const API_PREFIXES = ['/api/', '/api', '/health/', '/health'];

/**
 * Serves the built web app (ARCHITECTURE.md "The web app": the API serves the build at `/`).
 *
 * - `/assets/*` are content-hashed by the build: cached for a year and marked immutable;
 * - any other file of the build (the icon) is served with a short cache;
 * - a text file goes as the build's brotli or gzip copy when the browser accepts one (with Vary, so a
 *   cache between keeps them apart), never compressed at request time;
 * - every other GET is a page of the single-page app: `index.html`, never cached, so a new release is
 *   picked up at the next navigation. The app's router then shows the page, or its own 404.
 *
 * Everything under /api and /health keeps answering as before: an unknown route there is the API's
 * 404 problem, not the web page.
 */
@ApiExcludeController()
@Controller()
export class WebAppController {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = resolve(config.webRoot);
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
      this.send(req, reply, file, immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      return;
    }
    if (path.startsWith('/assets/') || extname(path) !== '')
      throw new NotFoundException(`no such file: ${path}`);
    const index = join(this.root, 'index.html');
    if (!existsSync(index))
      throw new NotFoundException('the web app is not built here: run `npm run build`, then restart');
    this.send(req, reply, index, 'no-cache');
  }

  /** A file of the build, or its compressed copy when there is one the browser accepts. */
  private send(req: FastifyRequest, reply: FastifyReply, file: string, cacheControl: string): void {
    void reply
      .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', cacheControl);
    const copies = ENCODINGS.filter((e) => existsSync(file + e.suffix));
    if (copies.length > 0) reply.header('vary', 'accept-encoding');
    const chosen = copies.find((e) => accepts(req.headers['accept-encoding'], e.name));
    if (chosen) {
      void reply.header('content-encoding', chosen.name).send(createReadStream(file + chosen.suffix));
      return;
    }
    void reply.send(createReadStream(file));
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
