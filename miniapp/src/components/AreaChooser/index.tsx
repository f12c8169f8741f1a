import { View } from '@tarojs/components'
import FormField from '../FormField'
import type { AreaNode } from '../../services/api/types'
import './index.scss'

interface Props {
  /** The district, with streets as children and communities under them. */
  district: AreaNode
  streetId: number | null
  communityId: number | null
  onChange: (streetId: number | null, communityId: number | null) => void
  error?: string | null
}

interface ChoiceListProps {
  id: string
  options: AreaNode[]
  chosen: number | null
  onChoose: (id: number | null) => void
  changeText: string
}

/** Big tappable names; once one is chosen only it stays, with a way to change it. */
function ChoiceList({ id, options, chosen, onChoose, changeText }: ChoiceListProps) {
  const picked = options.find((option) => option.id === chosen)
  if (picked) {
    return (
      <View className='choice-list' id={id}>
        <View className='choice choice--active' id={`${id}-${picked.id}`}>
          {picked.name}
        </View>
        <View role='button' className='choice-list__change' id={`${id}-change`} onClick={() => onChoose(null)}>
          {changeText}
        </View>
      </View>
    )
  }
  return (
    <View className='choice-list' id={id}>
      {options.map((option) => (
        <View role='button' key={option.id} className='choice' id={`${id}-${option.id}`} onClick={() => onChoose(option.id)}>
          {option.name}
        </View>
      ))}
    </View>
  )
}

/** 所在社区: pick the street first, then a community in it. */
export default function AreaChooser({ district, streetId, communityId, onChange, error }: Props) {
  const street = district.children.find((s) => s.id === streetId) ?? null
  return (
    <>
      <FormField label='所在街道（镇）' hint='点一下您家所在的街道或镇。'>
        <ChoiceList
          id='bind-street'
          options={district.children}
          chosen={streetId}
          changeText='选错了，换一个街道'
          onChoose={(id) => onChange(id, null)}
        />
      </FormField>
      {street ? (
        <FormField label='所在社区（村）' hint='再点一下您家所在的社区或村。' error={error}>
          {street.children.length ? (
            <ChoiceList
              id='bind-community'
              options={street.children}
              chosen={communityId}
              changeText='选错了，换一个社区'
              onChoose={(id) => onChange(street.id, id)}
            />
          ) : (
            <View className='muted'>这个街道下还没有登记社区，请换一个街道。</View>
          )}
        </FormField>
      ) : error ? (
        <View className='form-field__error'>{error}</View>
      ) : null}
    </>
  )
}
