import { ConfigError } from '../config/loadConfigFile.js';
import type { NetworkConfig, PartnerConfig } from '../config/networkConfig.js';
import type { Db } from '../store/database.js';
import { findSymbolOwner, upsertInstitution, upsertLibrary, upsertSymbol } from '../store/institutionRepository.js';
import { applyInventoryConfig, type InventoryLoad } from './config/applyInventoryConfig.js';
import { applyLocateConfig } from './config/applyLocateConfig.js';
import { applyRulesConfig } from './config/applyRulesConfig.js';
import { applySettingsConfig } from './config/applySettingsConfig.js';
import { applyStaffConfig } from './config/applyStaffConfig.js';
import { applyPatronsConfig } from './config/applyPatronsConfig.js';
import { applyCirculationConfig } from './ncip/client/applyCirculationConfig.js';
import { savePartnerCredentials } from './interop/savePartnerCredentials.js';
import { DEFAULT_SYSTEM_TYPE, LOCAL_SYSTEM_TYPE } from './interop/systemTypes.js';
import { savePartner } from './settings/savePartner.js';
import { applyDirectoryConfig } from './directory/saveOwnEntry.js';

export interface ApplyReport {
  institutions: number;
  libraries: number;
  symbols: number;
  partners: number;
  /** Only when the file names inventory: what each institution's MARC files did. */
  inventory?: InventoryLoad[];
}

/**
 * Loads a network file into the database in one transaction: institutions, libraries,
 * symbols and partners are created or updated by code; nothing is deleted (requests may
 * still refer to it). A symbol that already belongs to another institution, or a partner
 * without an endpoint that is not an institution of this deployment, stops the whole load.
 */
export async function applyNetworkConfig(db: Db, config: NetworkConfig, source: string): Promise<ApplyReport> {
  return db.transaction().execute(async (trx) => {
    const report: ApplyReport = { institutions: 0, libraries: 0, symbols: 0, partners: 0 };
    const institutionIds: string[] = [];
    for (const [i, institutionConfig] of config.institutions.entries()) {
      const institution = await upsertInstitution(trx, institutionConfig.code, institutionConfig.name);
      institutionIds.push(institution.id);
      report.institutions += 1;
      const symbols = institutionConfig.symbols.map((symbol) => ({ symbol, libraryId: null as string | null, path: `institutions[${i}].symbols` }));
      for (const [l, libraryConfig] of institutionConfig.libraries.entries()) {
        const libraryId = await upsertLibrary(trx, institution.id, libraryConfig.code, libraryConfig.name);
        report.libraries += 1;
        symbols.push(...libraryConfig.symbols.map((symbol) => ({ symbol, libraryId, path: `institutions[${i}].libraries[${l}].symbols` })));
      }
      for (const { symbol, libraryId, path } of symbols) {
        const owner = await findSymbolOwner(trx, symbol);
        if (owner && owner.institutionId !== institution.id) {
          throw new ConfigError([
            `${source}: ${path}: symbol ${symbol.idType}:${symbol.idValue} already belongs to institution ${owner.code} in the database`,
          ]);
        }
        await upsertSymbol(trx, institution.id, libraryId, symbol);
        report.symbols += 1;
      }
    }
    // Locate profiles before partners: a partner's locateProfile must name one.
    for (const [i, institutionConfig] of config.institutions.entries()) await applyLocateConfig(trx, institutionIds[i] as string, institutionConfig, source, `institutions[${i}]`);
    // Partners last: a local partner must name a symbol loaded above (or earlier).
    for (const [i, institutionConfig] of config.institutions.entries()) {
      for (const [p, partner] of institutionConfig.partners.entries()) {
        if (!partner.endpoint && !(await findSymbolOwner(trx, partner.symbol))) {
          throw new ConfigError([
            `${source}: institutions[${i}].partners[${p}]: ${partner.symbol.idType}:${partner.symbol.idValue} is not an institution of this deployment, so it needs an endpoint URL`,
          ]);
        }
        const saved = await savePartner(trx, partnerRow(institutionIds[i] as string, partner), `config:${source}`);
        await savePartnerCredentials(trx, saved, partner.credentials, `config:${source}`);
        report.partners += 1;
      }
    }
    // Each capability loads its own part of an institution, after partners exist.
    for (const [i, institutionConfig] of config.institutions.entries()) {
      for (const apply of [applyStaffConfig, applySettingsConfig, applyRulesConfig, applyPatronsConfig, applyCirculationConfig]) {
        await apply(trx, institutionIds[i] as string, institutionConfig, source, `institutions[${i}]`);
      }
    }
    // The directory entry last: it lists the symbols loaded above.
    for (const [i, institutionConfig] of config.institutions.entries()) await applyDirectoryConfig(trx, institutionIds[i] as string, institutionConfig, `config:${source}`);
    // Inventory after libraries exist (items are placed by library code); empty catalogues only.
    for (const [i, institutionConfig] of config.institutions.entries()) {
      const load = await applyInventoryConfig(trx, institutionIds[i] as string, institutionConfig, source, `institutions[${i}]`);
      if (load) (report.inventory ??= []).push(load);
    }
    return report;
  });
}

/** The partner table row of a partner of the network file (or of the partner API, which takes the same shape). */
export function partnerRow(institutionId: string, partner: PartnerConfig) {
  const expiry = partner.requestExpiry;
  return {
    institution_id: institutionId,
    code: partner.code,
    name: partner.name,
    id_type: partner.symbol.idType,
    id_value: partner.symbol.idValue,
    endpoint_url: partner.endpoint ?? null,
    active: partner.active,
    average_supply_days: partner.averageSupplyDays ?? null,
    request_expiry: expiry === 'none' ? ('none' as const) : 'days' in expiry ? ('days' as const) : ('date' as const),
    request_expiry_days: typeof expiry === 'object' && 'days' in expiry ? expiry.days : null,
    request_expiry_date: typeof expiry === 'object' && 'date' in expiry ? expiry.date : null,
    system_type: partner.systemType ?? (partner.endpoint ? DEFAULT_SYSTEM_TYPE : LOCAL_SYSTEM_TYPE),
    supports_borrowing: partner.supportsBorrowing,
    supports_lending: partner.supportsLending,
    profile_type: partner.profileType,
    delivery_delay_days: partner.deliveryDelayDays ?? null,
    currency: partner.currency ?? null,
    send_requester_info: partner.sendRequesterInfo,
    shared_barcodes: partner.sharedBarcodes,
    automatic_receive: partner.automaticReceive,
    ignore_lender_shipping_cost: partner.ignoreLenderShippingCost,
    resend_overdue_interval_days: partner.resendOverdueIntervalDays ?? null,
    borrowing_workflow_profile: partner.borrowingWorkflowProfile ?? null,
    lending_workflow_profile: partner.lendingWorkflowProfile ?? null,
    locate_profile: partner.locateProfile ?? null,
    holdings_code: partner.holdingsCode ?? null,
    contacts: JSON.stringify(partner.contacts),
    notes: partner.notes ?? null,
  };
}
