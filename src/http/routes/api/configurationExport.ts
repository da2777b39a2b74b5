import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../../services/context.js';
import { exportNetworkConfig, networkConfigYaml } from '../../../services/config/exportNetworkConfig.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow } from './scope.js';

/** The institution's part of the network file, as `interlend export-config --institution` writes it. */
export function configurationExportRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/institutions/:symbol/configuration',
    {
      config: { access: ACCESS.configurationExport },
      schema: { summary: 'The institution’s configuration as a network file (YAML); outbound secrets as ${INTERLEND_SECRET_…} references', tags: ['configuration'] },
    },
    async (request, reply) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution } = await authorize(request, ctx.db, symbol, ACCESS.configurationExport);
      const config = await exportNetworkConfig(ctx.db, { institutionId: institution.id });
      return reply
        .type('text/yaml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${institution.code.replace(/[^A-Za-z0-9_.-]/g, '_')}-network.yaml"`)
        .header('cache-control', 'no-store')
        .send(networkConfigYaml(config));
    },
  );
}
