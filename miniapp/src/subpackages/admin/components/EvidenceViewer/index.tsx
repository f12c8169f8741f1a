import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ClientError } from '@lp/shared'
import { useEffect, useState } from 'react'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import { downloadEvidence, fetchEvidence } from '../../../../services/certifications'
import { openPdf } from '../../../../services/files'
import { ApiError, toApiError } from '../../../../services/request'
import { Button } from '../../../../ui/nutui'
import './index.scss'

const IN_BROWSER = process.env.TARO_ENV === 'h5'

interface Shown {
  /** A blob URL (browser) or a temporary file path (mini program). */
  src: string
  pdf: boolean
}

/** Mini program: whether a downloaded file is a PDF, from its first bytes (the download does not say). */
function isPdfFile(path: string): boolean {
  const head = Taro.getFileSystemManager().readFileSync(path, undefined, 0, 5)
  if (!(head instanceof ArrayBuffer)) return false
  return String.fromCharCode(...new Uint8Array(head)) === '%PDF-'
}

async function load(uploadId: string): Promise<Shown> {
  if (IN_BROWSER) {
    const blob = await fetchEvidence(uploadId)
    return { src: URL.createObjectURL(blob), pdf: blob.type === 'application/pdf' }
  }
  const path = await downloadEvidence(uploadId)
  return { src: path, pdf: isPdfFile(path) }
}

interface Props {
  uploadId: string
  /** The viewer's id; the image and the button get `<id>-image` and `<id>-open`. */
  id?: string
  /** What the photo shows, for screen readers. */
  alt?: string
}

/** The evidence a resident sent: a photo shown on the page, a PDF opened on a tap. Both need the admin's token. */
export default function EvidenceViewer({ uploadId, id = 'certification-evidence', alt = '申请人上传的证书照片' }: Props) {
  const [shown, setShown] = useState<Shown | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [round, setRound] = useState(0)

  useEffect(() => {
    let live = true
    let made: string | null = null
    setShown(null)
    setError(null)
    load(uploadId).then(
      (result) => {
        if (IN_BROWSER) made = result.src
        if (live) setShown(result)
        else if (made) URL.revokeObjectURL(made)
      },
      (failure: unknown) => live && setError(toApiError(failure))
    )
    return () => {
      live = false
      if (made) URL.revokeObjectURL(made)
    }
  }, [uploadId, round])

  const openIt = () => {
    if (!shown) return
    if (IN_BROWSER) {
      window.open(shown.src, '_blank')
    } else if (shown.pdf) {
      openPdf(shown.src).catch(() => setError(new ApiError(0, { code: ClientError.Client, message: 'PDF 没有打开，请稍后再试。' })))
    } else {
      void Taro.previewImage({ urls: [shown.src], current: shown.src })
    }
  }

  if (error) return <ErrorNotice error={error} onRetry={() => setRound((n) => n + 1)} />
  if (!shown) return <LoadingNotice text='正在打开证明材料…' />
  return (
    <View className='evidence-viewer' id={id} data-type={shown.pdf ? 'pdf' : 'image'}>
      {shown.pdf ? (
        <View className='evidence-viewer__pdf'>PDF 文件</View>
      ) : (
        <Image id={`${id}-image`} className='evidence-viewer__image' src={shown.src} mode='widthFix' nativeProps={{ alt }} onClick={openIt} />
      )}
      <Button id={`${id}-open`} fill='outline' block onClick={openIt}>
        {shown.pdf ? '打开 PDF 查看' : '看大图'}
      </Button>
    </View>
  )
}
