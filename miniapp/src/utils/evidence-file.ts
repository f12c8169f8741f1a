import Taro from '@tarojs/taro'
import { UPLOAD_MAX_BYTES, type UploadType } from '@lp/shared'
import { sizeText } from '../services/files'
import { privacyProblem } from './privacy'

/*
 * Evidence files (a certificate, a nomination's photos, a 任务分解表 entry's proof): picked from the
 * browser's file input or, in the mini program, the camera, the album or a WeChat chat; read into
 * memory and checked by their first bytes the way the server checks an upload.
 */

/** A file picked as evidence, read into memory and ready to upload. */
export interface ChosenEvidence {
  bytes: ArrayBuffer
  type: UploadType
  name: string
  /** Something an <Image> can show (a temp path or a blob URL); null for a PDF. */
  previewUrl: string | null
}

export class EvidenceProblem extends Error {}

const TOO_BIG = `文件太大了，请不要超过 ${sizeText(UPLOAD_MAX_BYTES)}。照片可以重新拍一张，或者截图后再选。`
const WRONG_TYPE = '只能交 JPG、PNG 照片或 PDF 文件。'

/** The type from the first bytes, as the server will check it; the file name can say anything. */
function typeOf(bytes: ArrayBuffer): UploadType | null {
  const head = new Uint8Array(bytes.slice(0, 8))
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b)
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'
  return null
}

function checked(bytes: ArrayBuffer, name: string, previewUrl: (type: UploadType) => string | null): ChosenEvidence {
  if (bytes.byteLength > UPLOAD_MAX_BYTES) throw new EvidenceProblem(TOO_BIG)
  if (!bytes.byteLength) throw new EvidenceProblem('这个文件是空的，请重新选。')
  const type = typeOf(bytes)
  if (!type) throw new EvidenceProblem(WRONG_TYPE)
  return { bytes, type, name, previewUrl: previewUrl(type) }
}

/**
 * Browser: a file from <input type="file">, read straight from the File (the page's CSP allows
 * fetch only to our own origin, so not through its blob URL); images are previewed from a blob URL.
 */
export async function readBrowserFile(file: File): Promise<ChosenEvidence> {
  if (file.size > UPLOAD_MAX_BYTES) throw new EvidenceProblem(TOO_BIG)
  const bytes = await file.arrayBuffer()
  return checked(bytes, file.name, (type) => (type === 'application/pdf' ? null : URL.createObjectURL(file)))
}

function readPhoneFile(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      success: (res) => (res.data instanceof ArrayBuffer ? resolve(res.data) : reject(new EvidenceProblem('文件没有读出来，请重新选。'))),
      fail: () => reject(new EvidenceProblem('文件没有读出来，请重新选。'))
    })
  })
}

const cancelled = (error: unknown): boolean => /cancel/i.test(String(Reflect.get(Object(error), 'errMsg') ?? ''))

/** Mini program: a photo taken now or picked from the album, compressed by WeChat, listed as `name`. Null when the person backs out. */
export async function choosePhoto(name = '照片'): Promise<ChosenEvidence | null> {
  let picked: Taro.chooseImage.SuccessCallbackResult
  try {
    picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
  } catch (error) {
    if (cancelled(error)) return null
    throw new EvidenceProblem(privacyProblem(error)?.message ?? '没有打开相机或相册，请在微信设置里允许后再试。')
  }
  const path = picked.tempFilePaths[0]
  if (!path) return null
  return checked(await readPhoneFile(path), name, () => path)
}

/** Mini program: a PDF someone sent the resident in a WeChat chat. Null when the person backs out. */
export async function choosePdf(): Promise<ChosenEvidence | null> {
  let picked: Taro.chooseMessageFile.SuccessCallbackResult
  try {
    picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf'] })
  } catch (error) {
    if (cancelled(error)) return null
    throw new EvidenceProblem(privacyProblem(error)?.message ?? '没有打开聊天文件，请稍后再试。')
  }
  const file = picked.tempFiles[0]
  if (!file) return null
  if (file.size > UPLOAD_MAX_BYTES) throw new EvidenceProblem(TOO_BIG)
  return checked(await readPhoneFile(file.path), file.name, () => null)
}
