import Taro from '@tarojs/taro'
import type { MyDataCopy } from '../../services/api/types'
import { saveBlob } from '../../services/files'

/**
 * Hands the resident their data as a JSON file: the browser saves it as a download; the mini
 * program writes it to the phone and opens WeChat's 发送给朋友 sheet, from which it can be sent to
 * the resident's own chat (文件传输助手) and kept.
 */
export async function saveDataCopy(copy: MyDataCopy): Promise<void> {
  const name = `我的数据-${copy.exportedAt.slice(0, 10)}.json`
  const text = JSON.stringify(copy, null, 2)
  if (process.env.TARO_ENV === 'h5') {
    saveBlob(new Blob([text], { type: 'application/json' }), name)
    return
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${name}`
  Taro.getFileSystemManager().writeFileSync(filePath, text, 'utf8')
  await Taro.shareFileMessage({ filePath, fileName: name })
}
