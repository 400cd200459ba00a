# What the config refers to, read the Adage way: each referenced component's
# outputs from its `<iac_prefix>/<type>/<nickname>/runtime` parameter (one
# JSON document), written by that component's own apply. A component not
# deployed yet fails the plan here, naming the parameter.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

data "aws_ssm_parameter" "vpc" {
  name = "${var.iac_prefix}/vpc/${var.vpc_nickname}/runtime"
}

data "aws_ssm_parameter" "neptune_cluster" {
  name = "${var.iac_prefix}/neptune-cluster/${var.neptune_cluster_nickname}/runtime"
}

data "aws_ssm_parameter" "cognito_sso" {
  name = "${var.iac_prefix}/cognito-sso/${var.cognito_sso_nickname}/runtime"
}

data "aws_ssm_parameter" "acm_certificate" {
  name = "${var.iac_prefix}/acm-certificate/${var.acm_certificate_nickname}/runtime"
}

# The zone is referred to by name, as every demo config does.
data "aws_route53_zone" "public" {
  name         = var.route53_zone_name
  private_zone = false
}

data "aws_cognito_user_pool_client" "portal" {
  user_pool_id = local.cognito_sso.user_pool_id
  client_id    = local.cognito_sso.app_client_ids[var.cognito_app_client]
}

data "aws_secretsmanager_secret_version" "nextauth" {
  secret_id = var.nextauth_secret_id
}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.region

  # Runtimes are plain String parameters: insecure_value keeps their ids
  # usable in for_each and readable in plans.
  vpc             = jsondecode(data.aws_ssm_parameter.vpc.insecure_value)
  neptune_cluster = jsondecode(data.aws_ssm_parameter.neptune_cluster.insecure_value)
  cognito_sso     = jsondecode(data.aws_ssm_parameter.cognito_sso.insecure_value)
  acm_certificate = jsondecode(data.aws_ssm_parameter.acm_certificate.insecure_value)
}
