import type { IndicatorTargetUpdate } from '@lp/shared'
import type {
  CategoryStatistics,
  ChildStatistics,
  GroupStatistics,
  IndicatorTargetList,
  MonthStatistics,
  PopulationBalance,
  PopulationImportResult,
  StatisticsOverview,
  YearOverYear
} from './api/types'
import { saveDocument } from './files'
import { api, type PickedFile } from './request'

/** Participation statistics of an area and year, for its administrators (the server checks the scope). */

const scope = (areaId: number, year: number) => ({ path: { id: areaId }, query: { year } })

export function getOverview(areaId: number, year: number): Promise<StatisticsOverview> {
  return api.get('/api/areas/{id}/statistics', scope(areaId, year))
}

export function getChildStatistics(areaId: number, year: number): Promise<ChildStatistics[]> {
  return api.get('/api/areas/{id}/statistics/children', scope(areaId, year))
}

export function getMonths(areaId: number, year: number): Promise<MonthStatistics[]> {
  return api.get('/api/areas/{id}/statistics/months', scope(areaId, year))
}

export function getCategories(areaId: number, year: number): Promise<CategoryStatistics[]> {
  return api.get('/api/areas/{id}/statistics/categories', scope(areaId, year))
}

export function getGroups(areaId: number, year: number): Promise<GroupStatistics[]> {
  return api.get('/api/areas/{id}/statistics/by-group', scope(areaId, year))
}

export function getYearOverYear(areaId: number, year: number): Promise<YearOverYear> {
  return api.get('/api/areas/{id}/statistics/year-over-year', scope(areaId, year))
}

/** Whether the children's population figures add up to the node's own. */
export function getPopulationCheck(areaId: number, year: number): Promise<PopulationBalance> {
  return api.get('/api/areas/{id}/statistics/population-check', scope(areaId, year))
}

/**
 * 导出 Excel: the indicator table in the shape of the 任务分解表. The browser saves it, the mini
 * program opens it in WeChat's document viewer, where it can be forwarded or saved.
 */
export function exportIndicatorWorkbook(areaId: number, year: number, areaName: string): Promise<void> {
  const fileName = `${areaName}${year}年指标完成情况.xlsx`
  return saveDocument('/api/areas/{id}/statistics/export', scope(areaId, year), 'xlsx', fileName, '指标表没有下载成功，请稍后再试。')
}

/** 申请表数据: the figures of the 全国学习型城市网络 application form the portal knows, the rest marked 由区填写. */
export function exportApplicationForm(areaId: number, year: number, areaName: string): Promise<void> {
  const fileName = `${areaName}${year}年学习型城市网络申请表数据.xlsx`
  return saveDocument('/api/areas/{id}/statistics/application-form', scope(areaId, year), 'xlsx', fileName, '申请表数据没有下载成功，请稍后再试。')
}

/**
 * 导入人口数据 from a spreadsheet: in the browser a File from an <input type="file">, in the mini
 * program a file picked from a WeChat chat (Taro.chooseMessageFile), by its temporary path.
 */
export function importPopulation(areaId: number, year: number, file: PickedFile): Promise<PopulationImportResult> {
  return api.postForm('/api/areas/{id}/population/{year}/import', 'file', file, { path: { id: areaId, year } }, '人口数据没有导入成功，请稍后再试。')
}

/** Each indicator's target in force for an area and year, and where it comes from. */
export function getIndicatorTargets(areaId: number, year: number): Promise<IndicatorTargetList> {
  return api.get('/api/areas/{id}/indicator-targets', scope(areaId, year))
}

/** Sets (target null: takes away) the area's own targets for a year; the server refuses the whole list if one is wrong. */
export function saveIndicatorTargets(areaId: number, year: number, update: IndicatorTargetUpdate): Promise<IndicatorTargetList> {
  return api.put('/api/areas/{id}/indicator-targets/{year}', { path: { id: areaId, year }, body: update })
}
