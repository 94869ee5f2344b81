/**
 * Add or edit an entity: names in any script (aliases with their quality and detected script), identifiers,
 * roles, partial dates typed freely and shown as understood, nationality as ISO codes. Problems are shown
 * next to the field they concern; the first one gets focus.
 */
import { Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, Tag, TextArea } from '@blueprintjs/core';
import { useRef, useState, type MutableRefObject } from 'react';
import type { EntityRow, EntityView } from '../../shared/ipc/schemas/case';
import { ENTITY_KINDS, IDENTIFIER_TYPES, ROLE_LABELS, ROLES, type EntityKind, type IdentifierType, type NameQuality, type Role } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { asApiError, useAction } from '../api/hooks';
import { useQuery } from '../api/query';
import { describeError } from '../api/messages';
import { recordPath } from '../ui/field-errors';
import { FieldMessage } from '../ui/field-message';
import { CountryCodesField, fieldOfError, FormError, PartialDateField } from '../ui/fields';
import { useToast } from '../ui/toaster';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { useWorkspace } from '../workspace/workspace';
import { useConfirmDiscard, useDraft } from '../workspace/drafts';
import { IDENTIFIER_LABELS, kindLabel, SCRIPT_LABELS } from '../ui/vocab';
import {
  draftFromData,
  draftToData,
  emptyDraft,
  HOLDER_KINDS,
  isOrganisationLike,
  isPersonLike,
  KIND_FIELDS,
  KIND_IDENTIFIERS,
  NAME_PLACEHOLDERS,
  offersRoles,
  scriptOf,
  type EntityDraft,
  type EntityErrors,
  type HolderChoice,
  type HolderKind,
} from './entity-form-model';
import { EntityPicker } from './entity-picker';
import type { EntityData } from '../../shared/model/records';

const CORE_FIELDS = ['name', 'originalScriptName', 'aliases', 'identifiers', 'roles', 'birthDate', 'birthPlace', 'deathDate', 'foundedDate', 'nationality', 'countries', 'gender', 'position', 'address', 'bankName', 'flag', 'jurisdiction', 'description'];

/** Placeholders of the identifier fields a kind asks for (KIND_FIELDS). */
const ID_PLACEHOLDERS: Partial<Record<IdentifierType, string>> = {
  iban: 'e.g. LY83 0020 4800 0002 0100 1200 0',
  account_number: 'as on the statement',
  swift_bic: 'e.g. SAHBLYLT',
  imo_number: 'e.g. IMO 9074729',
  mmsi: 'nine digits, e.g. 636012345',
  call_sign: 'e.g. 5LAB7',
  registration_number: 'as in the register',
  licence_plate: 'as on the plate',
  wallet_address: 'e.g. TQ5…',
};

const HOLDER_KIND_LABELS: Record<HolderKind, string> = { person: 'a person', company: 'a company', organization: 'an organisation' };

/**
 * Who holds the account: an entity of the case (picked by name) or, when it is not in the case yet, a name for a
 * new one. Saved as an "owns" link from the holder to the account; holders already linked are listed.
 */
