// The External Contacts API group (openapi/groups/externalcontacts.yaml): the org's contacts.
import { contactOf, createContact, deleteContact, listContacts, patchContact, presentContact, replaceContact } from '../../domain/external-contacts.js';
import { keptQuery, pageRequestOf, type Handlers } from '../operations.js';

export const handlers = {
  getExternalcontactsContacts: (ctx) =>
    listContacts(
      ctx.store,
      ctx.principal.orgId,
      { q: ctx.query.get('q') ?? undefined, sortOrder: ctx.query.get('sortOrder') ?? undefined, divisionIds: ctx.query.getAll('divisionIds') },
      pageRequestOf(ctx, 1000),
      keptQuery(ctx, ['q', 'sortOrder']),
    ),
  postExternalcontactsContacts: (ctx) => createContact(ctx.deps, ctx.principal.orgId, ctx.body),
  getExternalcontactsContact: (ctx) => presentContact(contactOf(ctx.store, ctx.params.contactId)),
  putExternalcontactsContact: (ctx) => replaceContact(ctx.deps, ctx.params.contactId, ctx.body),
  patchExternalcontactsContact: (ctx) => patchContact(ctx.deps, ctx.params.contactId, ctx.body),
  deleteExternalcontactsContact: async (ctx) => {
    await deleteContact(ctx.deps, ctx.params.contactId);
    return {};
  },
} satisfies Handlers;
