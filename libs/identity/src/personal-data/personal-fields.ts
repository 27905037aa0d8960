import { refuse } from '#libs/event-store';
import { DISPLAY_NAME_MAX } from '../identity.model.js';
import type { PersonalSealer } from './personal-data.js';

/** Caps and shapes of the personal fields a registration may carry (checked on the plain text). */
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{4,23}$/;
export const EMAIL_MAX = 254;
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
/** 居民身份证号: 17 digits and a check character (digit or X). */
export const ID_CARD_PATTERN = /^[0-9]{17}[0-9Xx]$/;

export interface PersonalFields {
  displayName: string;
  phone?: string | null;
  email?: string | null;
  idCardNumber?: string | null;
}

/** Checks and normalises the plain personal fields; refuses like the deciders do. */
export function checkPersonalFields(f: PersonalFields): Required<PersonalFields> {
  const displayName = f.displayName.trim();
  if (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX) {
    throw refuse('invalid_display_name', `a display name must be 1–${DISPLAY_NAME_MAX} characters`);
  }
  const phone = f.phone?.trim() || null;
  if (phone !== null && !PHONE_PATTERN.test(phone))
    throw refuse('invalid_phone', 'a phone number is 5–24 digits, spaces or dashes, optionally after +');
  const email = f.email?.trim() || null;
  if (email !== null && (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email)))
    throw refuse('invalid_email', 'not an email address');
  const idCardNumber = f.idCardNumber?.trim().toUpperCase() || null;
  if (idCardNumber !== null && !ID_CARD_PATTERN.test(idCardNumber))
    throw refuse('invalid_id_card_number', 'an ID-card number is 17 digits and a check digit or X');
  return { displayName, phone, email, idCardNumber };
}

/** Seals every present field with the person's key; absent ones stay null. */
export async function sealPersonalFields(
  sealer: PersonalSealer,
  personId: string,
  f: Required<PersonalFields>,
): Promise<Required<PersonalFields>> {
  const seal = (v: string | null) => (v === null ? Promise.resolve(null) : sealer.seal(personId, v));
  return {
    displayName: await sealer.seal(personId, f.displayName),
    phone: await seal(f.phone),
    email: await seal(f.email),
    idCardNumber: await seal(f.idCardNumber),
  };
}
