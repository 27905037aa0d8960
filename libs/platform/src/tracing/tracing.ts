import { context, propagation, trace, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import type { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';

/**
 * OpenTelemetry traces (README "Monitoring"). Off unless OTEL_EXPORTER_OTLP_ENDPOINT names a collector:
 * then each process (api, worker) registers one tracer provider that batches its spans to the collector
 * over OTLP/HTTP. The product's code only uses `@opentelemetry/api`, which does nothing while no provider
 * is registered, so tracing costs nothing when it is off.
 *
 * What is traced: each HTTP request (a server span continuing the caller's `traceparent`, carrying the
 * request's correlation id — the 错误编号 people quote), each command inside it, each append to the event
 * store, and each timer the worker fires (carrying the correlation id of the step that set it).
 */
export const TRACER_NAME = 'teacher-dev-workflow';
export const CORRELATION_ATTRIBUTE = 'tdw.correlation_id';

export interface Tracing {
  endpoint: string;
  /** Sends what is batched now (at shutdown, and in tests before reading the collector). */
  flush(): Promise<void>;
}

let active: { tracing: Tracing; provider: TracerProvider } | null = null;

/**
 * The OTLP/HTTP exporter, loaded when tracing is switched on rather than at every start: it and the
 * OTLP encoders it pulls in are ~130 modules a process without a collector never uses (BENCHMARKS.md
 * S1, the cold start). Spans batched before it has loaded wait for it.
 */
class LazyOtlpExporter implements SpanExporter {
  private readonly real: Promise<OTLPTraceExporter>;
  constructor(url: string) {
    this.real = import('@opentelemetry/exporter-trace-otlp-http').then(
      (m) => new m.OTLPTraceExporter({ url }),
    );
  }
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.real.then(
      (e) => e.export(spans, done),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
  }
  async shutdown(): Promise<void> {
    await (await this.real).shutdown();
  }
  async forceFlush(): Promise<void> {
    await (await this.real).forceFlush();
  }
}

export function startTracing(settings: { endpoint: string | null; serviceName: string }): Tracing | null {
  if (settings.endpoint === null) return null;
  // One provider per process: a second app in the same process (tests) shares it; an app sending to
  // another collector replaces it, after the first has sent what it holds.
  if (active?.tracing.endpoint === settings.endpoint) return active.tracing;
  if (active) {
    const previous = active.provider;
    void previous.forceFlush().finally(() => previous.shutdown());
    trace.disable();
    context.disable();
    propagation.disable();
    active = null;
  }
  const url = `${settings.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new LazyOtlpExporter(url),
        scheduledDelayMillis: 1000,
        maxExportBatchSize: 512,
      }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const tracing: Tracing = {
    endpoint: settings.endpoint,
    flush: () => provider.forceFlush(),
  };
  active = { tracing, provider };
  return tracing;
}

export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Runs `fn` inside a new span that is the active one for everything `fn` awaits (so spans started
 * below become its children); records an error as the span's exception, and ends it either way.
 */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean | undefined>,
  fn: (span: Span) => Promise<T>,
  /** Whether an error is a failure (red in the trace) rather than an answer, like a rule's refusal. */
  isFailure: (err: unknown) => boolean = () => true,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes: defined(attributes) }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      if (isFailure(err))
        span.setStatus({ code: 2, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

function defined(attributes: Record<string, string | number | boolean | undefined>) {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number | boolean
  >;
}
