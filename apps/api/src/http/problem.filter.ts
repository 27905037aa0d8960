import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '#libs/platform';
import { toProblem } from './problem.js';

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(err, req, reply, this.logger);
  }
}

export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const problem = toProblem(err, req.headers['if-match'] !== undefined);
  problem.instance = req.url.split('?')[0];
  const correlationId = currentCorrelationId() ?? (req.headers['x-correlation-id'] as string | undefined);
  if (correlationId) problem.correlationId = correlationId;
  if (problem.status >= 500) logger.error({ err, url: req.url, method: req.method }, 'request failed');
  if (reply.sent) return;
  void reply
    .status(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(problem);
}
