// The External Contacts API's rules: an org's contacts (Genesys ExternalContact, the fields this
// emulator keeps), searched by keywords, changed whole (PUT) or field by field (PATCH with
// Genesys' ContactsPatchChange actions), and found by a customer's phone number or email, which is
// how a conversation's customer becomes an external contact.
import type { Deps } from './deps.js';
import { isoNow } from './deps.js';
import { homeDivision } from './divisions.js';
import { ApiError, invalidValue } from './errors.js';
import type { Model } from './models.js';
import { page, type Listing, type PageRequest } from './paging.js';
import type { StoreView } from '../store/store.js';
import type { ContactAddressRecord, ExternalContactFields, ExternalContactRecord, PhoneNumberRecord } from '../store/schema.js';

export type ExternalContact = Model<'ExternalContact'>;

const STRING_FIELDS = ['firstName', 'middleName', 'lastName', 'salutation', 'title', 'workEmail', 'personalEmail', 'otherEmail', 'externalSystemUrl'] as const;
const PHONE_FIELDS = ['workPhone', 'cellPhone', 'homePhone', 'otherPhone'] as const;
const EMAIL_FIELDS = ['workEmail', 'personalEmail', 'otherEmail'] as const;
const PHONE_KEYS: Record<keyof PhoneNumberRecord, 'string' | 'number' | 'boolean'> = {
  display: 'string',
  extension: 'number',
  acceptsSMS: 'boolean',
  normalizationCountryCode: 'string',
  userInput: 'string',
  e164: 'string',
  countryCode: 'string',
};
const ADDRESS_KEYS: Record<keyof ContactAddressRecord, 'string'> = {
  address1: 'string',
  address2: 'string',
  city: 'string',
  state: 'string',
  postalCode: 'string',
  countryCode: 'string',
};

/** `phoneType` of the transfer requests (TransferToExternalContactRequest) and the field it names. */
export const PHONE_TYPES = { WorkPhone: 'workPhone', CellPhone: 'cellPhone', HomePhone: 'homePhone', OtherPhone: 'otherPhone' } as const;

type Kind = 'string' | 'number' | 'boolean' | 'phone' | 'address';

/** What each kept top-level field holds. */
const FIELD_KINDS: Record<keyof ExternalContactFields, Kind> = {
  ...(Object.fromEntries(STRING_FIELDS.map((f) => [f, 'string'])) as Record<(typeof STRING_FIELDS)[number], 'string'>),
  ...(Object.fromEntries(PHONE_FIELDS.map((f) => [f, 'phone'])) as Record<(typeof PHONE_FIELDS)[number], 'phone'>),
  address: 'address',
  surveyOptOut: 'boolean',
};

