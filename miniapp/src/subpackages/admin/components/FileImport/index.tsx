import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ClientError } from '@lp/shared'
import { useState, type ChangeEvent, type ReactNode } from 'react'
import ErrorNotice from '../../../../components/ErrorNotice'
import { sizeText } from '../../../../services/files'
import { ApiError, toApiError, type PickedFile } from '../../../../services/request'
import { Button } from '../../../../ui/nutui'
import { privacyProblem } from '../../../../utils/privacy'
import './index.scss'

const IN_BROWSER = process.env.TARO_ENV === 'h5'

interface Props<R extends { applied: boolean }> {
  /** The section's id; parts get `<id>-file`, `<id>-apply`, `<id>-error`, `<id>-result`. */
  id: string
  maxBytes: number
  /** Reads the file on the server: a preview (apply false) writes nothing. */
  send: (file: PickedFile, apply: boolean) => Promise<R>
  /** What the preview or the import would change, as rows for a person to check. */
  describe: (result: R) => ReactNode
  /** How many changes a result holds: nothing to apply when none. */
  changes: (result: R) => number
  onApplied: () => void
}

type Step<R> =
  | { kind: 'idle' }
  | { kind: 'reading'; name: string }
  | { kind: 'previewed'; file: PickedFile; name: string; result: R }
  | { kind: 'applied'; result: R }
  | { kind: 'failed'; error: ApiError }

const cancelled = (error: unknown): boolean => /cancel/i.test(String(Reflect.get(Object(error), 'errMsg') ?? ''))

/**
 * Upload → preview → apply: the file is read once to show what it would add or change (or every
 * row that is wrong), and written only when the person presses 确认导入.
 */
export default function FileImport<R extends { applied: boolean }>({ id, maxBytes, send, describe, changes, onApplied }: Props<R>) {
  const [step, setStep] = useState<Step<R>>({ kind: 'idle' })
  const tooBig = new ApiError(0, { code: ClientError.Client, message: `文件太大了，请不要超过 ${sizeText(maxBytes)}。` })

  const preview = async (file: PickedFile, name: string, size: number) => {
    if (size > maxBytes) return setStep({ kind: 'failed', error: tooBig })
    setStep({ kind: 'reading', name })
    try {
      setStep({ kind: 'previewed', file, name, result: await send(file, false) })
    } catch (error) {
      setStep({ kind: 'failed', error: toApiError(error) })
    }
  }

  const apply = async (file: PickedFile, name: string) => {
    setStep({ kind: 'reading', name })
    try {
      const result = await send(file, true)
      setStep({ kind: 'applied', result })
      onApplied()
    } catch (error) {
      setStep({ kind: 'failed', error: toApiError(error) })
    }
  }

  const onBrowserFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file) void preview(file, file.name, file.size)
  }

  const choosePhoneFile = async () => {
    try {
      const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })
      const file = picked.tempFiles[0]
      if (file) void preview(file.path, file.name, file.size)
    } catch (error) {
      if (!cancelled(error)) setStep({ kind: 'failed', error: new ApiError(0, privacyProblem(error) ?? { code: ClientError.Client, message: '没有打开聊天文件，请稍后再试。' }) })
    }
  }

  const busy = step.kind === 'reading'
  return (
    <View className='file-import' id={id}>
      {IN_BROWSER ? (
        <View className={busy ? 'file-import__pick file-import__pick--busy' : 'file-import__pick'}>
          {busy ? '正在读取…' : '选择 Excel 或 CSV 文件（先预览，不会马上导入）'}
          <input
            id={`${id}-file`}
            aria-label='选择 Excel 或 CSV 文件'
            className='file-import__input'
            type='file'
            accept='.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'
            disabled={busy}
            onChange={onBrowserFile}
          />
        </View>
      ) : (
        <Button id={`${id}-choose`} type='primary' size='large' block loading={busy} onClick={() => void choosePhoneFile()}>
          从微信聊天里选文件
        </Button>
      )}
      {step.kind === 'reading' ? <View className='muted'>正在读取 {step.name}…</View> : null}
      {step.kind === 'failed' ? (
        <View id={`${id}-error`}>
          <ErrorNotice error={step.error} />
        </View>
      ) : null}
      {step.kind === 'previewed' ? (
        <View className='file-import__result' id={`${id}-preview`}>
          <View className='file-import__title'>
            预览：{step.name}，{changes(step.result) ? `将改动 ${changes(step.result)} 项` : '和现有的完全一样，不用导入'}
          </View>
          {describe(step.result)}
          {changes(step.result) ? (
            <View className='button-row'>
              <Button id={`${id}-apply`} type='primary' size='large' onClick={() => void apply(step.file, step.name)}>
                确认导入
              </Button>
              <Button id={`${id}-cancel`} fill='outline' size='large' onClick={() => setStep({ kind: 'idle' })}>
                不导入
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      {step.kind === 'applied' ? (
        <View className='file-import__result' id={`${id}-result`}>
          <View className='file-import__title'>已导入，改动了 {changes(step.result)} 项</View>
          {describe(step.result)}
        </View>
      ) : null}
    </View>
  )
}
