import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import { formatPath, networkConfigSchema, partnerConfig } from '../../config/networkConfig.js';
import { rotaAssignmentRuleSchema, sendingRuleSchema } from '../../config/sections/rules.js';
import { borrowingSettingsSchema, lendingSettingsSchema, termsOfUseSchema, workflowProfileSchema } from '../../config/sections/settings.js';
import type { Db } from '../../store/database.js';
import { findInstitution, listInstitutions } from '../../store/institutionRepository.js';
import { listPartners } from '../../store/partnerRepository.js';
import { ownDirectoryEntrySchema } from '../../config/sections/directory.js';
import { locateProfileSchema } from '../../config/sections/locate.js';
import { findOwnEntry } from '../../store/directoryRepository.js';
import { listLocateProfiles, locateProfileConfig } from '../../store/locateProfileRepository.js';
import { ownEntryConfig } from '../directory/directoryView.js';
import { listRotaTemplates } from '../../store/rulesRepository.js';
import type { Institution, Partner, PartnerCredentials } from '../../store/schema.js';
import { listUsers } from '../../store/userRepository.js';
import { libraryCodes } from '../auth/accounts.js';
import { DEFAULT_SYSTEM_TYPE, LOCAL_SYSTEM_TYPE } from '../interop/systemTypes.js';
import { listRuleViews } from '../rules/rules.js';
import { rotaTemplateView, type RuleView } from '../rules/views.js';
import { exportSettingsConfig } from '../settings/exportSettingsConfig.js';
import { exportPatronsConfig } from '../patrons/exportPatronsConfig.js';
import { circulationSettingsSchema } from '../../config/sections/circulation.js';
import { readCirculationSettings } from '../ncip/client/circulationSettings.js';
import { partnerView } from '../settings/partnerView.js';

/** The network file as written (before the schema's defaults and transforms): what export produces. */
export type NetworkConfigFile = z.input<typeof networkConfigSchema>;
type InstitutionFile = NetworkConfigFile['institutions'][number];
type PartnerFile = NonNullable<InstitutionFile['partners']>[number];

export interface ExportOptions {
  /** Only this institution; all of them when absent. */
  institutionId?: string | undefined;
}

/** The export produced a file the loader would refuse: a bug in the export, never the operator's. */
export class ExportBugError extends Error {
  constructor(problems: string[]) {
    super(`the exported network file does not pass the network file schema (a bug in exportNetworkConfig):\n${problems.join('\n')}`);
    this.name = 'ExportBugError';
  }
}

/**
 * The configuration in the database as a network file (`interlend serve --config`): institutions
 * with their symbols and libraries, partners with credentials, accounts, workflow profiles and
 * settings, rota templates and rules, locate profiles and the directory entry. Loading it into an empty database and exporting again gives
 * the same object. Outbound secrets are never exported: they become `${INTERLEND_SECRET_…}`
 * references (`outboundSecretVariables` lists them); inbound credentials and passwords are
 * exported as the hashes that are stored.
 *
 * Keys whose value the loader would give anyway are left out, with two exceptions that keep the
 * file the whole truth: the rules sections are always written (an absent section would leave an
 * existing database's rules alone, an empty one removes them) and so are the settings sections
 * (`{}`: everything as out of the box).
 */
export async function exportNetworkConfig(db: Db, options: ExportOptions = {}): Promise<NetworkConfigFile> {
  let institutions: Institution[];
  if (options.institutionId !== undefined) {
    const institution = await findInstitution(db, options.institutionId);
    if (!institution) throw new Error(`no institution ${options.institutionId}`);
    institutions = [institution];
  } else {
    institutions = await listInstitutions(db);
  }
  const variables = await secretVariableStems(db);
  const config: NetworkConfigFile = { institutions: [] };
  for (const institution of institutions) config.institutions.push(await exportInstitution(db, institution, variables));
  assertLoadable(config);
  return config;
}

