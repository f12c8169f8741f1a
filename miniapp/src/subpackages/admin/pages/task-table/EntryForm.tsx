import { View } from '@tarojs/components'
import { TASK_EVIDENCE_MAX } from '@lp/shared'
import { useState } from 'react'
import ErrorNotice from '../../../../components/ErrorNotice'
import FilePickBox from '../../../../components/FilePickBox'
import FormField from '../../../../components/FormField'
import TextBox from '../../../../components/TextBox'
import { uploadEvidence } from '../../../../services/certifications'
import { ApiError, toApiError } from '../../../../services/request'
import { saveTaskEntry } from '../../../../services/task-table'
import { tellDone } from '../../../../utils/feedback'
import { EvidenceProblem, type ChosenEvidence } from '../../../../utils/evidence-file'
import { Button } from '../../../../ui/nutui'
import type { TaskEntry, TaskEvidence } from '../../../../services/api/types'

interface Props {
  areaId: number
  year: number
  rowId: number
  /** What was entered before, to change. */
  entry: TaskEntry | null
  onSaved: (entry: TaskEntry) => void
  onCancel: () => void
}

const MET_CHOICES: { value: boolean | null; label: string; key: string }[] = [
  { value: true, label: '达标', key: 'yes' },
  { value: false, label: '未达标', key: 'no' },
  { value: null, label: '不判断', key: 'none' }
]

/** 填报 a row the portal cannot measure: what was achieved, whether it meets the target, and the files that prove it. */
export default function EntryForm({ areaId, year, rowId, entry, onSaved, onCancel }: Props) {
  const [value, setValue] = useState(entry?.value ?? '')
  const [met, setMet] = useState<boolean | null>(entry?.met ?? null)
  const [evidence, setEvidence] = useState<TaskEvidence[]>(entry?.evidence ?? [])
  const [uploading, setUploading] = useState(false)
  const [fileProblem, setFileProblem] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState(false)
  const id = `task-entry-${rowId}`

  const addFile = async (pick: () => Promise<ChosenEvidence | null>) => {
    setFileProblem(null)
    setUploading(true)
    try {
      const chosen = await pick()
      if (!chosen) return
      const uploaded = await uploadEvidence(chosen.bytes, chosen.type)
      setEvidence((current) => [...current, { uploadId: uploaded.id, name: chosen.name.slice(0, 120) }])
    } catch (failure) {
      setFileProblem(failure instanceof EvidenceProblem ? failure.message : toApiError(failure).message)
    } finally {
      setUploading(false)
    }
  }

  const save = async () => {
    if (!value.trim()) {
      setProblem('请填写完成情况')
      return
    }
    setProblem(null)
    setError(null)
    setSaving(true)
    try {
      const saved = await saveTaskEntry(areaId, rowId, year, { value: value.trim(), met, evidence })
      tellDone('已保存')
      onSaved(saved)
    } catch (failure) {
      setError(toApiError(failure))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='task-entry' id={id}>
      <FormField label='完成情况' hint='写做了什么、数字是多少，例如：当年11月举办全民终身学习活动周' error={problem}>
        <TextBox id={`${id}-value`} value={value} maxLength={200} onChange={setValue} />
      </FormField>
      <FormField label='是否达到目标'>
        <View className='button-row'>
          {MET_CHOICES.map((c) => (
            <Button
              key={c.key}
              id={`${id}-met-${c.key}`}
              size='large'
              type={met === c.value ? 'primary' : 'default'}
              fill={met === c.value ? 'solid' : 'outline'}
              onClick={() => setMet(c.value)}
            >
              {c.label}
            </Button>
          ))}
        </View>
      </FormField>
      <FormField label='佐证材料' hint={`照片或 PDF，最多${TASK_EVIDENCE_MAX}个。检查时列在表里。`}>
        {evidence.length < TASK_EVIDENCE_MAX ? (
          <FilePickBox idPrefix={`${id}-evidence`} text='添加一个文件' label='添加佐证材料：照片或 PDF 文件' pdf photoName='佐证照片' busy={uploading} onPick={(pick) => void addFile(pick)} />
        ) : null}
        {fileProblem ? (
          <View className='task-entry__problem' id={`${id}-file-problem`}>
            {fileProblem}
          </View>
        ) : null}
        <View id={`${id}-files`} data-count={evidence.length}>
          {evidence.map((v, i) => (
            <View key={v.uploadId} className='task-entry__file'>
              <View className='task-entry__file-name'>
                {i + 1}. {v.name}
              </View>
              <Button id={`${id}-file-${i}-remove`} size='small' onClick={() => setEvidence(evidence.filter((x) => x.uploadId !== v.uploadId))}>
                去掉
              </Button>
            </View>
          ))}
        </View>
      </FormField>
      {error ? <ErrorNotice error={error} /> : null}
      <View className='button-row'>
        <Button id={`${id}-save`} type='primary' size='large' loading={saving} disabled={uploading} onClick={() => void save()}>
          保存
        </Button>
        <Button id={`${id}-cancel`} fill='outline' size='large' onClick={onCancel}>
          不填了
        </Button>
      </View>
    </View>
  )
}
