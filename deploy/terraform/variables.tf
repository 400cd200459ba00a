# The module's inputs. Every variable but the last three is a key of the
# component's config, `iac/<env>/karma/<nickname>/config.json` in the config
# repo (published as `<iac_prefix>/karma/<nickname>/config`), so Karma's own
# deployment is reviewed and applied like any other component. The config
# names what it stands on by nickname, as Adage configs do; the module reads
# those components' `/runtime` parameters (references.tf) instead of taking
# raw ids. deploy/terraform/module.test.ts holds the variables to the demo's
# config keys.

# ---------------------------------------------------------------- the config

variable "iac_prefix" {
  description = "The SSM prefix of this environment's components: references are read from, and the runtime written to, <iac_prefix>/<type>/<nickname>/runtime."
  type        = string
  default     = "/iac"

  validation {
    condition     = can(regex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.iac_prefix))
    error_message = "iac_prefix must be an absolute SSM path without a trailing slash, such as /iac."
  }
}

variable "function_name" {
  description = "The Lambda function's name; also names the role, log group, API, security group and assets bucket."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,40}$", var.function_name))
    error_message = "function_name must be 1 to 40 letters, digits or hyphens (the assets bucket's name is built from it)."
  }
}

variable "domain_name" {
  description = "The portal's host name (https://<domain_name> is NEXTAUTH_URL and the url output). Needed up front: the function's environment cannot wait for CloudFront's own name."
  type        = string
}

variable "route53_zone_name" {
  description = "The public hosted zone the domain_name record goes in, by zone name (Karma's dns-zone-by-name rule links it to that route53-zone)."
  type        = string
}

variable "acm_certificate_nickname" {
  description = "The acm-certificate component whose runtime certificate_arn covers domain_name. CloudFront takes certificates from us-east-1 only."
  type        = string
}

variable "vpc_nickname" {
  description = "The vpc component whose runtime private_subnet_ids the function runs in (they need a NAT route: SSM and the sign-in provider are reached over the internet)."
  type        = string
}

variable "neptune_cluster_nickname" {
  description = "The neptune-cluster component holding Karma's graph: its runtime gives endpoint, port, cluster_resource_id and security_group_id."
  type        = string
}

variable "cognito_sso_nickname" {
  description = "The cognito-sso component staff sign in with (OIDC): its runtime gives issuer_url, user_pool_id and app_client_ids."
  type        = string
}

variable "cognito_app_client" {
  description = "The key of the portal's app client in that component's app_client_ids; its secret is read from Cognito at apply time."
  type        = string
}

variable "oidc_name" {
  description = "The sign-in button's label (OIDC_NAME)."
  type        = string
  default     = "Single sign-on"
}

variable "oidc_groups_claim" {
  description = "The ID-token claim holding the user's groups (OIDC_GROUPS_CLAIM); cognito:groups on Cognito."
  type        = string
  default     = "cognito:groups"
}

variable "nextauth_secret_id" {
  description = "The Secrets Manager secret (name or ARN) holding NEXTAUTH_SECRET, at least 32 bytes. The secret itself is never in the config."
  type        = string
}

variable "memory_mb" {
  description = "The function's memory in MB (CPU grows with it)."
  type        = number
  default     = 2048

  validation {
    condition     = var.memory_mb >= 512 && var.memory_mb <= 10240
    error_message = "memory_mb must be between 512 and 10240."
  }
}

variable "heap_mb" {
  description = "The portal's heap budget in MB (node's --max-old-space-size, as KARMA_HEAP_MB gives it to npm start): about 13 KB per component plus 128 MB, below memory_mb."
  type        = number
  default     = 1536

  validation {
    condition     = var.heap_mb >= 128
    error_message = "heap_mb must be at least 128."
  }
}

variable "timeout_seconds" {
  description = "The function's timeout. Requests through API Gateway end at 30 s whatever it is; the scheduled sync has the whole timeout."
  type        = number
  default     = 120

  validation {
    condition     = var.timeout_seconds >= 30 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 30 and 900."
  }
}

variable "log_retention_days" {
  description = "How long the function's log group keeps its logs."
  type        = number
  default     = 30
}

variable "sync_schedule_expression" {
  description = "An EventBridge schedule (rate(5 minutes), cron(…)) invoking the function with a sync request; null for no scheduled sync. A function has no background loop to sync on."
  type        = string
  default     = "rate(5 minutes)"
  nullable    = true
}

variable "settings" {
  description = "Karma's settings file (lib/model/settings.ts), as an object: installed as KARMA_SETTINGS. Its environments' prefixes are the only ones the function may read, and their /config parameters the only ones it may write."
  type        = any

  validation {
    condition     = length(try(var.settings.environments, [])) > 0
    error_message = "settings.environments must list the SSM environments Karma reads: the role's policy is built from their prefixes."
  }

  validation {
    condition = alltrue([
      for e in try(var.settings.environments, []) :
      can(regex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", try(e.prefix, "/iac"))) && try(e.profile, null) == null
    ])
    error_message = "Each of settings.environments needs a prefix below the root (the role may not read the whole account) and no profile (a function has no shared config file)."
  }
}

variable "tags" {
  description = "Tags on every resource (the provider's default_tags)."
  type        = map(string)
  default     = {}
}

# ------------------------------------------------- given by the pipeline

# Not in the config: the pipeline that applies the component sets these from
# the config's path and from `npm run build:lambda`'s output.

variable "nickname" {
  description = "The component's nickname, from its config's path (iac/<env>/karma/<nickname>/config.json): where the runtime is written."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]*$", var.nickname))
    error_message = "nickname must be lowercase letters, digits and hyphens, as in the config's path."
  }
}

variable "server_function_dir" {
  description = "The OpenNext server function, .open-next/server-functions/default of `npm run build:lambda` (handler karma-handler.handler)."
  type        = string
}

variable "assets_dir" {
  description = "The static assets, .open-next/assets of `npm run build:lambda`: uploaded to the assets bucket, served by CloudFront."
  type        = string
}
