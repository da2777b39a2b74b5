import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

export interface ProtocolScopeOptions {
  /** For the log line of a failure: "ISO 18626", "NCIP", "SRU". */
  name: string;
  /** Bytes when the codec must see invalid UTF-8 itself; text otherwise. */
  parseAs: 'string' | 'buffer';
  bodyLimit: number;
  /** Answers, in the protocol's own terms, a request that could not be read (4xx: too large, unreadable). */
  refuse: (reply: FastifyReply, status: number, reason: string) => FastifyReply | Promise<FastifyReply>;
  /** Answers when the server itself failed: always 503, so partners retry. */
  fail: (reply: FastifyReply) => FastifyReply | Promise<FastifyReply>;
}

/**
 * What every protocol endpoint (`/iso18626`, `/ncip`, `/sru`) sets up in its scope: the body read
 * raw by one parser only (JSON or form parsers must never see protocol traffic), capped, and every
 * error answered in the protocol's own words rather than as fastify's JSON.
 */
export function prepareProtocolScope(scope: FastifyInstance, options: ProtocolScopeOptions): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: options.parseAs, bodyLimit: options.bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, `${options.name} endpoint failed`);
      return options.fail(reply);
    }
    const reason = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `message is larger than ${options.bodyLimit} bytes` : `request could not be read: ${error.message}`;
    return options.refuse(reply, status, reason);
  });
}

const XML_CONTENT_TYPE = /^(application|text)\/([\w.+-]+\+)?xml\s*(;|$)/i;

/** Why a request's Content-Type is not XML (415), or undefined when it is XML or absent (accepted as XML). */
export function nonXmlContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined || XML_CONTENT_TYPE.test(contentType)) return undefined;
  return `Content-Type must be application/xml or text/xml, not ${contentType.slice(0, 60)}`;
}
