import { ORGANISATION_LIMITS as L } from '@lp/shared'
import FormField from '../FormField'
import TextBox from '../TextBox'
import { Input } from '../../ui/nutui'

/** What a 学习型组织 is described by when it is registered or applied for, as typed. */
export interface OrganisationDraft {
  name: string
  contactName: string
  contactPhone: string
  /** One name a line, or several separated by 、 or commas. */
  members: string
  plan: string
}

export const EMPTY_ORGANISATION_DRAFT: OrganisationDraft = { name: '', contactName: '', contactPhone: '', members: '', plan: '' }

/** One name a line, or several on a line separated by 、 or commas. */
export const namesOf = (text: string): string[] =>
  text
    .split(/[\n、,，;；]+/)
    .map((n) => n.trim())
    .filter(Boolean)

/** The draft as the server takes it: trimmed, the members as a list. */
export function organisationDetails(d: OrganisationDraft) {
  return { name: d.name.trim(), contactName: d.contactName.trim(), contactPhone: d.contactPhone.trim(), members: namesOf(d.members), plan: d.plan.trim() }
}

interface Props {
  /** Ids: `<idPrefix>-name`, `-contact`, `-phone`, `-members`, `-plan`. */
  idPrefix: string
  draft: OrganisationDraft
  onChange: (draft: OrganisationDraft) => void
  /** An example name that fits the kind chosen. */
  nameExample?: string
}

/** The name, contact, members and plan of a 学习型组织: the same fields for an admin's registration and a resident's application. */
export default function OrganisationFields({ idPrefix, draft, onChange, nameExample = '银龄书画社' }: Props) {
  const set = (patch: Partial<OrganisationDraft>) => onChange({ ...draft, ...patch })
  return (
    <>
      <FormField label='组织名称'>
        <Input id={`${idPrefix}-name`} value={draft.name} placeholder={`例如：${nameExample}`} maxLength={L.nameMax} onChange={(name: string) => set({ name })} />
      </FormField>
      <FormField label='联系人'>
        <Input id={`${idPrefix}-contact`} value={draft.contactName} placeholder='例如：王老师' maxLength={L.contactNameMax} onChange={(contactName: string) => set({ contactName })} />
      </FormField>
      <FormField label='联系电话' hint='11位手机号'>
        <Input id={`${idPrefix}-phone`} type='number' value={draft.contactPhone} placeholder='例如：13812345678' maxLength={11} onChange={(contactPhone: string) => set({ contactPhone })} />
      </FormField>
      <FormField label='成员名单' hint='每行写一个人的名字，也可以用顿号隔开'>
        <TextBox id={`${idPrefix}-members`} value={draft.members} onChange={(members) => set({ members })} maxLength={4000} placeholder={'王老师\n李阿姨'} tall />
      </FormField>
      <FormField label='学习计划' hint={`${L.planMin}到${L.planMax}个字：多久学一次、学什么、在哪里学`}>
        <TextBox id={`${idPrefix}-plan`} value={draft.plan} onChange={(plan) => set({ plan })} maxLength={L.planMax} placeholder='例如：每周二下午集中学习书法一次，每月办一次作品交流。' tall />
      </FormField>
    </>
  )
}