/** A phone number as kept: its E.164 form filled in from a display or input written in full (`+1 317-555-0123`). */
function phone(value: PhoneNumberRecord): PhoneNumberRecord {
  const p: PhoneNumberRecord = { ...value };
  if (p.e164 === undefined) {
    const written = (p.display ?? p.userInput ?? '').replace(/[\s().-]/g, '');
    if (/^\+[1-9][0-9]{6,14}$/.test(written)) p.e164 = written;
  }
  return p;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is what a field of `kind` holds (an object field's keys each of their own kind). */
function fits(kind: Kind, value: unknown): boolean {
  if (kind === 'phone' || kind === 'address') {
    const keys: Record<string, string> = kind === 'phone' ? PHONE_KEYS : ADDRESS_KEYS;
    return isObject(value) && Object.entries(value).every(([k, v]) => keys[k] !== undefined && typeof v === keys[k]);
  }
  return typeof value === kind;
}

/** The kept fields of a contact body (POST, PUT); fields Genesys has and this emulator does not keep are left out. */
function fieldsOf(body: Model<'ExternalContactRequest'>): ExternalContactFields {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(FIELD_KINDS) as (keyof ExternalContactFields)[]) {
    const value = (body as Record<string, unknown>)[key];
    if (value === undefined) continue;
    fields[key] = FIELD_KINDS[key] === 'phone' ? phone(value as PhoneNumberRecord) : value;
  }
  return fields as ExternalContactFields;
}

export function presentContact(c: ExternalContactRecord): ExternalContact {
  const { orgId, id, createDate, modifyDate, ...fields } = c;
  return {
    id,
    division: homeDivision(orgId),
    ...fields,
    modifyDate,
    createDate,
    // Contacts made through the API are curated ones (Genesys' ExternalContact.type).
    type: 'Curated',
    selfUri: `/api/v2/externalcontacts/contacts/${id}`,
  } as ExternalContact;
}

/** The org's contact; another org's, or none, is 404. */
export function contactOf(store: StoreView, contactId: string): ExternalContactRecord {
  const contact = store.get('externalContacts', contactId);
  if (!contact) throw new ApiError('notFound');
  return contact;
}

/** Why a seed's contact is not one (a field of the wrong kind), or undefined. */
export function contactProblem(fields: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'id' || key === 'orgId') continue;
    const kind = FIELD_KINDS[key as keyof ExternalContactFields];
    if (kind === undefined) return `has "${key}", which is not a kept contact field`;
    if (!fits(kind, value)) return `has "${key}", which is not a ${kind}`;
  }
  return undefined;
}

/** A new contact record (POST, and a seed's contacts). */
export function buildContact(id: string, orgId: string, at: string, body: Model<'ExternalContactRequest'>): ExternalContactRecord {
  return { id, orgId, createDate: at, modifyDate: at, ...fieldsOf(body) };
}

/** A contact as a seed or an export has it: its kept fields, id and org. */
export function contactFixture(c: ExternalContactRecord): Model<'AdminExternalContact'> {
  const { createDate: _c, modifyDate: _m, ...fixture } = c;
  return fixture;
}

export async function createContact(deps: Deps, orgId: string, body: Model<'ExternalContactRequest'>): Promise<ExternalContact> {
  const contact = buildContact(deps.ids.uuid(), orgId, isoNow(deps.clock), body);
  await deps.store.commit([{ op: 'put', collection: 'externalContacts', record: contact }]);
  return presentContact(contact);
}

/** PUT: the contact's kept fields become the body's (a field the body leaves out is cleared). */
export async function replaceContact(deps: Deps, contactId: string, body: Model<'ExternalContactRequest'>): Promise<ExternalContact> {
  const { id, orgId, createDate } = contactOf(deps.store, contactId);
  const contact: ExternalContactRecord = { id, orgId, createDate, modifyDate: isoNow(deps.clock), ...fieldsOf(body) };
  await deps.store.commit([{ op: 'put', collection: 'externalContacts', record: contact }]);
  return presentContact(contact);
}

export async function deleteContact(deps: Deps, contactId: string): Promise<void> {
  contactOf(deps.store, contactId);
  await deps.store.commit([{ op: 'delete', collection: 'externalContacts', id: contactId }]);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === '' || (isObject(value) && Object.keys(value).length === 0);
}

/** `$.firstName` or `$.workPhone.display`: the path of a kept field, else 400. */
function pathOf(field: string): [keyof ExternalContactFields] | [keyof ExternalContactFields, string] {
  const allowed = 'a kept field as $.name, or $.name.key inside a phone number or the address';
  const parts = /^\$(\.[A-Za-z][A-Za-z0-9]*){1,2}$/.test(field) ? field.slice(2).split('.') : [];
  const [top, nested] = parts as [keyof ExternalContactFields | undefined, string | undefined];
  const kind = top === undefined ? undefined : FIELD_KINDS[top];
  if (kind === undefined || (nested !== undefined && !(kind === 'phone' ? nested in PHONE_KEYS : kind === 'address' && nested in ADDRESS_KEYS))) {
    throw invalidValue('field', field.slice(0, 100), allowed);
  }
  return nested === undefined ? [top!] : [top!, nested];
}

