import Animation from '#animations/models/animation'
import Campaign from '#animations/models/campaign'
import type { ResultsSource } from '#analytics/results/source_results'

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

/** What the results page needs of an animation or a campaign: which firings are its, its name, its page. */
export interface ResultsSubject {
  source: ResultsSource
  name: string
  holdoutPercent: number
  /** The animation's or the campaign's own page, and its results page. */
  pagePath: string
  resultsPath: string
}

export async function animationSubject(publicId: string): Promise<ResultsSubject | null> {
  const animation = ULID.test(publicId) ? await Animation.findBy('publicId', publicId) : null
  if (!animation) return null
  const source: ResultsSource = { type: 'animation', id: animation.id, publicId: animation.publicId }
  return { source, name: animation.name, holdoutPercent: animation.parsedConfig.holdout_percent, pagePath: `/admin/animations/${publicId}/edit`, resultsPath: `/admin/animations/${publicId}/results` }
}

export async function campaignSubject(publicId: string): Promise<ResultsSubject | null> {
  const campaign = ULID.test(publicId) ? await Campaign.findBy('publicId', publicId) : null
  if (!campaign) return null
  const source: ResultsSource = { type: 'campaign', id: campaign.id, publicId: campaign.publicId }
  return { source, name: campaign.name, holdoutPercent: campaign.parsedConfig.holdout_percent, pagePath: `/admin/campaigns/${publicId}`, resultsPath: `/admin/campaigns/${publicId}/results` }
}
