// Parsing ARM resource IDs into the parts SDK operations take.

export interface IdParts {
  subscriptionId: string
  resourceGroup: string
  name: string
}

export function idParts(id: string): IdParts {
  const parts = id.split('/')
  const at = (key: string): string => {
    const i = parts.findIndex((p) => p.toLowerCase() === key)
    return i >= 0 ? (parts[i + 1] ?? '') : ''
  }
  return { subscriptionId: at('subscriptions'), resourceGroup: at('resourcegroups'), name: parts[parts.length - 1] ?? '' }
}
