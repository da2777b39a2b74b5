import { z } from 'zod';
import { borrowingSettingsSchema, lendingSettingsSchema, termsOfUseSchema } from '../../../config/sections/settings.js';
import { institutionParams } from './scope.js';

/** The sections of the library settings as the API names them, with the network file's schema of each. */
export const SETTINGS_SECTIONS = {
  borrowing: { name: 'borrowing', schema: borrowingSettingsSchema },
  lending: { name: 'lending', schema: lendingSettingsSchema },
  'terms-of-use': { name: 'termsOfUse', schema: termsOfUseSchema },
} as const;

export const settingsSectionParams = institutionParams.extend({ section: z.enum(['borrowing', 'lending', 'terms-of-use']) });
export const workflowProfileParams = institutionParams.extend({ code: z.string().min(1).max(64) });
