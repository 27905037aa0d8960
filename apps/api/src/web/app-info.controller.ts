import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#libs/platform';
import { Public } from '../auth/auth.decorators.js';
import { bool, Endpoint, named, obj, oneOf } from '../http/openapi-schema.js';

const AppInfo = named(
  'AppInfo',
  obj({
    demo: bool({
      description: 'Whether this is a demonstration install (seeded demo logins are shown at sign-in).',
    }),
    defaultLocale: oneOf(['zh-CN', 'en'], { description: 'The language a visitor sees first.' }),
  }),
);

/**
 * A demonstration install: the demo region (and its public passwords) is seeded only outside production
 * (apps/api/src/main.ts), and the sign-in page then names the demo logins.
 */
export const isDemoInstall = (config: AppConfig): boolean => config.nodeEnv !== 'production';

/** What the sign-in page needs to know before anyone has signed in. */
@ApiTags('Web app')
@Controller('api/app-info')
export class AppInfoController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @Endpoint({ summary: 'Facts the sign-in page shows before anyone signs in', ok: AppInfo })
  info(): { demo: boolean; defaultLocale: 'zh-CN' | 'en' } {
    return { demo: isDemoInstall(this.config), defaultLocale: 'zh-CN' };
  }
}