/** The comment at the top of every exported file. */
export function exportHeader(config: NetworkConfigFile): string {
  const variables = outboundSecretVariables(config);
  return [
    '# Interlend network file, written by `interlend export-config`; load it with `interlend serve --config FILE`.',
    '# Outbound partner secrets are NOT in this file: each is a ${INTERLEND_SECRET_…} reference to an environment',
    '# variable that must be set (to the secret) when the file is loaded. Inbound credentials (sha256:…) and',
    '# passwordHash values are hashes, not secrets; still, keep this file private.',
    ...(variables.length > 0 ? ['# Variables to set:', ...variables.map((name) => `#   ${name}`)] : []),
  ].join('\n');
}

/** The file's text: header comment and YAML. */
export function networkConfigYaml(config: NetworkConfigFile): string {
  return `${exportHeader(config)}\n${stringify(config, { lineWidth: 0 })}`;
}

const REFERENCE = /^\$\{(INTERLEND_SECRET_[A-Z0-9_]+)\}$/;

/** The environment variables an exported file refers to for outbound secrets, in file order. */
export function outboundSecretVariables(config: NetworkConfigFile): string[] {
  const names: string[] = [];
  for (const institution of config.institutions) {
    for (const partner of institution.partners ?? []) {
      const outbound = partner.credentials?.outbound;
      const http = outbound?.http;
      const values = [outbound?.requestingAgencyAuthentication?.securityCode, http && 'bearer' in http ? http.bearer : http?.basic.password];
      for (const value of values) {
        const match = typeof value === 'string' ? REFERENCE.exec(value) : null;
        if (match) names.push(match[1] as string);
      }
    }
  }
  return names;
}

async function exportInstitution(db: Db, institution: Institution, variables: Map<string, string>): Promise<InstitutionFile> {
  const symbols = await db
    .selectFrom('agency_symbol')
    .select(['library_id', 'id_type', 'id_value'])
    .where('institution_id', '=', institution.id)
    .orderBy('id_type')
    .orderBy('id_value')
    .execute();
  const symbolsOf = (libraryId: string | null) => symbols.filter((s) => s.library_id === libraryId).map((s) => `${s.id_type}:${s.id_value}`);
  const libraries = await db.selectFrom('library').select(['id', 'code', 'name']).where('institution_id', '=', institution.id).orderBy('code').execute();
  const partners = await listPartners(db, institution.id);
  const credentials = new Map(
    (await db.selectFrom('partner_credentials').selectAll().where('institution_id', '=', institution.id).execute()).map((row) => [row.partner_id, row]),
  );
  const users = await exportUsers(db, institution.id);
  const patrons = await exportPatronsConfig(db, institution.id);
  const settings = await exportSettingsConfig(db, institution.id);
  const circulation = await readCirculationSettings(db, institution.id);
  const workflowProfiles = settings.workflowProfiles.map(({ steps, ...profile }) => {
    const off = Object.fromEntries(Object.entries(steps).filter(([, on]) => !on));
    return withoutDefaults(workflowProfileSchema, { ...profile, steps: off });
  });
  const locateProfiles = (await listLocateProfiles(db, institution.id)).map((row) => withoutDefaults(locateProfileSchema, locateProfileConfig(row)));
  const directoryEntry = await findOwnEntry(db, institution.id);
  return {
    code: institution.code,
    name: institution.name,
    symbols: symbolsOf(null),
    libraries: libraries.map((library) => {
      const own = symbolsOf(library.id);
      return { code: library.code, name: library.name, ...(own.length > 0 ? { symbols: own } : {}) };
    }),
    ...(locateProfiles.length > 0 ? { locateProfiles } : {}),
    ...(partners.length > 0 ? { partners: partners.map((partner) => exportPartner(institution, partner, credentials.get(partner.id), variables)) } : {}),
    ...(users.length > 0 ? { users } : {}),
    ...(patrons.length > 0 ? { patrons } : {}),
    ...(workflowProfiles.length > 0 ? { workflowProfiles } : {}),
    borrowingSettings: withoutDefaults(borrowingSettingsSchema, settings.borrowingSettings),
    lendingSettings: withoutDefaults(lendingSettingsSchema, settings.lendingSettings),
    termsOfUse: withoutDefaults(termsOfUseSchema, settings.termsOfUse),
    circulation: withoutDefaults(circulationSettingsSchema, circulation),
    ...(directoryEntry ? { directory: withoutDefaults(ownDirectoryEntrySchema, ownEntryConfig(directoryEntry)) } : {}),
    rotaTemplates: (await listRotaTemplates(db, institution.id)).map((template) => {
      const { code, name, ordered, partners: members } = rotaTemplateView(template);
      // `name` defaults to the code and `ordered` to true.
      return { code, ...(name !== code ? { name } : {}), ...(ordered ? {} : { ordered }), partners: members };
    }),
    rotaAssignmentRules: (await listRuleViews(db, institution.id, 'rota-assignment')).map((rule) => exportRule(rotaAssignmentRuleSchema, rule)),
    sendingRules: (await listRuleViews(db, institution.id, 'sending')).map((rule) => exportRule(sendingRuleSchema, rule)),
  };
}

