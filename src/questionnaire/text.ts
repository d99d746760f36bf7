// Text analysis for matching: tokens, a light stemmer, and a security-vocabulary synonym list
// that adds shared concept tokens ("encryption at rest", "TDE" and "storage encryption" all add `~encrest`).

const STOPWORDS = new Set(
  ('a an and any are as at be been being but by can could do does did for from has have had how i if in into is it its ' +
    'may me might must my no not of on or our ours please should so such than that the their them then there these they ' +
    'this those to us was we were what when where which who whom why will with would you your yours also all each every ' +
    'other some more most very just only own same too e g eg etc ie example examples describe provide explain list ' +
    'briefly detail details specify indicate include includes including currently regularly place used use using ensure ' +
    'make sure appropriate appropriately following well one two company organisation organization vendor supplier service services ' +
    'system systems data customer customers information process processes procedure procedures policy policies').split(/\s+/),
)

/** Plurals and inflections of the generic nouns above ("services", "systems", "customers'"). */
const STOP_STEMS = new Set(['servic', 'system', 'custom', 'company', 'compani', 'proces', 'procedur', 'policy', 'polici', 'data', 'information', 'vendor', 'supply', 'suppli'])

/** Terms that put a question outside what cloud-configuration evidence can show (offices, laptops, people). */
export const OUT_OF_SCOPE_TERMS = [
  // bringing a service back after an outage is a recovery time, not a backup ("back up" as in running again)
  'service back up', 'platform back up', 'application back up', 'back up and running', 'bring it back up', 'bring everything back up',
  // scanners the vendor may or may not run: no check reads them
  'qualys', 'tenable', 'nessus', 'rapid7', 'nmap',
  // outbound routing through a firewall appliance: no check reads routes or egress
  'udr', 'udrs', 'user-defined route', 'user-defined routes', 'user defined routes', 'forced tunneling', 'forced tunnelling', 'egress traffic', 'egress from',
  'laptop', 'workstation', 'desktop', 'mobile device', 'phone', 'tablet', 'removable media', 'removable', 'tape', 'thumb drive',
  // what the service costs, and how it is licensed or billed: a contract's terms, not the estate's configuration
  // (not "billing", a name resources go by)
  // the buyer's own Azure tenant ("the storage accounts in OUR Azure subscription"), which no scan of ours reads
  'our azure subscription', 'our azure subscriptions', 'our own azure subscription', 'our azure tenant', 'our own tenant', 'our own azure tenant',
  'licensing', 'licensing costs', 'licence costs', 'license costs', 'billed', 'subscription price', 'costs',
  'office', 'premises', 'physical', 'badge', 'cctv', 'visitor', 'email', 'e-mail', 'wifi', 'wi-fi', 'wireless', 'vpn',
  'antivirus', 'anti-malware', 'malware', 'client systems', 'client system', 'windows', 'sudo', 'ldap', 'root password',
  'hvac', 'power supply', 'data center provider', 'outsourced', 'outsourcing', 'cookie', 'cookies', 'xss', 'xsrf', 'csrf',
  'sql injection', 'password', 'passwords', 'session', 'plugin', 'upload', 'unit test', 'job description', 'disciplinary',
  'arp spoofing', 'dmz', 'contractors', 'interns',
  // The application's own screens, which no setting of the estate shows ("Can anyone reach our admin screens?").
  'admin screen', 'admin page', 'admin panel', 'admin console', 'admin portal', 'admin ui', 'administration page', 'administration panel', 'login page', 'login screen', 'back office',
  // The customers' own administrators and users, inside the product.
  'tenant admin', 'tenant administrator', 'their own users',
  // "…audit logs of administrator actions taken within the application?": the product's own records.
  'within the application', 'inside the application', 'within the product', 'inside the product', 'in the product', 'per customer audit log', 'per customer audit logs', 'in product audit',
  // Environments other than the one scanned ("Do development storage accounts enforce TLS 1.2 like production?"),
  // masking of columns, and the SIEM's own delivery times, which no check reads.
  'staging', 'pre production', 'preproduction', 'non production', 'nonproduction', 'development environment', 'development storage', 'dev environment',
  'test environment', 'qa', 'sandbox', 'data masking', 'anonymisation', 'anonymization',  
  // The company's own devices and offices, which no cloud check reads ("Do you back up employee workstations?").
  'employee device', 'employee devices', 'corporate device', 'corporate devices', 'corporate endpoint', 'corporate endpoints',
  'mobile app', 'mobile apps', 'office network', 'mail server', 'mail servers', 'printer', 'printers',
  // What the company keeps outside the cloud estate: its code host, its SaaS tools, its mailboxes.
  'source code', 'code repository', 'git repository', 'github', 'gitlab', 'bitbucket', 'jira', 'confluence', 'slack', 'saas tool',
  'mailbox', 'office 365', 'microsoft 365', 'google workspace', 'salesforce', 'hr system', 'hris', 'payroll', 'crm',
  // People's vetting, and settings no check reads (DDoS plans, immutable storage, column-level encryption,
  // just-in-time access, storage account key access): a nearby check does not show them.
  'background check', 'background checked', 'vetting', 'ddos', 'worm', 'immutable', 'immutably', 'immutability', 'legal hold',
  'column level', 'field level', 'application level encryption', 'at the application level', 'sensitive fields', 'always encrypted', 'double encryption', 'infrastructure encryption',
  'just in time', 'jit access', 'privileged identity management', 'conditional access', 'storage account key access', 'shared key access',
  'blob soft delete', 'blob versioning', 'flow log', 'nsg flow', 'bot manager', 'bot protection', 'managed rule set', 'rule set version',
  // Other parties' estates: sub-processors', a managed service provider's, the customers' own tenants.
  'sub-processor', 'sub processor', 'subprocessor', 'managed service provider', 'msp',
  "customers' own", "customer's own", 'customer tenants', "customers' tenants",
  // Recordings of calls, and what happens to data once the contract ends (a process, not a setting).
  // Who does a thing under shared responsibility ("Is the customer responsible for backing up…?"): the contract's.
  'responsible for', 'responsibility for',
  // The buyer's own side ("our legacy on-prem integration … on our side"), and features still in preview.
  'on our side', 'on-prem', 'on prem', 'our legacy', 'preview feature', 'preview features', 'preview plan', 'in preview', 'the preview', 'ai threat protection',
  // A SIEM's own rules, and a storage account the buyer brings: neither is a setting the scan reads.
  'sentinel', 'analytics rules', 'siem use case', 'siem use cases', 'bring our own', 'bring your own storage', 'our own storage', 'our own azure storage',
  // Every hop "end to end" crosses hops no check reads (the gateway's backends, Front Door's TLS).
  'every hop', 'every single hop', 'each hop', 'end to end', 'end-to-end',
  // The provider's own internal systems.
  'own internal', "microsoft's own", 'access transparency',
  // the buyer's own people ("Can our IT staff get SSH access to the servers?") are not the estate's settings
  'our it staff', 'our it team', 'our it admins', 'our it administrators', 'our engineers', 'our admins', 'our administrators',
  'recording', 'call recording', 'support call', 'terminated', 'termination', 'offboarding', 'end of contract', 'contract ends', 'after the contract',
  // The cloud provider's own practices (its staff's access to keys, its buildings, its hypervisors): its
  // reports answer them, not our checks.
  'cloud provider', 'hypervisor', 'hypervisors', 'surveillance',
  // Virtual machines' disks, which no check reads: "VM disks encrypted with customer-managed keys?" is not
  // answered from the SQL servers' TDE protector.
  'managed disk', 'managed disks', 'vm disk', 'vm disks', 'os disk', 'os disks', 'data disk', 'data disks',
  'virtual machine disk', 'virtual machine disks',
  // Forensics, in-application defences and the browser's own headers, which no setting of the estate shows.
  'forensic image', 'forensic images', 'forensic imaging', 'forensic investigation', 'forensic investigations', 'forensic analysis', 'digital forensics', 'rasp', 'runtime protection', 'runtime application self', 'input validation', 'validate input', 'validates input', 'output encoding', 'encode output', 'encodes output', 'includesubdomains',
  // Guards, what happens to a new subscription, crypto-shredding at exit, a dev/test subscription, tiers bought
  // and the vendor's own suppliers: none is a setting a check reads.
  'guarded', 'security guards', 'new subscription', 'new subscriptions', 'crypto shredding', 'crypto shred', 'crypto-shredding', 'crypto-shred', 'at exit',
  'dev/test', 'dev test', 'test subscription', 'premium tier', 'premium sku', 'basic tier', 'basic sku', 'reserved capacity', 'reserved instance', 'reserved instances',
  'support vendors', 'our suppliers', 'your suppliers', 'your own suppliers', 'recovery services vault', 'vms backed up', 'vm backup', 'vm backups', 'machines backed up', 'azure backup',
  // The buyer's own records deleted on request: an erasure process, not a key's purge protection.
  '24/7 soc', '24x7 soc', 'soc watching', 'soc analysts', 'responding within', 'respond within',
  'helpdesk', 'help desk', 'ticketing', 'support chat', 'chat transcripts', 'support tickets', 'ticket attachments',
  'delete specific records', 'ask you to delete', 'asked you to delete', 'request deletion', 'requested deletion', 'request the deletion', 'requests deletion',
  // The mechanism that would enforce a setting, which no check reads: the checks read the settings as they
  // are, not whether an Azure Policy assignment denies the others ("Is Azure Policy used to enforce regions?").
  'azure policy', 'azure policies', 'policy assignment', 'policy assignments', 'policy initiative', 'policy initiatives', 'policy definition', 'policy definitions',
  // Services no check scans: "require_secure_transport on the MySQL servers?" is not PostgreSQL's.
  'redis', 'azure cache', 'mysql', 'mariadb', 'event hub', 'event hubs', 'eventhub', 'event grid', 'aks', 'kubernetes', 'synapse', 'databricks', 'data factory', 'hashicorp vault', 'api management', 'apim',
  // Other vendors' services beside the estate: a CDN, another cloud's detector, a hosted database, a model provider.
  'cloudflare', 'akamai', 'guardduty', 'mongodb atlas', 'model provider', 'model providers', 'zero data retention', 'llm', 'llms', 'large language model', 'large language models',
  'customer prompts', 'prompts and', 'model outputs', 'model output', 'prompt logs', 'prompt data', 'prompt retention', 'splunk', 'datadog', 'sumo logic', 'qradar',
  // How keys are made and held in escrow: a ceremony people perform, not a setting.
  'key ceremony', 'key ceremonies', 'escrow', 'escrowed',
  // Who may do what (roles, access policies, least privilege): Entra ID and role assignments, which no check reads.
  'rbac', 'role based access', 'least privilege', 'access policies', 'role assignment', 'role assignments',
  // An audit's own records (the evidence handed over, its tickets): documents, not settings.
  'audit evidence', 'assessment evidence', 'ticket', 'ticketing',
  // Settings no check reads: the gateway's connection to its backends, Defender's secure score, a key's backup.
  'end-to-end tls', 'end to end tls', 'to the backend', 'to the backends', 'backend pool', 'backend pools', 'backend connection', 'backend connections',
  'secure score', 'keys backed up', 'key backup', 'key backups', 'backup of the keys', 'backup of keys',
  'customer terminates', 'customers terminate', 'terminates the contract', 'terminates their contract', 'cancels', 'cancellation',
  // People, and logs no check reads the collection of: an employee leaving, the firewalls' and WAF's own logs.
  'employee', 'employees', 'leaver', 'leavers', 'firewall log', 'firewall logs', 'waf log', 'waf logs',
  // Entra ID's own logs, and logs read by people on a schedule: no check reads their collection or review.
  'sign-in logs', 'sign in logs', 'sign-in and audit logs', 'sign in and audit logs', 'logs are reviewed', 'log review', 'log reviews', 'reviewed weekly', 'reviewed daily', 'reviewed monthly',
  // Alerts and notices someone receives, and how fast people act: the checks read settings, not who is told or how soon.
  'an alert on', 'alert when', 'alerted when', 'alerted if', 'notified when', 'notified if', 'get notified', 'gets notified', 'paged when', 'service incident', 'service incidents', 'how quickly', 'how fast', 'how long would it take', 'how long does it take',
  // What the application does to its requests and browsers, and credentials kept in code: no setting read shows them.
  'digitally signed', 'hmac', 'request signing', 'signed requests', 'hsts', 'in code', 'source code', 'winrm',
  'contractual exception', 'contractual exceptions', 'deletion terms',
  // How long SQL's own audit records are kept: a setting of the audit's destination that no check reads.
  'sql audit logs kept', 'sql audit logs retained', 'sql audit logs stored', 'sql audit log retention', 'sql server audit log retention', 'sql audit retention', 'audit log retention of sql',
  // Testing the estate for weaknesses, which people and scanners do: a setting shows neither the scans nor their findings.
  'vulnerability scan', 'vulnerability scanning', 'vulnerability scanner', 'vulnerability assessment', 'vulnerability assessments', 'vulnerability management',
  'penetration test', 'penetration testing', 'pen test', 'pentest', 'pen testing',
  // Who may read the logs or the keys, and what is done once a key is compromised: roles and a procedure.
  'authorized personnel', 'authorised personnel', 'authorized staff', 'authorised staff', 'authorized individuals', 'authorised individuals',
  'access to audit logs', 'access to the audit logs', 'access to logs', 'access to the logs', 'access to log data',
  'revoke', 'revoked', 'revocation',
  // Patching, build pipelines and segmentation inside a network: work and settings no check reads.
  'patch', 'patches', 'patching', 'patched', 'security updates', 'operating system', 'operating systems', 'exploit', 'exploits',
  'ci/cd', 'cicd', 'build pipeline', 'build pipelines', 'deployment pipeline', 'deployment pipelines', 'pipeline run', 'pipeline runs', 'pipeline logs',
  'micro-segmentation', 'microsegmentation', 'east-west',
  // What the product lets its customers do (export their logs, rotate their keys): a feature, not our settings.
  // A module's certification (FIPS 140), which no setting shows.
  'fips', 'fips 140', 'fips 140-2', 'fips 140-3',
  // A key's or the data's life from creation to destruction, and the schedule for deleting data: procedures.
  'key generation', 'key distribution', 'key destruction', 'destruction', 'deletion period', 'deletion periods', 'deletion schedule', 'retention schedule', 'retention schedules',
  'customer able to', 'customers able to', 'customer is able to', 'customers are able to', 'able to export', 'log export', 'export audit logs', 'export logs', 'export their logs',
  // A key of one's own for each tenant, which no check counts: the checks read rotation and custody, not how
  // many tenants share a key.
  'dedicated key for', 'dedicated keys for', 'dedicated key per', 'dedicated encryption key', 'own dedicated', 'key per tenant', 'keys per tenant', 'key per customer', 'keys per customer',
  'tenant specific key', 'customer specific key', 'separate key for each', 'unique key for each', 'unique key per',
  // Encryption on top of the platform's, which no check reads: "backups encrypted separately from TDE?".
  'separately from tde', 'separate from tde', 'independently of tde', 'independent of tde', 'in addition to tde', 'on top of tde', 'beyond tde', 'besides tde',
  'encrypted separately', 'separately encrypted', 'separate encryption', 'additional encryption', 'additionally encrypted', 'second layer of encryption', 'extra layer of encryption', 'additional layer of encryption',
  // What the buyer could set for its own tenant in the product ("Can we restrict which IPs may call the API?").
  'tenant level', 'can we restrict', 'can we configure', 'can we limit', 'can we set up', 'can we enable', 'can we define', 'can our admins', 'can our administrators', 'can our users',
]

/** Light suffix stripping: enough to join encrypt/encrypted/encryption, log/logs/logging, rotate/rotation. */
export function stem(word: string): string {
  let w = word
  if (w.length <= 3) return w
  if (w.endsWith("'s")) w = w.slice(0, -2)
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y'
  else if (w.endsWith('sses')) w = w.slice(0, -2)
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.length > 3) w = w.slice(0, -1)
  for (const suf of ['ization', 'isation', 'ational', 'ation', 'ition', 'ment', 'ness', 'ing', 'ion', 'ed', 'ly', 'er']) {
    if (w.endsWith(suf) && w.length - suf.length >= 3) {
      w = w.slice(0, -suf.length)
      break
    }
  }
  if (w.endsWith('ate') && w.length > 5) w = w.slice(0, -1)
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1)
  // undouble: logg -> log, encrypt stays
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !/[aeiouls]/.test(w[w.length - 1]!)) w = w.slice(0, -1)
  return w
}

/** Services' short names, read as their names (see CANONICAL). */
const SERVICE_SHORT_NAMES = new Set(['akv', 'asb', 'pg', 'pgsql', 'afd', 'aca', 'appgw', 'agw'])

/** Spelling and near-synonym variants folded before stemming. */
const CANONICAL: Record<string, string> = {
  ssl: 'tls', centre: 'center', centres: 'centers', datacenter: 'data center', datacentre: 'data center', datacenters: 'data centers',
  organisation: 'organization', authorisation: 'authorization', synchronised: 'synchronized', synchronise: 'synchronize', sync: 'synchronize',
  encrypts: 'encrypted', encrypting: 'encrypted', encryption: 'encrypted', encrypt: 'encrypted', cryptographic: 'crypto',
  backed: 'backup', lowest: 'minimum', '2fa': 'mfa', 'e-mail': 'email', logon: 'login', signin: 'login', logoff: 'sign out', logout: 'sign out', sign: 'sign',
  // Plain words for the same things.
  scrambled: 'encrypted', scramble: 'encrypted', scrambling: 'encrypted',
  // French and Spanish speakers' spellings.
  desactivated: 'deactivated', desactivate: 'deactivate', desactivation: 'deactivation',
  // The abbreviations of the trade.
  pitr: 'point in time restore', ltr: 'long term retention', svc: 'service', svcs: 'services', mi: 'managed identity', msi: 'managed identity',
  sa: 'storage account', pna: 'public network access', pe: 'private endpoint', defaultaction: 'default action',
  'tls1.0': 'tls 1.0', 'tls1.1': 'tls 1.1', 'tls1.2': 'tls 1.2', 'tls1.3': 'tls 1.3', 'tlsv1.0': 'tls 1.0', 'tlsv1.1': 'tls 1.1', 'tlsv1.2': 'tls 1.2', 'tlsv1.3': 'tls 1.3',
  akv: 'key vault', asb: 'service bus', pg: 'postgresql', pgsql: 'postgresql', dbs: 'databases',
  afd: 'front door', aca: 'container apps', appgw: 'application gateway', agw: 'application gateway', mdc: 'defender for cloud',
  grs: 'geo redundant storage', gzrs: 'geo zone redundant storage', ragrs: 'geo redundant storage', lrs: 'locally redundant storage', zrs: 'zone redundant storage',
  // Chat shorthand.
  u: 'you', ur: 'your', pls: 'please', plz: 'please', r: 'are', whats: 'what is', boxes: 'servers', btw: 'by the way',
  // Azure's property names, as an architect quotes them.
  disablelocalauth: 'local authentication disabled', publicnetworkaccess: 'public network access', minimaltlsversion: 'minimum tls version',
  minimumtlsversion: 'minimum tls version', georedundantbackup: 'geo redundant backup', retentionindays: 'retention in days',
  allowblobpublicaccess: 'allow blob public access', supportshttpstrafficonly: 'https only', httpsonly: 'https only',
  transparentdataencryption: 'transparent data encryption', encryptionprotector: 'tde protector', serverkeytype: 'server key type', azurekeyvault: 'azure key vault',
  sslpolicy: 'tls policy', lifetimeactions: 'rotation lifetime action', lifetimeaction: 'rotation lifetime action', enabledstate: 'enabled state',
  // Resource type and infrastructure code names run together ("azurerm_servicebus_namespace", "Microsoft.KeyVault").
  servicebus: 'service bus', keyvault: 'key vault', keyvaults: 'key vaults', frontdoor: 'front door', cosmosdb: 'cosmos db', appgateway: 'app gateway',
  applicationgateway: 'application gateway', applicationgateways: 'application gateways', storageaccount: 'storage account', storageaccounts: 'storage accounts',
  containerapp: 'container app', containerapps: 'container apps', webapp: 'web app', webapps: 'web apps', functionapp: 'function app', functionapps: 'function apps',
  loganalytics: 'log analytics', sqlserver: 'sql server', sqlservers: 'sql servers',
  // Terraform's provider prefix and its names for Azure SQL ("azurerm_mssql_server", "azurerm_mssql_firewall_rule").
  azurerm: 'azure', mssql: 'sql',
  currentbackupstorageredundancy: 'backup storage redundancy', requestedbackupstorageredundancy: 'backup storage redundancy', backupstorageredundancy: 'backup storage redundancy', timeaftercreate: 'time after creation',
  enablepurgeprotection: 'purge protection enabled', enablesoftdelete: 'soft delete enabled', rotationpolicy: 'rotation policy', backupretentiondays: 'backup retention days',
}

/**
 * Platform words a buyer uses for a service it does not name ("the document store", "the secrets store", "the
 * hosted web tier"), read as the service's name, so the entries written with the name match them.
 */
const PLATFORM_WORDS: Array<[RegExp, string]> = [
  [/\bdocument stores?\b/g, 'cosmos db'],
  [/\bsecrets? (?:stores?|managers?|vaults?)\b/g, 'key vault'],
  [/\bobject stores?\b/g, 'storage account'],
  // "…anonymous public access to file or object storage?": the storage accounts' blobs and files. Said alone,
  // "object storage" stays (the library's own words use it).
  [/\b(?:file|blob|object) (?:or|and|\/) (?:object|file|blob) storage\b/g, 'storage accounts'],
  [/\bopen[- ]source relational (?:stores?|databases?|dbs?|engines?)\b/g, 'postgresql'],
  [/\bcontaineri[sz]ed (?:services?|apps?|applications?|workloads?)\b/g, 'container apps'],
  [/\b(?:hosted )?web tiers?\b/g, 'web apps'],
  [/\bedge (?:layer|tier)\b/g, 'front door'],
  [/\b(?:the )?apps? (?:running|that run|hosted|deployed) (?:in|on) (?:your |our |the )?containers\b/g, 'container apps'],
]
/** Idioms that use a term of the trade for something else: "back up and running" is recovery, not a backup. */
const IDIOMS: Array<[RegExp, string]> = [
  [/\b(?:be )?back up and running\b/g, 'recovery time'],
  // A non-technical buyer's words for the same things ("look at our files without logging in", "scrambled on its
  // way to you", "copies kept somewhere far away", "a guard in front of your website"). Lowercased, as read.
  [/\bwithout (?:logging|signing) in\b|\bwithout (?:a |any )?(?:password|login|log in)\b/g, 'anonymously'],
  [/\bon (?:its|their|the) way (?:to|from|between) (?:you|us|them|your|our)\b/g, 'in transit'],
  [/\b(?:stole|steals|stolen|steal|stealing|took|takes|take|taking) (?:the |your |our )?(?:actual |physical )?(?:disks?|hard drives?|hard disks?|drives)\b/g, 'at rest disk theft'],
  [/\b(?:somewhere |some place |someplace )?far away\b/g, 'in another region'],
  [/\bbring (?:it|them|things|that|our (?:data|records|files)|the (?:data|records|files)) back\b/g, 'restore it'],
  [/\blog (?:straight |directly |right )?(?:in)?to (?:the |your |our )?(?:machines|servers|computers)\b/g, 'remote login to the servers'],
  [/\b(?:a |an )?(?:guard|shield|bouncer|gatekeeper) (?:in front of|before|protecting) (?:your|the|our) (?:website|web site|site|web app|app|application)\b/g, 'web application firewall'],
  [/\bsecret codes?\b/g, 'encryption keys'],
  [/\b(?:change|changes|changed|changing|replace|replaces|replaced|renew|renews|renewed) (?:the |your |our )?encryption keys\b/g, 'rotate the encryption keys'],
  [/\b(?:the |a )?(?:locked |secure |safe )?(?:box|safe|vault|place) where (?:your|the|our) encryption keys are (?:stored|kept|held)\b/g, 'the key vault'],
  [/\b(?:a )?records? of (?:every time|each time|whenever) (?:someone|anyone|somebody|a person|people) (?:opens|uses|reads|accesses|touches|looks (?:at|in|into))\b/g, 'an access log of'],
  [/\bshared passwords?\b/g, 'shared keys'],
  [/\b(?:the )?(?:files|photos|pictures|documents|attachments|images)(?: and (?:files|photos|pictures|documents|attachments|images))? (?:we|our (?:staff|users|customers|people|pupils|patients)|our|you|they|users|people) (?:upload|send|store|share|put)(?: (?:to|with) you)?\b/g, 'blobs in the storage accounts'],
  [/\bwatchdogs?\b/g, 'threat detection'],
  [/\bwhose (?:computers|servers|machines|data ?cent(?:er|re)s|cloud)\b/g, 'which hosting provider'],
  [/\bhang(?:s|ing)? on to\b/g, 'keep'],
  [/\brecords? of (?:what happened|what people did|what was done|activity)\b/g, 'logs'],
  // "TLS one point zero or one point one": versions said in words.
  [/\bone point zero\b/g, '1.0'],
  [/\bone point one\b/g, '1.1'],
  [/\bone point two\b/g, '1.2'],
  [/\bone point three\b/g, '1.3'],
  // "NSG rules allowing RDP from 0.0.0.0/0": from anywhere.
  [/\b(from|to)\s+0\.0\.0\.0\s*\/\s*0\b/g, '$1 anywhere'],
  // "Does the application log users off after inactivity?": a session ended, not a log kept.
  [/\blog(?:s|ged|ging)? (?:(?:the |its |a |all |inactive |idle )?(?:users?|people|sessions?|them|him|her|you|everyone|admins?|administrators?) )?(?:off|out)\b/g, 'sign out'],
  [/\bup and running again\b/g, 'recovery time'],
  // "Can you roll our database back to how it was…?": a point-in-time restore, in plain words.
  [/\broll(?:ed|ing|s)? (?:(?:it|them|things|everything|the (?:[a-z]+ )?databases?|our (?:[a-z]+ )?databases?|(?:your|our) data) )?back\b/g, 'restore point in time'],
  // "Is our stuff encrypted when it's sitting in your databases?": data at rest.
  [/\b(?:when|while) (?:it ?'?s|it is|they ?'?re|they are) (?:just )?(?:sitting|resting|parked|lying) (?:in|on)\b/g, 'at rest in'],
  // "…refuse old, weak versions of encryption?": legacy TLS.
  [/\b(?:old|older|outdated|weak|legacy)(?:,? (?:and )?(?:weak|outdated|insecure|old))? versions of (?:encryption|tls|ssl|https)\b/g, 'legacy tls versions'],
  // "SQL short-term backup retention": Azure SQL's name for its point-in-time restore window.
  [/\bshort[- ]term (?:backup )?retention\b/g, 'point in time restore retention'],
  // "Which provider is your primary infrastructure sub-processor?": who hosts, not the sub-processors' own estates.
  // Sub-processors said in the plural are other parties' estates, and stay so.
  [/\b(your|the|our) (?:primary |main |principal )?(?:infrastructure|hosting|cloud|iaas|paas)(?: hosting)? sub[- ]?processor\b/g, '$1 hosting provider'],
]

