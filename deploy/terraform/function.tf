# The portal as one Lambda function (OpenNext's server function) in the
# vpc's private subnets, with a role that may do what Karma does and no more
# (iam-policy.json, checked by iam-policy.test.ts), its settings file in a
# layer, and a way in to Neptune.

locals {
  # The configured environments, as the role's policy sees them: a prefix
  # (Karma's default /iac) and a region (the function's, unless named).
  environments = [
    for e in var.settings.environments : {
      prefix = try(e.prefix, "/iac")
      region = try(e.region, local.region)
    }
  ]
  ssm_arn_base = [for e in local.environments : "arn:${local.partition}:ssm:${e.region}:${local.account}:parameter${e.prefix}"]

  # GetParametersByPath is authorised against the path asked for (the prefix),
  # the other reads against each parameter under it.
  parameter_path_arns = distinct(local.ssm_arn_base)
  parameter_arns      = distinct([for base in local.ssm_arn_base : "${base}/*"])
  # Applies write <prefix>/<type>/<nickname>/config and nothing else; IAM's *
  # crosses slashes, so runtimes (and a runtime subtree's `config` leaf) are
  # denied explicitly as well.
  config_parameter_arns  = distinct([for base in local.ssm_arn_base : "${base}/*/config"])
  runtime_parameter_arns = distinct(flatten([for base in local.ssm_arn_base : ["${base}/*/runtime", "${base}/*/runtime/*"]]))
  neptune_cluster_arns   = ["arn:${local.partition}:neptune-db:${local.region}:${local.account}:${local.neptune_cluster.cluster_resource_id}/*"]
  log_group_arns         = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${aws_cloudwatch_log_group.portal.name}:*"]

  # The policy is a JSON document (iam-policy.json, held to the least-privilege
  # list by iam-policy.test.ts) in which a resource "<name>" stands for the
  # ARNs of that name below; every other resource is taken as written.
  policy_document = jsondecode(file("${path.module}/iam-policy.json"))
  policy_arns = {
    "<parameter_path_arns>"    = local.parameter_path_arns
    "<parameter_arns>"         = local.parameter_arns
    "<config_parameter_arns>"  = local.config_parameter_arns
    "<runtime_parameter_arns>" = local.runtime_parameter_arns
    "<neptune_cluster_arns>"   = local.neptune_cluster_arns
    "<log_group_arns>"         = local.log_group_arns
  }
  role_policy = jsonencode(merge(local.policy_document, {
    Statement = [for statement in local.policy_document.Statement : merge(statement, {
      Resource = flatten([for resource in flatten([statement.Resource]) : lookup(local.policy_arns, resource, [resource])])
    })]
  }))

  build_dir = "${path.root}/.karma-build/${var.nickname}"
  url       = "https://${var.domain_name}"

  # README "Configuration": real mode on SSM and Neptune with IAM auth, no
  # background loop (the schedule syncs), sign-in through the Cognito pool.
  function_environment = {
    NODE_ENV                    = "production"
    NODE_OPTIONS                = "--max-old-space-size=${var.heap_mb}" # the heap budget, as npm start makes it of KARMA_HEAP_MB
    KARMA_SETTINGS              = "/opt/karma/settings.json"
    KARMA_DATA_DIR              = "/tmp/karma"
    KARMA_PARAMETERS            = "ssm"
    KARMA_GRAPH_STORE           = "gremlin"
    NEPTUNE_ENDPOINT            = "wss://${local.neptune_cluster.endpoint}:${local.neptune_cluster.port}/gremlin"
    NEPTUNE_IAM                 = "1"
    NEPTUNE_REGION              = local.region
    KARMA_SYNC_ON_START         = "0"
    KARMA_SYNC_INTERVAL_SECONDS = "0"
    NEXTAUTH_URL                = local.url
    NEXTAUTH_SECRET             = data.aws_secretsmanager_secret_version.nextauth.secret_string
    OIDC_ISSUER                 = local.cognito_sso.issuer_url
    OIDC_CLIENT_ID              = data.aws_cognito_user_pool_client.portal.client_id
    OIDC_CLIENT_SECRET          = data.aws_cognito_user_pool_client.portal.client_secret
    OIDC_NAME                   = var.oidc_name
    OIDC_GROUPS_CLAIM           = var.oidc_groups_claim
    # Cognito keeps cognito:groups out of userinfo, so each check of someone's groups renews their tokens: once a minute.
    OIDC_GROUPS_REFRESH_SECONDS = "60"
  }
}