/** A rule in list order (its position is its place in the list); `name` defaults to the code. */
function exportRule<S extends z.ZodType>(schema: S, rule: RuleView): z.input<S> {
  const { position: _position, code, name, ...rest } = rule;
  return withoutDefaults(schema, { code, ...(name !== code ? { name } : {}), ...rest }) as z.input<S>;
}

function exportPartner(institution: Institution, partner: Partner, credentials: PartnerCredentials | undefined, variables: Map<string, string>): PartnerFile {
  const { systemType, ...view } = partnerView(partner);
  const entry = withoutDefaults(partnerConfig, view) as PartnerFile;
  // What the loader derives when systemType is left out.
  if (systemType !== (partner.endpoint_url ? DEFAULT_SYSTEM_TYPE : LOCAL_SYSTEM_TYPE)) entry.systemType = systemType;
  const exported = credentials && exportCredentials(credentials, () => {
    const stem = variables.get(partner.id);
    if (!stem) throw new Error(`no secret variable name for partner ${partner.code} of ${institution.code}`);
    return stem;
  });
  if (exported) entry.credentials = exported;
  return entry;
}

type CredentialsFile = NonNullable<PartnerFile['credentials']>;

/** Inbound: account ids and the stored hashes. Outbound: account ids and usernames, secrets as references only. */
function exportCredentials(row: PartnerCredentials, stem: () => string): CredentialsFile | undefined {
  const reference = (kind: string) => `\${${stem()}_${kind}}`;
  const inbound: NonNullable<CredentialsFile['inbound']> = {};
  if (row.inbound_account_id !== null || row.inbound_security_code_hash !== null) {
    inbound.requestingAgencyAuthentication = { accountId: row.inbound_account_id ?? '', securityCodeHash: row.inbound_security_code_hash ?? '' };
  }
  if (row.inbound_http_scheme === 'bearer') inbound.http = { bearerHash: row.inbound_http_secret_hash ?? '' };
  else if (row.inbound_http_scheme === 'basic') inbound.http = { basic: { username: row.inbound_http_username ?? '', passwordHash: row.inbound_http_secret_hash ?? '' } };
  const outbound: NonNullable<CredentialsFile['outbound']> = {};
  if (row.outbound_account_id !== null || row.outbound_security_code !== null) {
    outbound.requestingAgencyAuthentication = { accountId: row.outbound_account_id ?? '', securityCode: reference('CODE') };
  }
  if (row.outbound_http_scheme === 'bearer') outbound.http = { bearer: reference('TOKEN') };
  else if (row.outbound_http_scheme === 'basic') outbound.http = { basic: { username: row.outbound_http_username ?? '', password: reference('PASSWORD') } };
  const result: CredentialsFile = {
    ...(Object.keys(inbound).length > 0 ? { inbound } : {}),
    ...(Object.keys(outbound).length > 0 ? { outbound } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * `INTERLEND_SECRET_<INSTITUTION>_<PARTNER>` for each partner with an outbound secret, over the
 * whole deployment (so a one-institution export names them as the full export does). Codes are
 * upper-cased with other characters as `_`; when two partners would share a name, both get a
 * short hash of their exact codes appended.
 */
async function secretVariableStems(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('partner_credentials as c')
    .innerJoin('partner as p', 'p.id', 'c.partner_id')
    .innerJoin('institution as i', 'i.id', 'p.institution_id')
    .select(['p.id', 'p.code as partner', 'i.code as institution'])
    .where((eb) => eb.or([eb('c.outbound_security_code', 'is not', null), eb('c.outbound_http_secret', 'is not', null), eb('c.outbound_account_id', 'is not', null), eb('c.outbound_http_scheme', 'is not', null)]))
    .execute();
  const part = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const stems = rows.map((row) => ({ ...row, stem: `INTERLEND_SECRET_${part(row.institution)}_${part(row.partner)}` }));
  const count = new Map<string, number>();
  for (const { stem } of stems) count.set(stem, (count.get(stem) ?? 0) + 1);
  return new Map(
    stems.map(({ id, institution, partner, stem }) => {
      if ((count.get(stem) ?? 0) === 1) return [id, stem];
      const suffix = createHash('sha256').update(`${institution}\0${partner}`, 'utf8').digest('hex').slice(0, 8).toUpperCase();
      return [id, `${stem}_${suffix}`];
    }),
  );
}

async function exportUsers(db: Db, institutionId: string) {
  const libraries = await libraryCodes(db, institutionId);
  return (await listUsers(db, institutionId)).map((user) => ({
    username: user.username,
    name: user.name,
    ...(user.kind === 'staff' ? { roles: [...user.roles] as NonNullable<InstitutionFile['users']>[number]['roles'] } : {}),
    ...(user.library_ids !== null ? { libraries: libraries.codesOf(user.library_ids) } : {}),
    ...(user.patron_id !== null ? { patronId: user.patron_id } : {}),
    ...(user.active ? {} : { active: false }),
    passwordHash: user.password_hash,
  }));
}

/**
 * `value` without the keys (also inside nested objects) the schema would fill in the same way:
 * a key goes only when the whole value still parses to exactly what it parsed to with the key.
 */
export function withoutDefaults<T extends Record<string, unknown>>(schema: z.ZodType, value: T): T {
  const full = schema.safeParse(value);
  if (!full.success) return value;
  let current: Record<string, unknown> = structuredClone(value);
  const visit = (path: string[]) => {
    const container = path.reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, current);
    for (const key of Object.keys(container)) {
      const candidate = structuredClone(current);
      const parent = path.reduce<Record<string, unknown>>((node, k) => node[k] as Record<string, unknown>, candidate);
      delete parent[key];
      const parsed = schema.safeParse(candidate);
      if (parsed.success && isDeepStrictEqual(parsed.data, full.data)) {
        current = candidate;
        continue;
      }
      const child = container[key];
      if (isPlainObject(child)) visit([...path, key]);
    }
  };
  visit([]);
  return current as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * The bug guard: the file, written as YAML and read back, must pass the loader's schema. Secret
 * references are checked for their form and then stand in as placeholders, because the variables
 * are not (and need not be) set where the export runs.
 */
function assertLoadable(config: NetworkConfigFile): void {
  const problems: string[] = [];
  const reread = parse(stringify(config, { lineWidth: 0 })) as NetworkConfigFile;
  if (!isDeepStrictEqual(reread, JSON.parse(JSON.stringify(config)))) problems.push('(top level): the YAML text does not read back as the exported object');
  for (const [i, institution] of reread.institutions.entries()) {
    for (const [p, partner] of (institution.partners ?? []).entries()) {
      const outbound = partner.credentials?.outbound;
      if (!outbound) continue;
      const placeholder = (value: string, where: string) => {
        if (!REFERENCE.test(value)) problems.push(`institutions[${i}].partners[${p}].credentials.outbound.${where}: an outbound secret that is not a \${INTERLEND_SECRET_…} reference`);
        return 'placeholder';
      };
      if (outbound.requestingAgencyAuthentication) {
        outbound.requestingAgencyAuthentication.securityCode = placeholder(outbound.requestingAgencyAuthentication.securityCode, 'requestingAgencyAuthentication.securityCode');
      }
      const http = outbound.http;
      if (http && 'bearer' in http) http.bearer = placeholder(http.bearer, 'http.bearer');
      else if (http) http.basic.password = placeholder(http.basic.password, 'http.basic.password');
    }
  }
  const result = networkConfigSchema.safeParse(reread);
  if (!result.success) problems.push(...result.error.issues.map((issue) => `${formatPath(issue.path) || '(top level)'}: ${issue.message}`));
  if (problems.length > 0) throw new ExportBugError(problems);
}