const READINGS = [...IDIOMS, ...PLATFORM_WORDS]
/** A word one of the readings starts from: most texts have none, and skip them all. */
const READING_HINT = /\b(?:point|without|way|stole|steals|stolen|steal|stealing|took|takes|take|taking|far|bring|log|guard|shield|bouncer|gatekeeper|secret|shared|watchdogs?|whose|hang|hangs|hanging|records?|files|photos|pictures|documents|attachments|images|change|changes|changed|changing|replace|replaces|replaced|renew|renews|renewed|box|safe|vault|place|0\.0\.0\.0|off|out|document|secrets?|object|open|containeri[sz]ed|web|edge|back|up|sitting|resting|parked|lying|versions|apps?|processors?|subprocessors?|short)\b/

/** Lowercased text with its idioms and platform words read as what they stand for. */
function readAs(lowered: string): string {
  return READING_HINT.test(lowered) ? READINGS.reduce((acc, [re, name]) => acc.replace(re, name), lowered) : lowered
}

/** The joint of infrastructure code's names, "minimum_tls_version": read as a space. */
const SNAKE_CASE = /([a-z])_(?=[a-z])/gi

/** Lowercased words, HTML stripped, numbers kept (TLS 1.2 -> "tls", "1.2"). */

/** The words of texts already read: a question is read many times over (its cues, its polarity, its phrases). */
const WORDS_READ = new Map<string, readonly string[]>()
const WORDS_KEPT = 4000

export function words(text: string): string[] {
  const known = WORDS_READ.get(text)
  if (known) return [...known]
  if (WORDS_READ.size >= WORDS_KEPT) WORDS_READ.clear()
  const read = wordsOf(text)
  WORDS_READ.set(text, read)
  return [...read]
}

function wordsOf(text: string): string[] {
  // Infrastructure code's names read as words: "minimum_tls_version", "azurerm_key_vault".
  return readAs(text.toLowerCase().replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' ').replace(SNAKE_CASE, '$1 '))
    .replace(/(\d)\.(\d)/g, '$1_$2')
    .split(/[^a-z0-9_]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/_/g, '.'))
    .flatMap((w) => (CANONICAL[w] ?? w).split(' '))
}

/** Synonym groups: any phrase in a group adds the group's concept token. */
const SYNONYM_GROUPS: Record<string, string[]> = {
  encrest: ['encryption at rest', 'encrypted at rest', 'encrypt at rest', 'at rest', 'data at rest', 'tde', 'transparent data encryption', 'storage encryption', 'disk encryption', 'database encryption', 'encrypted database', 'encrypt database', 'aes 256', 'aes', 'while stored', 'when stored', 'encrypted when stored', 'encrypted in storage', 'persistent data', 'persisted data', 'stored data', 'when it is saved', 'when saved', 'encrypted when saved', 'when it is stored', 'when its stored', 'once stored', 'while it is stored', 'while it sits in', 'while they sit in', 'sitting in your', 'while it sits on'],
  transit: ['in transit', 'data in motion', 'tls', 'ssl', 'https', 'transport layer security', 'transport encryption', 'secure protocol', 'secure protocols', 'cipher', 'ciphers', 'encrypted connection', 'min tls', 'minimum tls', 'oldest tls', 'in motion', 'transmission', 'transmitted', 'moves between', 'moving between', 'on the wire', 'over the wire', 'travelling between', 'traveling between', 'in flight'],
  oldtls: ['tls 1.0', 'tls 1.1', 'ssl v3', 'sslv3', 'legacy protocol', 'older protocol', 'old protocol', 'weak protocol', 'deprecated protocol'],
  mfa: ['mfa', 'multi factor', 'multifactor', '2fa', 'two factor', 'second factor', 'strong authentication', 'one time password', 'otp'],
  backup: ['backup', 'backups', 'back up', 'backed up', 'restore', 'restoration', 'point in time', 'pitr', 'snapshot', 'snapshots', 'rewind', 'rewound'],
  residency: ['region', 'regions', 'data residency', 'residency', 'geographic', 'geography', 'country', 'countries', 'jurisdiction', 'data location', 'location', 'locations', 'where data is stored', 'data center location', 'hosted where', 'located in', 'located within', 'eu', 'european union', 'within the eu', 'in the eu', 'eea', 'data sovereignty', 'sovereignty', 'parts of the world', 'part of the world'],
  keyrot: ['key rotation', 'rotate key', 'rotate keys', 'keys rotated', 'key rotated', 'rotation', 'rotate', 'rotated', 'key lifetime', 'cryptoperiod', 're cut', 'recut'],
  firewall: ['firewall', 'firewalls', 'network security group', 'network security groups', 'nsg', 'network filter', 'network acl', 'access control list', 'ip allowlist', 'ip whitelist', 'allowlist', 'whitelist', 'ip restriction', 'ip restrictions', 'network rule'],
  audit: ['audit log', 'audit logs', 'audit logging', 'audit trail', 'auditing', 'logging', 'log', 'logs', 'logged', 'event log', 'security event', 'security events', 'siem', 'log analytics', 'who did what', 'who did what and when', 'who accessed what'],
  kms: ['key vault', 'key management', 'kms', 'hsm', 'hardware security module', 'key store', 'keystore', 'encryption key', 'encryption keys', 'cryptographic key', 'cryptographic keys', 'key material'],
  public: ['public internet', 'internet', 'publicly accessible', 'publicly reachable', 'public endpoint', 'public endpoints', 'public access', 'public network', 'exposed', 'internet facing', 'externally exposed', 'reachable', 'public ip', 'anonymous access', 'anonymous read', 'anonymous read access', 'anonymous public access', 'anonymous public read access', 'public read access'],
  adminport: ['ssh', 'rdp', 'remote desktop', 'remote access port', 'remote access ports', 'administrative port', 'administrative ports', 'remote login', 'remote logins', 'remote administration', 'remote admin', 'admin port', 'admin ports', 'administration port', 'management port', 'port 22', '3389', 'jump host', 'bastion', 'remote control session', 'remote control sessions', 'remote session', 'remote sessions'],
  privnet: ['private network', 'private networks', 'vnet', 'virtual network', 'private endpoint', 'private link', 'internal network', 'network isolation', 'network segmentation', 'segmentation', 'network zoning', 'zoning', 'isolated network'],
  identity: ['managed identity', 'managed identities', 'service principal', 'workload identity', 'shared key', 'shared keys', 'connection string', 'connection strings', 'local auth', 'local authentication', 'sas key', 'access key', 'access keys', 'key based authentication', 'primary and secondary keys', 'primary and secondary key', 'shared password', 'shared passwords', 'their own identity', 'own identity'],
  purge: ['soft delete', 'purge protection', 'purge', 'wipe', 'wiped', 'wiping', 'deletion protection', 'accidental deletion', 'recoverable', 'brought back', 'deleted by mistake', 'undelete'],
  retention: ['retention', 'retain', 'retained', 'kept for', 'keep', 'how long', 'days', 'months', 'period', 'conserved', 'conserve'],
  georedundant: ['secondary site', 'near real time', 'data replication', 'replicate data', 'replicated data', 'geo redundant', 'geo replicated', 'geo replication', 'geo backup', 'another region', 'secondary region', 'different region', 'paired region', 'off site', 'offsite', 'different site', 'second site', 'remote site', 'geographically separate', 'geographically dispersed', 'geographically redundant', 'geographic redundancy', 'geo redundancy', 'geographically diverse', 'geographically distributed', 'cross region', 'multi region', 'multiple regions', 'entire region', 'whole region', 'entire azure region', 'region outage', 'regional outage', 'region failure', 'regional failure', 'regional disaster',
    'other region', 'other azure region', 'region is lost', 'somewhere else', 'went dark', 'goes dark', 'go dark', 'loss of the primary region', 'lost along with the primary region', 'lost together with the primary region', 'lost with the primary region'],
  cmk: ['byok', 'bring your own key', 'customer managed key', 'customer managed keys', 'cmk', 'own keys', 'own key', 'customer key', 'tde protector', 'service managed key', 'service managed keys', 'key you control', 'keys you control', 'vault you control', 'platform managed key', 'platform managed keys', 'microsoft managed key', 'microsoft managed keys', 'provider managed key', 'provider managed keys',
    'keys managed by the platform', 'managed by the platform', 'managed by microsoft', 'managed by the provider', 'managed by the cloud provider', 'itself controls', 'organisation controls', 'organization controls', 'keys we control', 'key we control', 'controlled by us', 'own encryption keys', 'own encryption key', 'customer controls', 'customer controlled key', 'customer controlled keys', 'customer held key', 'customer held keys', 'held by the customer', 'rather than microsoft', 'instead of microsoft', 'master keys', 'master key'],
  gateway: ['waf', 'web application firewall', 'application gateway', 'load balancer', 'reverse proxy', 'api gateway', 'ingress'],
  incident: ['incident', 'incidents', 'breach', 'breaches', 'security event', 'compromise'],
  vuln: ['vulnerability', 'vulnerabilities', 'patch', 'patches', 'patching', 'cve', 'security update', 'security updates'],
  pentest: ['penetration test', 'penetration tests', 'penetration testing', 'pen test', 'pentest', 'pentests', 'ethical hacking', 'red team'],
  dr: ['disaster recovery', 'business continuity', 'rto', 'rpo', 'recovery time', 'recovery point', 'failover', 'bcp', 'drp'],
  hsts: ['hsts', 'strict transport security'],
  httpsonly: ['https only', 'http redirect', 'plain http', 'unencrypted http', 'insecure http', 'redirect to https'],
  privileged: ['privileged access', 'admin access', 'administrative access', 'administrator', 'administrators', 'privileged account', 'privileged accounts', 'least privilege', 'need to know', 'access review', 'access reviews', 'access rights'],
  sso: ['sso', 'single sign on', 'saml', 'oidc', 'openid connect', 'federation', 'federated'],
  soc2: ['soc 2', 'soc2', 'soc ii', 'ssae 16', 'ssae 18', 'isae 3402', 'type ii', 'type 2', 'trust services criteria'],
  iso: ['iso 27001', 'iso iec 27001', 'iso27001', 'iso certification', 'iso certified', 'isms'],
  secrets: ['secret', 'secrets', 'credential', 'credentials', 'api key', 'api keys', 'token', 'tokens', 'certificate private key'],
  training: ['awareness training', 'security training', 'security awareness', 'training'],
  bgcheck: ['background check', 'background checks', 'background checked', 'screening', 'vetting', 'criminal record'],
  privacy: ['gdpr', 'dpa', 'data processing agreement', 'data processing addendum', 'data subject', 'dsar', 'erasure', 'portability', 'right to be forgotten', 'subprocessor', 'subprocessors', 'sub processor', 'privacy'],
  deletion: ['data deletion', 'delete data', 'deleted', 'deletion', 'disposal', 'destroy', 'destruction', 'end of contract', 'termination', 'offboarding', 'return of data'],
  tenancy: ['multi tenant', 'multitenant', 'tenant isolation', 'tenant', 'tenants', 'logical separation', 'segregation', 'segregated'],
  payment: ['payment card', 'cardholder', 'credit card', 'pci', 'pci dss', 'card data'],
  monitoring: ['monitor', 'monitoring', 'alert', 'alerting', 'alerts', '24x7', '24 7', 'around the clock', 'soc team', 'security operations'],
  change: ['change management', 'change control', 'change request', 'change advisory board', 'change review'],
  sdlc: ['sdlc', 'secure development', 'code review', 'code reviews', 'secure coding', 'static analysis', 'sast', 'dast', 'software development lifecycle', 'development lifecycle'],
  cloud: ['cloud provider', 'hosting provider', 'hosted', 'hosting', 'azure', 'microsoft azure', 'iaas', 'paas', 'data center provider', 'datacenter provider', 'aws', 'gcp', 'google cloud', 'amazon web services'],
  messaging: ['message broker', 'service bus', 'message queue', 'queue', 'queues', 'messaging', 'event broker'],
}

interface PhraseRule { concept: string; phrase: string[] }

let compiled: Map<string, PhraseRule[]> | null = null

/** Synonym phrases indexed by their first (stemmed) word, built on first use from constants only. */
function phraseIndex(): Map<string, PhraseRule[]> {
  if (!compiled) {
    compiled = new Map()
    for (const [concept, phrases] of Object.entries(SYNONYM_GROUPS)) {
      for (const p of phrases) {
        const phrase = words(p).map(stem)
        if (phrase.length === 0) continue
        const list = compiled.get(phrase[0]!) ?? []
        list.push({ concept: `~${concept}`, phrase })
        compiled.set(phrase[0]!, list)
      }
    }
  }
  return compiled
}

/** Stemmed content tokens plus concept tokens for every synonym phrase found (at most two per concept). */
export function analyse(text: string): string[] {
  const ws = words(text)
  const raw = ws.map(stem)
  const out = raw.filter((w, i) => !STOPWORDS.has(ws[i]!) && !STOP_STEMS.has(w) && !/^\d+$/.test(w))
  const hits = new Map<string, number>()
  const index = phraseIndex()
  for (let i = 0; i < raw.length; i++) {
    const rules = index.get(raw[i]!)
    if (!rules) continue
    for (const r of rules) {
      if (i + r.phrase.length > raw.length) continue
      let ok = true
      for (let j = 1; j < r.phrase.length; j++) if (raw[i + j] !== r.phrase[j]) { ok = false; break }
      if (ok) hits.set(r.concept, (hits.get(r.concept) ?? 0) + 1)
    }
  }
  for (const [concept, n] of hits) for (let k = 0; k < Math.min(n, 2); k++) out.push(concept)
  return out
}

/**
 * Words that ask whether something bad is the case ("exposed to the internet?"). A question using one can
 * only match an entry whose own wording uses it too, so a yes never answers the opposite question.
 */
export const POLARITY_CUES = [
  'exposed', 'reachable', 'open to', 'accessible from', 'publicly accessible', 'publicly readable', 'any ip', 'from anywhere', 'unencrypted', 'clear text', 'cleartext', 'plain text', 'plaintext', 'plain http', 'shared secrets', 'shared access keys', 'shared keys', 'shared accounts',
  // Asking whether the bad state holds ("still accepted", "only in detection mode", "in the same region"): an
  // entry phrased the other way would answer it inverted, so only an entry phrased this way may.
  'still', 'insecure', 'every ip', 'all networks', 'any network', 'without authenticating', 'without authentication', 'without any', 'detection mode', 'detection only', 'same region', 'outside the agreed', 'solely', 'permanently delete', 'permanently purge', 'negotiates',
]

/**
 * Words that ask about a process or document ("is it documented / reviewed / tested?", "is there a policy?").
 * Configuration evidence shows a setting, not that a process around it exists.
 */
export const PROCESS_CUES = ['documented', 'document', 'reviewed', 'review', 'reviews', 'tested', 'test', 'tests', 'testing', 'audited', 'approved', 'approval', 'policy', 'policies', 'procedure', 'procedures', 'trained', 'training', 'exercised', 'certified', 'certification',
  // whether a requirement is written into a standard is a document's content, not a setting
  'coding standard', 'coding standards', 'security standard', 'security standards', 'written into', 'written down', 'formally defined', 'documented in',
  // keeping something current is work people do ("Is the WAF rule set updated regularly?"), not a setting
  'updated regularly', 'regularly updated', 'kept up to date', 'kept current', 'tuned', 'tuning',
  // a rehearsal is something people did, not a setting ("recovered a deleted key in a drill?")
  'rehearsed', 'rehearsal', 'rehearsals', 'drill', 'drills',
  // how a change would be caught is a monitoring process ("How would you detect if a container app were published
  // to the internet…?"), which a setting as it is now does not show
  'how would you detect', 'how would you notice', 'how would you know', 'how would you find out', 'how would you be alerted']

/**
 * Phrases that say the bad thing is kept out ("isolated from", "only through the gateway", "disabled"): a
 * question using one asks whether a safeguard holds, however many cue words ("exposed", "reachable") it
 * also uses, so it is positive.
 */
export const SAFEGUARD_PHRASES = [
  'isolated', 'only reachable', 'only accessible', 'only through', 'only from', 'only via', 'only over', 'only by', 'only within', 'the only', 'reachable only', 'accessible only', 'exposed only',
  'disabled', 'blocked', 'prevented', 'prevent', 'denied', 'refused', 'refuse', 'refuses', 'rejected', 'reject', 'rejects', 'prohibited', 'restricted', 'restrict',
  'not allowed', 'not permitted', 'not exposed', 'not reachable', 'not accessible', 'not open', 'closed to',
  'not directly exposed', 'not directly reachable', 'not directly accessible', 'not publicly exposed', 'not publicly reachable', 'not publicly accessible', 'never exposed', 'never reachable',
  'rather than detection', 'prevention mode', 'set to prevention', 'in prevention',
  // "…would the backups still be available from another region?": what survives, not what still lets in.
  'limited to', 'confined to', 'survive', 'survives', 'still exist', 'still exists', 'still be there', 'still be available', 'still available', 'remain available', 'still be recoverable', 'still be restored', 'still be restorable', 'still recoverable',
  // "…could it be recovered before being permanently purged?": what can be got back.
  'be recovered', 'be recoverable', 'remain recoverable', 'stay recoverable',
  // "Are the firewall rules free of any rule spanning every address?": the rules without the hazard.
  'free of', 'free from', 'clear of',
  // "…sit behind the approved gateway, with none of them exposing ingress…": the hazard said of none.
  'with none of them', 'with none of these', 'with no exception', 'sit behind', 'sits behind', 'sitting behind',
  // "Are our databases hidden from the open internet?": kept out of the hazard's reach.
  'hidden from', 'shielded from', 'invisible to', 'invisible from', 'cut off from', 'walled off from', 'unreachable from',
  // "…reachable over HTTPS only?": reached only the safe way.
  'https only', 'only https', 'over https only', 'tls only', 'only over tls',
  'kept off', 'off the internet', 'only the', 'rather than', 'instead of', 'stop working', 'stops working', 'no longer work', 'no longer works', 'no longer accepted', 'no longer valid', 'no longer allowed', 'no longer supported',
]

/**
 * "Are there any databases…", "Does any rule permit…": a question asking whether one instance of something in
 * the estate exists asks after the bad one (a safeguard is asked of all of them). Only with a noun for what
 * the estate holds, so "are there any controls to detect…?" is not read so.
 */
// "Determine whether any WAF policy … is left in Detection mode": a control test asking after one instance.
const EXISTENTIAL = / (?:(?:are|is|do|does|has|have|were|was) (?:there )?|(?:whether|if) (?:there (?:is|are) )?)any /
const ESTATE_NOUNS = phrasesIn([
  'database', 'databases', 'server', 'servers', 'key', 'keys', 'vault', 'vaults', 'storage', 'account', 'accounts', 'resource', 'resources',
  'rule', 'rules', 'workspace', 'workspaces', 'service', 'services', 'endpoint', 'endpoints', 'namespace', 'namespaces', 'port', 'ports',
  'container', 'containers', 'app', 'apps', 'application', 'applications', 'subscription', 'subscriptions', 'backup', 'backups',
  'log', 'logs', 'certificate', 'certificates', 'secret', 'secrets', 'component', 'components', 'system', 'systems', 'network', 'networks',
  'ip', 'ips', 'address', 'addresses', 'gateway', 'gateways', 'queue', 'queues',
])

/**
 * Phrases that ask whether the bad state exists ("are any keys never rotated?", "are SAS keys used?"), where
 * no cue word shows it: a question using one is negative, and no entry phrased positively may answer it.
 */
export const HAZARD_PHRASES = [
  'never', 'unrotated', 'not rotated', 'not encrypted', 'outside', 'lack', 'lacks', 'missing', 'no longer', 'without',
  'be reached', 'reached from', 'accessible directly', 'directly accessible', 'open internet',
  'sas key', 'sas keys', 'sas token', 'sas tokens', 'sas connection string', 'sas connection strings', 'shared access signature', 'shared access signatures', 'account key', 'account keys',
  'access keys used', 'shared keys used', 'with shared keys', 'using shared keys', 'with shared secrets', 'using shared secrets', 'account keys used', 'sas keys used', 'keys used to authenticate', 'keys used for authentication', 'connection strings used', 'local authentication enabled', 'local auth enabled', 'anonymous access',
  'permanently wipe', 'wipe a key vault', 'wipe our keys', 'wipe the keys', 'wipe our encryption keys', 'wipe the encryption keys', 'wipe encryption keys', 'keys for good', 'purge a deleted', 'purge deleted', 'purged before', 'purge it before', 'before its retention period ends', 'before the retention period ends', 'before the end of the retention period', 'before its soft delete retention period ends', 'with no recovery', 'only copy', 'single copy', 'sole copy', 'free tier', 'left on the free', 'only on the free', 'free foundational cspm', 'not on the approved', 'not on your approved', 'not on our approved', 'not on an approved', 'not in the approved', 'not in your approved', 'not among the approved', 'not one of the approved', 'not approved', 'unapproved',
  'gone for good', 'lost for good', 'lost forever', 'permanently lost', 'unrecoverable', 'permanently purged', 'irreversibly', 'irrecoverably', 'unrestricted', 'public network exposure', 'internet exposure', 'public exposure', 'lost along with', 'lost with it', 'lost entirely',
  'anything other than', 'other than the approved', 'other than the sanctioned', 'other than the designated', 'other than the permitted', 'other than the allowed', 'any resource other than', 'older than 1.2', 'older than tls 1.2', 'older tls', 'lower than 1.2', 'lower than tls 1.2', 'below 1.2', 'below tls 1.2', 'prior to 1.2', 'prior to tls 1.2', 'earlier than 1.2', 'earlier than tls 1.2', 'up to 1.1', 'up to tls 1.1', 'up to and including 1.1', 'up to and including tls 1.1', 'fall short', 'falls short', 'fell short', 'falling short', 'still let', 'still lets', 'still allow', 'still allows', 'is it possible that', 'could it be that', 'still enabled', 'still on', 'still allowed', 'still accepted', 'still open', 'still active', 'other than the ones', 'other than those', 'anyone on the internet', 'anybody on the internet', 'with neither', 'purged immediately', 'purge immediately', 'deleted immediately', 'immediately purged', 'immediately deleted', 'permanently removed', 'anonymously', 'anonymous read', 'anonymous public', 'public read', 'allow anonymous', 'allows anonymous', 'permit anonymous', 'permits anonymous', 'permanently destroy', 'permanently destroyed', 'permanently deleted', 'no recovery', 'log only', 'detection only', 'detect only',
  'bypass', 'bypasses', 'bypassed', 'bypassing', 'skip the waf', 'skips the waf', 'skipping the waf', 'get around the waf', 'go around the waf', 'skip the gateway', 'skip the api gateway', 'circumvent', 'circumvents', 'circumvented', 'allowinsecure true', 'allow insecure',
  'remain enabled', 'remains enabled', 'remain active', 'remains active', 'remain allowed', 'remains allowed', 'remain accepted', 'remains accepted',
  'remain open', 'remains open', 'remain in use', 'remains in use', 'still in use', 'still used', 'still supported', 'still be used', 'still be accepted', 'still be reached',
  'single region', 'one region', 'same region as', 'same single region', 'locally redundant', 'local redundancy',
  // "…a firewall rule allowing the full IPv4 range", said in addresses or in words.
  'every ip address', 'all ip addresses', 'full ipv4 range',
]

/** Which of `list`'s phrases a text says, as whole words after the same folding as matching (a closure, built once). */
function phrasesIn(list: readonly string[]): (text: string) => string[] {
  let padded: Array<[term: string, padded: string]> | null = null
  return (text) => {
    padded ??= list.map((t) => [t, ` ${words(t).join(' ')} `])
    const lower = ` ${words(text).join(' ')} `
    return padded.filter(([, p]) => lower.includes(p)).map(([t]) => t)
  }
}

/** Phrases that say a setting is off: what that means depends on what is off. */
const OFF_PHRASES = ['switched off', 'turned off', 'disabled', 'deactivated', 'not enabled', 'not turned on', 'not switched on', 'been removed', 'unticked', 'unchecked', 'not ticked', 'not checked']
/** Settings that are a hazard when on: switching one off is a safeguard. */
const HAZARD_OBJECTS = [
  'public network access', 'public access', 'public endpoint', 'public endpoints', 'public ip', 'public ips', 'internet', 'anonymous', 'anonymously',
  'local auth', 'local authentication', 'key based access', 'key based authentication', 'key based auth', 'shared key', 'shared keys', 'access key', 'access keys', 'account key', 'account keys', 'sas', 'connection string', 'connection strings',
  'tls 1.0', 'tls 1.1', 'legacy tls', 'ssl', 'http', 'plain http', 'ftp', 'basic auth', 'basic authentication', 'admin user', 'admin account', 'ssh', 'rdp', 'port', 'ports',
  'remote debugging', 'legacy', 'weak', 'insecure', 'unused', 'inactive', 'stale', 'guest', 'guests',
]
/** Safeguards: switching one off is the hazard. */
const SAFEGUARD_OBJECTS = [
  'tde', 'transparent data encryption', 'encryption', 'auditing', 'audit', 'audit logging', 'logging', 'diagnostic settings', 'diagnostics', 'purge protection', 'soft delete',
  'backup', 'backups', 'geo redundant', 'point in time restore', 'rotation', 'key rotation', 'mfa', 'multi factor', 'waf', 'web application firewall', 'defender',
  'threat detection', 'threat protection', 'https only', 'secure transfer', 'firewall', 'monitoring', 'alerts', 'alerting',
]
/** Hazards that are settings, named unambiguously (not "ssl" or "http", which a buyer uses for the safeguard). */
const ON_HAZARD_OBJECTS = [
  'public network access', 'public access', 'public endpoint', 'public endpoints', 'public ip', 'public ips', 'anonymous access', 'anonymous read', 'blob public access',
  'local auth', 'local authentication', 'key based access', 'key based authentication', 'key based auth', 'shared key access', 'shared key authentication', 'account key access',
  'sas', 'tls 1.0', 'tls 1.1', 'legacy tls', 'ftp', 'basic auth', 'basic authentication', 'admin user', 'admin account', 'remote debugging',
  'plain http', 'unencrypted http', 'insecure http', 'http traffic', 'http connections', 'anonymous', 'older tls', 'old tls', 'weak ciphers', 'legacy protocols',
]
/**
 * A duration said to fall short ("kept for less than a year", "deleted after fewer than 90 days", "rotated
 * less often than yearly"): of a retention or a rotation, that is the bad state. Of an interval or an RPO
 * ("backups at least every hour, RPO under 1 hour") it is not, so only these subjects count.
 */
const SHORTFALL = / (?:less|fewer|shorter|sooner|earlier) (?:than|then) | less (?:often|frequently) | (?:deleted|purged|discarded|expired?) (?:after|within|before) | (?:under|below) \d+ (?:days?|weeks?|months?|years?) | (?:only|just|merely) (?:[a-z]+ ){0,3}?(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty) (?:days?|weeks?|months?|years?) /
/**
 * A hazard let in, said close by: the setting then "enabled / allowed / accepted" within three words
 * ("public network access allowed on the key vault"), or "permit / accept / negotiate" then the setting
 * ("do storage accounts permit TLS 1.0 clients?"). Not after "not" ("does not accept" is a safeguard, read
 * earlier), and only close by: "plain HTTP refused, i.e. the HTTPS-only switch turned on" is not one.
 */
