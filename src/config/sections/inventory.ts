import { z } from 'zod';

/**
 * Inventory of an institution in the network file: MARC files (MARCXML or ISO 2709) to import
 * into its catalogue. Paths are relative to the network file's directory. They are imported only
 * into an empty catalogue, so reloading the file never resets circulation state.
 */
export const inventorySchema = z.strictObject({
  marcFiles: z.array(z.string().trim().min(1, 'expected a file path')).min(1, 'name at least one MARC file'),
});
export type InventoryConfig = z.output<typeof inventorySchema>;

export const inventoryShape = {
  inventory: inventorySchema.optional(),
};
