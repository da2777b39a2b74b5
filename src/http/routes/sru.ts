import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildDiagnosticResponse } from '../../protocols/sru/serverResponse.js';
import type { SruParams } from '../../protocols/sru/serverRequest.js';
import { searchCatalogueSru, sruWithoutDatabase, type SruAnswer } from '../../services/catalogue/searchCatalogueSru.js';
import type { ServiceContext } from '../../services/context.js';
import { prepareProtocolScope } from './protocolScope.js';

/** A searchRetrieve request is a few hundred bytes; larger bodies are refused before they are read to the end. */
export const SRU_BODY_LIMIT = 1024 * 1024;
const CONTENT_TYPE = 'text/xml; charset=utf-8';
const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * `/sru/:institutionCode`: each institution's catalogue over SRU 1.1 / 1.2 / 2.0 (GET, or POST of a
 * form), so partners can locate in us. Public on purpose: what a library holds is public
 * information, the same as its OPAC. Every answer is an SRU document, errors included.
 */
export async function sruRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register((scope, _options, done) => {
    // SRU over POST is an application/x-www-form-urlencoded body with the same parameters as GET.
    const diagnostic = (reply: FastifyReply, status: number, code: number, message: string, details: string) =>
      reply.code(status).type(CONTENT_TYPE).send(buildDiagnosticResponse('1.2', 'searchRetrieve', { code, message, details }));
    prepareProtocolScope(scope, {
      name: 'SRU',
      parseAs: 'string',
      bodyLimit: SRU_BODY_LIMIT,
      refuse: (reply, status, reason) => diagnostic(reply, status, 6, 'Unsupported parameter value', reason),
      fail: (reply) => diagnostic(reply, 503, 1, 'General system error', 'temporarily unable to search; please retry'),
    });

    const schema = {
      summary: 'Search an institution’s catalogue over SRU (searchRetrieve, explain)',
      description:
        'SRU 1.1, 1.2 and 2.0. CQL indexes: dc.title, dc.creator, bath.isbn, bath.issn, bath.lccn, bath.standardIdentifier (OCLC number), rec.id, cql.serverChoice; relations =, ==, exact, all, any, adj; and/or/not. Records are MARCXML with one 952 per item showing current availability. Errors are SRU diagnostics; an unknown institution is HTTP 404.',
      tags: ['protocols'],
      produces: ['text/xml'],
      params: { type: 'object', properties: { institutionCode: { type: 'string' } }, required: ['institutionCode'] },
    };
    const send = (reply: FastifyReply, answer: SruAnswer) => reply.code(answer.status).type(CONTENT_TYPE).send(answer.body);
    const endpoint = (host: string) => {
      const url = new URL(`http://${host || 'localhost'}`);
      return { host: url.hostname, port: Number(url.port || 80) };
    };

    scope.get('/sru', { schema: { summary: 'SRU without a catalogue: a diagnostic listing the catalogues', tags: ['protocols'], produces: ['text/xml'] } }, async (request, reply) =>
      send(reply, await sruWithoutDatabase(ctx.db, request.query as SruParams)),
    );
    scope.get('/sru/:institutionCode', { schema }, async (request, reply) => {
      const { institutionCode } = request.params as { institutionCode: string };
      return send(reply, await searchCatalogueSru(ctx.db, institutionCode, request.query as SruParams, endpoint(request.host)));
    });
    scope.post('/sru/:institutionCode', { schema: { ...schema, consumes: ['application/x-www-form-urlencoded'] } }, async (request, reply) => {
      const { institutionCode } = request.params as { institutionCode: string };
      const contentType = request.headers['content-type'];
      if (contentType !== undefined && !FORM.test(contentType)) {
        // SRW (SRU over SOAP) posts an XML envelope: answer plainly rather than mistake it for an empty form.
        const details = `POST must be application/x-www-form-urlencoded (SRU over SOAP is not supported), not ${contentType.slice(0, 60)}`;
        return diagnostic(reply, 415, 4, 'Unsupported operation', details);
      }
      const body = typeof request.body === 'string' ? request.body : '';
      const params: SruParams = { ...(request.query as SruParams) };
      for (const [k, v] of new URLSearchParams(body)) if (params[k] === undefined) params[k] = v;
      return send(reply, await searchCatalogueSru(ctx.db, institutionCode, params, endpoint(request.host)));
    });
    done();
  });
}