let letsInPatterns: RegExp[] | null = null
function letsHazardIn(lower: string): boolean {
  letsInPatterns ??= (() => {
    const objects = ON_HAZARD_OBJECTS.map((o) => words(o).join(' ').replace(/\./g, '\\.')).join('|')
    const after = '(?:enabled|turned on|switched on|left on|allowed|permitted|accepted|supported|still on)'
    // "Storage accounts permitting TLS 1.0 connections?": a row naming the hazard let in, as well.
    // "Acceptance of TLS 1.0 connections: possible?": the hazard let in, said as a noun.
    const before = '(?:permit|permits|permitting|allow|allows|allowing|accept|accepts|accepting|acceptance|support|supports|supporting|negotiate|negotiates|negotiating|negotiation|enable|enables|use|uses|using|complete|completes|establish|establishes|honour|honours|honor|honors|connect|connects|connecting|offer|offers|offering|speak|speaks|speaking|serve|serves|serving)'
    // "Do you permit inbound RDP or SSH from the internet?": remote administration let in. Not "SSH restricted"
    // (a safeguard phrase), nor a bare "SSH" (which a buyer names for the safeguard too).
    const admin = `(?<! not| t| never) (?:permit|permits|allow|allows|accept|accepts|expose|exposes|open|opens) (?:[a-z0-9.]+ ){0,3}?(?:rdp|ssh|remote desktop|telnet|port 22|port 3389|admin ports|management ports) `
    // "Are remote administration protocols (SSH, RDP) permitted directly from the Internet?": let in, said after.
    const adminAfter = ` (?:rdp|ssh|remote desktop|telnet|remote administration|remote admin|admin ports|management ports) (?:[a-z0-9.]+ ){0,3}?(?<!not |never )(?:permitted|allowed|accepted|open|opened|reachable|exposed) (?:directly )?(?:from|to) (?:the )?(?:internet|anywhere|public) `
    // "Is the public endpoint of your Azure SQL logical server enabled?": the resource it is on named between.
    const on = ` (?:${objects}) (?:of|on|for|in|at) (?:(?!(?:and|or|but|not|never|disabled|off)\b)[a-z0-9.]+ ){1,6}?(?:is |are )?${after} `
    // "Can support engineers reach production servers over RDP directly from the internet?": administration let in.
    const adminReach = `(?<! not| t| never) (?:reach|reached|access|accessed|administer|administered|manage|managed|connect|connected|connect to|log in|log into|login|get into|get in) (?:[a-z0-9.]+ ){0,6}?(?:over|via|using|through|with|by) (?:[a-z0-9.]+ ){0,2}?(?:rdp|ssh|remote desktop)\\b(?: [a-z0-9.]+){0,6}? from (?:the )?(?:public )?(?:internet|anywhere|outside) `
    // "Would your servers accept connections from public networks?": traffic from outside let in.
    const fromOutside = `(?<! not| t| never) (?:accept|accepts|accepting|allow|allows|allowing|permit|permits|permitting|take|takes|taking|admit|admits) (?:inbound |incoming )?(?:connections|traffic|requests|sessions) (?:directly )?from (?:the )?(?:public internet|internet|public networks?|any network|anywhere|any ip(?: address)?|all networks|everyone|anyone) `
    // "…accept a client connection that is not using TLS?": traffic without the protection let in.
    const unprotected = `(?<! not| t| never) (?:accept|accepts|accepting|allow|allows|allowing|permit|permits|permitting|take|takes|admit|admits|serve|serves) (?:an? |any )?(?:[a-z]+ )?(?:connections?|traffic|requests?|sessions?) (?:that|which) (?:is|are|does|do) not (?:using|use|encrypted|over|via) (?:tls|ssl|https|encryption) `
    return [new RegExp(adminReach), new RegExp(unprotected), new RegExp(fromOutside), new RegExp(` (?:${objects}) (?:[a-z0-9.]+ ){0,3}?(?<!not |never )${after} `), new RegExp(on), new RegExp(`(?<! not| t| never) ${before} (?:[a-z0-9.]+ ){0,3}?(?:${objects}) `), new RegExp(admin), new RegExp(adminAfter)]
  })()
  return letsInPatterns.some((p) => p.test(lower))
}
const SHORTFALL_SUBJECTS = / (?:kept|keep|retain|retained|retention|stored for|history|deleted|purged|discarded|expire|expired|expires|rotated|rotation|rotate|restore|restored|pitr) /
const offPhrasesIn = phrasesIn(OFF_PHRASES)
const safeguardObjectsIn = phrasesIn(SAFEGUARD_OBJECTS)
const hazardObjectsIn = phrasesIn(HAZARD_OBJECTS)

const safeguardsIn = phrasesIn(SAFEGUARD_PHRASES)
const hazardsIn = phrasesIn(HAZARD_PHRASES)

/** "WAF mode != Prevention": not in that state, which for a WAF is detection. Read alike by every reader. */
const NOT_EQUAL = /\s*!=\s*/g
const NOT_PREVENTION = /\bnot (?:in |set to )?prevention(?: mode)?\b/gi

/**
 * Settings as infrastructure code writes them, in words: "local_auth_enabled = false" is local auth disabled,
 * "local_authentication_disabled = true" likewise (not local auth "enabled", a hazard let in); a copy kept
 * "outside the primary region" is a second region, not data outside the approved ones.
 */
