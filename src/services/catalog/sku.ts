// SKUs typed into forms and paths go through the same identifier normaliser as imports, so a
// SKU saved by hand matches the same SKU in every file.
import { normalizeIdentifier } from '../../domain/imports/identifiers';
import { forbiddenCharacterMessage, showForbidden } from '../../domain/safe-text';
import { badRequest } from '../../errors';

export function skuOrThrow(input: string, field = 'sku'): string {
  const result = normalizeIdentifier(input, 'sku');
  if (result.ok) return result.value;
  const messages = {
    missing: 'กรุณาระบุรหัสสินค้า (SKU)',
    id_not_exact: 'รหัสสินค้าอยู่ในรูปแบบตัวเลขที่อาจคลาดเคลื่อน',
    field_too_long: 'รหัสสินค้ายาวเกิน 64 ตัวอักษร',
    invalid_characters: forbiddenCharacterMessage('char' in result ? result.char : undefined),
  } as const;
  throw badRequest(result.code === 'missing' ? 'missing_sku' : result.code, messages[result.code], [
    { field, value: showForbidden(input.slice(0, 256)) },
  ]);
}