function HolderField({ caseId, existing, draft, set, error }: { caseId: string; existing: EntityView | null; draft: EntityDraft; set: (p: Partial<EntityDraft>, clear?: string) => void; error?: string | undefined }) {
  const rows = useQuery(() => invoke('entity.list', { caseId }), [caseId]);
  const { changed } = useWorkspace();
  const toast = useToast();
  // Holders removed here, hidden at once (the account's view is refreshed behind the dialog).
  const [removed, setRemoved] = useState<string[]>([]);
  const [removing, setRemoving] = useState<{ linkId: string; name: string; claims: string | null } | null>(null);
  const remove = useAction((linkId: string, confirm: boolean) => invoke('link.delete', { id: linkId, confirm }));
  const holderLinks = existing ? existing.links.filter((l) => l.data.kind === 'owns' && l.data.target === existing.id && !removed.includes(l.id)) : [];
  const current = holderLinks.map((l) => l.source);
  const confirmRemove = async () => {
    if (!removing) return;
    const r = await remove.run(removing.linkId, removing.claims !== null);
    if (r?.ok) {
      setRemoved((x) => [...x, removing.linkId]);
      toast({ message: `${removing.name} is no longer recorded as holder${r.value.claims.length ? `; ${r.value.claims.length} claim(s) about the link deleted with it` : ''}.`, intent: Intent.SUCCESS, icon: 'tick' });
      setRemoving(null);
      changed();
    } else if (r && r.error.is('CONFLICT')) {
      // Claims assert this link: say so, and ask again before deleting them with it.
      setRemoving({ ...removing, claims: r.error.message });
      remove.clearError();
    }
  };
  const picked: EntityRow | null = draft.holderId ? (rows.data?.find((r) => r.id === draft.holderId) ?? null) : null;
  const candidates = (rows.data ?? []).filter((r) => r.id !== existing?.id && HOLDER_KINDS.includes(r.kind as HolderKind));
  return (
    <FormGroup label="Holder" labelFor="entity-holder" intent={error ? Intent.DANGER : Intent.NONE} className="entity-holder" data-field="holder">
      {current.length ? (
        <div className="holder-current">
          <span>Held by</span>
          <ul className="holder-list" aria-label="Holders of this account">
            {holderLinks.map((l) => (
              <li key={l.id}>
                <strong dir="auto">{l.source.name}</strong>
                <Button variant="minimal" size="small" icon="cross" aria-label={`Remove ${l.source.name} as holder`} title="Remove as holder" onClick={() => setRemoving({ linkId: l.id, name: l.source.name, claims: null })} />
              </li>
            ))}
          </ul>
          <span className={Classes.TEXT_MUTED}>Add another holder below, if there is one.</span>
        </div>
      ) : null}
      <ConfirmDialog
        isOpen={removing !== null}
        title="Remove the holder?"
        icon="remove"
        confirmText={removing?.claims ? 'Remove link and its claims' : 'Remove holder'}
        busy={remove.busy}
        error={remove.error}
        onClose={() => {
          setRemoving(null);
          remove.clearError();
        }}
        onConfirm={() => void confirmRemove()}
      >
        <p>
          The “owns” link from <strong dir="auto">{removing?.name}</strong> to this account is deleted and recorded in the activity log; Undo brings it back. {removing?.name} stays in the case.
        </p>
        {removing?.claims ? (
          <Callout intent={Intent.WARNING} icon="warning-sign" compact>
            {removing.claims.charAt(0).toUpperCase() + removing.claims.slice(1)}.
          </Callout>
        ) : null}
      </ConfirmDialog>
      <EntityPicker id="entity-holder" rows={candidates} value={picked} onChange={(r) => set({ holderId: r?.id ?? '' }, 'holder')} invalid={!!error} describedBy="entity-holder-help" />
      {picked ? null : (
        <div className="form-row holder-new">
          <InputGroup
            dir="auto"
            value={draft.holderName}
            onValueChange={(v) => set({ holderName: v }, 'holder')}
            aria-label="Holder not in the case yet: name"
            placeholder="…or the holder’s name, if not in the case yet"
            className="form-col"
            intent={error ? Intent.DANGER : Intent.NONE}
            aria-invalid={error ? true : undefined}
          />
          <HTMLSelect aria-label="The new holder is" value={draft.holderKind} onChange={(e) => set({ holderKind: e.currentTarget.value as HolderKind })} disabled={!draft.holderName.trim()}>
            {HOLDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {HOLDER_KIND_LABELS[k]}
              </option>
            ))}
          </HTMLSelect>
        </div>
      )}
      <FieldMessage id="entity-holder-help" error={error} hint="Saved as “owns” from the holder to this account; a new name is added to the case as its own entity." />
    </FormGroup>
  );
}

/** Records the holder of a saved account: creates the holder when it is a new name, then the "owns" link (once). */
async function recordHolder(caseId: string, account: EntityView, holder: HolderChoice): Promise<string> {
  let id: string;
  let name: string;
  if ('entityId' in holder) {
    id = holder.entityId;
    const e = await invoke('entity.get', { id });
    name = e.data.name;
  } else {
    // A new holder and its "owns" link are one step (one undo): never a holder left without its link.
    const created = await invoke('entity.createLinked', { data: { caseId, kind: holder.kind, name: holder.name }, link: { kind: 'owns', target: account.id } });
    return created.entity.data.name;
  }
  if (!account.links.some((l) => l.data.kind === 'owns' && l.data.source === id && l.data.target === account.id)) {
    await invoke('link.create', { data: { caseId, kind: 'owns', source: id, target: account.id } });
  }
  return name;
}

