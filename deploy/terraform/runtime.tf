# The component's outputs, written where Adage components write theirs:
# <iac_prefix>/karma/<nickname>/runtime, one JSON document. Karma reads it
# back on its next sync and shows itself in its own graph, in_sync with its
# config (function_name is in both).

locals {
  runtime = {
    url                        = local.url
    function_name              = aws_lambda_function.portal.function_name
    function_arn               = aws_lambda_function.portal.arn
    role_arn                   = aws_iam_role.portal.arn
    api_endpoint               = aws_apigatewayv2_api.portal.api_endpoint
    cloudfront_distribution_id = aws_cloudfront_distribution.portal.id
    cloudfront_domain_name     = aws_cloudfront_distribution.portal.domain_name
    assets_bucket_name         = aws_s3_bucket.assets.bucket
    security_group_id          = aws_security_group.portal.id
    log_group_name             = aws_cloudwatch_log_group.portal.name
  }
}

resource "aws_ssm_parameter" "runtime" {
  name        = "${var.iac_prefix}/karma/${var.nickname}/runtime"
  description = "Outputs of karma/${var.nickname}, written by Terraform"
  type        = "String"
  value       = jsonencode(local.runtime)
}