/**
 * PATCH: each change of Genesys' ContactsPatchChange applied in order: Update, UpdateIfEmpty,
 * UpdateIfExists, Remove; the collection actions are refused, as no kept field is a collection.
 * Nothing is written unless every change applies.
 */
export async function patchContact(deps: Deps, contactId: string, body: Model<'ExternalContactsPatchRequest'>): Promise<ExternalContact> {
  const current = contactOf(deps.store, contactId);
  const changes = body.changes ?? [];
  const paths = changes.map((c) => pathOf(c.field));
  for (const [i, p] of paths.entries()) {
    const parent = paths.find((q) => q.length === 1 && p.length === 2 && q[0] === p[0]);
    if (parent) throw new ApiError('contactPatchOverlap', { parent: `$.${parent[0]}`, nested: changes[i]!.field });
  }
  const next: Record<string, unknown> = { ...current };
  for (const [i, change] of changes.entries()) {
    const [top, nested] = paths[i]!;
    if (change.action === 'AppendToCollection' || change.action === 'RemoveFromCollection') {
      throw invalidValue('action', change.action, `Update, UpdateIfEmpty, UpdateIfExists or Remove: ${change.field} is not a collection`);
    }
    const holder: Record<string, unknown> = nested === undefined ? next : { ...((next[top] as object | undefined) ?? {}) };
    const key = nested ?? top;
    const kind: Kind = nested === undefined ? FIELD_KINDS[top] : ((FIELD_KINDS[top] === 'phone' ? PHONE_KEYS : ADDRESS_KEYS) as Record<string, Kind>)[nested]!;
    if (change.action !== 'Remove' && (change.value === undefined || !fits(kind, change.value))) {
      throw invalidValue('value', JSON.stringify(change.value ?? null).slice(0, 100), `a ${kind} for ${change.field}`);
    }
    const empty = isEmpty(holder[key]);
    const applies = change.action === 'Update' || change.action === 'Remove' || (change.action === 'UpdateIfEmpty' ? empty : !empty);
    if (!applies) continue;
    // A number written anew is normalized anew.
    if (nested === 'display' || nested === 'userInput') delete holder.e164;
    if (change.action === 'Remove') delete holder[key];
    else holder[key] = kind === 'phone' ? phone(change.value as PhoneNumberRecord) : change.value;
    if (nested !== undefined) {
      if (Object.keys(holder).length === 0) delete next[top];
      else next[top] = FIELD_KINDS[top] === 'phone' ? phone(holder as PhoneNumberRecord) : holder;
    }
  }
  const contact = { ...(next as ExternalContactRecord), modifyDate: isoNow(deps.clock) };
  await deps.store.commit([{ op: 'put', collection: 'externalContacts', record: contact }]);
  return presentContact(contact);
}

/** What a search keyword is compared with: names, title, emails, phone numbers as written and as digits. */
function searchText(c: ExternalContactRecord): string {
  const phones = PHONE_FIELDS.flatMap((f) => [c[f]?.display, c[f]?.e164, c[f]?.e164?.replace(/\D/g, '')]);
  return [c.firstName, c.middleName, c.lastName, c.title, ...EMAIL_FIELDS.map((f) => c[f]), ...phones]
    .filter((v) => v !== undefined)
    .join('\n')
    .toLowerCase();
}

export type ContactQuery = { q?: string | undefined; sortOrder?: string | undefined; divisionIds: string[] };

const SORT_FIELDS = ['firstName', 'lastName', 'middleName', 'title'] as const;

/**
 * GET /api/v2/externalcontacts/contacts: every keyword of `q` in a name, title, email or phone
 * number (any case), sorted by `field:asc|desc` (firstName, lastName, middleName, title), else as created.
 */