function EntityForm({ caseId, existing, initialName, onClose, onSaved, closer }: { caseId: string; existing: EntityView | null; initialName?: string | undefined; onClose: () => void; onSaved: (e: EntityView) => void; closer: MutableRefObject<() => void> }) {
  const [draft, setDraft] = useState<EntityDraft>(() => (existing ? draftFromData(existing.data) : { ...emptyDraft(), name: initialName ?? '' }));
  const [initial] = useState(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  // Unsaved values survive a lock; cancelling with some asks first.
  const { discard } = useDraft({
    key: `entity:${existing?.id ?? 'new'}`,
    form: 'entity',
    caseId,
    context: { entityId: existing?.id ?? null },
    value: draft as unknown as Record<string, unknown>,
    dirty,
    restore: (v) => setDraft({ ...initial, ...(v as unknown as Partial<EntityDraft>) }),
  });
  const [requestClose, confirmDiscard] = useConfirmDiscard(
    dirty,
    () => {
      discard();
      onClose();
    },
    existing ? `changes to ${existing.data.name}` : 'new entity',
  );
  closer.current = requestClose;
  const [errors, setErrors] = useState<EntityErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const toast = useToast();
  const save = useAction(async (data: Omit<EntityData, 'caseId'>) =>
    existing ? invoke('entity.update', { id: existing.id, patch: data }) : invoke('entity.create', { data: { ...data, caseId } }),
  );

  const set = (patch: Partial<EntityDraft>, clear?: string) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (clear) setErrors((e) => ({ ...e, [clear]: undefined }));
    save.clearError();
  };

  const focusField = (field: string) => {
    const f = CSS.escape(field);
    const el = formRef.current?.querySelector<HTMLElement>(`[data-field="${f}"] input, [data-field="${f}"] select, [data-field="${f}"] textarea, #entity-${f}`);
    el?.focus();
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const { data, errors: found, holder } = draftToData(draft);
    setErrors(found);
    const first = Object.keys(found).find((k) => found[k]);
    if (first) return focusField(first);
    const r = await save.run(data);
    if (r?.ok) {
      discard();
      let held = '';
      if (holder) {
        try {
          held = ` Held by ${await recordHolder(caseId, r.value, holder)}.`;
        } catch (err) {
          toast({ message: `The account was saved, but its holder could not be recorded: ${describeError(asApiError(err)).message}`, intent: Intent.WARNING, icon: 'warning-sign' });
        }
      }
      toast({ message: `${existing ? `Saved ${r.value.data.name}.` : `${kindLabel(r.value.data.kind)} “${r.value.data.name}” added.`}${held}`, intent: Intent.SUCCESS, icon: 'tick' });
      onSaved(r.value);
    } else if (r) {
      const f = fieldOfError(r.error, CORE_FIELDS);
      if (f) {
        const where = recordPath(r.error.where ?? f);
        const key = /^(aliases|identifiers)\.\d+/.exec(where)?.[0] ?? f;
        setErrors((x) => ({ ...x, [key]: `${r.error.message.replace(/^entity: [^:]+: /, '').replace(/^./, (c) => c.toUpperCase())}.` }));
        focusField(key);
      }
    }
  };

  const person = isPersonLike(draft.kind);
  const org = isOrganisationLike(draft.kind);
  const fields = KIND_FIELDS[draft.kind];
  const coreFieldError = save.error ? fieldOfError(save.error, CORE_FIELDS) : null;

  return (
    <form onSubmit={submit} noValidate aria-label={existing ? 'Edit entity' : 'New entity'} ref={formRef}>
      <DialogBody className="entity-form">
        <div className="form-row">
          <FormGroup label="Kind" labelFor="entity-kind" className="form-col-narrow">
            <HTMLSelect id="entity-kind" value={draft.kind} onChange={(e) => set({ kind: e.currentTarget.value as EntityKind })} fill>
              {ENTITY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          <FormGroup label="Name" labelFor="entity-name" labelInfo="(required)" className="form-col" intent={errors.name ? Intent.DANGER : Intent.NONE}>
            <InputGroup
              id="entity-name"
              value={draft.name}
              onValueChange={(v) => set({ name: v }, 'name')}
              placeholder={NAME_PLACEHOLDERS[draft.kind]}
              autoFocus
              dir="auto"
              intent={errors.name ? Intent.DANGER : Intent.NONE}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby="entity-name-help"
            />
            <FieldMessage id="entity-name-help" error={errors.name} />
          </FormGroup>
        </div>
        <FormGroup label="Name in original script" labelFor="entity-originalScriptName" helperText="As it would appear on a listing form, e.g. in Arabic or Tigrinya.">
          <InputGroup id="entity-originalScriptName" value={draft.originalScriptName} onValueChange={(v) => set({ originalScriptName: v })} dir="auto" className="script-input" />
        </FormGroup>

        <fieldset className="form-fieldset">
          <legend>Aliases</legend>
          {draft.aliases.length === 0 ? <p className={`fieldset-empty ${Classes.TEXT_MUTED}`}>Other names, spellings, transliterations and noms de guerre.</p> : null}
          {draft.aliases.map((a, i) => {
            const script = scriptOf(a.value);
            const err = errors[`aliases.${i}`];
            return (
              <div className="repeat-row" key={i} data-field={`aliases.${i}`}>
                <div className="repeat-main">
                  <InputGroup
                    value={a.value}
                    onValueChange={(v) => set({ aliases: draft.aliases.map((x, j) => (j === i ? { ...x, value: v } : x)) }, `aliases.${i}`)}
                    aria-label={`Alias ${i + 1}`}
                    placeholder="Alias"
                    dir="auto"
                    className="script-input"
                    intent={err ? Intent.DANGER : Intent.NONE}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={`entity-alias-${i}-help`}
                    rightElement={script ? <Tag minimal className="script-tag">{SCRIPT_LABELS[script]}</Tag> : undefined}
                  />
                  <FieldMessage id={`entity-alias-${i}-help`} error={err} />
                </div>
                <HTMLSelect
                  value={a.quality}
                  onChange={(e) => set({ aliases: draft.aliases.map((x, j) => (j === i ? { ...x, quality: e.currentTarget.value as NameQuality } : x)) })}
                  aria-label={`Quality of alias ${i + 1}`}
                  title="Strong: identifies the entity on its own. Weak: a common nickname or partial name."
                >
                  <option value="strong">Strong alias</option>
                  <option value="weak">Weak alias</option>
                </HTMLSelect>
                <Button variant="minimal" icon="trash" aria-label={`Remove alias ${i + 1}`} onClick={() => set({ aliases: draft.aliases.filter((_, j) => j !== i) })} />
              </div>
            );
          })}
          <Button
            variant="minimal"
            size="small"
            icon="add"
            text="Add alias"
            onClick={() => {
              set({ aliases: [...draft.aliases, { value: '', quality: 'strong' }] });
              requestAnimationFrame(() => focusField(`aliases.${draft.aliases.length}`));
            }}
          />
        </fieldset>

        {fields.ids.length || fields.bank || fields.holder || fields.flag || fields.jurisdiction ? (
          <fieldset className="form-fieldset" data-testid="kind-fields">
            <legend>{kindLabel(draft.kind)}</legend>
            <div className="form-grid-2">
              {fields.ids.map((t) => {
                const err = errors[`ids.${t}`];
                const id = `entity-ids-${t}`;
                return (
                  <FormGroup key={t} label={IDENTIFIER_LABELS[t]} labelFor={id} intent={err ? Intent.DANGER : Intent.NONE} data-field={`ids.${t}`}>
                    <InputGroup
                      id={id}
                      dir="ltr"
                      className="mono-input"
                      value={draft.ids[t] ?? ''}
                      onValueChange={(v) => set({ ids: { ...draft.ids, [t]: v } }, `ids.${t}`)}
                      placeholder={ID_PLACEHOLDERS[t]}
                      autoComplete="off"
                      spellCheck={false}
                      intent={err ? Intent.DANGER : Intent.NONE}
                      aria-invalid={err ? true : undefined}
                      aria-describedby={`${id}-help`}
                    />
                    <FieldMessage id={`${id}-help`} error={err} />
                  </FormGroup>
                );
              })}
              {fields.bank ? (
                <FormGroup label="Bank" labelFor="entity-bankName" intent={errors.bankName ? Intent.DANGER : Intent.NONE} data-field="bankName">
                  <InputGroup id="entity-bankName" dir="auto" value={draft.bankName} onValueChange={(v) => set({ bankName: v }, 'bankName')} placeholder="e.g. Sahara Bank, Tripoli branch" aria-describedby="entity-bankName-help" />
                  <FieldMessage id="entity-bankName-help" error={errors.bankName} />
                </FormGroup>
              ) : null}
              {fields.flag ? (
                <div data-field="flag">
                  <CountryCodesField id="entity-flag" label="Flag" single value={draft.flag} onChange={(v) => set({ flag: v }, 'flag')} error={errors.flag} placeholder="e.g. Panama, بنما or PA" />
                </div>
              ) : null}
              {fields.jurisdiction ? (
                <div data-field="jurisdiction">
                  <CountryCodesField id="entity-jurisdiction" label="Jurisdiction" single value={draft.jurisdiction} onChange={(v) => set({ jurisdiction: v }, 'jurisdiction')} error={errors.jurisdiction} placeholder="where it is registered, e.g. Malta" />
                </div>
              ) : null}
            </div>
            {fields.holder ? <HolderField caseId={caseId} existing={existing} draft={draft} set={set} error={errors.holder} /> : null}
          </fieldset>
        ) : null}

        {offersRoles(draft.kind) || draft.roles.length > 0 ? (
        <fieldset className="form-fieldset">
          <legend>Roles</legend>
          <div className="role-grid">
            {ROLES.map((r) => (
              <Checkbox
                key={r}
                label={ROLE_LABELS[r]}
                checked={draft.roles.includes(r)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  set({ roles: on ? [...draft.roles, r] : draft.roles.filter((x: Role) => x !== r) });
                }}
              />
            ))}
          </div>
          {draft.roles.includes('victim') ? (
            <p className={`fieldset-note ${Classes.TEXT_MUTED}`}>Victims are never proposed for listing (non-punishment principle).</p>
          ) : null}
        </fieldset>
        ) : null}

        <fieldset className="form-fieldset">
          <legend>{person ? 'Person' : org ? 'Organisation' : 'Details'}</legend>
          {person ? (
            <>
              <div className="form-row">
                <PartialDateField id="entity-birthDate" label="Date of birth" value={draft.birthDate} onChange={(v) => set({ birthDate: v }, 'birthDate')} error={errors.birthDate} className="form-col" />
                <FormGroup label="Place of birth" labelFor="entity-birthPlace" className="form-col">
                  <InputGroup id="entity-birthPlace" value={draft.birthPlace} onValueChange={(v) => set({ birthPlace: v })} dir="auto" />
                </FormGroup>
              </div>
              <div className="form-row">
                <CountryCodesField id="entity-nationality" label="Nationality" value={draft.nationality} onChange={(v) => set({ nationality: v }, 'nationality')} error={errors.nationality} className="form-col" />
                <FormGroup label="Gender" labelFor="entity-gender" className="form-col-narrow">
                  <HTMLSelect id="entity-gender" value={draft.gender} onChange={(e) => set({ gender: e.currentTarget.value as EntityDraft['gender'] })} fill>
                    <option value="">Not recorded</option>
                    <option value="female">Female</option>
                    <option value="male">Male</option>
                    <option value="other">Other</option>
                    <option value="unknown">Unknown</option>
                  </HTMLSelect>
                </FormGroup>
              </div>
              <div className="form-row">
                <FormGroup label="Position or function" labelFor="entity-position" className="form-col">
                  <InputGroup dir="auto" id="entity-position" value={draft.position} onValueChange={(v) => set({ position: v })} placeholder="e.g. commander of the Zawiya detention centre" />
                </FormGroup>
                <PartialDateField id="entity-deathDate" label="Date of death" value={draft.deathDate} onChange={(v) => set({ deathDate: v }, 'deathDate')} error={errors.deathDate} className="form-col" placeholder="if known" />
              </div>
            </>
          ) : (
            <div className="form-row">
              <PartialDateField
                id="entity-foundedDate"
                label={org ? 'Founded or incorporated' : 'Date'}
                value={draft.foundedDate}
                onChange={(v) => set({ foundedDate: v }, 'foundedDate')}
                error={errors.foundedDate}
                className="form-col"
              />
              <CountryCodesField id="entity-countries" label="Countries" value={draft.countries} onChange={(v) => set({ countries: v }, 'countries')} error={errors.countries} className="form-col" />
            </div>
          )}
          {person ? (
            <CountryCodesField id="entity-countries" label="Countries of activity" value={draft.countries} onChange={(v) => set({ countries: v }, 'countries')} error={errors.countries} />
          ) : null}
          <FormGroup label="Address" labelFor="entity-address">
            <InputGroup id="entity-address" value={draft.address} onValueChange={(v) => set({ address: v })} dir="auto" />
          </FormGroup>
        </fieldset>

        <fieldset className="form-fieldset">
          <legend>{fields.ids.length ? 'Other identifiers' : 'Identifiers'}</legend>
          {draft.identifiers.length === 0 ? <p className={`fieldset-empty ${Classes.TEXT_MUTED}`}>Passports, national IDs, registration numbers, IMO numbers, IBANs, wallet addresses, phone numbers.</p> : null}
          {draft.identifiers.map((x, i) => {
            const err = errors[`identifiers.${i}`];
            const upd = (patch: Partial<typeof x>) => set({ identifiers: draft.identifiers.map((y, j) => (j === i ? { ...y, ...patch } : y)) }, `identifiers.${i}`);
            return (
              <div className="repeat-row" key={i} data-field={`identifiers.${i}`}>
                <HTMLSelect value={x.type} onChange={(e) => upd({ type: e.currentTarget.value as IdentifierType })} aria-label={`Type of identifier ${i + 1}`}>
                  {IDENTIFIER_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {IDENTIFIER_LABELS[t]}
                    </option>
                  ))}
                </HTMLSelect>
                <div className="repeat-main">
                  <InputGroup dir="auto"
                    value={x.value}
                    onValueChange={(v) => upd({ value: v })}
                    aria-label={`Identifier ${i + 1}`}
                    placeholder="Number or value"
                    className="mono-input"
                    intent={err ? Intent.DANGER : Intent.NONE}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={`entity-identifier-${i}-help`}
                  />
                  <FieldMessage id={`entity-identifier-${i}-help`} error={err} />
                </div>
                <InputGroup dir="ltr" value={x.country} onValueChange={(v) => upd({ country: v })} aria-label={`Issuing country of identifier ${i + 1}`} placeholder="Country" className="country-input" />
                <Button variant="minimal" icon="trash" aria-label={`Remove identifier ${i + 1}`} onClick={() => set({ identifiers: draft.identifiers.filter((_, j) => j !== i) })} />
              </div>
            );
          })}
          {/* Things (accounts, vessels, vehicles, wallets, phones) are known by their identifiers: one button
              each for the ones that kind has (IBAN, account number, SWIFT / BIC for an account …). */}
          {(offersRoles(draft.kind) ? [] : KIND_IDENTIFIERS[draft.kind].filter((t) => !fields.ids.includes(t))).map((t) => (
            <Button
              key={t}
              variant="minimal"
              size="small"
              icon="add"
              text={`Add ${IDENTIFIER_LABELS[t]}`}
              onClick={() => {
                set({ identifiers: [...draft.identifiers, { type: t, value: '', country: '' }] });
                requestAnimationFrame(() => focusField(`identifiers.${draft.identifiers.length}`));
              }}
            />
          ))}
          <Button
            variant="minimal"
            size="small"
            icon="add"
            text="Add identifier"
            onClick={() => {
              set({ identifiers: [...draft.identifiers, { type: KIND_IDENTIFIERS[draft.kind][0] ?? 'other', value: '', country: '' }] });
              requestAnimationFrame(() => focusField(`identifiers.${draft.identifiers.length}`));
            }}
          />
        </fieldset>

        <FormGroup label="Description" labelFor="entity-description">
          <TextArea id="entity-description" value={draft.description} onChange={(e) => set({ description: e.currentTarget.value })} fill rows={3} dir="auto" />
        </FormGroup>
        {save.error && !coreFieldError ? <FormError error={save.error} /> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text={existing ? 'Save entity' : 'Add entity'} loading={save.busy} />
          </>
        }
      />
      {confirmDiscard}
    </form>
  );
}

export function EntityFormDialog({
  isOpen,
  caseId,
  existing,
  initialName,
  onClose,
  onSaved,
}: {
  isOpen: boolean;
  caseId: string;
  existing: EntityView | null;
  /** A new entity's name, pre-filled (a name found in a document). */
  initialName?: string | undefined;
  onClose: () => void;
  onSaved: (e: EntityView) => void;
}) {
  // Escape and the close button ask like Cancel does when the form holds unsaved values.
  const closer = useRef(onClose);
  return (
    <Dialog
      isOpen={isOpen}
      onClose={() => closer.current()}
      title={existing ? `Edit ${existing.data.name}` : 'New entity'}
      icon={existing ? 'edit' : 'new-person'}
      canOutsideClickClose={false}
      className="form-dialog form-dialog-wide"
    >
      {isOpen ? <EntityForm caseId={caseId} existing={existing} initialName={initialName} onClose={onClose} onSaved={onSaved} closer={closer} /> : null}
    </Dialog>
  );
}