function plainSwitches(text: string): string {
  return withCouples(text)
    .replace(/[_\s-]enabled\s*[=:]\s*["']?false\b["']?/gi, ' disabled')
    .replace(/[_\s-]disabled\s*[=:]\s*["']?true\b["']?/gi, ' disabled')
    .replace(/[_\s-]disabled\s*[=:]\s*["']?false\b["']?/gi, ' enabled')
    .replace(/[_\s-]enabled\s*[=:]\s*["']?true\b["']?/gi, ' enabled')
    .replace(/\boutside (?:of )?(?:the|its|their|our|your)(?: [a-z]+['’]s?)? (?:primary|main|production|home|source|failed|affected|lost|impacted|stricken|downed) (?:azure )?(?:regions?|locations?|datacent(?:er|re)s?|sites?)\b/gi, 'in a secondary region')
    // "PG PITR < 35 days?": a comparison sign said in words.
    // "…no longer than one year": a ceiling, not "no longer rotated"; "all keys, without exception": all of them.
    .replace(/\bno (?:longer|more|greater|later) th[ae]n\b/gi, 'at most')
    .replace(/\bwithout (?:any )?exceptions?\b/gi, 'every one')
    // "…kept in more than one region": several regions, the other way round from "one region".
    .replace(/\b(?:more than|over|beyond) (?:one|a single) (?:azure )?region\b/gi, 'several regions')
    // "…so when one region is lost the backup is not lost with it": the loss is the condition, not "one region" kept.
    .replace(/\bone region (?=(?:is|was|were|goes|went|becomes|became|gets)\s+(?:lost|down|unavailable|destroyed|offline)\b|fails\b|failed\b)/gi, 'a region ')
    // "…the backup is not lost with it": what survives the loss.
    .replace(/\b(?:is|are|be|was|were|gets?) not (?:lost|destroyed|gone) (?:with it|with them|along with it|along with them|together(?: with it| with them)?)\b/gi, 'survives')
    // "…the database is not having any public endpoint": does not have.
    .replace(/\b(is|are) not having\b/gi, (_m, be: string) => (be.toLowerCase() === 'is' ? 'does not have' : 'do not have'))
    // "SSH allowed from 0.0.0.0/0", "a rule allowing 0.0.0.0-255.255.255.255": from anywhere, every address.
    .replace(/\b(from|to)\s+0\.0\.0\.0\s*\/\s*0\b/gi, '$1 anywhere')
    .replace(/\(?\b0\.0\.0\.0\s*(?:-|–|to)\s*255\.255\.255\.255\b\)?/gi, 'every ip address')
    .replace(/\b(?:the )?(?:full|entire|whole|complete) ipv4 (?:address )?(?:range|space)\b/gi, 'every ip address')
    // "Is TLS 1.0 not yet disabled on any account?": still on.
    .replace(/\b(?:(?:still|yet) )?not (?:(?:yet|still) )?(?:disabled|switched off|turned off|deactivated)\b/gi, 'still enabled')
    // "…where Defender for Cloud is not activated": not enabled.
    .replace(/\bnot (?:yet )?(?:activated|active)\b/gi, 'not enabled')
    // "…not only kept for 35 days but also stored geo-redundantly?": both asked; "not only" negates nothing.
    .replace(/\bnot only\b([^?]{1,160}?)\bbut (?:also |as well )?/gi, '$1 and ')
    // "Have the function apps already stopped accepting TLS 1.0?": no longer let in.
    .replace(/\b(?:stopped|ceased|quit) (accepting|allowing|permitting|serving|exposing|using|supporting)\b/gi, 'no longer $1')
    // "<= 365 days" is a ceiling, ">= 35d" a floor; only the strict signs say less or more.
    .replace(/(?:<\s*=|≤)\s*(?=\d)/g, ' at most ')
    .replace(/(?:>\s*=|≥)\s*(?=\d)/g, ' at least ')
    .replace(/<\s*(?=\d)/g, ' less than ')
    // "WAF mode != Prevention": not in that state (as the shorthand step writes it out).
    .replace(NOT_EQUAL, ' not ')
    .replace(NOT_PREVENTION, 'in Detection mode')
    // "Whether container apps are expose to internet directly or not?": "exposed", as a non-native writer means.
    .replace(/\b(are|is|be) ((?:[a-z]+ ){0,2}?)expose (to|on)\b/gi, '$1 $2exposed $3')
    // "Is this warranty given without qualification?": given in full, not a safeguard done without.
    .replace(/\bwithout (?:any )?(?:qualifications?|reservations?|caveats?|conditions?)\b/gi, 'unconditionally')
    .replace(/>\s*(?=\d)/g, ' more than ')
    // "Without prejudice to the generality of Clause 7.2, …", "for the avoidance of doubt": a contract's
    // boilerplate, not a safeguard done without.
    .replace(/\bwithout prejudice to (?:the generality of )?(?:the foregoing|clause [\d.]+|[^,?]{1,60}?)(?=[,;:]|\s+(?:does|do|is|are|shall|will|can|has|have)\b)[,;:]?/gi, ' ')
    .replace(/\bfor the avoidance of doubt[,;:]?/gi, ' ')
    // "…do your SQL servers turn it away?": refuse it.
    .replace(/\bturn(?:s|ed|ing)? (it|them|those|that|the (?:connection|request|client|attempt)s?) away\b/gi, 'refuse $1')
    .replace(/\bturn(?:s|ed|ing)? away\b/gi, 'refuse')
}

/** A Resource Graph / KQL query, an az CLI or PowerShell command quoted in the cell. */
const QUERY_QUOTED = /\|\s*(?:where|project|extend|summarize)\b|--query\b|\bWhere-Object\b|\bGet-Az[A-Z]\w+|\baz\s+[a-z-]+\s+(?:[a-z-]+\s+)?(?:list|show)\b/
/** Whether the query finds anything: rows, names, output. */
const ROWS_ANY = /\b(?:any|some)\s+(?:rows?|results?|records?|output|names?|matches|resources?|hits|entries)\b|\breturns?\s+(?:any(?:thing)?|rows?|results?)\b|\bprints?\s+(?:any(?:thing)?|out)\b|\boutputs?\s+any(?:thing)?\b|\bnon-?empty\b/i
/** Whether it finds nothing. */
const ROWS_NONE = /\b(?:(?:return|returns|print|prints|output|outputs|give|gives|show|shows)\s+(?:no|zero|0)\s+(?:rows?|results?|records?|names?|output|lines?)|(?:return|returns|print|prints|come|comes)\s+(?:back\s+)?(?:empty|nothing)|(?:an\s+)?empty\s+(?:result|output|set|list))\b/i

/** "…could an admin permanently purge a key?", "is it gone forever?": someone destroying, or a thing lost for good. */
const DESTROYED = / (?:could|can|would|might|may) (?:one of (?:your|the|our) |an? |any |the |your |some )?(?:[a-z]+ )?(?:administrators?|admins?|insiders?|operators?|employees?|engineers?|users?|staff|person|people|someone|somebody|anyone|anybody|developers?|dbas?) (?:[a-z]+ ){0,2}?(?:permanently |immediately |irreversibly |instantly )?(?:purge|delete|destroy|wipe|erase|remove) (?:[a-z0-9.]+ ){0,3}?(?:keys?|backups?|data|vaults?|secrets?|databases?)(?: [a-z]+){0,3} (?:straight away|immediately|permanently|for good|at once|irreversibly|instantly)? ?| (?:gone|lost|deleted|destroyed|erased) (?:forever|for good|permanently|irrecoverably|irretrievably)(?: immediately)? | permanently (?:lost|gone|deleted|destroyed|erased) /

/** A loss set against recovery: "recovered rather than lost for good", "restorable instead of gone forever". */
const LOSS_SET_ASIDE = / (?:recover|recovered|recoverable|restore|restored|restorable|undeleted|brought back|retrieved|retrievable|saved) (?:[a-z]+ ){0,3}?(?:rather than|instead of|and not|not) (?:being )?(?:gone|lost|deleted|destroyed|erased|permanently|purged) /

/** A statement to confirm whose verb is negated ("confirm you do not use…", "verify that it is not…"): what follows it. */
const CONFIRMED_NOT = / (?:confirm|confirms|verify|verifies|certify|certifies|attest|attests|ensure|ensures|demonstrate|demonstrates|affirm|affirms|warrant|warrants) (?:that )?(?:[a-z0-9.]+ ){0,12}?(?:do|does|did|will|would|can|is|are|was|were|has|have) (?:not|n t) (?:ever )?((?:[a-z0-9.]+ ){1,14})/

/** "…that is not on its approved list", "which are not approved": the resource off the list, not a negation of the ask. */
const OFF_THE_LIST = / (?:that|which|who) (?:is|are) not (?:on |in )?(?:the |its |our |your |an? )?(?:approved|allowed|permitted|sanctioned|authori[sz]ed|listed|allow ?listed|allowlisted|whitelisted)(?: [a-z]+){0,4} /g

/** "…locally redundant by default - ", "The default is 7 days. ": the default said before the ask. */
const DEFAULT_LEAD = /^[^?]*\b(?:by default|the default|defaults? to|default(?:s)? is)\b[^?]*?(?:\s[-–—]\s|[.;:]\s+)(?=(?:have|has|is|are|do|does|did|can|was|were|will)\b)/i

/** The text without the other side named in passing (", not Locally-redundant?", "(no LRS/ZRS drift)"). */
export function withoutContrast(text: string): string {
  return text.replace(NOT_CONTRAST, ' ')
}

/** A quoted setting's name and the state asked of it: '"Allow Blob anonymous access" enabled?', '"Local Authentication": on?'. */
const QUOTE_STATE = /["“][^"“”]{3,120}["”]\s*(?:=|:|is|are|set to|turned|switched|still)?\s*["“]?(?:enabled|disabled|on|off|ticked|unticked|checked|unchecked|true|false|selected|all networks|allowed|denied)\b/i

/** "Why do you…", "How come…", "For what reason…": the premise after it. */
const WHY_LEAD = /^ (?:why|how come|for what reason|what is the (?:business )?(?:reason|justification|rationale) (?:for|that|why)) (.*)$/

/** "…, would you?", "…, right?", "…, isn't it?": a statement with a tag asking it be confirmed. */
const TAG_QUESTION = /^(.*?) (?:(?:would|do|does|are|is|can|could|will|have|has|was|were|should|did)(?:n t)?|won t|can t) (?:you|it|they|we|there|he|she|i|these|those|that|this) $|^(.*?) (?:right|correct|yes|no|true|agreed|ok|okay|yeah) $/

const TAG_RAW = /,\s*(?:(?:would|do|does|are|is|can|could|will|have|has|was|were|should|did)(?:n['’]t)?|won['’]t|can['’]t)\s+(?:you|it|they|we|there|he|she|i|these|those|that|this)\s*\?+\s*$|,\s*(?:right|correct|yes|no|true|agreed|ok|okay|yeah)\s*\?+\s*$/i

/** ", not Locally-redundant?", "(not account keys)": the other side said in passing. */
const NOT_CONTRAST = /\s*\((?:not|no) (?!just\b|only\b|merely\b|simply\b|yet\b|ever\b)[^()]{2,50}\)|,\s*not (?!just\b|only\b|merely\b|simply\b|all\b|every\b|any\b|ever\b|yet\b|even\b|once\b|one\b)[^,?;]{2,40}(?=\?\s*$)|\s+(?:and|but) not (?:with|by|via|through|using|over) [^,?;]{2,40}(?=\?\s*$)/gi

/** A quoted title ('Azure Policy "…should disable public access or have the firewall enabled"'): named, not asked. */
const QUOTED = /["“][^"“”]{8,240}["”]|(?<!\w)['‘](?=[^'‘’\n]{8,240}['’](?!\w))[^'‘’\n]{0,200}?\b(?:should|must)\b[^'‘’\n]{0,200}?['’](?!\w)/g
/** A recommendation or policy quoted by its title, which names the state it wants ("…should be disabled"). */
const RECOMMENDATION = /["“'‘][^"“”'‘’]{0,200}\b(?:should|must|shall)\b[^"“”'‘’]{0,200}["”'’]/i
/** What a recommendation's state is asked as, outside its title: a resource failing it, or all passing it. */
const REPORTED_FAILING = /\b(?:unhealthy|non-?compliant|not compliant|failing|fails|failed|flagg(?:ed|ing)|violat(?:ing|es|ed|ion)|open (?:findings?|alerts?)|red)\b/gi
const REPORTED_PASSING = /\b(?:healthy|compliant|passing|passes|passed|satisfied|green|resolved)\b/i
/** "…showing no non-compliant accounts?", "Is the unhealthy resource count zero?": none failing it. */
const NONE_FAILING = /\b(?:no|zero|0|none|without (?:any )?)\s+(?:[a-z]+\s+)?(?:unhealthy|non-?compliant|failing)\b|\b(?:unhealthy|non-?compliant|failing)\b[^?]{0,30}\b(?:count|number|total)\b[^?]{0,15}\b(?:zero|0|nil|none)\b/i

/** The text with its quoted titles read as "it", when at least `minWords` words are left; null when nothing is quoted. */
function outsideQuotes(text: string, minWords: number): string | null {
  const unquoted = text.replace(QUOTED, ' it ')
  return unquoted !== text && words(unquoted).length >= minWords ? unquoted : null
}

/**
 * What a yes/no question asks, when its words say so: `positive` (does a safeguard hold?), `negative` (does
 * the bad state exist?), or null (no sign either way: the entries' own cue words decide, as before).
 */
/** "(not just detects)", ", not merely logs,": a contrast in passing beside the safeguard asked. */
const NOT_JUST = /\s*\((?:and )?not (?:just|only|merely|simply) [^()]{1,40}\)|,\s*(?:and )?not (?:just|only|merely|simply) [^,?]{1,40},|(?:,\s*|\s+(?:and|but)\s+)not (?:just|only|merely|simply) [^,?;.()]{1,40}(?=\s*(?:[,?;.]|$))/gi

/** "…replicated to another region, so wiping one region does not destroy them?": why, after the ask. */
const PURPOSE_AFTER = /,\s*(?:so|so that|such that|in order that|meaning)\s+[^,?]{3,140}(?=\?\s*$)/i

export function questionPolarity(question: string): 'positive' | 'negative' | null {
  const purpose = PURPOSE_AFTER.exec(question)
  // The main clause says which way; said neither way, the reason given does ("…enforce secure transfer, so that
  // plain HTTP is refused?"), read on its own.
  if (purpose) return questionPolarity(question.replace(PURPOSE_AFTER, '')) ?? questionPolarity(purpose[0].replace(/^,\s*(?:so that|so|such that|in order that|meaning)\s+/i, ''))
  // "…protected only by Microsoft-managed keys": the provider's key and no other.
  // Not "…customer-managed keys, rather than only with provider-managed keys?", where it is the side set aside.
  if (/(?<!\b(?:rather than|instead of|not|as opposed to)\s+)\bonly (?:by|with|using|through) (?:a |the )?(?:microsoft|service|platform|provider)[\s-]managed keys?\b/i.test(question)) return 'negative'
  // "Risk R-12: backups lost with the region. Mitigated? Y/N": the risk states the hazard; whether it is
  // mitigated is the safeguard asked, whether it is open is the hazard.
  if (RISK_MITIGATED.test(question)) return 'positive'
  if (RISK_OPEN.test(question)) return 'negative'
  // 'Recommendation "public blob access should be disallowed": does any account still allow it?': the quoted
  // title names the safeguard; what is asked is outside the quotes.
  // '"Secure transfer required" = Disabled on any account?': the quotes name a setting, and its state is asked.
  const unquoted = QUOTE_STATE.test(question) ? null : outsideQuotes(question, 4)
  // "Does the recommendation '…should be disabled' list any unhealthy resources?": a resource failing the
  // state the title wants is the bad state; all of them "Compliant" is the safeguard.
  // Both offered ("Healthy / Unhealthy?") asks neither way.
  if (unquoted !== null && RECOMMENDATION.test(question)) {
    if (NONE_FAILING.test(unquoted)) return 'positive'
    const failing = unquoted.search(REPORTED_FAILING) >= 0
    const passing = REPORTED_PASSING.test(unquoted.replace(REPORTED_FAILING, ' '))
    if (failing !== passing) return failing ? 'negative' : 'positive'
  }
  if (unquoted !== null) {
    const asked = questionPolarity(unquoted)
    if (asked !== null) return asked
  }
  // "…actively blocks (not just detects) web attacks…": the contrast said in passing is not a safeguard missing.
  const text = plainSwitches(question.replace(NOT_JUST, ' '))
  // "Confirm that TDE is not disabled on any database": a safeguard not switched off is on (plainSwitches reads
  // "not disabled" as "still enabled", which is the hazard's wording).
  const notOff = /\bnot (?:been )?(?:disabled|switched off|turned off|deactivated)\b/i.exec(question)
  if (notOff && !/\b(?:yet|still)\b/i.test(question) && safeguardObjectsIn(question.slice(0, notOff.index)).length > 0 && hazardObjectsIn(question).length === 0) return 'positive'
  // "Exists on the SQL server a firewall rule which…?", "Exist there keys…?": a non-native "is there".
  const lower = ` ${words(text).join(' ')} `.replace(/^ (?:exists?|existing)(?: there)?(?: some)? /, ' is there any ')
  // "Nobody can connect to your Azure SQL servers from outside your private network, correct?": no one able to do
  // what the hazard would let them.
  if (/^ (?:nobody|no one|noone|no outsider|no external (?:user|party|client)) (?:can|could|may|is able to|will|would) (?:ever )?(?:connect|reach|access|read|log in|sign in|get in|open|download|list|call|query|see) /.test(lower)) return 'positive'
  // "…sent over a secure HTTPS connection, never plain HTTP?": the old or plain protocol ruled out after the safeguard.
  if (/\bnever (?:over |via |by |with |using )?(?:plain(?:text)? |unencrypted |insecure |legacy )?(?:http|ftp|ssl|tls 1\.[01]|telnet|clear ?text)\b[^,;]{0,20}\?\s*$/i.test(text) && / (?:https|tls|ssl|secure|encrypted) /.test(lower.slice(0, lower.indexOf(' never ') + 1))) return 'positive'
  // "It is not the case that any database lacks encryption": the rest, inverted.
  // "Is it untrue that…?" likewise; "Is there no server on which auditing is off?": the rest, inverted.
  // "Would it be correct to say that…?": the rest, as it is.
  const restated = / (?:would it be|is it) (?:correct|right|true|accurate|fair) to (?:say|state|claim|assume|suggest) that (.*)$/.exec(lower)
  if (restated) return questionPolarity(restated[1]!)
  // 'Resources | where … minimumTlsVersion in~ ("TLS1_0","TLS1_1") -- any rows?', 'az sql server list --query
  // "[?publicNetworkAccess!='Disabled']" - does it print any names?': a query written to find what breaks the
  // rule, asked whether it finds any; whether it comes back empty asks the safeguard.
  if (QUERY_QUOTED.test(question)) {
    if (ROWS_NONE.test(question)) return 'positive'
    if (ROWS_ANY.test(question)) return 'negative'
  }
  // "Has Detection-only WAF mode been disabled on Front Door?", "…moved out of detection mode?": the mode that only
  // watches is what was switched off, which leaves the WAF blocking.
  if (WATCH_ONLY_ENDED.test(lower) && !/ (?:not|never|n t|yet to) /.test(lower)) return 'positive'
  // "Could one of your administrators permanently purge a key straight away?", "…is it gone forever?": what
  // someone could destroy, or what would be lost for good.
  // "…could it have been recovered rather than lost for good?": the loss is the side not asked after.
  if (DESTROYED.test(lower) && !/ (?:not|never|no longer|n t|cannot|can not|unable) /.test(lower) && !LOSS_SET_ASIDE.test(lower)) return 'negative'
  // "…with nothing below 1.2 accepted?", "…make sure no client can use anything older than TLS 1.2?", "…not lower
  // than TLS 1.2?": the old versions ruled out; "…refusing TLS below 1.2?", "…anything older than 1.2 rejected?":
  // refused.
  if (OLD_TLS_RULED_OUT.test(lower) || (OLD_TLS_REFUSED.test(lower) && !/ (?:not|never|n t) /.test(lower))) return 'positive'
  // "…have already stopped accepting TLS 1.0/1.1?": the hazard no longer let in.
  if (/ no longer (?:accept|accepts|accepting|allow|allows|allowing|permit|permits|permitting|serve|serves|serving|expose|exposes|exposing|support|supports|supporting|use|uses|using|negotiate|negotiates|negotiating) /.test(lower) && (hazardsIn(text).length > 0 || letsHazardIn(lower.replace(/ no longer /, ' ')) || / (?:tls 1\.[01]|ssl|http|anonymous|public|keys?|sas) /.test(lower))) return 'positive'
  // "…is a public IP address attached to any of your resources?", "does it attach public IPs to any…": one there.
  if (/ (?:public ips?|public ip address(?:es)?) (?:is |are )?(?:attached|assigned|associated|bound) to any | (?:attach|attaches|attaching|assign|assigns|assigning|associate|associates) (?:any )?public ips? /.test(lower) && !/ (?:not|never|no longer|n t|only) /.test(lower.replace(OFF_THE_LIST, ' '))) return 'negative'
  // "PostgreSQL backups are locally redundant by default - have you turned on geo-redundant backup?": the default
  // is what the ask is measured against.
  const afterDefault = DEFAULT_LEAD.exec(text)
  if (afterDefault) {
    const ask = text.slice(afterDefault[0].length)
    const asked = questionPolarity(ask)
    if (asked !== null) return asked
    // Neither way on its own: asked whether it was changed ("have you turned on geo-redundant backup instead?"),
    // it is the way away from the default, which is the hazard ("locally redundant") or the safeguard; asked
    // whether it was kept ("have you left key-based authentication on?"), the default itself.
    const lead = questionPolarity(afterDefault[0].replace(/\s*[-–—.;:]\s*$/, ''))
    const kept = /\b(?:left|leave|leaving|kept|keep|keeping|retained|stayed|stuck with|still)\b/i.test(ask)
    if (lead !== null) return (lead === 'negative') === kept ? 'negative' : 'positive'
  }
  // "How confident are you that none of your databases is open…?": the claim that follows, stated.
  const claimed = /^ (?:how|to what (?:degree|extent)) (?:confident|sure|certain|assured|comfortable) (?:are|is|can|would) (?:you|your team|the vendor|we) (?:be )?that (.*)$/.exec(lower)
  if (claimed) return questionPolarity(claimed[1]!)
  // "How likely is it that a regional outage would take out your backups?": the event, asked as itself.
  const likely = /^ (?:how likely is it|what (?:is|are) the (?:likelihood|chances?|probability|odds)|is there any chance|is there a chance) (?:that|of) (.*)$/.exec(lower)
  if (likely) return questionPolarity(likely[1]!)
  // "…would take out both your PostgreSQL server and its backups?": destroyed along with it.
  if (/ (?:take|takes|took|taking|knock|knocks|knocked|wipe|wipes|wiped) out (?:both|all|every|each|the|your|its|their) /.test(lower) && !/ (?:not|never|n t|cannot|can not) /.test(lower) && !/^ (?:if|were|suppose|supposing|imagine|assuming|should|in case|say) | (?:survive|survives|remain|remains|intact|available|recover|recoverable|restore) /.test(lower)) return 'negative'
  // "Why do you only keep a week of backups?", "How come … still have public endpoints?": the premise, as a claim.
  const premise = WHY_LEAD.exec(lower)
  if (premise) return questionPolarity(premise[1]!)
  // "Mark Y where a TLS 1.2 minimum is NOT enforced…", "Answer Yes if any account lacks…", "Tick if exposed":
  // the yes means what follows holds.
  const keyed = /^ (?:mark|answer|tick|select|enter|put|score|check|respond|reply|choose)(?: with)? (?:y|yes|x|1|true|the box)(?: only)? (?:where|if|when|for each|against|in case|should) (.*)$/.exec(lower)
  if (keyed) {
    const held = questionPolarity(keyed[1]!)
    if (held !== null) return held
    if (/ (?:not|never|no|lacks?|lacking|missing|without|n t) /.test(` ${keyed[1]!}`)) return 'negative'
  }
  // "You wouldn't have a PostgreSQL server on a public endpoint, would you?", "Surely you don't still allow…?",
  // "Backups are geo-redundant, right?": a statement put to be confirmed, asked as itself.
  const tagged = TAG_RAW.test(text) ? TAG_QUESTION.exec(lower) : null
  const tagHeld = tagged ? questionPolarity((tagged[1] ?? tagged[2]!).replace(/^ (?:surely|presumably|obviously|of course|i take it(?: that)?|i assume(?: that)?|i guess(?: that)?) /, ' ').replace(/^ ((?:you|we|they|it|there|your|our|the|this|that|these|those)(?: [a-z0-9.]+){0,5}?) (would|do|does|are|is|can|could|will|have|has|was|were|should)n t /, ' $2 $1 ').replace(/^ ((?:you|we|they|it|there|your|our|the|this|that|these|those)(?: [a-z0-9.]+){0,5}?) (won|can) t /, (_m, who: string, aux: string) => ` ${aux === 'won' ? 'will' : 'can'} ${who} `)) : null
  if (tagHeld) return tagHeld
  // "…accept neither plain HTTP nor TLS versions older than 1.2?": both hazards kept out; neither of two
  // safeguards ("neither TDE nor auditing enabled") is both missing.
  if (/ neither /.test(lower) && / nor /.test(lower)) {
    const rest = lower.replace(/ neither /, ' ').replace(/ nor /, ' or ')
    const bad = hazardsIn(rest).length > 0 || letsHazardIn(rest) || hazardObjectsIn(rest).length > 0 || polarityCues(rest).length > 0
    const good = safeguardsIn(rest).length > 0 || safeguardObjectsIn(rest).length > 0
    if (bad !== good) return bad ? 'positive' : 'negative'
  }
  // "…picked for every DB, not Locally-redundant?", "only Entra ID identities (not account keys)": the other
  // side named in passing; the rest says which way.
  const contrasted = withoutContrast(text)
  if (contrasted !== text) {
    const rest = questionPolarity(contrasted)
    if (rest !== null) return rest
    const other = [...text.matchAll(NOT_CONTRAST)].map((m) => ` ${words(m[0].replace(/^[\s,(]*(?:not|no)\s+/i, '')).join(' ')} `).join(' ')
    if (hazardsIn(other).length > 0 || hazardObjectsIn(other).length > 0 || polarityCues(other).length > 0) return 'positive'
  }
  // "You wouldn't have a PostgreSQL server sitting on a public endpoint…": one there to reach.
  if (/ (?:sitting|sits|sit|living|lives|placed|left|hanging) (?:out )?on (?:an? |the )?(?:public|internet facing|open) (?:endpoints?|ips?|ip address(?:es)?|networks?|internet) /.test(lower) && !/ (?:not|never|no longer|n t|only) /.test(lower)) return 'negative'
  // "Why are your Front Door endpoints not behind a WAF…?": the safeguard in front missing.
  if (/ (?:not|n t|never|no longer) (?:(?:sit|sitting|placed|deployed|put|running|protected) )?(?:behind|fronted by|protected by) (?:an? |the )?(?:waf|web application firewall|application gateway|gateway|firewall|front door) /.test(lower)) return 'negative'
  // "Isn't there at least one account whose backups would not survive…?": asked as "Is there…?", the way
  // English answers a negative question ("Yes, there is").
  const rhetorical = /^ (?:(is|are|do|does|has|have|was|were|could|would|should)n|(can)|(wo)n) t ((?:there|it|the|your|our|any|you|we|this|that|these|those|a|an) .*)$/.exec(lower)
  if (rhetorical) return questionPolarity(`${rhetorical[1] ?? rhetorical[2] ?? 'will'} ${rhetorical[4]!}`)
  // "Were a client to offer only TLS 1.0 to your gateway, would the handshake succeed?": the hazard tried, and
  // whether it gets through.
  const tried = /^ (?:if|were|suppose|supposing|imagine|assuming|should) (.+?) (?:would|could|will|can|might) (?:the [a-z]+|it|that|they|the attempt|such an attempt|he|she) (?:succeed|work|go through|get through|be accepted|be allowed|connect|get in|be established|be completed|let (?:them|it|him|her|the (?:attempt|connection|request|traffic|client)) (?:through|in)|allow (?:it|them|the (?:connection|request|attempt))|serve (?:it|them|the (?:request|page|response|content))|accept (?:it|them|the (?:connection|request)))(?: anyway| regardless| all the same)? $/.exec(lower)
  if (tried && (letsHazardIn(` ${tried[1]!} `) || hazardsIn(tried[1]!).length > 0 || / (?:tls 1\.[01]|ssl|plain http|unencrypted http|rdp|ssh|3389|port 22|anonymous|public networks?|the internet|internet|arbitrary) /.test(` ${tried[1]!} `))) return 'negative'
  // "No storage account still lets a client in over TLS 1.0 - correct?": the hazard denied, put to be agreed.
  if (/^ (?:no|none of|not one of|not a single|nobody|no one|nothing) /.test(lower) && / (?:correct|right|true|agreed|accurate|confirmed|is that (?:correct|right|so|true|accurate)|true false|agree disagree|yes no) $/.test(lower)) return 'positive'
  // "No Service Bus namespace can be reached over the public internet.": a statement that the hazard holds of
  // none of them is the safeguard claimed, to be agreed with "Yes"; "No key has a rotation policy." claims the
  // safeguard missing everywhere. Asked ("No database public?"), it stays as the rest of the text reads it.
  const noneStated = /^ (?:no|none of(?: the| our| your)?|not one of(?: the| our| your)?|not a single|there (?:is|are|exists?) no) (.*)$/.exec(lower)
  if (noneStated && !question.includes('?')) {
    const rest = noneStated[1]!
    const held = questionPolarity(rest)
    if (held !== null) return held === 'negative' ? 'positive' : 'negative'
    if (hazardsIn(rest).length > 0 || hazardObjectsIn(rest).length > 0) return 'positive'
    if (safeguardsIn(rest).length > 0 || safeguardObjectsIn(rest).length > 0) return 'negative'
  }
  // "Our web apps still answer plain HTTP instead of forcing HTTPS": the hazard kept in place of the safeguard;
  // "prevention rather than detection" the safeguard kept.
  const preferred = /^(.*) (?:instead of|rather than|in place of|as opposed to) (.*)$/.exec(lower)
  // "The TDE protector is a Microsoft-managed key rather than a customer-managed key.": the provider's key kept.
  const providersKey = / (?:microsoft|service|platform|provider) managed keys? /
  if (preferred && !/ (?:no|none|not|never|without|nothing|nobody|n t|disallowed|refused|rejected|blocked|denied|prohibited|forbidden) /.test(`${preferred[1]!} `) && (hazardsIn(preferred[1]!).length > 0 || polarityCues(preferred[1]!).length > 0 || (providersKey.test(`${preferred[1]!} `) && !providersKey.test(` ${preferred[2]!} `))) && safeguardsIn(preferred[1]!).length === 0) return 'negative'
  // "Are your PostgreSQL servers relying purely on Microsoft-managed keys?": the provider's key alone, no customer key.
  // "Do you rely solely on the cloud provider's built-in service-managed key…?" likewise.
  if (/ (?:rely|relies|relying|depend|depends|depending) (?:purely |only |solely |just |entirely |exclusively )?on (?:the )?(?:[a-z]+ ){0,6}?(?:microsoft|service|platform|provider) managed (?:encryption )?keys? /.test(lower) && !/ (?:not|never|no longer|n t) /.test(lower)) return 'negative'
  // "Do you never let a web app serve plain HTTP?", "…only by HTTPS and never by simple HTTP?": the hazard never let in.
  // "Are admin ports never open to the internet?", "…never accessible from the public internet?" likewise.
  if (/ never (?:open|opened|exposed|reachable|accessible|visible|published) (?:to|from|on|toward|towards|over) (?:the )?(?:public |open |whole )?(?:internet|public|outside|world) /.test(lower)) return 'positive'
  if (/ never (?:let|lets|allow|allows|permit|permits|accept|accepts|expose|exposes|serve|serves|by|over|via|through|from) /.test(lower) && (hazardsIn(text).length > 0 || polarityCues(text).length > 0 || /\b(?:http|tls 1\.[01]|ssl|internet|public)\b/.test(lower))) return 'positive'
  const denied = / (?:it is not the case|it is not true|it is untrue|it is false|is it untrue|is it not true|is it false|is it not the case|would it be (?:incorrect|wrong|untrue|false|inaccurate|a mistake) to (?:say|state|claim|assume|suggest)|is it (?:incorrect|wrong|untrue|inaccurate) to (?:say|state|claim|assume|suggest)) that (.*)$/.exec(lower) ??
    / (?:is|are) there no (?:[a-z0-9.]+ ){1,6}?(?:on which|in which|where|that|which|whose|with) (.*)$/.exec(lower)
  if (denied) {
    // A plain claim denied ("Is it untrue that every storage account requires TLS 1.2?") asks after its
    // opposite, as a claim of a safeguard does: the rest reads as a safeguard unless it names a hazard, or
    // says a thing not done ("Is it false that audit events are not reaching the workspace?").
    const rest = questionPolarity(denied[1]!) ?? (/ (?:not|never|no longer|n t) /.test(` ${denied[1]!} `) ? 'negative' : null)
    return rest === 'negative' ? 'positive' : 'negative'
  }
  // "Are there no SQL databases left without TDE?": the bad state said of none of them.
  if (/^ (?:is|are) there no (?:[a-z0-9.]+ ){1,6}?(?:left |still |remaining )?(?:without|lacking|missing) /.test(lower)) return 'positive'
  // "Is there no geo-redundant copy of the backups?": the safeguard missing; "Is there no public access?": the
  // hazard absent.
  // "…- and as a result, is there also no firewall rule left open…?" likewise, after a lead.
  const none = /^ (?:is|are) there no (.*)$/.exec(lower) ?? /(?:^|[,;:.] |\band |\bresult ) ?(?:is|are) there (?:also |still |then |therefore |really |now )?no (.*)$/.exec(lower)
  if (none) {
    if (hazardsIn(none[1]!).length > 0 || hazardObjectsIn(none[1]!).length > 0) return 'positive'
    if (safeguardsIn(none[1]!).length > 0 || safeguardObjectsIn(none[1]!).length > 0) return 'negative'
  }
  // "If a key vault can be reached from the internet, is its firewall default action Deny?": the condition is
  // not the ask (unless an outsider acts in it: "If an attacker obtained a key, could they…").
  const conditional = /^\s*(?:if|where|when|in case|in the event that)\b([^,?]{1,140}),\s*(.+)$/i.exec(question)
  if (conditional && !/\b(?:attacker|anyone|anybody|someone|somebody|outsider|adversary|hacker|intruder|thief|region|outage|disaster|failure)\b/i.test(conditional[1]!)) {
    const asked = questionPolarity(conditional[2]!)
    if (asked !== null) return asked
    if (safeguardsIn(conditional[2]!).length > 0 || /\b(?:deny|denied|disallowed|blocked|refused|rejected|on an? (?:approved )?(?:exceptions? |allow ?)?list)\b/i.test(conditional[2]!)) return 'positive'
  }
  // "Checkov CKV_AZURE_44 "Ensure…": does this finding apply to any storage account?", "CKV_AZURE_136 (…) — FAIL on
  // any server?": a scanner's rule failing is the safeguard missing.
  if (/ (?:does|do|would|will) (?:this|the|that|such a) (?:finding|rule|check|recommendation) (?:apply|fire|trigger|flag) | fail(?:s|ed|ing)? (?:on|for) (?:any|some|at least one) /.test(lower)) return 'negative'
  // "…shall not permit SSH from the internet. Does any network security group breach this control?": a breach asked after.
  if (/ (?:breach|breaches|breached|violate|violates|violated|contravene|contravenes|break|breaks|deviate from|deviates from|fail to comply with|fails to comply with|not comply with) (?:this|that|the|these|those|any|our|your) /.test(lower)) return 'negative'
  // "Are none of your databases reachable from the public internet?": the hazard said of none of them.
  if (/^ (?:are|is|do|does|can|could|have|has) none of /.test(lower) && (hazardsIn(text).length > 0 || EXPOSED_ASK.test(lower.replace(/^ (?:are|is|do|does|can|could|have|has) none of /, ' are ')) || letsHazardIn(lower))) return 'positive'
  // "…a regional outage could take the backups down with the primary data": lost along with it.
  if (/ (?:take|takes|took|taking|bring|brings|brought) (?:[a-z0-9.]+ ){1,6}?(?:down|out) (?:with|along with|together with) /.test(lower)) return 'negative'
  // "Your SQL servers expose a public endpoint…", "Do the servers have a public endpoint?": one there to reach.
  if (/ (?:expose|exposes|exposing|have|has|having) an? (?:public|internet facing|publicly reachable) (?:endpoint|ip|ip address|listener) /.test(lower) && !/ (?:not|never|no longer|n t|only|without) /.test(lower)) return 'negative'
  // "If a region went down, would your backups go down with it?": lost along with what fails.
  if (/ (?:go|goes|went|be|are|is) (?:down|lost|destroyed|gone|unavailable) (?:with|along with|together with) (?:it|them|the region|the primary)\b/.test(lower)) return 'negative'
  // "…are insecure (plain HTTP) connections disallowed?": a hazard refused is the safeguard.
  if (/ (?:are|is|be|get|gets) (?:[a-z0-9.]+ ){0,2}(?:disallowed|refused|rejected|blocked|denied|prohibited|forbidden|dropped) /.test(lower) && (hazardsIn(text).length > 0 || /\b(?:insecure|unencrypted|plain|legacy|anonymous|unauthenticated)\b/i.test(text))) return 'positive'
  // "…internal-only with insecure HTTP disallowed?": the hazard named, then refused.
  if (/ (?:insecure|unencrypted|plain|legacy|anonymous|unauthenticated|cleartext) (?:[a-z0-9.]+ ){0,2}?(?:disallowed|refused|rejected|blocked|denied|prohibited|forbidden|disabled|turned off|switched off) /.test(lower) && !/ (?:not|never|n t) /.test(lower)) return 'positive'
  // "…cannot be reached from the internet?": a hazard said not to happen is a safeguard.
  if (/ (cannot|can not|could not|must not|may not|should not|never|can no longer|could no longer) be /.test(lower)) return 'positive'
  // "Confirm that no namespace accepts TLS 1.0": asks the buyer's yes to the safeguard.
  // "Provide evidence that no network security group permits SSH…" likewise.
  if (/ (confirm|confirms|ensure|ensures|verify|verifies|certify|certifies|attest|attests|states|assures|affirms|declares|state|assure|warrant|warrants|guarantee|guarantees|represent|represents|undertake|undertakes|affirm|declare|true|the case|evidence|demonstrate|demonstrates|show|shows|showing|proof|proves|so) that (?:there (?:is|are|exists?) )?(?:no|zero|none of|not one of|not a single) /.test(lower)) return 'positive'
  // "Can you confirm there are zero SQL firewall rules spanning…?": none of the hazard, "that" left out.
  if (/ (?:confirm|verify|ensure|certify|attest|demonstrate|show) (?:there (?:is|are|exists?) )(?:no|zero|not one|not a single) /.test(lower)) return 'positive'
  // "…confirm that the database does not have any public endpoint open": a hazard it is without.
  if (/ (?:do|does|did) not have (?:any |an? )?(?:[a-z0-9.]+ ){0,2}?(?:public|open|internet facing|anonymous|shared|legacy|plain|unencrypted) /.test(lower)) return 'positive'
  // "Please confirm you do not use SAS keys…", "Confirm that namespaces do not let clients connect with TLS older
  // than 1.2", "…and confirm it is not detection-only": the statement to confirm rules the hazard out.
  const confirmedNot = CONFIRMED_NOT.exec(lower)
  if (confirmedNot && !/ (?:whether|if) /.test(confirmedNot[0]) && (hazardsIn(confirmedNot[1]!).length > 0 || hazardObjectsIn(confirmedNot[1]!).length > 0 || polarityCues(confirmedNot[1]!).length > 0 || offPhrasesIn(confirmedNot[1]!).length > 0)) return 'positive'
  // "Confirm: No blob container can be read anonymously…": a checklist row stating the safeguard.
  if (/^ (?:confirm|certify|attest|true false|agree disagree) (?:no|none of|not one of|not a single) /.test(lower)) return 'positive'
  // "…the SSL policy permits no protocol older than TLS 1.2": what is let in is none of the hazard.
  if (/ (?:permits?|allows?|accepts?|admits?|supports?|negotiates?|offers?|enables?) no (?:[a-z0-9.]+ ){0,4}?(?:older than|lower than|below|weaker than|legacy|tls 1\.[01]|ssl|plain http|unencrypted|anonymous|public) /.test(lower)) return 'positive'
  // "Is the number of NSGs allowing RDP from the internet greater than zero?": whether one bad instance exists.
  // "Is the proportion of PostgreSQL servers allowing non-TLS connections greater than zero?" likewise.
  const counted = / (?:number|count|proportion|percentage|share) of ((?:[a-z0-9.]+ ){1,14}?)(?:is |are )?(?:greater than|more than|higher than|above|over|at least) (?:zero|0|nil|none) /.exec(lower) ??
    / (?:number|count|proportion|percentage|share) of ((?:[a-z0-9.]+ ){1,14}?)(?:is |are )?(?:equal to |exactly )?(?:zero|0|nil) /.exec(lower)
  if (counted && (hazardsIn(counted[1]!).length > 0 || letsHazardIn(` ${counted[1]!}`) || / (?:allowing|permitting|admitting|accepting|exposing|open to|opening|lacking|missing|without|with no|having no|that have no|that has no) /.test(` ${counted[1]!}`))) {
    return / (?:greater than|more than|higher than|above|over|at least) (?:zero|0|nil|none) /.test(lower) ? 'negative' : 'positive'
  }
  // "% of key vaults with purge protection enabled - is it below 100%?": a share of a safeguard short of all.
  const shortOfAll = /(?:^|\s)(?:%|per ?cent|percentage|proportion|share) of ((?:[a-z0-9.-]+\s+){1,14}?)(?:[-–—:,]\s*)?(?:(?:is it|is|are)\s+)?(?:below|under|less than|lower than|short of)\s+(?:100|a hundred|one hundred)\s*(?:%|per ?cent)?/.exec(text.toLowerCase())
  if (shortOfAll && hazardsIn(shortOfAll[1]!).length === 0 && !letsHazardIn(` ${shortOfAll[1]!}`)) return 'negative'
  // "…do they fall back to TLS 1.0/1.1 for older clients?": an older protocol let in when asked for.
  if (/ (?:fall|falls|falling|fell|downgrade|downgrades|downgraded|drop|drops) (?:back |down )?to (?:tls 1\.[01]|ssl|legacy|older|weaker|plain http|http|unencrypted) /.test(lower) && !/ (?:not|never|no longer|n t|cannot|can not) /.test(lower)) return 'negative'
  // "Are Key Vault endpoints open to any IP on the public internet?": open to every source.
  if (/ (?:open|accessible|reachable|exposed) (?:to|from) (?:any|every|all) (?:ip|ips|ip address|ip addresses|address|addresses|source|sources|network|networks) /.test(lower) && !/ (?:not|never|no longer|n t|only|rather than|instead of) /.test(lower)) return 'negative'
  // "Do NSG rules let RDP in from Any/Internet?": traffic let in from outside.
  if (/ (?:let|lets|letting|allow|allows|allowing|permit|permits|permitting) (?:[a-z0-9.]+ ){1,3}?in from (?:the )?(?:public )?(?:internet|anywhere|any|everywhere|outside) /.test(lower) && !/ (?:not|never|no longer|n t) /.test(lower)) return 'negative'
  // "Connections below TLS 1.2 accepted?": an older protocol let in.
  if (/ (?:below|older than|lower than|under|prior to|earlier than|weaker than) (?:tls )?v?1\.2 (?:[a-z]+ ){0,3}?(?:accepted|allowed|permitted|supported|enabled|negotiated|possible) /.test(lower) && !/ (?:not|never|no longer|n t) /.test(lower)) return 'negative'
  // "…rejects client connections that use a TLS version older than 1.2": the hazard is what is refused.
  if (/(?<! not| never| t) (?:rejects?|rejecting|refuses?|refusing|denies|deny|denying|blocks?|blocking|prevents?|preventing|prohibits?|prohibiting|forbids?|forbidding|disallows?|disallowing|drops?|dropping) (?:[a-z0-9.]+ ){0,8}?(?:older than|lower than|below tls|legacy|tls 1\.0|tls 1\.1|ssl|plain http|unencrypted|anonymous|unauthenticated|without (?:tls|ssl|encryption)|in clear|in plain ?text|plaintext|non tls|non ssl) /.test(lower)) return 'positive'
  // "Authentication … exclusively by managed identities, without the shared access keys": a hazard done without.
  if (/ without (?:the |any |using |use of |relying on )?(?:shared access keys?|sas(?: keys?| tokens?)?|account keys?|access keys?|shared keys?|connection strings?|passwords?|stored secrets?|public (?:network )?access|public ips?|internet exposure|exposure to the internet) /.test(lower)) return 'positive'
  // "…do not permit HTTP", "does not accept TLS 1.0": a permission denied is a safeguard.
  // "…wiping one region does not destroy them" likewise: a loss said not to happen.
  if (/ (?:do|does|will|shall|can)(?: [a-z0-9]+){0,3} not (?:permit|allow|accept|support|expose|store|keep|destroy|wipe|erase|lose) /.test(lower)) return 'positive'
  // "…firewall configuration prohibits any rule permitting 0.0.0.0…": what is forbidden is the hazard.
  if (/(?<! not| never| t) (?:prohibit|prohibits|forbid|forbids|prevent|prevents|block|blocks|deny|denies|disallow|disallows|reject|rejects|refuse|refuses) (?:[a-z0-9.]+ ){0,2}?(?:any|all) /.test(lower)) return 'positive'
  // "Are the firewall rules free of any rule spanning every IP address?": the hazard said to be absent.
  if (/ (?:free|clear|devoid) (?:of|from) /.test(lower) && !/ (?:not|never) (?:[a-z]+ )?(?:free|clear|devoid) /.test(lower)) return 'positive'
  // "Are the key vaults public?", "Confirm whether or not the databases are internet-facing.": the exposure asked.
  if (/ (?:is|are|was|were) (?:[a-z0-9.]+ ){0,6}?(?:public|publicly (?:accessible|reachable|exposed|available)|internet facing|open to the (?:internet|public)) $/.test(lower) && !/ only /.test(lower) && safeguardsIn(text).length === 0) return 'negative'
  // "Listing of all NSG rules that allow traffic from any source to TCP 22… Does the listing contain any rules?":
  // whether a listing of the hazard holds anything.
  if (/ (?:listing|list|report|export|extract|population) (?:contain|contains|include|includes|show|shows|return|returns|hold|holds|have|has) any /.test(lower) && / (?:that|which) (?:allow|allows|permit|permits|accept|accepts|expose|exposes|lack|lacks|have no|has no) /.test(lower)) return 'negative'
  // "Do you expose anything publicly?": whether one thing is exposed.
  if (/ (?:expose|exposes) (?:any|anything|something) /.test(lower) && / (?:internet|public|publicly|externally|outside world) /.test(lower) && safeguardsIn(text).length === 0) return 'negative'
  // "NSG 3389 open?", "KV public?": a terse row asking whether the hazard's state holds.
  if (words(text).length <= TERSE_HAZARD_WORDS && / (?:open|exposed|public|reachable|internet facing|allowed|permitted) $/.test(lower) && !/ only /.test(lower) && safeguardsIn(text).length === 0 && (ESTATE_NOUNS(text).length > 0 || onHazardObjectsIn(text).length > 0 || / (?:3389|22|nsg|nsgs|port|ports|fw) /.test(lower))) return 'negative'
  // "Public DBs?", "Stray public IPs?": a terse row naming the hazard's state first.
  if (/\?\s*$/.test(text) && words(text).length <= TERSE_HAZARD_WORDS && /^ (?:(?:stray|rogue|unapproved|unexpected|orphaned|unmanaged) )?(?:public|exposed|open|internet facing|publicly (?:accessible|reachable|exposed)) /.test(lower) && !/ only /.test(lower) && safeguardsIn(text).length === 0 && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "Has the Provider configured any SQL firewall rule that permits…?": whether one bad instance was set up.
  if (/ (?:has|have|had|did|does|do) (?:[a-z]+ ){0,3}?(?:configured|created|set up|defined|added|deployed|left|opened|kept) any /.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "Is at least one of your workspaces keeping logs for fewer than 365 days?": one instance short of the bar.
  if (/ (?:at least one|any|any one|a single|some) (?:of )?(?:[a-z0-9.]+ ){0,10}?(?:fewer|less|shorter|lower|weaker|older) than (?:\d|tls|one|two|three|six|twelve|a |an )/.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "…at least one of your SQL firewall rules still permits the whole IPv4 range": one instance letting it in.
  if (/ at least one (?:of )?(?:[a-z0-9.]+ ){0,8}?(?:still )?(?:permits?|permit|allows?|allow|accepts?|accept|admits?|admit|exposes?|expose|lacks?|lack|has no|have no|is open|are open|is reachable|is public|can be reached) /.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  if (EXISTENTIAL.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "Container Apps: any app with ingress external=true…?": a row asking after one instance.
  if (/(?:^|[:;–—]\s*|\s-\s*)any\s/i.test(text.trim()) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "…is there no firewall rule permitting every IP address?": the hazard said not to exist is the safeguard.
  if (/ (?:is|are) there no (?:[a-z0-9.]+ ){1,6}?(?:permitting|allowing|accepting|exposing|admitting|letting|opening) /.test(lower)) return 'positive'
  // "SQL firewall - any rule allowing 0.0.0.0…?": one instance that lets something in.
  // "Are there Azure SQL firewall rules allowing 0.0.0.0…?" likewise.
  if (/ (?:any|(?:are|is) there) (?:[a-z0-9.]+ ){0,4}(?:allowing|permitting|accepting|exposing|admitting|letting|opening) /.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "Firewall rules: is there a rule covering 0.0.0.0 – 255.255.255.255?": one rule spanning every address.
  if (/ (?:any|(?:are|is) there) (?:[a-z0-9.]+ ){0,4}(?:covering|spanning|including) (?:0\.0[ .]0\.0|all (?:ip )?addresses|every (?:ip )?address|the (?:whole|entire) internet|any ip)/.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "Have other resources than the foreseen ones a public IP?": the ones beyond those approved are asked after.
  if (/ (?:other|more|further|additional) (?:[a-z0-9.]+ ){0,3}?than (?:the |those |our |your )?(?:approved|intended|foreseen|expected|planned|allowed|permitted|authori[sz]ed|listed|documented|designated|sanctioned|agreed) /.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "Is a public IP attached to a VM, NIC or other resource apart from your approved entry points?" likewise.
  if (/ (?:other|another|any other|any) (?:[a-z0-9.]+ ){0,3}?(?:resources?|things?|components?|services?|systems?|hosts?|machines?) (?:apart from|other than|besides|except|aside from|outside|beyond) (?:the |your |our |those )?(?:approved|intended|foreseen|expected|allowed|permitted|authori[sz]ed|listed|documented|designated|sanctioned|agreed) /.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "Is RDP (3389) or SSH (22) access from the Internet permitted by any network security group?": the admin port let in.
  if (/ (?:rdp|ssh|remote desktop|3389|22)(?: [a-z0-9.]+){0,6}? (?:permitted|allowed|open|reachable|exposed|accessible) (?:by|on|from|to|in|via) /.test(lower) && !/ (?:not|never|n t|no|nowhere|cannot|blocked|denied) /.test(lower)) return 'negative'
  // "Apart from the gateway, will we find any other public IPs attached to resources?": one to be found.
  if (/ (?:find|see|discover|spot|come across|turn up|uncover) (?:any|an?|other|any other|some)(?: other)? (?:[a-z]+ ){0,2}?(?:public ips?|public ip address(?:es)?|public endpoints?|open ports?|internet facing|exposed) /.test(lower) && !/ (?:not|never|n t|no) /.test(lower)) return 'negative'
  // "Is there a firewall rule on the SQL server which permits all IP addresses?" likewise.
  if (/ (?:are|is) there (?:[a-z0-9.]+ ){1,8}?(?:that|which|who) (?:permits?|allows?|accepts?|exposes?|admits?|lets?|opens?) /.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "Are there keys in your vaults that have no rotation schedule?": an instance without the safeguard.
  // "…accounts that don't restrict public network access in any way?" likewise.
  // "Is there at least one account whose backups would not survive…?" likewise.
  if (/ (?:are|is) there (?:.* )?(?:that|which|with|where|whose)(?: [a-z0-9.]+){0,3}? (?:(?:have|has|had) )?(?:no|not|never|without|lack|lacks|don t|doesn t|didn t|do not|does not|did not|isn t|aren t|is not|are not|wasn t) /.test(lower) && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "…WAFs in Prevention mode, with none left in Detection-only or disabled?": no instance left in the hazard.
  const noneLeft = / (?:with|and) (?:none|not one)(?: of them)? (?:left |still |remaining |set |running |kept )?(.+)$/.exec(lower)
  if (noneLeft && (hazardsIn(noneLeft[1]!).length > 0 || polarityCues(noneLeft[1]!).length > 0 || letsHazardIn(` ${noneLeft[1]!}`))) return 'positive'
  // "As soon as a client tries to connect with TLS 1.0, do your servers refuse it?": the hazard tried, and refused.
  if (/ (?:refuse|refuses|reject|rejects|block|blocks|deny|denies|drop|drops|decline|declines) (?:it|them|that|those|the (?:connection|request|attempt|handshake|client)s?) $/.test(lower) && !/ (?:not|never|n t) /.test(lower) &&
    (hazardsIn(text).length > 0 || / (?:tls 1\.[01]|ssl|plain http|unencrypted|anonymous) /.test(lower))) return 'positive'
  // "…encrypted with TLS 1.2 or later, with no fallback to older protocols or plain HTTP?": a hazard ruled out.
  const ruledOut = / (?:with|having|and) no ((?:[a-z0-9.]+ ){1,6})/.exec(lower)
  if (ruledOut && (/^(?:fallback|downgrade|exceptions?) /.test(ruledOut[1]!) || hazardsIn(ruledOut[1]!).length > 0 || hazardObjectsIn(ruledOut[1]!).length > 0)) return 'positive'
  // "Only managed identities for Service Bus, no SAS keys?", "Key Vault: no public access?": a terse clause of
  // its own that rules a hazard out.
  const terseNo = /(?:[,;:–—]|\s-)\s*no\s+([a-z][^,;:?()–—]{1,59})/i.exec(text)
  if (terseNo && !ruledOut && (hazardsIn(terseNo[1]!).length > 0 || hazardObjectsIn(terseNo[1]!).length > 0) && safeguardObjectsIn(terseNo[1]!).length === 0) return 'positive'
  // "Are keys stored with no rotation policy?": a safeguard missing.
  if (ruledOut && safeguardObjectsIn(ruledOut[1]!).length > 0 && ESTATE_NOUNS(text).length > 0) return 'negative'
  // "…would purge protection stop me from permanently destroying your keys?": a safeguard keeping someone from the hazard.
  if (/(?<! not| never| t) (?:stop|stops|prevent|prevents|keep|keeps|block|blocks) (?:me|us|them|you|him|her|it|anyone|anybody|someone|somebody|an? (?:attacker|admin|administrator|insider|intruder)) from /.test(lower)) return 'positive'
  // "Are encryption keys protected against accidental deletion…?": protection from a hazard is a safeguard.
  if (/(?<! not| never| t| un) (?:protected|protection|safeguarded|guarded|shielded|secured) (?:against|from) /.test(lower)) return 'positive'
  // "Svc Bus: SAS keys off?": a terse row naming a hazard and "off".
  if (/ (?:sas(?: keys?| tokens?)?|shared (?:access )?keys?|access keys?|account keys?|local auth(?:entication)?|public (?:network )?access|public endpoints?|tls 1\.[01]|legacy tls|ftp|basic auth(?:entication)?|remote debugging|anonymous access) (?:off|disabled|removed|turned off|switched off) /.test(lower)) return 'positive'
  // "Switched off" / "disabled": a safeguard when what is off is itself a hazard (public access, local
  // authentication, TLS 1.0), the hazard when it is a safeguard (TDE, auditing, purge protection).
  // Neither known: the phrase lists below decide ("disabled" reads as a safeguard there).
  if (offPhrasesIn(text).length > 0) {
    if (hazardObjectsIn(text).length > 0) return 'positive'
    if (safeguardObjectsIn(text).length > 0) return 'negative'
  }
  // "…over a window of no less than 35 days": at least, not a shortfall.
  const floor = lower.replace(/ (?:no|not|never) (?:less|fewer|shorter)(?: often| frequently)? (?:than|then) /g, ' at least ')
  if (SHORTFALL.test(floor) && SHORTFALL_SUBJECTS.test(floor)) return 'negative'
  // "Could an attacker on the internet reach SSH…?": what an outsider could do.
  // Not "would an intruder's access leave an audit trail?": the access is the subject, the trail what is asked.
  if (/ (?:could|can|would) (?:an? |the |any )?(?:attacker|anyone|anybody|someone|somebody|outsider|adversary|hacker|intruder|stranger)s? (?!s )/.test(lower)) return 'negative'
  // "…would a stolen SAS connection string let an adversary send messages?": what it lets an outsider do.
  if (/ (?:let|lets|allow|allows|enable|enables|give|gives) (?:an? |the |any )?(?:attacker|adversary|hacker|intruder|outsider|anyone|anybody|someone|somebody|thief|stranger)s? /.test(lower)) return 'negative'
  // "Do your engineers connect to the databases over the public internet?": the vendor's people reaching in from outside.
  if (/^ (?:do|does|can|could|will|would) (?:your|the|you|any of your) ?(?:engineers?|admins?|administrators?|staff|employees|developers?|operators?|support(?: staff| team| engineers)?|team|people|dbas?)? (?:ever )?(?:connect|log in|log into|logs into|sign in|sign into|access|reach|administer|manage|query)\b(?: [a-z0-9.]+){0,6}? (?:over|from|via|across) the (?:public |open )?internet /.test(lower) && !/ (?:only|vpn|bastion|private|never|not) /.test(lower)) return 'negative'
  // "Could an unauthenticated user list blobs…?": what someone without the right to could do.
  if (/ (?:could|can|would|may|might) (?:an? |the |any )?(?:unauthenticated|anonymous|unauthori[sz]ed|external|outside|malicious|rogue|untrusted) (?:user|users|person|people|party|parties|client|clients|actor|actors|caller|callers) /.test(lower)) return 'negative'
  // "…could they connect to it over the public internet?": someone reaching in from outside.
  if (/ (?:could|can|would|will) (?:they|anyone|anybody|someone|somebody|people|others|outsiders) (?:[a-z]+ ){0,3}?(?:connect|reach|access|read|list|download|log in|sign in|query|call)\b(?: [a-z0-9.]+){0,6}? (?:over|from|via) the (?:public )?(?:internet|public network|outside) /.test(lower)) return 'negative'
  // "Could an analytics vendor's ETL tool connect to your PostgreSQL servers over the public internet?", "Can
  // support engineers connect … over a public endpoint, e.g. from home?": someone reaching in from outside.
  if (/ (?:could|can|would|will|may|might) (?:an? |the |any |some |their |your |our )?(?:[a-z]+ ){0,5}?(?:connect|reach|access|query|log in|sign in|call|get|rdp|ssh)\b(?: [a-z0-9.]+){0,8}? (?:over|from|via|across|through) (?:the (?:public |open )?internet|an? public (?:endpoint|ip|network)|public (?:endpoints?|ips?|networks?)|home|anywhere) /.test(lower) && !/ (?:only|vpn|bastion|private|never|not|n t) /.test(lower)) return 'negative'
  // "…your Key Vaults accept connections from the whole internet?": traffic from anywhere let in.
  if (/ (?:accept|accepts|accepting|allow|allows|allowing|admit|admits|take|takes|let|lets) (?:in )?(?:[a-z]+ ){0,2}?(?:connections?|traffic|requests?|calls?|logins?) from (?:the )?(?:whole |entire |open |public |wider )?(?:internet|anywhere|any ip|every ip address|all networks|any network|the world) /.test(lower) && !/ (?:not|never|no longer|n t|only|cannot|can not) /.test(lower)) return 'negative'
  // "Have you neglected to switch on auditing for any server?", "…omitted to enable…": the safeguard not done.
  if (/ (?:neglect|neglects|neglected|neglecting|omit|omits|omitted|omitting|forgot|forgotten|forget|forgets) to /.test(lower) && !/ (?:never|not) (?:neglect|omit|forg)/.test(lower)) return 'negative'
  // "Can a client sitting on the public internet open a connection…?": someone outside reaching in.
  // After a lead ("Message path Functions → Service Bus: can a client…?") likewise.
  const afterLead = ` ${words(text.slice(text.lastIndexOf(':') + 1)).join(' ')} `
  if (/^ (?:could|can|would|will|may|might) (?:an? |any |some )(?:[a-z]+ ){0,3}?(?:on|from) the (?:public |open )?internet /.test(afterLead)) return 'negative'
  // "Are you unable to restore…", "do any systems fail to enforce…": the safeguard missing.
  if (/ (?:unable|not able|fail|fails|failed|failing) to (?:restore|recover|enforce|encrypt|rotate|log|audit|block|detect|retain|keep|protect|meet|require|reject|refuse|disable|apply|use) /.test(lower)) return 'negative'
  // "If an attacker obtained a key, could they read the data?": the outsider is still the one acting. Not
  // "…would the firewall block it?", where the safeguard acts.
  if (/ if (?:an? |the |any |some )?(?:attacker|anyone|anybody|someone|somebody|outsider|adversary|hacker|intruder|thief)s? .* (?:would|could|can|will) (?:they|he|she|them|it be possible|that person) /.test(lower)) return 'negative'
  // "…merely log attacks instead of blocking them?": the safeguard is what is not done.
  if (/ (?:instead of|rather than) (?:block|blocking|blocks|prevent|preventing|reject|rejecting|deny|denying|encrypt|encrypting|rotat\w*|enforc\w*) /.test(lower)) return 'negative'
  // "Accessed using shared account keys rather than individual identities?": the side the hazard is on says
  // which is asked after ("managed identities rather than account keys" is the safeguard).
  const instead = / (?:rather than|instead of) /.exec(lower)
  if (instead) {
    // "…authenticate with a shared key instead of a managed identity?": a hazard's object names its side too.
    const head = lower.slice(0, instead.index + 1)
    const refused = / (?:block|blocks|blocked|disabled|denied|deny|off|refused|rejected|prevented|prohibited|restricted|closed) /.test(head)
    const rest = lower.slice(instead.index + instead[0].length - 1)
    const before = (hazardsIn(head).length > 0 && !refused) || letsHazardIn(head) || (hazardObjectsIn(head).length > 0 && !refused && (safeguardsIn(rest).length > 0 || / (?:managed identit\w*|entra|individual identit\w*|private (?:endpoints?|access|network\w*)) /.test(rest)))
    const after = hazardsIn(rest).length > 0 || / (?:merely|just|only) (?:log|logs|logging|detect|detects|detecting|monitor|monitors|alert|alerts) /.test(rest)
    if (before !== after) return before ? 'negative' : 'positive'
  }
  // "Authenticate without stored credentials" is the safeguard (managed identities); plain "without
  // credentials" could be either ("reached without credentials"), so only these say so.
  if (/ without (?:stored|storing|embedded|hard coded|hardcoded|long lived) (?:credentials|secrets|keys|passwords) /.test(lower)) return 'positive'
  // "Would an outage of your primary region take the backups down with it?", "could a single regional outage
  // destroy every copy…?": what a failure would destroy.
  if (/ (?:would|could|can|might|will) (?:an?|the|one|a single) (?:[a-z0-9]+ ){0,4}(?:outage|failure|loss|disaster|incident) /.test(lower)) return 'negative'
  // "the only copy" is the hazard of one copy, not "the only way in".
  const safeguard = safeguardsIn(text.replace(/\bthe only (cop(?:y|ies))\b/gi, 'only $1')).length > 0
  // A hazard said to be on or let in ("public network access enabled on any account", "do storage accounts
  // permit TLS 1.0 clients?"); said not to be ("not allowed", "does not accept"), it is the safeguard above.
  const letIn = letsHazardIn(lower)
  // "…block attacks, not merely log them": merely logging is the hazard, "not merely" the safeguard.
  const merely = / (?:merely|just|only) (?:log|logs|logging|detect|detects|detecting|monitor|monitors|alert|alerts) /.exec(lower)
  // Read on the whole question: the contrast set aside above (NOT_JUST) is what says so.
  const notMerely = /\bnot (?:merely|just|only|simply) (?:sitting in detection|(?:log|logs|logging|detect|detects|detecting|monitor|monitors|monitoring|alert|alerts|watch|watches|watching|observe|observes|observing|flag|flags|flagging)\b)/i.test(question)
  if (notMerely) return 'positive'
  const hazard = hazardsIn(text).length > 0 || letIn || merely !== null || EXPOSED_ASK.test(lower)
  if (safeguard === hazard) return null
  return safeguard ? 'positive' : 'negative'
}

/** A version under the TLS floor, said as a bound: "below 1.2", "older than TLS 1.2", "prior to 1.2". */
const UNDER_TLS_FLOOR = String.raw`(?:below|(?:older|lower|earlier|weaker) than|prior to) (?:tls )?1\.[0-2]`
/** "Nothing below 1.2", "no client … older than TLS 1.2", "none up to 1.1", "not lower than TLS 1.2". */
const OLD_TLS_RULED_OUT = new RegExp(String.raw` (?:nothing|none|no(?: [a-z]+){1,3}?)(?: [a-z]+){0,4}? (?:${UNDER_TLS_FLOOR}|up to(?: and including)? (?:tls )?1\.[0-2]) | not ${UNDER_TLS_FLOOR} `)
/** "Refusing TLS below 1.2", "anything older than 1.2 rejected". */
const OLD_TLS_REFUSED = new RegExp(String.raw` (?:refuse|refuses|refusing|refused|reject|rejects|rejecting|rejected|block|blocks|blocking|blocked|deny|denies|denying|denied|drop|drops|dropping|disallow|disallows|disallowing) (?:[a-z0-9.]+ ){0,4}?${UNDER_TLS_FLOOR} | ${UNDER_TLS_FLOOR} (?:[a-z0-9.]+ ){0,3}?(?:refused|rejected|blocked|denied|disallowed|dropped|turned away) `)

/** A watch-only mode ended: "detection-only mode been disabled", "switched out of detection mode". */
const WATCH_ONLY_ENDED = / (?:(?:detection|detect|log|logging|monitor|monitoring|audit) only|detection) (?:(?:waf|firewall|policy) )?mode (?:(?!or |and |but )[a-z]+ ){0,6}?(?:(?:been|is|are|was|were|now|fully) )?(?:disabled|switched off|turned off|removed|retired|abandoned|dropped) | (?:moved|taken|switched|changed|brought|migrated) (?:[a-z0-9.]+ ){0,4}?out of (?:the )?(?:(?:detection|detect|log|logging|monitor|monitoring|audit) only|detection) (?:mode )?/

/** Whether a row states a risk and asks whether it is mitigated or open ("…Mitigated? Y/N", "Is the risk open?"). */
export function riskAsked(text: string): boolean {
  return RISK_MITIGATED.test(text) || RISK_OPEN.test(text)
}

/** A last ask of whether a stated risk is mitigated ("Mitigated (account keys disabled)? Y/N", "Is a control in place?"). */
const RISK_MITIGATED = /\b(?:mitigated|remediated|addressed|treated|controlled|resolved|fixed|risk closed|(?:(?:is|are) (?:there )?)?(?:an? |any |the )?(?:(?:preventive|preventative|compensating|mitigating|technical) )?(?:controls?|safeguards?|countermeasures?|mitigations?|measures?) in place)\b(?:\s*\([^()]*\))?(?:\s+(?:by|through|via)\b[^?]*)?\?\s*(?:\(?(?:y\s*\/\s*n|yes\s*\/\s*no)\)?)?\s*$/i
/** …or whether it is open ("Is this risk currently open? Y/N", "Is the exposure present?", "Does the exposure exist today?", "Is this still the case?" after a risk). */
const RISK_OPEN = /\b(?:is|are) (?:this|the|that|these|those) (?:risks?|exposures?|issues?|gaps?|weakness(?:es)?|threats?|scenarios?|findings?|alerts?|misconfigurations?|deviations?|recommendations?) (?:currently |still )?(?:open|present|live|unmitigated|outstanding|unresolved|reali[sz]ed|possible|active|unhealthy|flagged|raised|failing)\b|\b(?:does|do) (?:this|the|that|these|those) (?:risks?|exposures?|issues?|gaps?|weakness(?:es)?|threats?|scenarios?|findings?|misconfigurations?) (?:currently |still )?exists?\b|^\s*risk\b[^?]*\b(?:is|are) (?:this|that|it) (?:still |currently )?the case\b/i

/**
 * "Are storage accounts reachable from the public internet?": what can be reached from outside is asked
 * after. Not "not reachable from…", nor beside "only" ("the gateway the only component exposed to the internet?"):
 * safeguards.
 */
const EXPOSED_ASK = /^(?!.* only ).* (?<!not |never |no longer |t |not directly |never directly )(?:reachable|accessible|exposed|open)(?: to access| for access| to connections| to traffic)? (?:from|over|via|to) (?:the )?(?:public )?(?:internet|public networks?|all networks|any network|every network|the world|everyone|anyone) /

const processCuesIn = phrasesIn(PROCESS_CUES)
/** Where "document" names a kind of database, not a written one ("keys disabled on your document database accounts?"). */
const DOCUMENT_STORE = /\bdocument[\s-]+(?:\([^()]{1,20}\)\s*)?(?:databases?|dbs?|stores?|model)\b/gi
/** Nor "policy" where it names a setting ("WAF policy … set to Prevention mode", "rotation policy"). */
const SETTING_POLICY = /\b(?:rotation|retention|backup|lifecycle|access|network|firewall|tls|ssl|waf|security)polic(?:y|ies)\b|\ballowed[ -](?:locations?|regions?)['’"”]?\s+polic(?:y|ies)\b|(?<=\brotat\w*\b[^?]{0,40})\bby (?:a |the |an? automatic |its |their )?polic(?:y|ies)\b|\b(?:waf|waf security|web application firewall|rotation|retention|backup|lifecycle|access|network|firewall|tls|ssl|cors|ltr|azure|key vault access|conditional access) polic(?:y|ies)\b|\bpolicy export\b|\bpolicy settings\b/gi
/** Nor "approved" where it names what a setting allows ("approved networks", "the approved ingress point"). */
const APPROVED_SETTING = /\bapproved (?:[a-z-]+ ){0,2}?(?:networks?|entry points?|ingress(?: points?)?|regions?|locations?|ip(?:s| addresses| ranges)?|addresses|address ranges|(?:allow[ -]?)?lists?|endpoints?|gateways?|sources?|subnets?|virtual networks?|vnets?|components?|resources?)\b|\b(?:regions?|locations?|networks?|ip(?:s| addresses| ranges)?|addresses|endpoints?|entry points?)\s+(?:(?:we|you|they|the customer|customers)\s+)?(?:have\s+|has\s+)?approved\b/gi
/** Nor the buyer's own documents, which frame the ask ("Our policy requires logs kept 90 days. Do you meet this?"). */
const BUYERS_OWN = /\b(?:our|my) (?:own |internal |corporate |security |company |[a-z]+-[a-z]+ |data residency |data protection |procurement |vendor |supplier )?(?:polic(?:y|ies)|standards?|contracts?|requirements?|procedures?)\b/gi
/** Nor the list of accepted exceptions, which the results hold ("not on your documented exception list"). */
const EXCEPTION_LIST = /\b(?:documented |approved |accepted |formal )?exceptions? (?:list|register|log)s?\b/gi
/** Nor "audited" where it says activity is recorded ("activity on your SQL servers is audited"), not that an auditor looked. */
const ACTIVITY_AUDITED = /\b(?:activity|activities|access|actions|events|operations|queries|changes|sign-ins|logins|connections|requests)\b(?: (?:on|to|in|of|against|at) (?:[\w-]+ ){0,5}?[\w-]+)? (?:is|are|gets|get|being|be) (?:fully |always |all )?audited\b/gi
/** Nor Front Door's "security policy", the resource that ties an endpoint to its WAF policy. */
const FRONT_DOOR_POLICY = /(?<=\b(?:the|a|its|each|every|their|profile's|endpoint's|door|afd|under) )security polic(?:y|ies)\b(?=[^?]*\b(?:front door|afd|waf)\b)|(?<=\b(?:front door|afd|waf)\b[^?]*\b(?:the|a|its|each|every|their|profile's|endpoint's|door|afd|under) )security polic(?:y|ies)\b/gi
export const processCues = (text: string): string[] => processCuesIn(text.replace(FRONT_DOOR_POLICY, ' ').replace(SNAKE_CASE, '$1 ').replace(DOCUMENT_STORE, ' ').replace(SETTING_POLICY, ' ').replace(APPROVED_SETTING, ' ').replace(BUYERS_OWN, ' ').replace(EXCEPTION_LIST, ' ').replace(ACTIVITY_AUDITED, ' '))

const cuesIn = phrasesIn(POLARITY_CUES)
/** A cue said not to hold ("TLS 1.2 or higher, no cleartext HTTP"): the safeguard, not the hazard, is asked. */
const NEGATED_CUE = new RegExp(String.raw`\b(?:no|not|never|nor)\s+(?:any\s+)?(?:${POLARITY_CUES.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s-]+')).join('|')})\b`, 'gi')
/** "…still be available from another region?": what survives a loss, not a hazard still let in. */
const STILL_FINE = /\bstill (?:be |remain |stay )?(?:available|accessible from another|recoverable|restorable|restored|intact|usable|retrievable)\b|\bstill (?:hold|have|keep|retain|own) (?:[a-z]+ ){0,3}?(?:backups?|copies|copy|replicas?)\b/gi
// "…blocking attacks, not just sitting in detection mode?": the contrast said in passing is not the ask.
// "…permitted by any network security group?": a network security group, not "any network".
// "Are logs kept 365 days, so an incident found months later can still be investigated?": the reason given is not
// the ask (questionPolarity reads it for the way asked only where the main clause says neither).
export const polarityCues = (text: string): string[] => cuesIn(text.replace(PURPOSE_AFTER, '').replace(NOT_JUST, ' ').replace(/\bany network security groups?\b/gi, 'any NSG').replace(NEGATED_CUE, ' ').replace(STILL_FINE, ' '))

/** "…on all externally reachable services", "in front of every internet-facing endpoint": which ones, not a state asked. */
const EXPOSED_SCOPE = /\b(on|to|for|of|in front of|across|at) (?:(all|every|each|any|the|our|your) )?(?:externally|publicly|internet)[\s-]*(?:reachable|exposed|accessible|facing)\s+(services?|endpoints?|apis?|resources?|components?|applications?|apps?|hosts?|interfaces?|systems?|workloads?)\b/gi
/** "Do all externally reachable services enforce TLS 1.2…?": the same scope as the subject asked about. */
const EXPOSED_SUBJECT = /^(\s*(?:do|does|are|is|will|can|must|shall|should)\s+)(all|every|each|any|the|our|your)\s+(?:externally|publicly|internet)[\s-]*(?:reachable|exposed|accessible|facing)\s+(services?|endpoints?|apis?|resources?|components?|applications?|apps?|hosts?|interfaces?|systems?|workloads?)\b/i
/** A safeguard asked of a set of things: encryption, TLS, a firewall, authentication. */
const SAFEGUARD_ASKED = /\b(?:tls|ssl|https|encrypt\w*|waf|web application firewall|authenticat\w*|certificates?)\b/i

/**
 * The question with its scope taken as scope: "Is TLS 1.2 enforced on all externally reachable services?"
 * asks whether TLS holds on those services, not whether they are reachable. Unchanged when no safeguard is asked.
 */
export function withoutExposedScope(text: string): string {
  if (!SAFEGUARD_ASKED.test(text)) return text
  return text
    .replace(EXPOSED_SCOPE, (_m, prep: string, det: string | undefined, noun: string) => `${prep} ${det ? `${det} ` : ''}${noun}`)
    .replace(EXPOSED_SUBJECT, (_m, verb: string, det: string, noun: string) => `${verb}${det} ${noun}`)
}

/**
 * Out-of-scope terms present in the text (whole-word, case-insensitive), singular or plural: "workstations"
 * is as far outside the cloud estate as "workstation". A term is reported as the list spells it.
 */
export const outOfScopeTerms: (text: string) => string[] = (() => {
  const plural = (t: string): string => (/(s|x|ch|sh)$/.test(t) ? `${t}es` : t.endsWith('y') && !/[aeiou]y$/.test(t) ? `${t.slice(0, -1)}ies` : `${t}s`)
  const forms = OUT_OF_SCOPE_TERMS.flatMap((t) => [t, plural(t)])
  const canonical = new Map(OUT_OF_SCOPE_TERMS.flatMap((t) => [[t, t], [plural(t), t]] as const))
  const found = phrasesIn(forms)
  // "Deprecated by our security office": the buyer's office is a team, not premises.
  // Nor is Remote Desktop (RDP) a desktop computer.
  const team = /\b(?:security|privacy|compliance|program|programme|project|risk|audit|procurement) offices?\b|\boffice of\b|\bremote desktop\b|\bremote(?:[- ]control)? sessions?\b/gi
  return (text) => {
    const terms = found(text.replace(team, ' ')).map((t) => canonical.get(t)!)
    // What happened before, or is planned: the results show the estate as it is now.
    if (HISTORY.test(text) || PAST_PERIOD.test(text)) terms.push('the past')
    if (PLANS.test(text)) terms.push('plans')
    if (COMMITMENT.test(text)) terms.push('a commitment for the term')
    if (NAMED_SCOPE.test(text) && !EVERY_NAME.test(text)) terms.push('resources chosen by name or tag')
    if (ACTIVITY.test(text)) terms.push('activity')
    const asked = askedPart(text)
    if (NOTICE.test(asked)) terms.push('notice')
    if (PROVIDER_ACTS.test(text)) terms.push("the provider's operations")
    // "Why was 35 days chosen?", "the business justification for…": a reason asked, unless what is asked the
    // reason for is itself a hazard ("Why do you only keep a week of backups?"), which the evidence can deny.
    const why = WHY_LEAD.exec(` ${words(asked).join(' ')} `)
    if (why && questionPolarity(why[1]!) !== 'negative') terms.push('reasons')
    return [...new Set(terms)]
  }
})()

/** "In the past 12 months, was any key compromised?", "Have you ever…?": a question about what happened. */
const HISTORY = /\b(?:in|during|over|within) the (?:past|last|previous|preceding) (?:\d+|twelve|six|three|two|few)?\s*(?:months?|years?|quarters?|weeks?)\b[^?]*\b(?:was|were|did|had|has there|have there|have you|has your|how many|incidents?|breach(?:es)?|compromised?)\b|\bhave you ever\b|\bhave you (?:rehearsed|practi[sc]ed|exercised|drilled|simulated|conducted|carried out|performed|run|tested)\b|\bhas (?:there|your [a-z]+) ever\b|\b(?:was|were) there ever\b|\bever been (?:breached|compromised|hacked|attacked)\b/i
/** "…would they have accepted TLS 1.0 last quarter?", "at every point during the observation window": a time gone by. */
const PAST_PERIOD = /\b(?:would|could|might) (?:[a-z]+ ){0,4}have (?:[a-z]+ed|been)\b[^?]*\b(?:last|previous|prior) (?:quarter|month|week|year)\b|\bat (?:every|any) (?:point|time) (?:during|throughout|in) the\b/i
/** "How many malicious requests per month does the WAF block?": traffic and events counted, which no setting shows. */
const ACTIVITY = /\b(?:how many|number of|count of|volume of|what (?:number|volume|percentage|share) of)\s+(?:[a-z-]+\s+){0,3}?(?:requests|attacks|attempts|incidents|alerts|events|logins|sign-ins|queries|calls|hits|threats|blocks)\b|\b(?:requests|attacks|attempts|events|alerts)\s+(?:are |were )?(?:blocked|detected|received|logged|raised)\s+(?:per|each|every|a)\s+(?:day|week|month|year)\b/i
/** "Do you plan to extend Defender…?", "…on your roadmap?": what the company means to do. */
/**
 * "Will you notify us before changing how our data is encrypted?", "advance notice of region changes": a promise
 * to tell the buyer is a process and a contract term; the setting as it is now does not show it.
 */
const NOTICE = /\b(?:will|would|do|does|can|shall) (?:you|the vendor|the supplier|the provider|your (?:team|company|organi[sz]ation)) (?:(?:promptly|proactively|always|also|then) )?(?:notify|tell|inform|alert|warn|advise|contact|email|e-mail) (?:us|the customer|customers|the buyer|our)\b(?!,?\s+(?:which|what|how|whether|where|who|about (?:your|the) current)\b)|\blet us know\b(?!,?\s+(?:whether|if|which|what|how|the|your|about|where|who))|\b(?:advance|advanced|prior) (?:notice|notification|warning)\b|\bnotify us\b|\bgive us (?:notice|warning)\b|\bkeep us (?:informed|posted|updated)\b/i

/**
 * "Does Microsoft rotate the platform-managed keys?", "Can Microsoft personnel access the key material?": what
 * the cloud provider itself does, which its own reports attest and the estate's settings do not show.
 */
const PROVIDER_ACTS = /\b(?:does|do|will|can|could|would|may|might)\s+(?:microsoft|azure|the cloud provider|your (?:cloud |hosting )?provider)(?:['’]s)?\s+(?:(?:own\s+)?(?:personnel|staff|engineers|employees|support(?:\s+staff|\s+engineers)?|operators|administrators|admins)\s+)?(?:ever\s+)?(?:rotate|keep|hold|access|see|read|back up|store|manage|patch|run|operate|maintain|monitor|view|retain)\b/i

/**
 * The sentence that asks, without what leads to it ("You'd have to notify us before changing encryption, so as
 * things stand: are the databases encrypted today?" asks the setting): the last one holding a question mark.
 */
function askedPart(text: string): string {
  const parts = text.split(ASK_END).filter((p) => p.trim() !== '')
  return [...parts].reverse().find((p) => p.includes('?')) ?? parts.at(-1) ?? text
}

/** "…disabled for the full term of the Agreement?", "Do you commit to maintaining…?": a promise about the future, which today's results do not make. */
const COMMITMENT = /\b(?:for|during|throughout|over) the (?:full |entire |whole |initial )?(?:term|duration|life(?:time)?)(?: of the (?:agreement|contract|engagement|subscription|relationship))?\b|\b(?:for|during) the (?:duration|life(?:time)?) of\b|\bdo you (?:commit|undertake|promise|agree) to\b|\bwill you (?:commit|undertake|promise|agree) to\b|\b(?:do you|will you) (?:guarantee|warrant) (?:that )?(?:you will|it will|they will)\b/i
/** "all SQL servers named sql-prod-*", "every resource tagged env=prod": a scope the results do not select by. */
// (A cell's Markdown reading may have taken the "*" already, leaving "rg-tenant- key vault".)
const NAMED_SCOPE = /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:\*|\s(?!and\b|or\b|to\b))|\b(?:named|prefixed|suffixed)\s+['"‘“]?[\w-]+\*|\btagged\s+['"‘“]?[\w.-]+\s*[=:]|\bwith (?:the )?tags?\s+['"‘“]?[\w.-]+\s*[=:]/i
/** "Regardless of naming (prod-*, …)", "not only nsg-prod-*", "cosmos-* and any that don't follow the standard": every one of them. */
const EVERY_NAME = /\b(?:regardless of|irrespective of|whatever (?:its|their|the)|not (?:just|only)|and any (?:that|which|others?)|or any other|anything else|any that (?:do not|don['’]t))\b/i
const PLANS = /\b(?:do|does) (?:you|the vendor|your (?:company|organi[sz]ation|team)) (?:plan|intend|expect) to\b|\b(?:are|is) (?:you|the vendor) (?:planning|intending) to\b|\broadmap\b|\bplanned for\b/i


/**
 * Services a question can name, by the resource provider namespace their checks read. A question that names
 * one ("Are PostgreSQL backups kept 35 days?") is not answered from another's checks (Azure SQL's restore
 * window). Only a service's own name counts: "databases" alone names none (nor all) of them.
 */
// Platform words ("document store", "secrets store", "edge layer") are read as these names before (see PLATFORM_WORDS).
const SERVICE_FAMILIES: Record<string, string[]> = {
  'microsoft.sql': ['azure sql', 'sql server', 'sql servers', 'sql database', 'sql databases', 'mssql', 'sql', 'tde', 'transparent data encryption', 'tde protector'],
  'microsoft.dbforpostgresql': ['postgres', 'postgresql', 'psql', 'dbforpostgresql'],
  'microsoft.documentdb': ['cosmos', 'cosmos db', 'cosmosdb', 'documentdb', 'document database', 'document databases', 'document db', 'nosql'],
  'microsoft.servicebus': ['service bus', 'message broker', 'message brokers', 'broker', 'brokers', 'message queue', 'message queues', 'queue', 'queues', 'message bus', 'messaging', 'event bus'],
  'microsoft.keyvault': ['key vault', 'key vaults', 'vault', 'vaults', 'kms', 'key store', 'keystore', 'key management service'],
  'microsoft.storage': ['storage account', 'storage accounts', 'azure storage', 'blob', 'blobs', 'blob storage', 'object storage', 'bucket', 'buckets', 'file share', 'file shares', 'azure files'],
  'microsoft.cdn': ['front door', 'frontdoor', 'azure front door', 'cdn', 'azurefd'],
  'microsoft.web': ['web app', 'web apps', 'function app', 'function apps', 'app service', 'app services', 'azure functions'],
  'microsoft.app': ['container app', 'container apps'],
  'microsoft.network/applicationgateways': ['application gateway', 'application gateways', 'app gateway', 'appgw', 'api gateway'],
}
/** Phrases that use a family's word for something else ("SQL injection" is about code, not Azure SQL). */
const NOT_A_SERVICE = /\bsql[\s-]+injections?\b|\bpassword vaults?\b|\bnosql injections?\b|\b(?:backup|recovery services|recovery|hashicorp) vaults?\b/gi
const familyFinders = Object.entries(SERVICE_FAMILIES).map(([ns, terms]) => [ns, phrasesIn(terms)] as const)

/** Whether a phrase is only a service's name ("cosmos db", "key vault"): it says which service, not what about it. */
export function isServiceName(phrase: string): boolean {
  const p = words(phrase).join(' ')
  return Object.values(SERVICE_FAMILIES).some((terms) => terms.some((t) => words(t).join(' ') === p))
}

/** The family a resource type belongs to: the longest family key that is it or a prefix of it ("microsoft.sql/servers/databases" is "microsoft.sql"). */
export function familyOf(resourceType: string): string | undefined {
  const t = resourceType.toLowerCase()
  return Object.keys(SERVICE_FAMILIES).filter((k) => t === k || t.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0]
}

/**
 * The text without the services it sets aside: "Except for Cosmos DB, do your relational databases…?",
 * "Apart from the Application Gateway, are your Front Door endpoints…?" ask about the others.
 */
export function withoutExcepted(text: string): string {
  return text.replace(EXCEPTED, ' ')
}

/** What the text sets aside ("Apart from Cosmos DB, …" gives "Cosmos DB"), or "". */
export function exceptedIn(text: string): string {
  return [...text.matchAll(EXCEPTED)].map((m) => m[0].replace(/^\s*(?:except(?: for)?|apart from|other than|aside from|besides|excluding|with the exception of)\s+/i, '')).join('; ')
}

/** Whether the text sets a service or component aside ("other than the API gateway", "apart from the gateway"). */
export function setsAside(text: string): boolean {
  return withoutExcepted(text) !== text
}

/**
 * What a question sets aside, up to where it goes on to ask: a comma, a verb, or the state asked of the rest
 * ("Is any component other than the API gateway reachable from the internet?" sets aside the gateway, not
 * "reachable from the internet").
 */
const EXCEPTED = /\b(?:except(?: for)?|apart from|other than|aside from|besides|excluding|with the exception of)\s+(?:the\s+|your\s+|our\s+)?[^,;?]{1,40}?(?=\s*[,;?]|\s+(?:are|is|do|does|have|has|can|could|will|would|should|must|was|were|be|been|reachable|exposed|accessible|available|visible|open|public|publicly|directly|accepts?|accepting|allows?|allowing|permits?|permitting|listens?|listening|configured|enabled|disabled|encrypted|protected|covered|kept|retained|stored|hosted|located|deployed|running|uses?|using|used|from|to|via|through|over|that|which|who|with|without|within)\b)/gi

const LISTED_MEMBERS = /\b(?:allow[\s-]?lists?|approved (?:[a-z-]+ ){0,2}?(?:lists?|entry points?|endpoints?|resources?)|exception lists?)\s*\([^()]{1,60}\)/gi

/** The namespaces of the services a text names (empty: it names none of them). */
export function namedFamilies(text: string): Set<string> {
  // "…a WAF in front of your web apps": what the safeguard protects is not what the question is about.
  // "…on the approved allow-list (the API gateway)": what the list holds is not what the question is about.
  const plain = withoutExcepted(text).replace(NOT_A_SERVICE, ' ').replace(/\b(?:in front of|protecting|that protects|which protects)\b[^?.!,;]*/gi, ' ').replace(LISTED_MEMBERS, ' ')
  const named = new Set<string>(familyFinders.filter(([, found]) => found(plain).length > 0).map(([ns]) => ns))
  if (STORAGE_PRODUCT.test(plain)) named.add('microsoft.storage')
  // "min tls across ur dbs, storage and sb": "storage" in lower case, listed among other services, is the product.
  else if ((named.size > 0 || /\b(?:databases?|dbs?)\b/i.test(plain)) && LISTED_STORAGE.test(plain)) named.add('microsoft.storage')
  return named
}

/** The services' names as a question writes them, longest first ("Azure SQL servers", not also "SQL"). */
export function servicePhrases(text: string): string[] {
  const plain = withoutExcepted(text).replace(NOT_A_SERVICE, ' ')
  const found = familyFinders.flatMap(([, f]) => f(plain)).sort((a, b) => b.length - a.length)
  return found.filter((t, i) => !found.slice(0, i).some((longer) => ` ${words(longer).join(' ')} `.includes(` ${words(t).join(' ')} `)))
}

/**
 * "Are Key Vault and Storage closed to the public internet?": "Storage" capitalised mid-sentence is the
 * product's name; "data storage", "storage of backups" and a title-cased heading ("Data Storage") are not, nor
 * is "Defender for Storage", a Defender plan.
 */
const STORAGE_PRODUCT = /(?<=(?:\b[a-z]+|[,;/&(])\s+)(?<!\b[Dd]efender\s+for\s+)Storage\b(?!\s+(?:of|for)\b)/

/**
 * "storage" as an item of a list of services ("the databases, storage and Service Bus"), not a kind of storage
 * ("backup storage", "data storage", "storage of logs").
 */
const LISTED_STORAGE = /(?:[,;&+/]|\band|\bor)\s+storage\b(?!\s+(?:of|for)\b)|\b(?:your|our|ur|across|on)\s+storage\s*(?:[,;&+/]|\band\b|\bor\b)/i

/** Every name a service family goes by ("azure sql", "front door", "message broker"…). */
export function serviceTerms(): string[] {
  return Object.values(SERVICE_FAMILIES).flat()
}

/**
 * The text with the names of the other services among `asked` taken out: "PITR 35 days for Azure SQL and
 * PostgreSQL?" read for PostgreSQL alone. Longest names first, so "Azure SQL" goes whole.
 */
export function withoutOtherServices(text: string, keep: string, asked: readonly string[]): string {
  // "databases": the databases as a whole, asked beside named services.
  const names = (ns: string): string[] => (ns === 'databases' ? ['database servers', 'database server', 'databases', 'database', 'dbs', 'db'] : [...(SERVICE_FAMILIES[ns] ?? []), ...(ns === 'microsoft.storage' ? ['storage'] : [])])
  const terms = asked.filter((ns) => ns !== keep).flatMap(names).sort((a, b) => b.length - a.length)
  // "AppGW and AFD": a service's short name is taken out as its name is.
  let out = text.replace(/\b[a-z]{2,6}\b/gi, (w) => (SERVICE_SHORT_NAMES.has(w.toLowerCase()) ? CANONICAL[w.toLowerCase()]! : w))
  for (const t of terms) out = out.replace(new RegExp(`\\b${words(t).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s-]+')}\\b`, 'gi'), ' ')
  return out.replace(/\s+/g, ' ').trim()
}

/** Not at an abbreviation's point: "port (e.g. SSH or RDP) reachable…", "Art. 21", "Req. 4.2.1" go on one sentence. */
export const NOT_ABBREVIATION = String.raw`(?<!\b(?:[Ee]\.g|[Ii]\.e|[Cc]f|[Ii]ncl|[Aa]pprox|[Vv]s|[Aa]rt|[Rr]eq|[Ss]ec|[Nn]r)\.)`
const ASK_END = new RegExp(String.raw`(?<=[.?!:])${NOT_ABBREVIATION}\s+`)

/** The sentence that asks: the first one ending in "?" ("Are keys rotated? How often?" asks the first), else the last. */
const EVIDENCE_INSTRUCTION = /^(?:please\s+)?(?:(?:attach|upload|provide|include|supply|add|submit|enclose)\b[^.?]{0,40}\b(?:evidence|screenshots?|documents?|documentation|artefacts?|artifacts?|proof|exports?)\b[^.?]{0,40}|(?:evidence|screenshots?|documentation|supporting documents?)\s+(?:is\s+|are\s+)?(?:required|requested|needed|optional))[.!]?$/i

/** Heading lines above the ask, in capitals: "TRANSPORT SECURITY", "1.1 HOSTING". */
const HEADING_LINES = /^(?:[ \t]*(?:[\d.]+[ \t]+)?[^a-z\n?]*[A-Z]{2}[^a-z\n?]*\n)+(?=[^\n]*[a-z])/

export function primaryAsk(text: string): string {
  // "List the Defender plans enabled.\n• Plan name\n• Tier": the fields wanted, listed after the ask.
  const plain = text.replace(HEADING_LINES, '').replace(/(?<=[.?:])(?:[ \t]*\n[ \t]*[•·▪◦*-][ \t]*[^\n]*)+\s*$/, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' ').replace(/\s+/g, ' ').trim()
  // A blank to fill in ("…: ______") is not a sentence of its own.
  const all = plain.split(ASK_END).map((s) => s.trim()).filter((s) => /[a-z]/i.test(s))
  // "…Attach evidence.", "Screenshots required.": what to hand over with the answer, not the ask.
  const asks = all.filter((s) => !EVIDENCE_INSTRUCTION.test(s))
  const sentences = asks.length > 0 ? asks : all
  const asking = sentences.find((s) => s.endsWith('?'))
  return asking ?? sentences[sentences.length - 1] ?? plain
}

const YES_NO_ASK = /^(is|are|am|do|does|did|can|could|will|would|have|has|had|should|shall|must|may|might|was|were)\b/
/** "What …" asks for a value when it names one; "what measures…" / "what is your policy…" ask for a description. */
const VALUE_NOUNS =
  /\b(period|periods|frequency|retention|versions?|subscriptions|algorithms?|key lengths?|length|duration|interval|window|timeline|time ?frame|rto|rpo|objectives?|regions?|country|countries|locations?|providers?|platforms?|standards?|mechanisms?|protocols?|ciphers?|cipher suites?|percentage|ratio|proportion|share|fraction|number|schedule|sla|uptime|days|hours|minimum|maximum|min|max|ver)\b/
/** "What backup redundancy…", "what mode…": more kinds of value, after "what" only ("WAF in prevention mode?" asserts one). */
const WHAT_VALUE_NOUNS = /\b(mode|modes|redundancy|tier|tiers|plans|type|types|versión|versão|versie)(?![\w.])/
/** What a count of resources is asked after: the estate's own nouns ("how many key vaults…", "what percentage of databases…"). */
const COUNTED_NOUNS = String.raw`(?:databases?|dbs|servers?|accounts?|vaults?|keys|namespaces?|resources?|services?|apps?|applications?|gateways?|endpoints?|workspaces?|(?:public )?ip(?: address)?(?:es|s)?|addresses|nsgs?|network security groups?|queues?|brokers?|instances?|components?)`
// The words between "how many" and the noun name the kind ("Key Vault keys", "production SQL databases"), never a
// unit or a verb: "how many days are deleted keys kept" counts days.
const COUNT_MODIFIER = String.raw`(?:(?!(?:days?|weeks?|months?|years?|hours?|minutes?|times|copies|versions?|are|is|do|does|did|have|has|had|were|was|can|could|will|would|of|per)\b)[a-z]+(?:-[a-z]+)?\s+)`
// "How many of your SQL servers…" as well as "How many SQL servers…", and "Of your container apps, how many…".
const COUNT_ASK = new RegExp(String.raw`\b(?:how many|(?:the )?(?:number|count) of)\s+(?:of (?:your|the|our|its|their|these|those) )?${COUNT_MODIFIER}{0,3}${COUNTED_NOUNS}\b|\bof (?:your|the|our|its|their|these|those) ${COUNT_MODIFIER}{0,3}${COUNTED_NOUNS},? how many\b`, 'i')
const SHARE_ASK = new RegExp(String.raw`\b(?:percentage|per ?cent|proportion|share|fraction|ratio|%)\s+of\s+${COUNT_MODIFIER}{0,3}${COUNTED_NOUNS}\b`, 'i')

/**
 * Whether a question asks how many of the estate's resources meet something ("How many Service Bus namespaces
 * still accept SAS keys?") or what share of them do ("What percentage of key vaults have purge protection?"):
 * a count the findings give. Not "how many days…", a value of a setting.
 */
export function countAsked(text: string): 'count' | 'share' | null {
  const t = text.replace(/\s+/g, ' ')
  if (SHARE_ASK.test(t)) return 'share'
  return COUNT_ASK.test(t) ? 'count' : null
}

/**
 * Which resources a count asks after: those that meet the safeguard ("…have purge protection enabled?") or
 * those that fall short ("…have no rotation policy?", "…still accept SAS keys?"). Null when the words do not
 * say clearly: then no number is given, since the other count would be as easy to misread.
 */
export function countDirection(text: string): 'meeting' | 'short' | null {
  const t = text.replace(/\s+/g, ' ')
  const m = SHARE_ASK.exec(t) ?? COUNT_ASK.exec(t)
  if (!m) return null
  const noun = m[0].replace(/,?\s*how many$/i, '').replace(/^.*?\b(?:how many|number of|count of|of)\s+(?:of\s+)?/i, '')
  const predicate = t.slice(m.index + m[0].length)
  // The question as it is first ("…not reachable from the internet" is the safeguard); then the same words
  // asked of one instance ("Are there keys that have no rotation policy?").
  const asked = questionPolarity(t)
  if (asked !== null) return asked === 'negative' ? 'short' : 'meeting'
  if (questionPolarity(`Are there ${noun} that ${predicate.trim().replace(/^(?:that|which)\s+/i, '')}`) === 'negative') return 'short'
  const denied = /\b(?:no|not|never|none|without|lacks?|lacking|missing|fails?|failing|outside|unapproved|still|older|below|exceeds?|exceeding|beyond)\b|n['’]t\b/i
  return denied.test(predicate) || hazardsIn(predicate).length > 0 || letsHazardIn(` ${words(predicate).join(' ')} `) ? null : 'meeting'
}

/** The words of an extent to pick from: "All / Most / Few / None", "all, most, some or none". */
const EXTENT_WORD = String.raw`(?:all|every|each|most|many|some|few|half|none)`
const EXTENT_SEPARATOR = String.raw`\s*(?:,\s*(?:or\s+)?|\/|\bor\b|\|)\s*`
const EXTENT_LIST = String.raw`\b${EXTENT_WORD}\b(?:${EXTENT_SEPARATOR}\b${EXTENT_WORD}\b){1,5}`
/** The list before the ask ("Every / Most / Few / None: how many…"), after it ("…? (All / Some / None)"), or as the determiner ("Are all, most, some or none of your…"). */
const EXTENT_LEAD = new RegExp(String.raw`^\s*[([]?(${EXTENT_LIST})[)\]]?\s*[:—–-]\s*`, 'i')
const EXTENT_TAIL = new RegExp(String.raw`(?<=[?:,—–-])\s*[:—–-]?\s*[([]?(${EXTENT_LIST})(?: of them)?[)\]]?\s*[?.]?\s*$`, 'i')
const EXTENT_ASKED = new RegExp(String.raw`^\s*(are|is|do|does|have|has|can|could|will|would)\s+(${EXTENT_LIST})\s+of\s+(?=(?:your|the|our|its|their|these|those)\b)`, 'i')
const EXTENT_INLINE = new RegExp(String.raw`\b(${EXTENT_LIST})\s+of\s+(?=(?:your|the|our|its|their|these|those)\b)`, 'i')

/** The extents a list offers, as written, when it is one: three or more, or all and none. */
function extentsIn(list: string): string[] | null {
  const offered = list.split(new RegExp(EXTENT_SEPARATOR, 'i')).map((o) => o.trim()).filter((o) => o !== '')
  const lower = new Set(offered.map((o) => o.toLowerCase()))
  if (lower.size !== offered.length) return null
  const whole = lower.has('all') || lower.has('every') || lower.has('each')
  return whole && (offered.length >= 3 || lower.has('none')) ? offered : null
}

/**
 * A question that offers an extent to pick ("Every / Most / Few / None: how many of your key vaults can be
 * reached from any IP?", "Are all, most, some or none of your SQL databases encrypted with TDE?") asks how many:
 * the question as a count, and the extents offered when it is one. In a value ask ("What minimum TLS version is
 * enforced on all / most / some of your namespaces?") the list only widens the scope, and is read past.
 */
export function extentOffered(text: string): { text: string; extents: string[] | null } | null {
  const lead = EXTENT_LEAD.exec(text)
  const tail = lead ? null : EXTENT_TAIL.exec(text)
  const ask = lead || tail ? null : EXTENT_ASKED.exec(text)
  const inline = lead || tail || ask ? null : EXTENT_INLINE.exec(text)
  const found = lead ?? tail ?? ask ?? inline
  const extents = found ? extentsIn(found[ask ? 2 : 1]!)?.map((o) => o.charAt(0).toUpperCase() + o.slice(1)) ?? null : null
  if (!found || !extents) return null
  if (inline) return { text: text.replace(EXTENT_INLINE, ''), extents: null }
  if (ask) {
    // "Are all, most, some or none of your SQL databases encrypted…?" is "How many of your SQL databases are encrypted…?".
    const rest = `How many of ${text.slice(found[0].length)}`
    const noun = COUNT_ASK.exec(rest)
    const verb = found[1]!.toLowerCase()
    const asked = noun && verb !== 'do' && verb !== 'does' ? `${rest.slice(0, noun.index + noun[0].length)} ${verb}${rest.slice(noun.index + noun[0].length)}` : rest
    return { text: asked, extents: countAsked(asked) ? extents : null }
  }
  const rest = (lead ? text.slice(found[0].length) : text.slice(0, found.index)).trim()
  const asked = /[?.]$/.test(rest) ? rest : `${rest.replace(/[\s:,—–-]+$/, '')}?`
  return { text: asked.charAt(0).toUpperCase() + asked.slice(1), extents: countAsked(asked) ? extents : null }
}

/**
 * Which offered extent a count is: all and none exactly; between them "most" above half, "half" at it, "few"
 * below it, "some" or "many" for any; null when no offered extent fits.
 */
export function extentOf(extents: readonly string[], n: number, total: number): string | null {
  const pick = (...names: string[]): string | null => extents.find((o) => names.includes(o.toLowerCase())) ?? null
  if (n === total) return pick('all', 'every', 'each')
  if (n === 0) return pick('none')
  const fits = n * 2 > total ? ['most', 'many', 'some'] : n * 2 === total ? ['half', 'some'] : ['few', 'some']
  for (const f of fits) {
    const o = pick(f)
    if (o) return o
  }
  return null
}

/** A polite wrapper before a value asked ("Could you kindly share how far back…", "Please kindly inform the number of…"). */
const POLITE_VALUE_ASK = /^(?:(?:could|would|can|will) you (?:please |kindly )?(?:be so kind as to |help us understand |please |kindly )?|we would (?:like you to|appreciate it if you could|be grateful if you could) |(?:please )?(?:kindly )?)(?:let us know|share(?: with us)?|tell us|indicate|specify|state|advise|inform(?: us)?(?: of| about)?|clarify|confirm|provide)\s*(?:,[^,?]{1,40},\s*)?(?=(?:for |within |to )?(?:how (?:long|often|many|much|frequently|far back)|which|what|the (?:number|list|names?|count|percentage) of)\b)/
const HOW_MUCH = /^(?:(?:for|within|after|in|up to|across|over|on|from|during|until|till|beyond|past|before|by) )?how (long|often|many|much|frequently|quickly|soon|fast|old|far back)\b/
const WHICH_WHAT = /^(?:(?:in|on|at|for|from|to|with|under|by|up to) )?(which|what|who|whom|where)\b/
/** "Minimum TLS version enforced on your database servers?", "Backup retention period?": a value named, no verb asking yes or no. */
const NOUN_ASK = /^(?:(?:the|your) )?(?:minimum|maximum|min|max|lowest|highest|oldest|newest|default|current|supported|accepted|shortest|longest|weakest|strongest)\b/
const SHORT_NOUN_ASK = 6
/** A row of a spreadsheet rather than a sentence: no question mark, no full stop, and it opens with no verb that asks. */
// A dot between digits ("0.0.0.0", "TLS 1.2") does not end the row.
const TERSE_ROW = /^(?!(?:is|are|do|does|can|will|has|have|please|confirm|describe|explain|provide|list|state)\b)(?:[^?.!]|(?<=\d)\.(?=\d))*[^?.!\s]$/i
const TERSE_VALUE_WORDS = 4
const TERSE_HAZARD_WORDS = 6
const LIST = /^(list|enumerate)\b|^(?:record|note|document) the (?:configured |current |actual |effective )?[a-z -]{0,40}?(?:interval|frequency|period|window|setting|version|mode|redundancy|regions?|retention|number|count|list)\b|^obtain (?:the|a) (?:list|inventory|population) of (?:the )?(?:azure )?(?:regions?|locations?|subscriptions?)\b|^the (?:number|count|list|inventory|population) of\b|^(?:show|provide|give|share|produce|supply) (?:us )?(?:the|a|your) (?:population|inventory|list)\b|^(?:the )?names? of (?:the|your|all|each|every)\b|^(provide|give|share|supply|attach) (a|the|your) list\b|^(name|specify|state|indicate|identify|intimate|mention|furnish|advise) (the|your|all|each|every|which)\b|^(?:revert|get back|come back)(?: back)? (?:to us )?with (?:the|your|all|each|every|which)\b/

/** "Confirm or correct, naming / stating / with / by listing the …": a value asked to put an assumption right. */
const CORRECTED_WITH_VALUE = /\b(?:confirm|correct)\b[^.?!]{0,40}?(?:,\s*|\s+)(?:naming|stating|listing|giving|specifying|quoting|indicating|with|by (?:listing|naming|stating|giving|specifying|quoting|indicating))\s+(?:the|your|its|their|which|what|all|each|every)\b(?!\s+(?:evidence|supporting|documentation|proof|screenshots?|artefacts?|artifacts?|reasons?)\b)/

/**
 * True when the question asks for a value ("which…", "how long / often / many…", "what is the retention
 * period…", "list…") rather than yes/no. Such a question is never answered yes/no: a "No" to "how often are
 * backups taken?" says something nobody meant. A yes/no question with a value follow-up ("Are keys rotated
 * automatically? How often?") is a yes/no question, and "Is there a list of…?" / "Do you list…?" are too.
 */
/** "Is the data tier exposed? I'm asking whether public network access is disabled…": the ask narrowed after a broad one. */
export const NARROWED = /^(?:i'?m asking|i am asking|what i(?:'m| am) asking is|i mean|what i mean is|specifically|more specifically|in particular|to be precise|more precisely|that is|i\.e\.|namely|in other words|put (?:another way|differently)|to put it (?:another way|differently|simply)|said (?:another way|differently)|or,? to rephrase|rephrased)\b[\s,:—–-]*(?:(?:whether|if)\s+)?/i

/** ", not merely compressed or obfuscated?": two states set aside together at the end of a yes/no. */
const NOT_EITHER_TAIL = /,\s*not (?:merely |just |only |simply )?[^,?;]{2,60}\bor\b[^,?;]{1,40}\?\s*$/i

export function asksForValue(raw: string): boolean {
  // "…genuinely encrypted, not merely compressed or obfuscated?": the other side set aside offers no choice.
  const given = raw.replace(NOT_EITHER_TAIL, '?')
  // "What TLS do you support? Specifically, the minimum version on the gateway.": the narrowed ask decides.
  const sentences = given.split(/(?<=[.?!])\s+/)
  const narrowed = sentences.findIndex((s, i) => i > 0 && NARROWED.test(s))
  if (narrowed > 0) return asksForValue(sentences.slice(narrowed).join(' ').replace(NARROWED, '').replace(/^\w/, (c) => c.toUpperCase()))
  // "min tls=?", "sql pitr retention days: ?", "log analytics retention in days=", '{"cloud provider":"?"}': a
  // setting's name as code writes it, its value left blank.
  if (/(?:=\s*\??|:\s*\?+|["']\s*\?\s*["'])\s*[}\]]*\s*$/.test(given) && /\b(?:tls|version|days?|retention|provider|regions?|locations?|interval|mode|redundancy|period)\b/i.test(given.replace(/([a-z])(?=[A-Z])/g, '$1 ').replace(/[_.]/g, ' '))) return true
  // "kv key rotation interval pls": a row naming a value, with a courtesy after it.
  const text = (outsideQuotes(given, 3) ?? given).replace(/[\s,;.!-]+(?:please|pls|plz|thanks|thank you|thx|ty)[\s.!?]*$/i, '')
  // "What minimum_tls_version is configured…?": infrastructure code's names read as words here too.
  // "What minimalTlsVersion is configured…?": a camelCase property name likewise.
  const ask = primaryAsk(text.replace(SNAKE_CASE, '$1 ').replace(/\b([a-z]+)([A-Z][a-z]+)([A-Z][a-z]+)?\b/g, (_m, a: string, b: string, c: string | undefined) => `${a} ${b}${c ? ` ${c}` : ''}`))
    .toLowerCase()
    .replace(/^[^a-z]+/, '')
    .replace(/^[a-z]{1,3}[-.]?\d+(?:\.\d+)*[.:)]?\s+/, '')
    .replace(/^(?:required|mandatory|optional)\)\s*/, '')
    .replace(/^(please|kindly)\s+/, '')
    // "If keys are not rotated by hand, what is the rotation interval…?": the ask follows the condition.
    // "Where Front Door is used, is its default hostname covered…?": a yes/no after the condition likewise.
    .replace(/^(?:if|where|when|assuming|unless)\b[^,?]{1,120},\s*(?=(?:how|which|what|who|where|is|are|do|does|did|can|could|has|have|will|would|was|were|should|must)\b)/, '')
    // "Under the shared-responsibility model, which provider hosts…?": the frame, then the ask.
    // "On the date of this questionnaire, what minimum TLS version…?" likewise: a short lead-in, then the ask.
    // "For the audit file, please state the lowest TLS version…" likewise.
    .replace(/^(?:under|per|for|according to|as part of|in line with|with regard to|regarding|in the context of)\b[^,?]{1,80},\s*(?:(?:please|kindly)\s+)?(?=(?:how|which|what|who|where|state|specify|indicate|provide|give|list|name|identify|describe|report|document|detail|record|enumerate)\b)/, '')
    // "To make this concrete for your environment, please list which plans…" likewise.
    .replace(/^(?:[\w.()'’-]+\s+){1,10}?[\w.()'’-]+,\s*(?:(?:please|kindly)\s+(?=(?:list|state|name|specify|identify|give|provide|tell us)\b))?(?=(?:how|which|what|who|where|list|state|name|specify|identify|give|provide|tell us)\b)/, '')
    // "In the last 12 months, how many attacks…?": the period, then the ask.
    .replace(/^(?:in|during|over|within|for) the (?:past|last|previous|current)\b[^,?]{1,40},\s*/, '')
    // "Explain how long…", "Describe which plans…": the value asked, in a prompt's clothes.
    // "Could you please let us know, roughly or exactly, for how many days…", "Would you be so kind as to specify
    // which regions…", "Please kindly inform the number of days…": a polite wrapper around the value asked.
    .replace(POLITE_VALUE_ASK, '')
    .replace(/^(?:explain|describe|state|indicate|specify|detail|outline|tell us|let us know)\s+(?=how (?:long|often|many|much|frequently|far back)\b|which\b|what\b)/, '')
    // "Inspect the rotation policy and record the configured interval", "Obtain the list of regions…": an
    // auditor's test step whose record is a value.
    .replace(/^inspect\b[^.?]{1,160}?\band (?=(?:record|note|document|list)\b)/, '')
  // "Is TLS 1.2 the lowest version…, or do they still take 1.1?", "What does the backend use…: SAS keys or
  // managed identity?": a choice between two answers, which "Yes" does not make.
  const whole = text.toLowerCase().replace(/\s+/g, ' ').trim()
  // "Number of storage accounts that still allow TLS 1.0:", "Count of public IPs attached to…": a count, as
  // "how many" asks one.
  // Not "Number of Cosmos DB accounts with unrestricted access — is it zero?", a yes or no.
  if (/^(?:the )?(?:total )?(?:number|count) of\b/.test(ask) && countAsked(ask) === 'count' && !/[—–:-]\s*(?:is|are|does|do|has|have)\b[^?]*\?\s*$/.test(ask)) return true
  // "…disabled, or is the vault firewall at least set to deny by default?" offers a fallback either of which is a
  // yes, not a choice.
  if (/,? or (?:do|does|is|are|can|will|have|has|did|was|were) (?:they|it|you|there|we|these|those|the)\b[^?]*\?\s*$/.test(whole) && !/,? or [^?]*\b(?:at least|at a minimum|at minimum|failing that|as a fallback)\b[^?]*\?\s*$/.test(whole)) return true
  if (/^(?:(?:in|on|at|under) )?(?:what|which)\b[^?]*:\s*[^:?]{1,60}\bor\b[^:?]{1,60}\?\s*$/.test(whole)) return true
  // "Are your database backups locally redundant, zone-redundant or geo-redundant?": one of three or more named.
  // Not "Is there a subscription where Defender is off for SQL, Key Vault, Storage or Containers?": services listed.
  if (/^(?:is|are|do|does)\b[^?,]*\s[\w-]+(?:,\s*[\w-]+(?:\s[\w-]+)?){1,4},?\s+or\s+[\w-]+(?:\s[\w-]+)?\s*\?\s*$/.test(whole) && !/^(?:is|are) there\b|\bany\b/.test(whole) && servicePhrases(whole).length < 2) return true
  if (/^what (?:does|do|did) [^?]+ use\b/.test(whole)) return true
  // "currentBackupStorageRedundancy on the Azure SQL DBs - Local, Zone, Geo or GeoZone?": a setting, then the
  // values it can take to pick from.
  // "- local (LRS), zone (ZRS) or geo (GRS)?": each with its abbreviation.
  const offered = /\s[-–—:]\s+((?:[\w()-]+\s?){1,3}(?:,\s*(?:[\w()-]+\s?){1,3}){1,5},?\s+or\s+(?:[\w()-]+\s?){1,3})\?\s*$/.exec(whole)
  if (offered && !YES_NO_ASK.test(offered[1]!) && servicePhrases(offered[1]!).length < 2) return true
  // "We assume AWS; please confirm or correct, naming your cloud provider", "…90 days; confirm or correct with the
  // actual retention period": the assumption is put right with a value.
  if (CORRECTED_WITH_VALUE.test(whole)) return true
  // "…Please confirm, or list the regions actually used.", "Please correct this if another provider is used.":
  // the assumption put right with the value.
  if (/\b(?:confirm|correct)\b[^.?!]{0,30}?,?\s+or\s+(?:list|give|state|name|provide|specify|quote|indicate|tell us)\s+(?:the|your|its|their|which|what|all|each|every)\b(?!\s+(?:evidence|supporting|documentation|proof|screenshots?|reasons?)\b)|\bcorrect (?:this|it|us|that) if (?:another|a different|an other|any other|other)\b/.test(whole)) return true
  // "State if PostgreSQL enforces encrypted connections and, if so, the minimum TLS version.": a request whose
  // answer is the value (a question put yes or no, "Do you…, and if so which…?", stays one).
  if (!YES_NO_ASK.test(whole) && /\band,?\s+if so,?\s+(?:(?:please\s+)?(?:list|state|give|name|specify|provide|indicate|quote|tell us)\s+)?(?:the|which|what|how (?:long|often|many|much))\b/.test(whole)) return true
  // "Enter 'None' if no management ports are reachable; otherwise list the open ports": a value either way.
  if (/^(?:please\s+)?(?:enter|write|put|type|fill in|answer|state|respond(?: with)?)\s+['"‘“]?(?:none|n\/a|0|nil|zero|no)['"’”]?\s+if\b[^;.]*[;.,]\s*(?:otherwise|else|if not|if there are|if any)\b/.test(whole)) return true
  // "LA workspace retentionInDays = ?": a property's value asked for.
  if (/=\s*\?/.test(whole)) return true
  // "How often are long-term backups taken: daily, weekly, or monthly?": the ask is before its options.
  if (HOW_MUCH.test(whole.replace(/^[^a-z]+/, ''))) return true
  // "Weekly backups are not deleted before how many weeks?": the amount asked at the end of a statement.
  if (/\b(?:before|after|for|within|during|until|than|up to|at least|at most) how (?:many|much|long)\b[^?.]*\?\s*$/.test(whole)) return true
  // "Whose cloud are we running on?": the party asked for.
  if (/^whose\b/.test(whole.replace(/^[^a-z]+/, ''))) return true
  // "Mode of operation of the WAFs (detection or prevention): stated?", "Enumeration of the subscriptions in
  // scope: provided?": a value asked for as a thing to hand over ("confirmed?" asks yes or no).
  if (/^[^:?]{5,200}:\s*(?:provided|stated|specified|given|listed|named|identified|supplied|documented|described)\s*\??\s*$/.test(whole)) return true
  // "…in Detection mode or in Prevention mode?", "…with SAS connection strings or with managed identities?",
  // "…a service-managed key or a customer-managed key?", "disabled entirely, or merely restricted?", "rotated
  // automatically …, or manually…?": a choice between two states, which "Yes" does not answer.
  // "Either through X or through Y", "a signature or a key" (two hazards) ask whether any of them holds.
  if (/^(?:is|are|do|does|will|was|were)\b/.test(whole) && !/^(?:is there|are there|do you (?:have|use|run|offer|provide)|does it (?:have|use))\b|\b(?:either|any|possible|ever)\b/.test(whole)) {
    if (/\b(in|with|using|by|via|through)\s[^?]{1,60}?,?\sor\s\1\s[^?]{1,60}\?\s*$/.test(whole)) return true
    if (/\ban?\s(?:[\w-]+\s){0,2}?([\w-]+),?\sor\san?\s(?:[\w-]+\s){0,2}?\1\b[^?]{0,30}\?\s*$/.test(whole)) return true
    if (/,?\sor\s(?:merely|just|simply|only|instead|rather|manually|automatically|by hand)\b[^?]*\?\s*$/.test(whole)) return true
    if (/\b(?:automatically|manually)\b[^?]{0,60}\bor\b[^?]{0,30}\b(?:manually|automatically|by hand|by an? (?:operator|person|administrator|engineer))\b/.test(whole)) return true
  }
  // "Is the Front Door WAF in Detection or Prevention mode?": one of two modes (or tiers) named.
  if (/\b[\w-]+ or [\w-]+ (?:mode|tier|redundancy)\s*\?\s*$/.test(whole)) return true
  // "Is there any TLS version older than 1.2 they will negotiate? Please state the lowest version accepted.": a
  // value asked for after the yes/no, which the value answers as well.
  if (primaryAsk(text) !== text.trim() && VALUE_AFTER.test(text.replace(/\s+/g, ' ').trim())) return true
  // "Provide an export of the Defender plans enabled…": the list handed over is the value.
  if (/^(?:please )?(?:provide|give|send|share|supply|attach|upload)(?: us)?(?: with)? (?:an? |the )?(?:export|list|listing|extract|inventory|enumeration) of\b/.test(ask)) return true
  if (YES_NO_ASK.test(ask)) return false
  // "What happens if the region is lost - are the backups lost with it?" asks what would happen, not a value.
  // "…, what would happen — what is the lowest TLS version accepted?" asks the value after the dash.
  if (/^what (?:happens|would happen|if)\b/.test(ask) && !/\s[-–—:]\s*(?:which|what|how (?:long|often|many|much))\b/.test(ask)) return false
  // "Backup storage redundancy for Azure SQL (LRS / ZRS / GRS / GZRS): ____": a blank to fill in.
  if (/_{3,}/.test(text)) return true
  // "What is ssl_min_protocol_version set to…?"
  if (/^what (?:is|are) .+ set to\b/.test(ask)) return true
  // "…what is the longest a key can go before it is rotated?": an extreme of a value.
  if (/^what (?:is|are|was|were|would be) the (?:longest|shortest|lowest|highest|oldest|newest|earliest|latest|furthest|farthest|maximum|minimum|max|min|weakest|strongest)\b/.test(ask)) return true
  if (HOW_MUCH.test(ask)) return true
  // "Please describe the period for which weekly backups are retained…": the value, asked as a description.
  if (/^(?:describe|state|indicate|specify|provide|give|document|detail|report|identify)(?:,?\s+in (?:days|weeks|months|years|hours),)?\s+(?:the|your)\s+(?:[a-z-]+\s+){0,3}?(?:period|duration|length|retention period|retention|frequency|interval|number|minimum|maximum|lowest|highest|oldest|weakest|regions?|locations?|version)\b/.test(ask)) return true
  if (LIST.test(ask)) return true
  // "…retention period (days)?", "…, in months please", "IaaS platform (name)": the unit or the kind of value asked for.
  // "…interval (max days between rotations)?", "…restore window (days):", "Data centre locations (Azure regions)".
  if (/\((?:in )?(?:(?:max|min|maximum|minimum|number of|no\.? of|azure|cloud)\s+)?(?:days|weeks|months|years|hours|minutes|name|names|list|version|versions|region|regions|locations?)(?:\s+[a-z]+){0,3}\)\s*[?:]?\s*$/.test(ask)) return true
  // "Log retention period (e.g. 90d, 6 months, 1 yr):": examples of the value asked for.
  if (/\((?:e\.g\.?|eg|for example|such as|i\.e\.?)[^()]*\d[^()]*\)\s*[?:]?\s*$/.test(ask) && VALUE_NOUNS.test(ask)) return true
  // "Identify the provider (legal name) on whose cloud…": the name asked for, wherever the brackets stand.
  if (/\((?:legal |full |company |registered )?names?\)/.test(ask) && !YES_NO_ASK.test(ask)) return true
  if (/\bin (?:days|weeks|months|years|hours)(?:,? please)?\s*\??$/.test(ask)) return true
  // "DB encrypt at rest - which algorithm?": a topic, then the value asked after it.
  if (/\s[-–—:]\s*(?:which|what|how (?:long|often|many|much))\b/.test(ask)) return true
  // "Vendor shall list every region…": a contract clause that asks for a list.
  if (/\b(?:shall|must|will|should) (?:list|enumerate|name|identify|specify)\b/.test(ask)) return true
  // "WAF mode on AppGW and AFD? (Detection / Prevention)": options to choose from, not yes or no.
  const options = /\(([^()]*\/[^()]*)\)\s*\??$/.exec(text.trim().toLowerCase())
  if (options && !/\b(?:yes|no|n\/a|y|n|true|false|agree|disagree)\b/.test(options[1]!) && !/\d/.test(options[1]!)) return true
  // "Hosting regions", "Penetration test frequency": a spreadsheet row naming a value, with no verb and no "?".
  // A service's name counts as one word ("Key Vault key rotation interval").
  const named = servicePhrases(text).reduce((n, p) => n + p.split(/\s+/).length - 1, 0)
  if (TERSE_ROW.test(text.trim()) && text.trim().split(/\s+/).length - named <= TERSE_VALUE_WORDS && VALUE_NOUNS.test(ask) && !/\d/.test(ask)) return true
  // "Minimum TLS version set to 1.2?" asserts a value: it asks yes or no.
  if (VALUE_NOUNS.test(ask) && !/\d/.test(ask) && (NOUN_ASK.test(ask) || (ask.endsWith('?') && ask.split(/\s+/).length <= SHORT_NOUN_ASK && !/^(confirm|describe|explain|provide|state|indicate)\b/.test(ask)))) return true
  const w = WHICH_WHAT.exec(ask)
  if (!w) return false
  if (w[1] !== 'what') return true
  return VALUE_NOUNS.test(ask) || WHAT_VALUE_NOUNS.test(ask)
}

/** A sentence after the question asking for a value: "Please state the lowest version accepted." */
const VALUE_AFTER = /[?.]\s+(?:please\s+|kindly\s+|also\s+)?(?:state|specify|give|list|name|indicate|tell us|provide)\s+(?:the|your|which|what|how (?:long|often|many|much))\b[^?.]*\b(?:lowest|highest|longest|shortest|minimum|maximum|oldest|version|versions|period|duration|days|interval|frequency|regions?|locations?|number|count|which|what|how)\b[^?]*[.?]?\s*$/i

/** A tick box before an answer option: "[ ]", "[x]", "☐", "□" (not an empty list "[]" in a property's value). */
const TICK_BOX = /\[\s[xX✓✔]?\s?\]|\[[xX✓✔]\s?\]|[☐☑☒□■]/g
/** "(a) … (b) …" or "a) … b) …": lettered options, a and b at least. */
const LETTERED = /(?:^|\s)\(?a\)\s+(?=\S)[\s\S]*?\s\(?b\)\s+\S/i
/** A stem that asks to pick among options listed after it: "Select all that apply:", "Which of the following…?". */
const PICK_AMONG = /\b(?:select|choose|tick|mark|pick|check) (?:all|any|each|one|those|the ones?)\b|\ball that apply\b|\bwhich of the following\b/i
/** What a buyer writes before the options: "select one:", "(tick one)", a colon or a dash. */
const OPTIONS_LEAD = /[\s,;:–—-]*(?:\(?\s*(?:please\s+)?(?:select|choose|tick|mark|check|pick)\s+(?:one|all that apply|the applicable option|as applicable)\s*\)?)?[\s,;:–—-]*$/i
// "Compliant / Partially compliant / Non-compliant", "Met / Not met", "True / False": yes and no by other names.
const YES_NO_OPTION = /^(?:yes|no|y|n|n\/a|na|not applicable|partially|partial|unknown|don't know|(?:fully |partially |non-?|not )?compliant|(?:partially |not )?(?:implemented|met|in place)|true|false|agree|disagree)\b/i

/**
 * A question printed with its answer options ("Log retention period: [ ] less than 90 days [ ] 90 days to 1
 * year [ ] 1 year or more", "WAF mode, select one: (a) none (b) detection (c) prevention", "Rotation
 * frequency: Monthly / Quarterly / Annually / Never"): the stem that asks, and whether the options are only
 * yes, no and not applicable. The options are not what is asked: "Never" among them does not make a question
 * about keys never rotated. Null when the text offers no options.
 */
export function answerOptions(text: string): { stem: string; yesNo: boolean } | null {
  const split = (at: number, options: string[]): { stem: string; yesNo: boolean } | null => {
    const stem = text.slice(0, at).replace(OPTIONS_LEAD, '').trim()
    const opts = options.map((o) => o.replace(/[\s,;/]+$/, '').trim()).filter((o) => o !== '')
    // "(a) is TLS 1.2 the minimum…, and (b) are plain-HTTP requests rejected?": questions of their own, not options.
    if (opts.length < 2 || words(stem).length < 2 || opts.some((o) => YES_NO_ASK.test(o.toLowerCase()) || /\?$/.test(o))) return null
    return { stem, yesNo: opts.every((o) => YES_NO_OPTION.test(o)) }
  }
  const boxes = [...text.matchAll(TICK_BOX)]
  if (boxes.length >= 2) return split(boxes[0]!.index, text.slice(boxes[0]!.index).split(TICK_BOX))
  const lettered = LETTERED.exec(text)
  if (lettered) {
    const at = lettered.index + (/^\s/.test(lettered[0]) ? 1 : 0)
    return split(at, text.slice(at).split(/(?:^|\s)\(?[a-e]\)\s+/i))
  }
  // "…: Monthly / Quarterly / Annually / Never": short options after the last colon, split by " / ".
  const colon = text.lastIndexOf(':')
  if (colon > 0) {
    const opts = text.slice(colon + 1).replace(/\?\s*$/, '').split(/\s+\/\s+/)
    const short = opts.every((o) => o.trim() !== '' && words(o).length <= 5)
    if (short && (opts.length >= 3 || (opts.length === 2 && opts.every((o) => YES_NO_OPTION.test(o.trim()))))) return split(colon, opts)
    // "Which of the following keep geo-redundant backups? Select all that apply: Azure SQL; PostgreSQL; None":
    // options split by semicolons, where the stem says to pick among them.
    const listed = text.slice(colon + 1).replace(/[?.]\s*$/, '').split(/\s*;\s*/)
    if (listed.length >= 3 && listed.every((o) => o.trim() !== '' && words(o).length <= 10) && PICK_AMONG.test(text.slice(0, colon))) return split(colon, listed)
  }
  return null
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety'
const ONES = 'one|two|three|four|five|six|seven|eight|nine'
/** A number in figures or words: "35", "thirty-five", "twelve", "a". */
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?:${TENS})(?:[\s-](?:${ONES}))?|${ONES}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|an?`
/** Units as written in full or short: "days", "wks", "12 mo.", "2 yrs". */
const UNIT = String.raw`days?|d|weeks?|wks?|w|months?|mos?|mths?|years?|yrs?|y|fortnights?|quarters?|hours?|hrs?|h`
const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365, f: 14, q: 90 }
const DURATION = new RegExp(String.raw`(?<![\w.])(${NUMBER})[\s-]*(${UNIT})(?![a-z])`, 'gi')
/** "Rotated quarterly", "twice a year": a frequency said as a word. */
const FREQUENCY: Array<[RegExp, number]> = [[/\b(?:quarterly|every quarter)\b/i, 90], [/\b(?:monthly|every month)\b/i, 30], [/\b(?:twice a year|semi-?annually|bi-?annually|every six months)\b/i, 182], [/\b(?:annually|yearly)\b/i, 365]]

function numberOf(written: string): number {
  if (/^\d/.test(written)) return Number(written.replace(/,/g, ''))
  const [tens, ones] = written.toLowerCase().split(/[\s-]+/)
  return NUMBER_WORDS[tens!]! + (ones ? NUMBER_WORDS[ones]! : 0)
}

/** "a couple of weeks" is two weeks, "a couple of days" two days. */
function withCouples(text: string): string {
  return text.replace(/\ba couple of (days|weeks|months|years)\b/gi, '2 $1')
}

/**
 * The durations a question names, in days ("seven years" 2555, "12 months" 365, "thirty-five days" 35, "2 yrs"
 * 730, "a quarter" 90): what a buyer asks a retention or rotation to meet. Months count 30 days and years 365,
 * so a question is never read as asking for less than it does.
 */
export function durationsInDays(text: string): number[] {
  const out: number[] = []
  // "twice a year" is every 182 days, not a year.
  // ISO 8601 durations ("P35D", "P1Y", "PT24H") are the same durations written for machines.
  const rest = withCouples(text).replace(/\btwice a year\b/gi, ' ')
    .replace(/(?<![\w.])PT(\d{1,4})H\b/g, ' $1 hours ')
    .replace(/(?<![\w.])P(\d{1,4})([DWMY])\b/g, (_m, n: string, u: string) => ` ${n} ${({ D: 'days', W: 'weeks', M: 'months', Y: 'years' } as Record<string, string>)[u]!} `)
  for (const m of rest.matchAll(DURATION)) {
    const unit = m[2]!.toLowerCase()
    // A bare "d", "w", "y" counts only after figures ("35d", "2 y"); "a d" is not a duration.
    if (unit.length === 1 && !/^\d/.test(m[1]!)) continue
    const n = numberOf(m[1]!)
    const kind = unit.startsWith('mo') || unit.startsWith('mth') ? 'm' : unit[0]!
    // "12 months" is a year (365 days), not 360: whole years of months count as years.
    // "1,000 hours" is 42 days (rounded up, so a question is never read as asking for less than it does).
    out.push(kind === 'm' && n % 12 === 0 ? (n / 12) * 365 : kind === 'h' ? Math.ceil(n / 24) : Math.round(n * UNIT_DAYS[kind]!))
  }
  for (const [re, days] of FREQUENCY) if (re.test(text)) out.push(days)
  return out
}

/**
 * The durations a question says are all there is ("restore only goes back 7 days", "just 30 days of logs"): a
 * claim that the window is that short, not a bar to meet.
 */
export function onlyDurationsInDays(text: string): number[] {
  return [...text.matchAll(/\b(?:only|just|merely)\s+(?:[a-z]+\s+){0,3}?(?=[\w-]+[\s-]*(?:days?|weeks?|months?|years?)\b)([^.?!,;]{1,30})/gi)].flatMap((m) => durationsInDays(m[1]!).slice(0, 1))
}

/** Durations said as a ceiling ("at most 30 days", "no more than a month", "<= 30 days"): the longest allowed. */
export function ceilingDurationsInDays(text: string): number[] {
  return [...text.matchAll(/(?:\b(?:at most|no more than|not more than|no longer than|not longer than|a maximum of|maximum of|capped at|not exceeding|not to exceed)|<\s*=|≤)\s*(?=[\w-]+[\s-]*(?:days?|weeks?|months?|years?)\b)([^.?!,;]{1,30})/gi)].flatMap((m) => durationsInDays(m[1]!).slice(0, 1))
}

const onHazardObjectsIn = phrasesIn([...ON_HAZARD_OBJECTS, 'public blob', 'public blobs', 'public container', 'public containers', 'ssh', 'rdp', 'remote desktop', 'telnet', 'open ports', 'admin ports', 'management ports', 'internet exposure', 'public exposure', 'public network exposure', 'network exposure', 'unrestricted'])
/**
 * "Public endpoints – storage", "SSH from the internet": a spreadsheet row that names a hazard and says
 * neither that it is kept out nor that it is let in. Whether a "Yes" there means "we have public endpoints"
 * or "we control them" is the buyer's to say, so no yes/no is read from checks for it.
 */
export function hazardRow(text: string): boolean {
  const t = text.trim()
  if (!TERSE_ROW.test(t) || t.split(/\s+/).length > TERSE_HAZARD_WORDS) return false
  return onHazardObjectsIn(t).length > 0 && safeguardsIn(t).length === 0
}

/**
 * Whether `typed` is `word` with one letter left out or two neighbours swapped, the slips a fast typist makes.
 * Not one letter for another: "interval" is not a slip for "internal", nor "lacked" for "locked".
 */
function oneSlipFrom(typed: string, word: string): boolean {
  let i = 0
  while (i < typed.length && typed[i] === word[i]) i++
  if (word.length === typed.length + 1) return typed.slice(i) === word.slice(i + 1)
  return word.length === typed.length && i < typed.length - 1 && typed[i] === word[i + 1] && typed[i + 1] === word[i] && typed.slice(i + 2) === word.slice(i + 2)
}

/**
 * "Are keyvault keys rotatd automaticaly": a word of six letters or more that the vocabulary (the library's
 * and the checks' words) does not hold, in none of its forms, and that is one slip from words of it all of one
 * stem, is read as that word. A word with readings of several stems, or none, stays as written.
 */
export function spellingFixer(vocabulary: string): (text: string) => string {
  const known = new Set(words(vocabulary))
  const stems = new Set([...known].map(stem))
  const byStart = new Map<string, string[]>()
  for (const w of known) if (w.length >= 5 && /^[a-z]+$/.test(w)) byStart.set(w[0]!, [...(byStart.get(w[0]!) ?? []), w])
  const fixed = new Map<string, string | null>()
  const fix = (word: string): string | null => {
    const lower = word.toLowerCase()
    if (known.has(lower) || stems.has(stem(lower))) return null
    if (fixed.has(lower)) return fixed.get(lower)!
    const near = (byStart.get(lower[0]!) ?? []).filter((w) => oneSlipFrom(lower, w))
    const one = near.length > 0 && new Set(near.map(stem)).size === 1 ? near.sort((a, b) => a.length - b.length)[0]! : null
    fixed.set(lower, one)
    return one
  }
  return (text) => text.replace(/\b[A-Za-z]{6,}\b/g, (w) => fix(w) ?? w)
}

/** A part's marker: "1)", "1.", "(2)", "a)", "(b)", "ii)". */
const PART_MARK = /(?<![\w.])\(?(\d{1,2}|[a-h]|iv|v|i{1,3})([.)])(?=\s+\S)/gi
const ROMAN = ['i', 'ii', 'iii', 'iv', 'v']

/**
 * "1) Is public access disabled? 2) Are the firewall rules free of any open range?": questions numbered in one
 * cell, each asked in its own right, with the words before the first ("For your storage accounts:") kept in
 * front of each. Null when the cell holds fewer than two, or its numbered items are options ("(a) none (b)
 * detection") rather than questions.
 */
export function numberedParts(text: string): Array<{ label: string; text: string }> | null {
  const marks = [...text.matchAll(PART_MARK)]
  const nth = (label: string, kind: 'digit' | 'letter' | 'roman'): number => {
    const l = label.toLowerCase()
    if (kind === 'digit') return Number(l)
    if (kind === 'roman') return ROMAN.indexOf(l) + 1
    return l.length === 1 ? l.charCodeAt(0) - 96 : 0
  }
  for (const [kind, first] of [['digit', '1'], ['letter', 'a'], ['roman', 'i']] as const) {
    const start = marks.findIndex((m) => m[1]!.toLowerCase() === first && (m[2] === ')' || kind === 'digit'))
    if (start < 0) continue
    const seq = [marks[start]!]
    for (const m of marks.slice(start + 1)) if (nth(m[1]!, kind) === seq.length + 1 && m[2] === seq[0]![2]) seq.push(m)
    if (seq.length < 2) continue
    const prefix = text.slice(0, seq[0]!.index).trim()
    // Words before the first part that are a question themselves are not a lead-in to every part.
    if (/\?\s*$/.test(prefix) || words(prefix).length > 25) return null
    const parts = seq.map((m, i) => {
      const end = i + 1 < seq.length ? seq[i + 1]!.index : text.length
      const body = text.slice(m.index + m[0].length, end).replace(/[\s;,]*(?:\band\b|\bor\b)?[\s;,]*$/i, '').trim()
      return { label: `${m[0].startsWith('(') ? '(' : ''}${m[1]}${m[2]}`, text: body }
    })
    const asks = (p: string): boolean => /\?\s*$/.test(p) || YES_NO_ASK.test(p.toLowerCase()) || asksForValue(p)
    if (parts.some((p) => words(p.text).length < 3) || parts.filter((p) => asks(p.text)).length < 2) return null
    const lead = prefix.replace(/[\s:–—-]+$/, '')
    return parts.map((p) => ({ label: p.label, text: lead ? `${lead}: ${p.text}` : p.text }))
  }
  return null
}

const VALUE_ASK_START = /^(?:(?:in|on|at|for|from|to|with|under) )?(?:which|what|where|how (?:long|often|many|much|frequently))\b/i

/**
 * "Which cloud provider hosts the service, and in which regions are the workloads deployed?": two values asked in
 * one sentence, each in its own right, as numbered parts would be. Null unless both halves ask for a value.
 */
export function joinedAsks(text: string): Array<{ label: string; text: string }> | null {
  const m = /^([^?]{12,200}?),?\s+and\s+([^?]{8,200}\?)\s*$/i.exec(text.trim())
  if (!m || !VALUE_ASK_START.test(m[1]!) || !VALUE_ASK_START.test(m[2]!)) return null
  const first = `${m[1]!.replace(/[\s,;]+$/, '')}?`
  const second = m[2]!.charAt(0).toUpperCase() + m[2]!.slice(1)
  // "…, and on which entry points (Application Gateway, Front Door)?" borrows the first half's verb: one question.
  if (!/\b(?:is|are|was|were|do|does|did|has|have|can|could|will|would|should|shall|must|may)\b/i.test(m[2]!)) return null
  if (words(first).length < 4 || words(second).length < 4 || !asksForValue(first) || !asksForValue(second)) return null
  return [{ label: '1)', text: first }, { label: '2)', text: second }]
}

const EU_VERSION = /\b(TLS|tls|SSL|ssl)\s*(\d),(\d)\b/g
const EU_THOUSANDS = /\b(\d{1,3})\.(\d{3})(?=\s*(?:days?|tage|dias|días|jours|dagen)\b)/gi
const EU_DAYS = /\b(\d+)\s*(?:Tage|Tagen|jours|días|dias|dagen)\b/gi
const OUT_OF_USE = /\b(been|be|now|fully|finally|officially|already) (?:retired|decommissioned|phased out|sunsetted|sunset|eol['’]?d|end-of-lifed)\b/gi
const PROWLER_NAME = /\b(?:defender|sqlserver|storage|keyvault|postgresql|cosmosdb|network|monitor|app)_[a-z0-9]+(?:_[a-z0-9]+){2,}\b/g
/** The same patterns, in any case and without state between calls: whether a cell holds any of them. */
/** "Is the door of the server opened toward the internet?": a literal rendering of "open to". */
const OPEN_TOWARD = /\bopen(?:ed)? towards?\b/gi
/** "TLS >= 1.3", "≤ 365 days": a floor or a ceiling in signs. */
const FLOOR_SIGN = /\s*(?:>\s*=|≥)\s*(?=\d)/g
const CEILING_SIGN = /\s*(?:<\s*=|≤)\s*(?=\d)/g
const SHORTHAND_OPENERS = [EU_VERSION, EU_THOUSANDS, EU_DAYS, OUT_OF_USE, PROWLER_NAME, OPEN_TOWARD, FLOOR_SIGN, CEILING_SIGN].map((re) => new RegExp(re.source, 'i'))

/** Chat shorthand, written out before anything reads the question ("sb namespaces enforce tls1.2 min"). */
const SHORTHAND: Array<[RegExp, string | ((found: string) => string)]> = [
  [/\bw\/o\b/gi, 'without'], [/\bw\/(?=\s)/gi, 'with'], [/\bthru\b/gi, 'through'], [/\bb\/c\b/gi, 'because'],
  [/\bur\b/gi, 'your'], [/\b(?:pls|plz)\b/gi, 'please'], [/\bsb\b/gi, 'Service Bus'], [/\bkv\b/gi, 'Key Vault'],
  [/\bkvs\b/gi, 'Key Vaults'], [/\bLAWs?\b/g, 'Log Analytics workspace'], [/\bapp gw\b/gi, 'Application Gateway'], [/\bgw\b/gi, 'gateway'], [/\bdbs\b/gi, 'databases'],
  [/\btls(1\.[0-3])\b/gi, 'TLS $1'],
  // European numbers: "TLS 1,2" is TLS 1.2, "1.000 days" a thousand days, "35 Tage" 35 days.
  [EU_VERSION, '$1 $2.$3'], [EU_THOUSANDS, '$1$2'], [EU_DAYS, '$1 days'],
  // A setting switched off in a lifecycle's words: "Has plain HTTP been decommissioned?", "TLS 1.0 retired".
  // Not "until a subscription is decommissioned", a time: only a setting said to have been put out of use.
  [OUT_OF_USE, '$1 disabled'],
  [OPEN_TOWARD, 'open to'],
  [FLOOR_SIGN, ' at least '], [CEILING_SIGN, ' at most '],
  // Prowler's check names ("defender_ensure_defender_for_server_is_on"): the words they are made of.
  [PROWLER_NAME, (name: string) => name.replace(/_/g, ' ')],
  // "Quelle version minimale de TLS…", "¿Qué versión mínima…": the interrogative of another language, in English.
  [/^\s*¿?\s*(?:qué|que|cuál|cuáles|wat)(?=\s)/i, 'What'], [/^\s*(?:quelle|quel|quels|quelles|welche|welcher|welches|welke)\b/i, 'Which'],
  [/,?\s*for the avoidance of doubt,?/gi, ''],
  // Resource types as ARM writes them ("Microsoft.Network/publicIPAddresses"): the resources, in words.
  [/\bMicrosoft\.Network\/publicIPAddresses\b/gi, 'public IP addresses'], [/\bMicrosoft\.OperationalInsights\/workspaces\b/gi, 'Log Analytics workspaces'],
  [/\bMicrosoft\.Sql\/servers(?:\/databases)?\b/gi, 'Azure SQL servers'], [/\bMicrosoft\.KeyVault\/vaults\b/gi, 'key vaults'],
  [/\bMicrosoft\.Storage\/storageAccounts\b/gi, 'storage accounts'], [/\bMicrosoft\.DBforPostgreSQL\/flexibleServers\b/gi, 'PostgreSQL flexible servers'],
  [/\bMicrosoft\.DocumentDB\/databaseAccounts\b/gi, 'Cosmos DB accounts'], [/\bMicrosoft\.ServiceBus\/namespaces\b/gi, 'Service Bus namespaces'],
  [/\bMicrosoft\.App\/containerApps\b/gi, 'container apps'], [/\bMicrosoft\.Web\/sites\b/gi, 'web apps'],
  [/\bMicrosoft\.Network\/applicationGateways\b/gi, 'application gateways'], [/\bMicrosoft\.Network\/networkSecurityGroups\b/gi, 'network security groups'],
  [/\bMicrosoft\.Security\/pricings\b/gi, 'Defender for Cloud plans'],
  // "WAF mode != Prevention": not in that state, which for a WAF is detection.
  [NOT_EQUAL, ' not '], [NOT_PREVENTION, 'in Detection mode'],
  // "your sub-processor (Azure)", "the Azure SQL servers supplied by your sub-processor": the hosting provider
  // named as a sub-processor, of whose services the estate is built.
  [/\b(?:your|the|our) (?:hosting |cloud |infrastructure )?sub-?processor(?:['’]s)?\s*\(((?:microsoft )?azure\b[^()]*)\)/gi, '$1'],
  [/\b(?:offered|supplied|provided|hosted|run|operated|held|kept|stored|managed) by (?:your|the) (?:hosting |cloud |infrastructure |cloud infrastructure )?sub-?processor\b/gi, 'in Azure'],
  [/\b(?:at|with) (?:your|the) (?:hosting |cloud |infrastructure |cloud infrastructure )?sub-?processor\b(?!['’])/gi, 'in Azure'],
  // "the sub-processor-hosted storage accounts": hosted in Azure.
  [/\bsub-?processor[- ]hosted\b/gi, 'Azure'],
  [/\b(?:your|the) (?:hosting |cloud |infrastructure )?sub-?processor['’]s (?:managed )?(?=(?:azure |cosmos|sql|postgres|key vault|storage|service bus|front door|application gateway|defender|log analytics))/gi, 'Azure '],
]

/**
 * The question with chat shorthand written out: "ur", "pls", "w/o", "thru", "sb" (Service Bus), "kv" (Key Vault),
 * "app gw", "dbs", "storage + sb". Only whole words, so "sbom" or "kvm" stay as they are.
 */
/**
 * A cell written in Markdown or with emoji ("🌍 Regions where data resides:\n• ____\n• ____", "**Encryption at
 * rest** ✅ / ❌ ?"): the words, without the pictographs, the emphasis and the bullets that only hold blanks.
 * Tick boxes stay.
 */
export function withoutMarkup(text: string): string {
  if (!/[\p{Extended_Pictographic}•▪◦*`]|__|~~/u.test(text)) return text
  const plain = text
    // "~~every 2 years~~ once every 12 months": what was struck through is no longer asked.
    .replace(/~~[^~\n]{1,160}~~/g, ' ')
    // "✅ / ❌": yes and no.
    .replace(/[✅✔]\u{FE0F}?/gu, 'Yes').replace(/[❌✖]\u{FE0F}?/gu, 'No')
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, ' ')
    // Bullets that only hold blanks to fill ("• ____") are one blank; bullets before words stay (the fields a
    // response lists under the ask are read as such).
    .replace(/(?:\n\s*[•▪◦*-]\s*_{2,})+/g, ' ____')
    .replace(/\*\*|(?<![\w_])__(?=[A-Za-z])|(?<=[A-Za-z])__(?![\w_])|`/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
  return plain === '' ? text : plain
}

export function withoutShorthand(text: string): string {
  // A cell with no lower-case word of chat shorthand is left exactly as it is.
  // "LAW retention (days)?": Log Analytics workspace in capitals only; "law" is a law.
  if (!/\b(?:w\/o|w\/|thru|b\/c|ur|pls|plz|sb|kvs?|gw|dbs|tls1\.[0-3]|sub-?processor|not (?:in |set to )?prevention|microsoft\.[a-z]+\/[a-z]+|for the avoidance of doubt)\b|\w \+ \w|!=|^\s*(?:¿|qu[eé]\b|cu[aá]l|quel|welche|welke|wat\b)/i.test(text) && !/\bLAWs?\b/.test(text) && !SHORTHAND_OPENERS.some((re) => re.test(text))) return text
  // "storage + sb", "key vault + database audit events": two things, each to be evidenced.
  return SHORTHAND.reduce((t, [re, to]) => (typeof to === 'string' ? t.replace(re, to) : t.replace(re, to)), text).replace(/(?<=\w) \+ (?=\w)/g, ' and ')
}

/** Another cloud, or a service only another cloud sells, by the names a questionnaire uses. */
const OTHER_CLOUDS: Array<[RegExp, string]> = [
  [/\bamazon web services\b|\baws\b|\bamazon (?:s3|rds|ec2|aurora|dynamodb|cloudfront|guardduty|inspector)\b|\bs3 buckets?\b|\bec2\b|\bcloudtrail\b|\bcloudwatch\b|\bguardduty\b|\bdynamodb\b|\bcloudfront\b|\bsecurity hub\b/i, 'Amazon Web Services'],
  [/\bgoogle cloud\b|\bgcp\b|\bbigquery\b|\bgke\b|\bgoogle kubernetes\b|\bgcs buckets?\b/i, 'Google Cloud'],
  [/\boracle cloud\b|\boci\b/i, 'Oracle Cloud'],
  [/\bibm cloud\b/i, 'IBM Cloud'],
  [/\balibaba cloud\b|\baliyun\b/i, 'Alibaba Cloud'],
  [/\bdigital ?ocean\b/i, 'DigitalOcean'],
]

/**
 * "Is the service hosted on AWS?", "Are your S3 buckets encrypted?": the cloud a question is about when it is
 * not Azure, and it names neither Azure nor Microsoft ("AWS, Azure or GCP?" asks which). Null otherwise.
 */
export function otherCloud(text: string): string | null {
  if (/\bazure\b|\bmicrosoft\b/i.test(text)) return null
  // "Google Cloud, AWS, or a similar outsourced data center?": a kind of provider, by its examples.
  const named = OTHER_CLOUDS.filter(([re]) => re.test(text))
  // "…any environments you operate on AWS or Google Cloud": both asked about.
  if (named.length === 0 || /\bor (?:an? |any )?(?:similar|another|other|equivalent|comparable)\b|\bsuch as\b|\be\.g\.|\bfor example\b|\blike\b/i.test(text)) return null
  return named.map(([, name]) => name).join(' and ')
}

const MONTH = String.raw`(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)`
const DATE = String.raw`(?:\d{1,2}(?:st|nd|rd|th)? ${MONTH}(?: \d{4})?|${MONTH} \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|${MONTH} \d{4}|(?:the )?(?:end|start|close) of (?:the )?(?:quarter|year|period|month|audit period|financial year|fiscal year))`
/** "As at 30 September", "throughout the audit period", "since 1 January", "at any time during the last year". */
const PERIOD_ASKED = [
  String.raw`\bas (?:at|of|on) ${DATE}`,
  String.raw`\bon ${DATE},`,
  String.raw`\bthroughout (?:the |this |our |your )?(?:whole |entire |full )?(?:audit|review|reporting|assessment|contract|engagement|observation|last|past|previous|current)?[\w ]{0,20}?(?:period|term|year|months?|quarter|window)\b`,
  String.raw`\bsince ${DATE}`,
  String.raw`\bsince (?:the (?:start|beginning) of|last) (?:the )?(?:year|quarter|month|audit|period|contract)`,
  String.raw`\bat (?:all times|any (?:time|point|moment)) (?:during|in|since|over|throughout|within)\b`,
  String.raw`\b(?:during|over|in|within) the (?:whole |entire )?(?:last|past|previous|prior) (?:\d+ |twelve |six |three |two )?(?:year|years|months?|quarters?)\b`,
  String.raw`\b(?:during|over|throughout) the (?:audit|review|reporting|assessment|observation) (?:period|window)\b`,
  String.raw`\bcontinuously (?:since|throughout|during|over|for)\b`,
  // "…enforcing TLS 1.2 on 1 January 2025?": a day gone by.
  String.raw`\b(?:on|at) (?:\d{1,2}(?:st|nd|rd|th)? ${MONTH},? (?:19|20)\d{2}|${MONTH} \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2}|\d{4}-\d{2}-\d{2})\b`,
  // "For the audit period ending 30 September 2026": a period named by its end.
  String.raw`\b(?:audit|review|reporting|assessment|observation) period (?:ending|ended|ends|from|between|of|to)\b`,
  // "Was TLS 1.0 disabled across all services before January 2024?": by a date gone by or to come.
  String.raw`\b(?:before|prior to|by|until|till|no later than) (?:(?:\d{1,2}(?:st|nd|rd|th)? )?${MONTH},? |the (?:start|end) of )?(?:19|20)\d{2}\b(?![-:/.]\d)`,
  String.raw`\b(?:before|prior to|by|until|till|no later than) \d{4}-\d{2}-\d{2}\b`,
  // "On what date was your log retention period last changed?": when a setting changed, which no scan shows.
  String.raw`\b(?:on )?what date\b|\bwhen (?:was|were|did) (?:[\w-]+ ){1,8}?last (?:changed|modified|updated|altered|amended|set|configured)\b|\b(?:was|were) (?:[\w-]+ ){1,8}?last (?:changed|modified|updated|altered|amended)\b`,
  // "…ever been exposed to the internet since launch?", "At the time of your last incident, was…?", "Historically, …"
  String.raw`\bsince (?:launch|go-?live|inception|day one|(?:the )?(?:service|platform|product) (?:was )?(?:launched|went live)|(?:you|we) (?:launched|went live|started))\b`,
  // last, so that "since launch" is what the answer quotes when both are there
  String.raw`(?<=\b(?:has|have|had) (?:[\w-]+ ){0,6}?)ever (?:been|had|happened|occurred|suffered|experienced|left|run|ran|allowed|permitted|exposed|failed|lost|disabled|turned|switched)(?: [a-z]+ed\b)?`,
  String.raw`\bat the time of (?:the|your|our|an?|any|that|this) (?:(?:last|latest|most recent|previous|recent|reported) (?:security )?(?:incident|breach|attack|outage|audit|assessment|test|review|compromise)|(?:security )?(?:incident|breach|attack|outage|compromise))\b`,
  String.raw`^\s*(?:historically|in the past),`,
  // "…audit events received in the last 24h?": a window shorter than any a check reads over.
  String.raw`\b(?:last|past|previous) (?:\d{1,2}\s*(?:h|hrs?|hours?)|hour)\b`,
  // "Did you rotate all of your keys last year?", "…later this year?", "…once you move SQL next year?": a period
  // gone by, or a plan for one to come.
  // Only in the ask itself: "Last year you said the WAF ran in Prevention mode. What mode is it in today?" asks now.
  String.raw`(?:\b(?:last|previous) (?:calendar |fiscal |financial )?(?:year|quarter|month)|\b(?:later|earlier) this (?:year|quarter|month)|\bnext (?:calendar |fiscal |financial )?(?:year|quarter|month|release|sprint)|\bin the (?:coming|following) (?:\d+ |few |twelve |six |three )?(?:years?|quarters?|months?)|\bby the end of (?:this|next) (?:year|quarter))\b(?!['’]s)(?=[^.!?]*\?)`,
  // "…for the whole of 2025?", "during 2025": a calendar year gone by.
  String.raw`\b(?:for|throughout|during|over|in) (?:the (?:whole|entirety|course) of |all of )?(?:19|20)\d{2}\b(?![-:/.]\d)`,
].map((p) => new RegExp(p, 'i'))

/**
 * The date or period a question fixes ("As at 30 September, did every storage account…?", "Throughout the audit
 * period, was…?"), which one scan's findings do not show; null when it asks about now.
 */
export function periodAsked(text: string): string | null {
  const plain = text.replace(/\s+/g, ' ')
  for (const p of PERIOD_ASKED) {
    const m = p.exec(plain)
    if (m) return m[0].replace(/,$/, '')
  }
  return null
}
