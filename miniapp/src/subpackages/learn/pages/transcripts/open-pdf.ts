import { openPdf } from '../../../../services/files'
import { downloadTranscriptPdf, fetchTranscriptPdf } from '../../../../services/transcripts'

/**
 * Shows a transcript's PDF. The browser opens an empty tab while the click still counts as the
 * person's own (so it is not blocked), then points it at the PDF once it has arrived; the mini
 * program downloads it and opens WeChat's document viewer.
 */
export async function showTranscriptPdf(id: string): Promise<void> {
  if (process.env.TARO_ENV !== 'h5') {
    await openPdf(await downloadTranscriptPdf(id))
    return
  }
  const tab = window.open('', '_blank')
  try {
    const url = URL.createObjectURL(await fetchTranscriptPdf(id))
    setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000)
    if (tab) {
      tab.location.href = url
      return
    }
    // no tab could be opened: save the file instead
    const link = document.createElement('a')
    link.href = url
    link.download = `成绩单-${id.slice(0, 8)}.pdf`
    document.body.appendChild(link)
    link.click()
    link.remove()
  } catch (error) {
    tab?.close()
    throw error
  }
}
