import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildIso18626, confirmationFor } from '../../protocols/iso18626/index.js';
import { isoDateTime, type ServiceContext } from '../../services/context.js';
import { receiveIso18626Message } from '../../services/inbound/receiveIso18626Message.js';
import type { MetricsRegistry } from '../metrics.js';
import { nonXmlContentType, prepareProtocolScope } from './protocolScope.js';

/** Larger bodies are refused before they are read to the end. */
export const ISO18626_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /iso18626`: the ISO 18626 endpoint for every institution in this deployment.
 * Whatever arrives, the answer is an ISO 18626 confirmation; transport problems (size,
 * content type) also set a 4xx status so HTTP tooling sees them.
 */
export async function iso18626Routes(app: FastifyInstance, ctx: ServiceContext, metrics: MetricsRegistry): Promise<void> {
  await app.register((scope, _options, done) => {
    prepareProtocolScope(scope, {
      name: 'ISO 18626',
      parseAs: 'string',
      bodyLimit: ISO18626_BODY_LIMIT,
      refuse: (reply, status, reason) => sendTransportError(reply, status, reason, ctx, metrics),
      fail: (reply) => reply.code(503).type('text/plain').send('temporarily unable to process the message; please retry'),
    });

    scope.post(
      '/iso18626',
      {
        schema: {
          summary: 'Receive an ISO 18626 message (1.1, 1.2 or 2021) and answer with its confirmation',
          description:
            'The addressed institution is found from the receiving agency id in the header. The answer is always an ISO 18626 confirmation, in the version of the message received.',
          tags: ['protocols'],
          consumes: ['application/xml', 'text/xml'],
          produces: ['application/xml'],
        },
      },
      async (request, reply) => {
        const notXml = nonXmlContentType(request.headers['content-type']);
        if (notXml) return sendTransportError(reply, 415, notXml, ctx, metrics);
        const body = typeof request.body === 'string' ? request.body : '';
        // Partners may authenticate over HTTP (basic or bearer); the header is checked, never logged.
        const outcome = await receiveIso18626Message(ctx, body, { authorization: request.headers.authorization });
        metrics.add('interlend_protocol_messages_total', {
          protocol: 'iso18626',
          direction: 'in',
          kind: outcome.kind,
          status: outcome.messageStatus,
        });
        if (outcome.duplicate) metrics.add('interlend_protocol_duplicates_total', { protocol: 'iso18626', kind: outcome.kind });
        request.log.info(
          {
            iso18626: {
              kind: outcome.kind,
              status: outcome.messageStatus,
              errorType: outcome.errorType,
              duplicate: outcome.duplicate,
              institution: outcome.institutionCode,
              request: outcome.requestId,
            },
          },
          'ISO 18626 message answered',
        );
        return reply.type('application/xml; charset=utf-8').send(outcome.confirmation);
      },
    );
    done();
  });
}

function sendTransportError(
  reply: FastifyReply,
  status: number,
  reason: string,
  ctx: ServiceContext,
  metrics: MetricsRegistry,
): FastifyReply {
  const now = isoDateTime(ctx.now());
  const confirmation = buildIso18626(
    confirmationFor({}, { status: 'ERROR', error: { type: 'BadlyFormedMessage', value: reason }, timestamp: now, timestampReceived: now }),
    '1.2',
  );
  metrics.add('interlend_protocol_messages_total', { protocol: 'iso18626', direction: 'in', kind: 'unknown', status: 'ERROR' });
  return reply.code(status).type('application/xml; charset=utf-8').send(confirmation);
}