# ------------------------------------------------------------------ the role

resource "aws_iam_role" "portal" {
  name = var.function_name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "portal" {
  name   = "karma-portal"
  role   = aws_iam_role.portal.id
  policy = local.role_policy
}

resource "aws_cloudwatch_log_group" "portal" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
}

# ------------------------------------------------------------- the network

resource "aws_security_group" "portal" {
  name        = "${var.function_name}-lambda"
  description = "Karma portal function: out to Neptune and to HTTPS only"
  vpc_id      = local.vpc.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.portal.id
  description       = "SSM, Cognito and the config repo, through the NAT"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "neptune" {
  security_group_id            = aws_security_group.portal.id
  description                  = "Gremlin on the Neptune cluster"
  ip_protocol                  = "tcp"
  from_port                    = local.neptune_cluster.port
  to_port                      = local.neptune_cluster.port
  referenced_security_group_id = local.neptune_cluster.security_group_id
}

# The portal lets itself in to the cluster: the rule belongs to this
# component, so the cluster's config does not have to name its consumer
# (which would make the two refer to each other).
resource "aws_vpc_security_group_ingress_rule" "neptune_from_portal" {
  security_group_id            = local.neptune_cluster.security_group_id
  description                  = "Karma portal ${var.nickname}"
  ip_protocol                  = "tcp"
  from_port                    = local.neptune_cluster.port
  to_port                      = local.neptune_cluster.port
  referenced_security_group_id = aws_security_group.portal.id
}

# -------------------------------------------------------------- the function

data "archive_file" "server" {
  type        = "zip"
  source_dir  = var.server_function_dir
  output_path = "${local.build_dir}/server-function.zip"
}

# The settings file, at /opt/karma/settings.json: a function's own files are
# read only and its environment holds 4 KB, so a layer carries it.
data "archive_file" "settings" {
  type        = "zip"
  output_path = "${local.build_dir}/settings-layer.zip"

  source {
    filename = "karma/settings.json"
    content  = jsonencode(var.settings)
  }
}

resource "aws_lambda_layer_version" "settings" {
  layer_name               = "${var.function_name}-settings"
  description              = "Karma settings for ${var.nickname}"
  filename                 = data.archive_file.settings.output_path
  source_code_hash         = data.archive_file.settings.output_base64sha256
  compatible_runtimes      = ["nodejs20.x"]
  compatible_architectures = ["x86_64"]
}

resource "aws_lambda_function" "portal" {
  function_name    = var.function_name
  description      = "Karma portal (${var.nickname})"
  role             = aws_iam_role.portal.arn
  runtime          = "nodejs20.x"
  handler          = "karma-handler.handler"
  architectures    = ["x86_64"]
  filename         = data.archive_file.server.output_path
  source_code_hash = data.archive_file.server.output_base64sha256
  memory_size      = var.memory_mb
  timeout          = var.timeout_seconds
  layers           = [aws_lambda_layer_version.settings.arn]

  vpc_config {
    subnet_ids         = local.vpc.private_subnet_ids
    security_group_ids = [aws_security_group.portal.id]
  }

  environment {
    variables = local.function_environment
  }

  lifecycle {
    precondition {
      condition     = var.heap_mb < var.memory_mb
      error_message = "heap_mb (${var.heap_mb}) must leave room below memory_mb (${var.memory_mb}) for the runtime and native memory."
    }
  }

  # The role's policy and the log group (/aws/lambda/<function_name>, with its
  # retention) exist before the function first starts.
  depends_on = [aws_iam_role_policy.portal, aws_cloudwatch_log_group.portal]
}

# ---------------------------------------------------------------- the API

# HTTP API, payload 2.0 (OpenNext's default aws-apigw-v2 converter); every
# route to the function. CloudFront is its only intended client.
resource "aws_apigatewayv2_api" "portal" {
  name          = var.function_name
  protocol_type = "HTTP"
  description   = "Karma portal (${var.nickname})"
}

resource "aws_apigatewayv2_integration" "portal" {
  api_id                 = aws_apigatewayv2_api.portal.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.portal.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.portal.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.portal.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.portal.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.portal.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.portal.execution_arn}/*"
}
