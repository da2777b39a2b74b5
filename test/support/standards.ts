import { fileURLToPath } from 'node:url';

/** `shared/` sits beside the project root, on developers' machines and in CI alike. */
export const STANDARDS_DIR = fileURLToPath(new URL('../../../shared/standards/', import.meta.url));
export const ISO18626_XSD = {
  '1.2': `${STANDARDS_DIR}iso18626/ISO-18626-v1_2.xsd`,
  '2021': `${STANDARDS_DIR}iso18626/ISO-18626-2021-2.xsd`,
} as const;