export function listContacts(
  store: StoreView,
  orgId: string,
  query: ContactQuery,
  request: PageRequest,
  kept: Record<string, string>,
): Listing<ExternalContact> {
  const pageSize = request.pageSize ?? 20;
  const pageNumber = request.pageNumber ?? 1;
  // Genesys: "limited to fetching first 1,000 records; pageNumber * pageSize must be <= 1,000".
  if (pageSize * pageNumber > 1000) throw invalidValue('pageNumber', String(pageNumber), 'pageNumber * pageSize at most 1000');
  let sort: { field: (typeof SORT_FIELDS)[number]; descending: boolean } | undefined;
  if (query.sortOrder !== undefined) {
    const [field, direction = 'asc', ...rest] = query.sortOrder.split(':');
    if (!(SORT_FIELDS as readonly string[]).includes(field!) || !['asc', 'desc'].includes(direction) || rest.length > 0) {
      throw invalidValue('sortOrder', query.sortOrder.slice(0, 100), 'firstName, lastName, middleName or title, then :asc or :desc');
    }
    sort = { field: field as (typeof SORT_FIELDS)[number], descending: direction === 'desc' };
  }
  const keywords = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const home = homeDivision(orgId).id;
  const contacts = store
    .all('externalContacts')
    .filter(
      (c) =>
        (query.divisionIds.length === 0 || query.divisionIds.includes(home)) && (keywords.length === 0 || keywords.every((k) => searchText(c).includes(k))),
    );
  if (sort) {
    const { field, descending } = sort;
    // Contacts without the field come last either way, as in Genesys' listings.
    contacts.sort((a, b) => {
      const [x, y] = [a[field], b[field]];
      if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
      return (descending ? -1 : 1) * x.localeCompare(y, 'en', { sensitivity: 'base' });
    });
  }
  return page(contacts, { pageSize, pageNumber }, '/api/v2/externalcontacts/contacts', kept, presentContact);
}

/** The digits of a phone address (`tel:+1 317…`), or undefined when it is no phone number. */
function phoneDigits(address: string): string | undefined {
  const written = address.replace(/^tel:/, '').replace(/[\s().-]/g, '');
  return /^\+?[0-9]{7,15}$/.test(written) ? written.replace(/^\+/, '') : undefined;
}

/**
 * The org's external contact a customer's address belongs to: a phone number one of its numbers
 * has (E.164), or an email one of its emails is (any case); the oldest when several have it.
 */
export function contactByAddress(store: StoreView, address: string | undefined): ExternalContactRecord | undefined {
  if (!address) return undefined;
  const digits = phoneDigits(address);
  const email = address.replace(/^mailto:/, '').toLowerCase();
  const matches = (c: ExternalContactRecord) =>
    digits !== undefined
      ? PHONE_FIELDS.some((f) => c[f]?.e164?.replace(/^\+/, '') === digits)
      : email.includes('@') && EMAIL_FIELDS.some((f) => c[f]?.toLowerCase() === email);
  return store
    .all('externalContacts')
    .filter(matches)
    .sort((a, b) => a.createDate.localeCompare(b.createDate))[0];
}

/** A customer's contact: the one named (`externalContactId` of a create request; unknown is 400), else the one its address finds. */
export function customerContact(store: StoreView, named: string | undefined, address: string | undefined): ExternalContactRecord | undefined {
  if (named !== undefined) {
    const contact = store.get('externalContacts', named);
    if (!contact) throw invalidValue('externalContactId', named.slice(0, 100), "the ids of the org's external contacts");
    return contact;
  }
  return contactByAddress(store, address);
}

/** A contact's phone number of a type (TransferToExternalContactRequest.phoneType): its E.164 form, else as displayed. */
export function contactPhone(contact: ExternalContactRecord, phoneType: keyof typeof PHONE_TYPES): string {
  const number = contact[PHONE_TYPES[phoneType]];
  const address = number?.e164 ?? number?.display;
  if (!address) throw invalidValue('phoneType', phoneType, `a phone type the contact ${contact.id} has a number of`);
  return address;
}

/** How a contact is named on a conversation: its first and last names. */
export function contactName(contact: ExternalContactRecord): string | undefined {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return name === '' ? undefined : name;
}
