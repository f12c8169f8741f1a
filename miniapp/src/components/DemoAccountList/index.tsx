import { View } from '@tarojs/components'
import { ROLE_LABELS } from '@lp/shared'
import { Button } from '../../ui/nutui'
import type { DemoAccount } from '../../services/api/types'
import './index.scss'

interface Props {
  accounts: DemoAccount[]
  /** The account being signed in, to show a spinner on it. */
  busyId: string | null
  onPick: (account: DemoAccount) => void
}

/** 体验账号: one button per demo account, each saying who you will be. */
export default function DemoAccountList({ accounts, busyId, onPick }: Props) {
  return (
    <View className='demo-accounts'>
      {accounts.map((account) => (
        <Button
          key={account.userId}
          id={`login-demo-${account.userId}`}
          className={`demo-account login-demo-${account.userId}`}
          block
          fill='outline'
          loading={busyId === account.userId}
          disabled={busyId !== null}
          onClick={() => onPick(account)}
        >
          <View className='demo-account__label'>
            {account.label}
            <View className='demo-account__role'>{ROLE_LABELS[account.role]}</View>
          </View>
          <View className='demo-account__description'>{account.description}</View>
        </Button>
      ))}
    </View>
  )
}
