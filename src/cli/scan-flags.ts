// Flags shared by the commands that collect (scan, check, demo).
import { Flags } from '@oclif/core'

export const collectionFlags = {
  'arm-endpoint': Flags.string({ description: 'Resource Manager endpoint (default public cloud)', env: 'TRUSTPACK_ARM_ENDPOINT' }),
  'logs-endpoint': Flags.string({ description: 'Log Analytics query endpoint (default https://api.loganalytics.io)', env: 'TRUSTPACK_LOGS_ENDPOINT' }),
  tenant: Flags.string({ description: 'tenant for the credential', env: 'AZURE_TENANT_ID' }),
  concurrency: Flags.integer({ description: 'parallel requests (default 12, sized to ARM read limits)', min: 1, max: 256 }),
  subscription: Flags.string({ char: 's', description: 'subscription to scan (repeatable; default every subscription the credential sees)', multiple: true }),
  'allow-partial': Flags.boolean({ description: 'accept a snapshot with failed reads (exit 0 instead of 4)' }),
}
