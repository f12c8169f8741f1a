import { View } from '@tarojs/components'
import type { ChangeEvent } from 'react'
import { Button } from '../../ui/nutui'
import { choosePdf, choosePhoto, readBrowserFile, type ChosenEvidence } from '../../utils/evidence-file'
import './index.scss'

const IN_BROWSER = process.env.TARO_ENV === 'h5'

interface Props {
  /** Ids: the browser's file input (and the mini program's buttons' box) `<idPrefix>-file`, its buttons `<idPrefix>-photo` and `<idPrefix>-pdf`. */
  idPrefix: string
  /** What the box says, e.g. 添加一张照片. */
  text: string
  /** What a screen reader says of the file input. */
  label: string
  /** Whether a PDF is accepted besides JPG and PNG photos. */
  pdf?: boolean
  /** The name a phone photo is listed by (a browser file keeps its own). */
  photoName?: string
  busy?: boolean
  /** Gets the way to read the chosen file; the caller reads it, shows progress and uploads it. */
  onPick: (pick: () => Promise<ChosenEvidence | null>) => void
}

/**
 * One place to pick an evidence file: in the browser a large dashed box over a file input; in the
 * mini program a button for the camera or album and, where a PDF will do, one for a chat file.
 */
export default function FilePickBox({ idPrefix, text, label, pdf = false, photoName, busy = false, onPick }: Props) {
  const onBrowserFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file) onPick(() => readBrowserFile(file))
  }
  if (IN_BROWSER) {
    return (
      <View className={busy ? 'file-pick file-pick--busy' : 'file-pick'}>
        {busy ? '正在上传…' : text}
        <input
          id={`${idPrefix}-file`}
          aria-label={label}
          className='file-pick__input'
          type='file'
          accept={pdf ? 'image/jpeg,image/png,application/pdf' : 'image/jpeg,image/png'}
          disabled={busy}
          onChange={onBrowserFile}
        />
      </View>
    )
  }
  return (
    <View id={`${idPrefix}-file`} className='file-pick__buttons'>
      <Button id={`${idPrefix}-photo`} type='primary' fill='outline' size='large' block loading={busy} onClick={() => onPick(() => choosePhoto(photoName))}>
        拍照或从相册选
      </Button>
      {pdf ? (
        <Button id={`${idPrefix}-pdf`} fill='outline' size='large' block disabled={busy} onClick={() => onPick(choosePdf)}>
          从微信聊天里选 PDF
        </Button>
      ) : null}
    </View>
  )
}
