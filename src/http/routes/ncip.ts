import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildProblemResponse, messagingProblem } from '../../protocols/ncip/index.js';
import type { ServiceContext } from '../../services/context.js';
import { receiveNcipMessage } from '../../services/ncip/responder/receiveNcipMessage.js';
import type { MetricsRegistry } from '../metrics.js';
import { nonXmlContentType, prepareProtocolScope } from './protocolScope.js';

/** Larger bodies are refused before they are read to the end. */
export const NCIP_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /ncip`: the NCIP 2.0–2.02 responder for every institution in this deployment (brokers
 * talk to it). Whatever arrives, the answer is NCIP: the service's response, or a Problem;
 * transport problems (size, content type) also set a 4xx status so HTTP tooling sees them.
 */
export async function ncipRoutes(app: FastifyInstance, ctx: ServiceContext, metrics: MetricsRegistry): Promise<void> {
  await app.register((scope, _options, done) => {
    // Bytes, not text: the codec must see invalid UTF-8 to refuse it.
    prepareProtocolScope(scope, {
      name: 'NCIP',
      parseAs: 'buffer',
      bodyLimit: NCIP_BODY_LIMIT,
      refuse: (reply, status, reason) => sendTransportProblem(reply, status, reason, metrics),
      fail: (reply) => reply.code(503).type('text/plain').send('temporarily unable to process the message; please retry'),
    });

    scope.post(
      '/ncip',
      {
        schema: {
          summary: 'Receive an NCIP 2.0/2.01/2.02 message and answer with its response',
          description:
            'The addressed institution is found from ToAgencyId in the InitiationHeader; the sender (FromAgencyId) must be an active partner of profile broker or ncip. The answer is always NCIP: the service response, or a Problem.',
          tags: ['protocols'],
          consumes: ['application/xml', 'text/xml'],
          produces: ['application/xml'],
        },
      },
      async (request, reply) => {
        const notXml = nonXmlContentType(request.headers['content-type']);
        if (notXml) return sendTransportProblem(reply, 415, notXml, metrics);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        // Brokers may authenticate over HTTP (basic or bearer); the header is checked, never logged.
        const outcome = await receiveNcipMessage(ctx, body, { authorization: request.headers.authorization });
        metrics.add('interlend_protocol_messages_total', { protocol: 'ncip', direction: 'in', kind: outcome.kind, status: outcome.status });
        request.log.info(
          { ncip: { kind: outcome.kind, status: outcome.status, problem: outcome.problemType, institution: outcome.institutionCode } },
          'NCIP message answered',
        );
        return reply.type('application/xml; charset=utf-8').send(outcome.answer);
      },
    );
    done();
  });
}

function sendTransportProblem(reply: FastifyReply, status: number, reason: string, metrics: MetricsRegistry): FastifyReply {
  metrics.add('interlend_protocol_messages_total', { protocol: 'ncip', direction: 'in', kind: 'unknown', status: 'ERROR' });
  return reply
    .code(status)
    .type('application/xml; charset=utf-8')
    .send(buildProblemResponse(messagingProblem('Invalid Message Syntax Error', reason)));
}
