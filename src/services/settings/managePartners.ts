import { partnerRow } from '../applyNetworkConfig.js';
import type { PartnerConfig } from '../../config/networkConfig.js';
import type { Db } from '../../store/database.js';
import { findSymbolOwner } from '../../store/institutionRepository.js';
import { findPartnerByCode, findPartnerBySymbol } from '../../store/partnerRepository.js';
import type { Institution, Partner } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { ConflictError } from '../errors.js';
import { partnerSecurityIssues } from '../../config/sections/partnerSecurity.js';
import { savePartnerCredentials } from '../interop/savePartnerCredentials.js';
import { savePartner } from './savePartner.js';
import { workflowProfileProblem } from './workflowProfiles.js';
import { locateProfileProblem } from '../locate/locateProfiles.js';

/** Adds a partner (validated with the network file's partner schema): one transaction, audited. */
export async function createPartner(ctx: ServiceContext, institution: Institution, partner: PartnerConfig, actor: string): Promise<Partner> {
  return ctx.db.transaction().execute(async (trx) => {
    if (await findPartnerByCode(trx, institution.id, partner.code)) throw new ConflictError(`partner ${partner.code} already exists`);
    await checkPartner(trx, institution, partner);
    return savePartnerAndCredentials(trx, institution, partner, actor);
  });
}

/** Replaces a partner's settings, found by code (which never changes: requests refer to the partner). */
export async function updatePartner(ctx: ServiceContext, institution: Institution, partner: PartnerConfig, actor: string): Promise<Partner> {
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await findPartnerByCode(trx, institution.id, partner.code, { lock: true }))) throw new NotFoundError(`no partner ${partner.code}`);
    await checkPartner(trx, institution, partner);
    return savePartnerAndCredentials(trx, institution, partner, actor);
  });
}

/**
 * Credentials are never shown back, so a partner read and sent back has none: leaving them out
 * keeps the stored ones; `credentials: {}` removes them.
 */
async function savePartnerAndCredentials(trx: Db, institution: Institution, partner: PartnerConfig, actor: string): Promise<Partner> {
  const saved = await savePartner(trx, partnerRow(institution.id, partner), actor);
  if (partner.credentials !== undefined) await savePartnerCredentials(trx, saved, partner.credentials, actor);
  return saved;
}

/** What the schema cannot know: the symbol is free, a local partner exists, the workflow profiles exist and fit. */
async function checkPartner(trx: Db, institution: Institution, partner: PartnerConfig): Promise<void> {
  const symbol = `${partner.symbol.idType}:${partner.symbol.idValue}`;
  const holder = await findPartnerBySymbol(trx, institution.id, partner.symbol);
  if (holder && holder.code !== partner.code) throw new ConflictError(`symbol ${symbol} is already partner ${holder.code}`);
  const problems: string[] = partnerSecurityIssues(partner).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!partner.endpoint && !(await findSymbolOwner(trx, partner.symbol))) {
    problems.push(`endpoint: ${symbol} is not an institution of this deployment, so it needs an endpoint URL`);
  }
  for (const [kind, key] of [['borrowing', 'borrowingWorkflowProfile'], ['lending', 'lendingWorkflowProfile']] as const) {
    const code = partner[key];
    const problem = code === undefined ? undefined : await workflowProfileProblem(trx, institution.id, code, kind);
    if (problem) problems.push(`${key}: ${problem}`);
  }
  const locateProblem = partner.locateProfile === undefined ? undefined : await locateProfileProblem(trx, institution.id, partner.locateProfile);
  if (locateProblem) problems.push(`locateProfile: ${locateProblem}`);
  if (problems.length > 0) throw new InvalidInputError(problems.join('; '));
}
