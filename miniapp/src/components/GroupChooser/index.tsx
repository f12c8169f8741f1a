import { View } from '@tarojs/components'
import { RESIDENT_GROUP_LABELS, ResidentGroup } from '@lp/shared'
import { Checkbox } from '../../ui/nutui'
import './index.scss'

const GROUPS = Object.values(ResidentGroup)

interface Props {
  value: ResidentGroup[]
  onChange: (groups: ResidentGroup[]) => void
}

/** Which groups the resident belongs to; 老年人 is never asked, it follows from the age. */
export default function GroupChooser({ value, onChange }: Props) {
  const toggle = (group: ResidentGroup, on: boolean) => {
    onChange(on ? [...value.filter((g) => g !== group), group] : value.filter((g) => g !== group))
  }
  return (
    <View className='group-chooser' id='bind-groups'>
      {GROUPS.map((group) => (
        <Checkbox
          key={group}
          id={`bind-group-${group}`}
          className='group-chooser__item'
          label={RESIDENT_GROUP_LABELS[group]}
          checked={value.includes(group)}
          onChange={(on: boolean) => toggle(group, on)}
        />
      ))}
    </View>
  )
}
