import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

export const OPENAPI_PATH = 'api/docs';

/**
 * The OpenAPI document at /api/docs (UI) and /api/docs-json (issue #3 item 6).
 *
 * The DTOs are described once, by their class-validator rules: Nest's explorer already refers to each
 * `@Body()` class by name, and the schemas under those names are generated from the same validation
 * metadata the ValidationPipe enforces, so the document cannot drift from what the API accepts.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Teacher development workflow')
    .setDescription(
      'Applications (apply → review → approve → evaluate), identity and the audit trail. ' +
        'Errors are RFC 9457 problem+json. Commands accept an `Idempotency-Key` header (a retry answers ' +
        'the first result) and `If-Match: "<version>"` (412 on a stale version); responses carry `ETag` ' +
        'and `X-Log-Position` (send it back as `X-Min-Position` to read your own writes).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'token from POST /api/auth/login' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const fromValidation = validationMetadatasToSchemas({
    classValidatorMetadataStorage: getMetadataStorage(),
    refPointerPrefix: '#/components/schemas/',
  });
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    ...(fromValidation as NonNullable<OpenAPIObject['components']>['schemas']),
  };
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
    customSiteTitle: 'Teacher development workflow — API',
  });
}
