import { z } from 'zod';
import { code } from '../../../config/primitives.js';
import { rotaAssignmentRuleSchema, rotaTemplateSchema, sendingRuleSchema } from '../../../config/sections/rules.js';
import { newBorrowingRequestSchema } from './borrowingRequestSchema.js';
import { institutionParams } from './scope.js';

/** Templates and rules are named by code in the path, as in the network file. */
export const codeParams = institutionParams.extend({ code });

/** PUT bodies: the whole entity but its code, which the path gives. */
export const rotaTemplateUpdateSchema = rotaTemplateSchema.omit({ code: true });
export const rotaAssignmentRuleUpdateSchema = rotaAssignmentRuleSchema.omit({ code: true });
export const sendingRuleUpdateSchema = sendingRuleSchema.omit({ code: true });

/** PUT on a rule collection: every rule's code once, in the new evaluation order. */
export const ruleOrderSchema = z.strictObject({ order: z.array(code).min(1).max(1000) });

/** A would-be borrowing request, as POSTed to create one; who it is for does not matter here. */
export const dryRunSchema = newBorrowingRequestSchema.partial({ patronId: true });
